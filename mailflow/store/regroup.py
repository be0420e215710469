"""Moving messages between threads, kept on re-processing (``thread_override`` rows).

The data half of merge and split: the domain layer (:mod:`mailflow.services.regroup`)
checks what staff ask for; the pipeline's bounce hook merges with :func:`merge_into`.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlmodel import Session, col

from mailflow.clock import utc_now
from mailflow.states import ThreadStatus
from mailflow.store.events import record_event
from mailflow.store.models import Message, MessageKey, RawMessage, Thread, ThreadOverride


def merge_into(session: Session, target: Thread, sources: list[Thread], *, actor: str) -> None:
    """Move every message of ``sources`` into ``target``; the sources are closed and emptied."""
    for source in sources:
        move_messages(session, thread_message_ids(session, source), target, actor)
        source.status = ThreadStatus.CLOSED
        source.message_count = 0
        session.add(source)
        record_event(
            session,
            "thread.merged",
            actor=actor,
            thread_id=target.id,
            data={"from": source.ref, "into": target.ref},
        )
    recount(session, target)


def move_messages(session: Session, ids: list[int], target: Thread, actor: str) -> None:
    for message in session.execute(select(Message).where(col(Message.id).in_(ids))).scalars():
        message.thread_id = target.id or 0
        message.attached_by = "manual"
        raw = session.get(RawMessage, message.raw_id)
        assert raw is not None
        override = session.get(ThreadOverride, raw.dedupe_key)
        if override is None:
            override = ThreadOverride(
                dedupe_key=raw.dedupe_key, thread_ref=target.ref, actor=actor, created_at=utc_now()
            )
        override.thread_ref = target.ref
        override.actor = actor
        session.add(override)
        if message.message_id:
            session.execute(
                update(MessageKey)
                .where(col(MessageKey.message_id) == message.message_id)
                .values(thread_id=target.id)
            )
    session.flush()


def recount(session: Session, thread: Thread) -> None:
    count, first, last = session.execute(
        select(func.count(), func.min(col(Message.date)), func.max(col(Message.date))).where(
            col(Message.thread_id) == thread.id
        )
    ).one()
    thread.message_count = int(count)
    if first is not None:
        thread.created_at, thread.last_activity_at = first, last
    session.add(thread)


def thread_message_ids(session: Session, thread: Thread) -> list[int]:
    return list(
        session.execute(
            select(col(Message.id)).where(col(Message.thread_id) == thread.id)
        ).scalars()
    )
