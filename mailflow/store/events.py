"""The audit log's rows: one function writes them all."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session

from mailflow.clock import utc_now
from mailflow.store.models import Event


def record_event(
    session: Session,
    action: str,
    *,
    actor: str = "system",
    thread_id: int | None = None,
    message_id: int | None = None,
    at: datetime | None = None,
    data: Mapping[str, Any] | None = None,
) -> Event:
    """Add an audit row (``thread.merged``, ``draft.sent``...) to the session's transaction."""
    event = Event(
        at=at or utc_now(),
        actor=actor,
        action=action,
        thread_id=thread_id,
        message_id=message_id,
        data=dict(data or {}),
    )
    session.add(event)
    return event
