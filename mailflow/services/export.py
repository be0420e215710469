"""The export of every stored message, one row each (``mailflow export``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from mailflow.store.models import Message, RawMessage, Thread
from mailflow.store.sql import keyset_batches

__all__ = ["EXPORT_FIELDS", "export_rows"]

EXPORT_FIELDS = (
    "sha256",
    "message_id",
    "thread",
    "partner_type",
    "topic",
    "kind",
    "lang",
    "subject",
    "from",
    "date",
    "organisation",
    "direction",
    "attached_by",
    "source",
    "state",
    "error",
)
"""The columns, in order; a message not processed yet has only the raw ones."""


def export_rows(session: Session, *, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """One row per stored message, in arrival order; streams."""
    query = (
        select(
            col(RawMessage.id),
            col(RawMessage.sha256),
            col(RawMessage.source),
            col(RawMessage.state),
            col(RawMessage.error),
            Message,
            col(Thread.ref),
        )
        .outerjoin(Message, col(Message.raw_id) == col(RawMessage.id))
        .outerjoin(Thread, col(Thread.id) == col(Message.thread_id))
    )
    rows = keyset_batches(session, query, col(RawMessage.id), size=batch)
    for _raw_id, sha256, source, state, error, message, ref in rows:
        yield _export_row(sha256, source, state, error, message, ref)


def _export_row(
    sha256: str,
    source: str,
    state: str,
    error: str | None,
    message: Message | None,
    ref: str | None,
) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(EXPORT_FIELDS)
    row.update(sha256=sha256, source=source, state=state, error=error, thread=ref)
    if message is not None:
        row.update(
            message_id=message.message_id,
            partner_type=message.partner_type,
            topic=message.topic,
            kind=message.kind,
            lang=message.lang,
            subject=message.subject,
            organisation=message.organisation,
            direction=message.direction,
            attached_by=message.attached_by,
            date=message.date.isoformat(),
        )
        row["from"] = message.from_addr
    return row
