"""Messages: a thread with everything shown about it, attachments, quarantine, counts.

:func:`thread_view` is what the thread page and ``mailflow show`` display;
:func:`thread_detail` is the same as JSON (``GET /api/threads/{ref}``, ``mailflow show --json``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session, col

from mailflow.errors import NotFound
from mailflow.services.bounds import is_id
from mailflow.services.schemas import (
    AttachmentOut,
    DraftOut,
    MessageOut,
    NoteOut,
    QuarantinedOut,
    ThreadDetail,
)
from mailflow.states import RawState
from mailflow.store.attachments import attachment_content
from mailflow.store.models import Attachment, Draft, Event, Message, Note, RawMessage, Thread

__all__ = [
    "AttachmentInfo",
    "Message",
    "ThreadView",
    "attachment_file",
    "counts",
    "message_in_thread",
    "quarantined",
    "raw_ids",
    "thread_detail",
    "thread_drafts",
    "thread_messages",
    "thread_view",
]


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
    """By message id."""
    notes: list[Note]
    events: list[Event]
    """The 100 most recent, newest first."""
    drafts: list[Draft]


def thread_view(session: Session, thread: Thread) -> ThreadView:
    """The thread with its messages in date order, their attachments, notes, events, drafts."""
    messages = thread_messages(session, thread.id or 0)
    notes = select(Note).where(col(Note.thread_id) == thread.id)
    events = select(Event).where(col(Event.thread_id) == thread.id)
    return ThreadView(
        thread=thread,
        messages=messages,
        attachments=_attachments(session, [m.id or 0 for m in messages]),
        notes=list(session.execute(notes.order_by(col(Note.created_at), col(Note.id))).scalars()),
        events=list(session.execute(events.order_by(col(Event.id).desc()).limit(100)).scalars()),
        drafts=thread_drafts(session, thread.id or 0),
    )


def thread_detail(view: ThreadView) -> ThreadDetail:
    """The thread as the API shows it."""
    messages = [
        MessageOut.model_validate(
            {
                **m.model_dump(),
                "has_html": bool(m.body_html),
                "attachments": [
                    AttachmentOut(
                        id=a.id,
                        filename=a.filename,
                        content_type=a.content_type,
                        size=a.size,
                        url=f"/attachments/{a.id}",
                    )
                    for a in view.attachments.get(m.id or 0, [])
                ],
            }
        )
        for m in view.messages
    ]
    return ThreadDetail.model_validate(
        {
            **view.thread.model_dump(),
            "messages": messages,
            "notes": [NoteOut.model_validate(n) for n in view.notes],
            "drafts": [DraftOut.model_validate(d) for d in view.drafts],
        }
    )


def thread_messages(session: Session, thread_id: int) -> list[Message]:
    query = (
        select(Message)
        .where(col(Message.thread_id) == thread_id)
        .order_by(col(Message.date), col(Message.id))
    )
    return list(session.execute(query).scalars().all())


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
    """The message ``message_id`` if it belongs to ``thread``."""
    message = session.get(Message, message_id) if is_id(message_id) else None
    return message if message is not None and message.thread_id == thread.id else None


def attachment_file(session: Session, attachment_id: int) -> tuple[str, bytes]:
    """The file name (never empty, no line breaks) and decoded content of an attachment."""
    found = attachment_content(session, attachment_id) if is_id(attachment_id) else None
    if found is None:
        raise NotFound("no such attachment")
    item, content = found
    return item.filename.replace("\r", "").replace("\n", "") or "attachment", content


def quarantined(session: Session) -> list[QuarantinedOut]:
    """Messages the pipeline could not process, with the error, oldest first."""
    query = (
        select(
            col(RawMessage.id),
            col(RawMessage.source),
            col(RawMessage.source_detail),
            col(RawMessage.error),
            col(RawMessage.received_at),
        )
        .where(col(RawMessage.state) == RawState.QUARANTINED)
        .order_by(col(RawMessage.id))
    )
    return [
        QuarantinedOut(raw_id=i, source=s, origin=o, error=e, received_at=at)
        for i, s, o, e, at in session.execute(query)
    ]


def counts(session: Session) -> dict[str, int]:
    """Stored messages per state (``received``, ``processed``, ``quarantined``) and threads."""
    rows = session.execute(
        select(col(RawMessage.state), func.count()).group_by(col(RawMessage.state))
    ).all()
    result = {state: int(n) for state, n in rows}
    result["threads"] = int(session.execute(select(func.count()).select_from(Thread)).scalar_one())
    return result


def raw_ids(session: Session, *, state: RawState | None = None) -> list[int]:
    """Ids of the stored messages (of one state), in arrival order."""
    query = select(col(RawMessage.id)).order_by(col(RawMessage.id))
    if state is not None:
        query = query.where(col(RawMessage.state) == state)
    return [int(i) for i in session.execute(query).scalars()]
