"""Which thread a message joins: by headers (JWZ), then our reference tag, then subject.

A pure decision over candidates the storage edge looked up. Joining by subject alone
is a guess, so it needs a reply prefix, a recent thread, and a sender from the same
organisation as someone who already wrote in that thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from mailflow.parse.addresses import WEBMAIL_DOMAINS

_SECOND_LEVEL = frozenset({"co", "com", "ac", "gov", "gouv", "org", "net", "edu", "qc", "gv"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A thread the storage edge found for a message, with what the decision needs."""

    thread_id: int
    ref: str
    last_activity_at: datetime
    sender_addresses: frozenset[str]
    """Addresses that wrote to us in this thread (incoming messages only)."""


@dataclass(frozen=True, slots=True)
class Decision:
    thread_id: int | None
    """None: start a new thread."""
    attached_by: str
    """``new``, ``header``, ``tag``, ``subject`` or ``manual``."""


def organisation_of(addr: str) -> str:
    """The organisation an address belongs to: its registrable domain, or itself."""
    domain = addr.rpartition("@")[2].lower().rstrip(".")
    if domain in WEBMAIL_DOMAINS:
        return addr.lower()
    labels = domain.split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def decide(
    *,
    sender: str | None,
    date: datetime,
    is_reply: bool,
    header_thread: int | None,
    tag_candidates: list[Candidate],
    subject_candidates: list[Candidate],
    window: timedelta,
) -> Decision:
    """Choose a thread for one message; headers win over tags, tags over subject."""
    if header_thread is not None:
        return Decision(header_thread, "header")
    if tag_candidates:
        return Decision(tag_candidates[0].thread_id, "tag")
    if is_reply and sender:
        match = _subject_match(sender, date, subject_candidates, window)
        if match is not None:
            return Decision(match, "subject")
    return Decision(None, "new")


def _subject_match(
    sender: str, date: datetime, candidates: list[Candidate], window: timedelta
) -> int | None:
    organisation = organisation_of(sender)
    recent = [c for c in candidates if timedelta(0) <= date - c.last_activity_at <= window]
    for candidate in sorted(recent, key=lambda c: c.last_activity_at, reverse=True):
        if any(organisation_of(a) == organisation for a in candidate.sender_addresses):
            return candidate.thread_id
    return None
