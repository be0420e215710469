"""Everything the thread page shows, fetched in a handful of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, col

from mailflow.store.models import Attachment, Draft, Event, Message, Note, Thread
from mailflow.store.queries import thread_by_ref, thread_messages


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    id: int
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True, slots=True)
class ThreadView:
    thread: Thread
    messages: list[Message]
    attachments: dict[int, list[AttachmentInfo]]
    notes: list[Note]
    events: list[Event]
    drafts: list[Draft]


def load_thread(session: Session, ref: str) -> Thread | None:
    if not ref or len(ref) > 40:
        return None
    return thread_by_ref(session, ref)


def thread_view(session: Session, thread: Thread) -> ThreadView:
    messages = thread_messages(session, thread.id or 0)
    return ThreadView(
        thread=thread,
        messages=messages,
        attachments=_attachments(session, [m.id or 0 for m in messages]),
        notes=list(
            session.execute(
                select(Note)
                .where(col(Note.thread_id) == thread.id)
                .order_by(col(Note.created_at), col(Note.id))
            ).scalars()
        ),
        events=list(
            session.execute(
                select(Event)
                .where(col(Event.thread_id) == thread.id)
                .order_by(col(Event.id).desc())
                .limit(100)
            ).scalars()
        ),
        drafts=thread_drafts(session, thread.id or 0),
    )


def thread_drafts(session: Session, thread_id: int) -> list[Draft]:
    query = select(Draft).where(col(Draft.thread_id) == thread_id).order_by(col(Draft.id))
    return list(session.execute(query).scalars())


def _attachments(session: Session, message_ids: list[int]) -> dict[int, list[AttachmentInfo]]:
    found: dict[int, list[AttachmentInfo]] = defaultdict(list)
    if not message_ids:
        return found
    query = (
        select(
            col(Attachment.id),
            col(Attachment.message_id),
            col(Attachment.filename),
            col(Attachment.content_type),
            col(Attachment.size),
        )
        .where(col(Attachment.message_id).in_(message_ids))
        .order_by(col(Attachment.id))
    )
    for ident, message_id, filename, content_type, size in session.execute(query):
        found[message_id].append(AttachmentInfo(ident, filename, content_type, size))
    return found


def message_in_thread(session: Session, thread: Thread, message_id: int) -> Message | None:
    message = session.get(Message, message_id)
    return message if message is not None and message.thread_id == thread.id else None
