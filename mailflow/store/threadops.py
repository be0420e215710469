"""Staff decisions on threads (merge, split) that re-processing keeps."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlmodel import Session, col

from mailflow.errors import ThreadError
from mailflow.store.models import Event, Message, MessageKey, RawMessage, Thread, ThreadOverride
from mailflow.store.queries import thread_by_ref


def merge_threads(
    session: Session, target_ref: str, source_refs: list[str], *, actor: str
) -> Thread:
    """Move every message of ``source_refs`` into ``target_ref``; the sources are closed."""
    target = _require(session, target_ref)
    for ref in source_refs:
        source = _require(session, ref)
        if source.id == target.id:
            raise ThreadError(f"cannot merge {ref} into itself")
        _move_messages(session, _message_ids(session, source), source, target, actor)
        source.status = "closed"
        source.message_count = 0
        session.add(
            Event(
                at=_now(),
                actor=actor,
                action="thread.merged",
                thread_id=target.id,
                data={"from": source.ref, "into": target.ref},
            )
        )
    _recount(session, target)
    return target


def split_thread(
    session: Session, ref: str, message_ids: list[int], *, actor: str, new_ref: str
) -> Thread:
    """Move the given messages of thread ``ref`` to a new thread with reference ``new_ref``."""
    source = _require(session, ref)
    ours = set(_message_ids(session, source))
    unknown = [m for m in message_ids if m not in ours]
    if unknown:
        raise ThreadError(f"messages {unknown} are not in {source.ref}")
    if len(ours) == len(set(message_ids)):
        raise ThreadError("a split must leave at least one message in the thread")
    moving = (
        session.execute(select(Message).where(col(Message.id).in_(message_ids))).scalars().all()
    )
    first = min(moving, key=lambda m: m.date)
    target = Thread(
        ref=new_ref,
        subject=first.subject[:2000],
        subject_key=source.subject_key,
        status="open",
        partner_type=first.partner_type,
        topic=first.topic,
        kind=first.kind,
        lang=first.lang,
        organisation=first.organisation,
        created_at=first.date,
        last_activity_at=first.date,
        tags=[],
        message_count=0,
    )
    session.add(target)
    session.flush()
    _move_messages(session, message_ids, source, target, actor)
    session.add(
        Event(
            at=_now(),
            actor=actor,
            action="thread.split",
            thread_id=source.id,
            data={"from": source.ref, "into": target.ref, "messages": message_ids},
        )
    )
    _recount(session, source)
    _recount(session, target)
    return target


def _move_messages(
    session: Session, ids: list[int], source: Thread, target: Thread, actor: str
) -> None:
    for message in session.execute(select(Message).where(col(Message.id).in_(ids))).scalars():
        message.thread_id = target.id
        message.attached_by = "manual"
        raw = session.get(RawMessage, message.raw_id)
        assert raw is not None
        override = session.get(ThreadOverride, raw.dedupe_key)
        if override is None:
            override = ThreadOverride(
                dedupe_key=raw.dedupe_key, thread_ref=target.ref, actor=actor, created_at=_now()
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


def _recount(session: Session, thread: Thread) -> None:
    count, first, last = session.execute(
        select(func.count(), func.min(col(Message.date)), func.max(col(Message.date))).where(
            col(Message.thread_id) == thread.id
        )
    ).one()
    thread.message_count = int(count)
    if first is not None:
        thread.created_at, thread.last_activity_at = first, last
    session.add(thread)


def _message_ids(session: Session, thread: Thread) -> list[int]:
    return list(
        session.execute(
            select(col(Message.id)).where(col(Message.thread_id) == thread.id)
        ).scalars()
    )


def _require(session: Session, ref: str) -> Thread:
    thread = thread_by_ref(session, ref)
    if thread is None:
        raise ThreadError(f"no thread {ref}")
    return thread


def _now() -> datetime:
    return datetime.now(UTC)
