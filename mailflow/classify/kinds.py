"""Built-in kind detection from headers and structure (rule files add subject phrases).

Each check is a small function returning what it saw, or None. The kind is the first of
``bounce > auto_reply > bulk > human`` with any evidence: a bounce of an auto-reply is a
bounce, an out-of-office sent by a list server is an auto-reply, and a newsletter that set
``Auto-Submitted`` is an auto-reply too (it must never be answered either way).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from mailflow.parse.message import ParsedMessage

KIND_ORDER = ("bounce", "auto_reply", "bulk")
BUILTIN_FILE = "(built-in)"

_DAEMON_LOCAL_PARTS = re.compile(
    r"^(?:mailer[-_.]?daemon|postmaster|mail[-_.]?daemon|mdaemon|mail[-_.]?delivery"
    r"|mail[-_.]?administrator|internet[-_.]?mail[-_.]?delivery)$"
)
_DAEMON_NAMES = re.compile(
    r"mail delivery (?:subsystem|system|service)|mailer[- ]daemon|postmaster"
    r"|mail administrator|delivery status notification|internet mail delivery",
    re.IGNORECASE,
)
_AUTO_REPLY_SUBJECT = re.compile(
    r"auto(?:matic)?[- ]?(?:reply|response|antwort)|out of (?:the )?office|absence|absent"
    r"|r[ée]ponse automatique|abwesen|vacation|away from|cong[ée]s?|autoreply|\bauto:",
    re.IGNORECASE,
)
_BULK_HEADERS = (
    "list-id",
    "list-unsubscribe",
    "list-post",
    "x-campaign",
    "x-campaignid",
    "x-mailchimp-id",
    "x-mc-user",
    "x-newsletter",
    "x-mailin-campaign",
    "x-sib-id",
    "x-csa-complaints",
)  # not X-Mailgun-Tag, X-SG-EID or Feedback-ID: transactional and personal mail has them too

_CHALLENGE_PREFIXES = (
    "x-boxbe",
    "x-bluebottle-request",
    "x-spamarrest",
    "x-choicemail",
    "x-mailblocks",
    "x-spam-arrest",
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A built-in check that fired."""

    kind: str
    check: str
    field: str
    matched: str


Check = Callable[[ParsedMessage], "tuple[str, str] | None"]


def _content_type_header(msg: ParsedMessage) -> str:
    return (msg.header("content-type") or msg.content_type).lower()


def _dsn(msg: ParsedMessage) -> tuple[str, str] | None:
    value = _content_type_header(msg)
    if "multipart/report" in value and "delivery-status" in value:
        return "header:content-type", "multipart/report; report-type=delivery-status"
    return None


def _delivery_report(msg: ParsedMessage) -> tuple[str, str] | None:
    report = msg.delivery_report
    if report is None:
        return None
    return "delivery_report", report.status or report.action or "delivery report"


def _daemon_sender(msg: ParsedMessage) -> tuple[str, str] | None:
    sender = msg.from_
    if sender is None:
        return None
    if _DAEMON_LOCAL_PARTS.match(sender.local_part.lower()):
        return "from", sender.addr
    found = _DAEMON_NAMES.search(sender.name)
    return ("display_name", found.group(0)) if found else None


def _read_receipt(msg: ParsedMessage) -> tuple[str, str] | None:
    value = _content_type_header(msg)
    if "multipart/report" in value and "disposition-notification" in value:
        return "header:content-type", "multipart/report; report-type=disposition-notification"
    return None


def _auto_submitted(msg: ParsedMessage) -> tuple[str, str] | None:
    value = (msg.header("auto-submitted") or "").strip().lower()
    return ("header:auto-submitted", value) if value and value != "no" else None


def _autoreply_headers(msg: ParsedMessage) -> tuple[str, str] | None:
    for name in ("x-autoreply", "x-autorespond", "x-autoresponder", "x-vacation"):
        value = msg.header(name)
        if value is not None and value.strip().lower() not in ("no", "false", "0"):
            return f"header:{name}", value.strip() or "(present)"
    return None


def _precedence_auto_reply(msg: ParsedMessage) -> tuple[str, str] | None:
    value = (msg.header("precedence") or "").strip().lower()
    return ("header:precedence", value) if value == "auto_reply" else None


def _suppress_with_subject(msg: ParsedMessage) -> tuple[str, str] | None:
    # Outlook sets X-Auto-Response-Suppress on many ordinary messages too: only an
    # auto-reply-like subject makes it evidence.
    if msg.header("x-auto-response-suppress") is None:
        return None
    found = _AUTO_REPLY_SUBJECT.search(msg.subject)
    return ("subject", found.group(0)) if found else None


def _null_return_path(msg: ParsedMessage) -> tuple[str, str] | None:
    # RFC 3834 asks auto-responders to send with an empty envelope sender, and mailing
    # lists and newsletters never do (they want the bounces); bounces are caught earlier.
    value = msg.header("return-path")
    return ("header:return-path", "<>") if value is not None and value.strip() == "<>" else None


def _challenge_response(msg: ParsedMessage) -> tuple[str, str] | None:
    # Challenge-response filters (Boxbe, Bluebottle, SpamArrest...) answer automatically.
    for key, value in msg.headers:
        if key.startswith(_CHALLENGE_PREFIXES):
            return f"header:{key}", value.strip()[:80] or "(present)"
    return None


def _precedence_bulk(msg: ParsedMessage) -> tuple[str, str] | None:
    value = (msg.header("precedence") or "").strip().lower()
    return ("header:precedence", value) if value in ("bulk", "list", "junk") else None


def _list_headers(msg: ParsedMessage) -> tuple[str, str] | None:
    for name in _BULK_HEADERS:
        value = msg.header(name)
        if value is not None:
            return f"header:{name}", value.strip()[:80] or "(present)"
    return None


CHECKS: tuple[tuple[str, str, Check], ...] = (
    ("bounce", "dsn-report", _dsn),
    ("bounce", "delivery-report", _delivery_report),
    ("bounce", "daemon-sender", _daemon_sender),
    ("auto_reply", "read-receipt", _read_receipt),
    ("auto_reply", "auto-submitted", _auto_submitted),
    ("auto_reply", "autoreply-header", _autoreply_headers),
    ("auto_reply", "precedence-auto-reply", _precedence_auto_reply),
    ("auto_reply", "auto-response-suppress", _suppress_with_subject),
    ("auto_reply", "challenge-response", _challenge_response),
    ("auto_reply", "null-return-path", _null_return_path),
    ("bulk", "precedence-bulk", _precedence_bulk),
    ("bulk", "list-headers", _list_headers),
)


def builtin_evidence(msg: ParsedMessage) -> list[Evidence]:
    """Every built-in check that fires on ``msg``."""
    found: list[Evidence] = []
    for kind, name, check in CHECKS:
        seen = check(msg)
        if seen is not None:
            found.append(Evidence(kind, name, *seen))
    return found
