"""Read-side queries shared by the CLI, the web app and the API."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from mailflow.store.models import Attachment, Event, Message, RawMessage, Thread


@dataclass(frozen=True, slots=True)
class ThreadFilter:
    status: str | None = None
    partner_type: str | None = None
    topic: str | None = None
    kind: str | None = None
    assignee: str | None = None
    since: datetime | None = None


def list_threads(session: Session, filters: ThreadFilter, *, limit: int = 50) -> list[Thread]:
    query = select(Thread)
    for name in ("status", "partner_type", "topic", "kind", "assignee"):
        value = getattr(filters, name)
        if value:
            query = query.where(getattr(Thread, name) == value)
    if filters.since:
        query = query.where(col(Thread.last_activity_at) >= filters.since)
    query = query.order_by(col(Thread.last_activity_at).desc(), col(Thread.id).desc()).limit(limit)
    return list(session.execute(query).scalars().all())


def thread_by_ref(session: Session, ref: str) -> Thread | None:
    ref = ref.strip().strip("[]")
    query = select(Thread).where(col(Thread.ref) == ref)
    if ref.isdigit():
        query = select(Thread).where(col(Thread.id) == int(ref))
    return session.execute(query).scalars().first()


def thread_messages(session: Session, thread_id: int) -> list[Message]:
    query = (
        select(Message)
        .where(col(Message.thread_id) == thread_id)
        .order_by(col(Message.date), col(Message.id))
    )
    return list(session.execute(query).scalars().all())


def message_attachments(session: Session, message_id: int) -> list[tuple[int, str, str, int]]:
    query = select(
        col(Attachment.id),
        col(Attachment.filename),
        col(Attachment.content_type),
        col(Attachment.size),
    ).where(col(Attachment.message_id) == message_id)
    return [tuple(row) for row in session.execute(query).all()]


def quarantined(session: Session) -> list[tuple[int, str, str, str | None, datetime]]:
    query = (
        select(
            col(RawMessage.id),
            col(RawMessage.source),
            col(RawMessage.source_detail),
            col(RawMessage.error),
            col(RawMessage.received_at),
        )
        .where(col(RawMessage.state) == "quarantined")
        .order_by(col(RawMessage.id))
    )
    return [tuple(row) for row in session.execute(query).all()]


def counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(col(RawMessage.state), func.count()).group_by(col(RawMessage.state))
    ).all()
    result = {state: int(n) for state, n in rows}
    result["threads"] = int(session.execute(select(func.count()).select_from(Thread)).scalar_one())
    return result


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


def export_rows(session: Session, *, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """One row per stored message, in arrival order; streams."""
    last_id = 0
    while True:
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
            .where(col(RawMessage.id) > last_id)
            .order_by(col(RawMessage.id))
            .limit(batch)
        )
        rows = session.execute(query).all()
        if not rows:
            return
        for raw_id, sha256, source, state, error, message, ref in rows:
            last_id = raw_id
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


def events(session: Session, *, thread_id: int | None = None, limit: int = 200) -> list[Event]:
    query = select(Event).order_by(col(Event.id).desc()).limit(limit)
    if thread_id is not None:
        query = query.where(col(Event.thread_id) == thread_id)
    return list(session.execute(query).scalars().all())
