"""Whether an automatic acknowledgement may be sent (RFC 3834): never feed a mail loop.

:func:`acknowledgement_refusal` returns the reason *not* to answer, or None. Every check
errs on the side of silence: a missing acknowledgement costs little, a loop costs a lot.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

ROBOT_LOCAL_PART = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|ne[-_.]?pas[-_.]?repondre|mailer[-_.]?daemon"
    r"|postmaster|mail[-_.]?daemon|bounces?|listserv|majordomo|mailman|owner-.*|.*-request"
    r"|.*-bounces?|noreply[-_.+].*|no-reply[-_.+].*)$",
    re.IGNORECASE,
)
_BULK_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply", "auto-reply"})
_SUPPRESS = re.compile(r"\b(?:all|autoreply|oof)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Incoming:
    """What the decision looks at in the message being acknowledged."""

    kind: str
    sender: str
    headers: Sequence[tuple[str, str]]
    """(lower-cased name, value), as the parse stage gives them."""
    date: datetime
    source: str


def is_robot_address(addr: str) -> bool:
    """noreply, mailer-daemon, postmaster, list and bounce addresses."""
    return bool(ROBOT_LOCAL_PART.match(addr.rpartition("@")[0]))


def acknowledgement_refusal(
    message: Incoming,
    *,
    our_addresses: Collection[str],
    allowed_sources: Collection[str],
    last_ack_at: datetime | None,
    period: timedelta,
    max_age: timedelta,
    now: datetime,
) -> str | None:
    """Why ``message`` must not be acknowledged, or None when it may be."""
    sender = message.sender.lower()
    checks = (
        (message.kind != "human", f"kind is {message.kind}"),
        (not sender or "@" not in sender, "no sender address"),
        (sender in {a.lower() for a in our_addresses}, "sender is one of our addresses"),
        (is_robot_address(sender), "sender is a robot address"),
        (message.source not in allowed_sources, f"arrived by {message.source}, not live intake"),
        (now - message.date > max_age, "message is too old to acknowledge"),
    )
    for refused, reason in checks:
        if refused:
            return reason
    header_reason = _header_refusal(message.headers)
    if header_reason:
        return header_reason
    if last_ack_at is not None and now - last_ack_at < period:
        return f"sender already acknowledged at {last_ack_at.isoformat()}"
    return None


def _header_refusal(headers: Sequence[tuple[str, str]]) -> str | None:
    for name, value in headers:
        word = value.split(";")[0].strip().lower()
        if name == "auto-submitted" and word != "no":
            return f"Auto-Submitted: {word}"
        if name == "precedence" and word in _BULK_PRECEDENCE:
            return f"Precedence: {word}"
        if name in ("list-id", "list-unsubscribe", "list-post"):
            return f"mailing list ({name})"
        if name == "x-auto-response-suppress" and _SUPPRESS.search(value):
            return "X-Auto-Response-Suppress"
        if name == "return-path" and value.strip() in ("<>", ""):
            return "null return path"
    return None
