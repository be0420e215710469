"""Whether an automatic acknowledgement may be sent (RFC 3834): never feed a mail loop.

:func:`acknowledgement_refusal` returns the reason *not* to answer, or None. Every check
errs on the side of silence: a missing acknowledgement costs little, a loop costs a lot.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from mailflow.classify.autoheaders import (
    AUTOMATIC_PRECEDENCE,
    BULK_HEADERS,
    LIST_HEADERS,
    SUPPRESS_HEADER,
    auto_submitted,
    null_return_path,
    precedence,
    suppresses_replies,
)
from mailflow.states import MessageKind

ROBOT_LOCAL_PART = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|ne[-_.]?pas[-_.]?repondre|mailer[-_.]?daemon"
    r"|postmaster|mail[-_.]?daemon|bounces?|listserv|majordomo|mailman|owner-.*|.*-request"
    r"|.*-bounces?|noreply[-_.+].*|no-reply[-_.+].*)$",
    re.IGNORECASE,
)


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
        (message.kind != MessageKind.HUMAN, f"kind is {message.kind}"),
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
    """A header saying a program sent the message, or that it wants no automatic answer."""
    for name, value in headers:
        reason = _automatic(name, value)
        if reason:
            return reason
    return None


def _automatic(name: str, value: str) -> str | None:
    if name == "auto-submitted":
        word = auto_submitted(value)
        return f"Auto-Submitted: {word}" if word is not None else None
    if name == "precedence" and precedence(value) in AUTOMATIC_PRECEDENCE:
        return f"Precedence: {precedence(value)}"
    if name in LIST_HEADERS:
        return f"mailing list ({name})"
    if name in BULK_HEADERS:
        return f"mass mailing ({name})"
    if name == SUPPRESS_HEADER and suppresses_replies(value):
        return "X-Auto-Response-Suppress"
    if name == "return-path" and null_return_path(value):
        return "null return path"
    return None
