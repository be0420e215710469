"""Bounces: what an RFC 3464 delivery status notification, or a look-alike, says.

Standard DSNs (``multipart/report; report-type=delivery-status``) carry a
``message/delivery-status`` part (Final-Recipient, Action, Status, Diagnostic-Code per
recipient) and the original message or its headers (``message/rfc822``,
``text/rfc822-headers``). Non-standard bounces are recognised by their sender
(MAILER-DAEMON, postmaster) or subject; their fields and the original Message-ID are looked
for in the attached parts, the body text, then the raw body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mailflow.parse.message import Attachment, DeliveryReport
from mailflow.parse.sanitise import strip_controls

_BOUNCE_SUBJECT = re.compile(
    r"undeliver(?:ed|able)|returned mail|returned to sender|delivery status notification"
    r"|delivery (?:has )?failed|mail delivery failed|failure notice|non[- ]remis|non distribuable"
    r"|échec de (?:la )?remise|unzustellbar|delivery failure",
    re.IGNORECASE,
)
_BOUNCE_SENDER = re.compile(
    r"\b(?:mailer-daemon|postmaster)@|^\s*(?:mailer-daemon|postmaster)\b", re.IGNORECASE
)
_FIELD = re.compile(
    r"^(final-recipient|original-recipient|action|status|diagnostic-code)[ \t]*:[ \t]*"
    r"(.*(?:\n[ \t].*)*)",
    re.IGNORECASE | re.MULTILINE,
)
_MESSAGE_ID = re.compile(
    r"^[ \t>]*message-id[ \t]*:[ \t]*\n?[ \t]*<?([^\s<>]+@[^\s<>]+?)>?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_ANGLE_RECIPIENT = re.compile(r"^[ \t]*<([^\s<>@]+@[^\s<>]+)>:?", re.MULTILINE)
_STATUS = re.compile(r"\b([245]\.\d{1,3}\.\d{1,3})\b")
_SOURCES = ("message/delivery-status", "message/rfc822", "text/rfc822-headers")
_SCAN_CHARS = 200_000


def looks_like_bounce(from_header: str | None, subject: str) -> bool:
    """A non-standard bounce by its sender or subject."""
    if from_header and _BOUNCE_SENDER.search(from_header):
        return True
    return bool(_BOUNCE_SUBJECT.search(subject))


def _texts(attachments: Iterable[Attachment]) -> list[str]:
    ordered = sorted(
        (a for a in attachments if a.content_type in _SOURCES),
        key=lambda a: _SOURCES.index(a.content_type),
    )
    return [a.content[:_SCAN_CHARS].decode("utf-8", "replace") for a in ordered]


def _value(raw: str) -> str:
    return strip_controls(" ".join(raw.split())).strip()


def _fields(texts: Iterable[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for text in texts:
        for name, value in _FIELD.findall(text.replace("\r\n", "\n")):
            found.setdefault(name.lower(), []).append(_value(value))
    return found


def _original_id(texts: Iterable[str], own_id: str | None) -> str | None:
    for text in texts:
        for candidate in _MESSAGE_ID.findall(text):
            candidate = strip_controls(candidate)
            if candidate != own_id:
                return candidate
    return None


def _recipient(value: str) -> str:
    """``rfc822; user@example.org`` -> ``user@example.org``."""
    return value.rpartition(";")[2].strip().strip("<>").lower()


def delivery_report(
    *,
    attachments: list[Attachment],
    body_text: str,
    raw_body: str,
    own_id: str | None,
    standard: bool,
) -> DeliveryReport:
    """The report of a bounce; ``standard`` when it is a multipart/report DSN."""
    attached = _texts(attachments)
    texts = [*attached, body_text[:_SCAN_CHARS], raw_body[:_SCAN_CHARS]]
    fields = _fields(attached if standard else texts)
    recipients = [_recipient(value) for value in fields.get("final-recipient", [])]
    if not recipients and not standard:
        recipients = [r.lower() for r in _ANGLE_RECIPIENT.findall(body_text[:_SCAN_CHARS])]
    status = next(iter(fields.get("status", [])), None)
    if status is None and not standard:
        match = _STATUS.search(body_text[:_SCAN_CHARS])
        status = match.group(1) if match else None
    return DeliveryReport(
        original_message_id=_original_id(texts, own_id),
        recipients=tuple(dict.fromkeys(r for r in recipients if r)),
        action=next(iter(fields.get("action", [])), None),
        status=status,
        diagnostic=next(iter(fields.get("diagnostic-code", [])), None),
    )
