"""The outbox's states and who may move a draft between them."""

from __future__ import annotations

from datetime import UTC, datetime

DRAFT = "draft"
PENDING = "pending_approval"
APPROVED = "approved"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"

EDITABLE = (DRAFT, PENDING, FAILED)
"""Text can change; an edit withdraws any approval given so far."""
APPROVABLE = (DRAFT, PENDING, FAILED)
SUPERVISORS = ("supervisor", "admin")


def aware(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)
