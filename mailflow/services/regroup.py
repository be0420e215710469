"""Staff decisions on threading (merge, split) that re-processing keeps.

Each moved message gets a :class:`~mailflow.store.models.ThreadOverride` keyed on its raw
message, so the pipeline puts it back in the same thread when it runs again.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from mailflow.errors import ThreadError
from mailflow.services.threads import find_thread
from mailflow.states import ThreadStatus
from mailflow.store.events import record_event
from mailflow.store.models import Message, Thread
from mailflow.store.processing import begin_writing
from mailflow.store.refs import next_reference
from mailflow.store.regroup import merge_into, move_messages, recount, thread_message_ids

__all__ = ["merge_threads", "split_thread"]


def merge_threads(
    session: Session, target_ref: str, source_refs: list[str], *, actor: str
) -> Thread:
    """Move every message of ``source_refs`` into ``target_ref``; the sources are closed."""
    begin_writing(session)  # placement reads the keys and threads this moves
    target = _require(session, target_ref)
    sources = [_require(session, ref) for ref in source_refs]
    for ref, source in zip(source_refs, sources, strict=True):
        if source.id == target.id:
            raise ThreadError(f"cannot merge {ref} into itself")
    merge_into(session, target, sources, actor=actor)
    return target


def split_thread(
    session: Session,
    ref: str,
    message_ids: list[int],
    *,
    actor: str,
    prefix: str,
    new_ref: str | None = None,
) -> Thread:
    """Move the given messages of thread ``ref`` to a new thread.

    The new thread's reference is the next one of ``prefix`` for the year the source thread
    began, unless ``new_ref`` is given.
    """
    begin_writing(session)  # placement reads the keys and threads this moves
    source = _require(session, ref)
    ours = set(thread_message_ids(session, source))
    unknown = [m for m in message_ids if m not in ours]
    if unknown:
        raise ThreadError(f"messages {unknown} are not in {source.ref}")
    if not message_ids:
        raise ThreadError("give the messages to move to the new thread")
    if len(ours) == len(set(message_ids)):
        raise ThreadError("a split must leave at least one message in the thread")
    moving = (
        session.execute(select(Message).where(col(Message.id).in_(message_ids))).scalars().all()
    )
    first = min(moving, key=lambda m: m.date)
    target = Thread(
        ref=new_ref or next_reference(session, prefix, source.created_at.year),
        subject=first.subject[:2000],
        subject_key=source.subject_key,
        status=ThreadStatus.OPEN,
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
    move_messages(session, message_ids, target, actor)
    record_event(
        session,
        "thread.split",
        actor=actor,
        thread_id=source.id,
        data={"from": source.ref, "into": target.ref, "messages": message_ids},
    )
    recount(session, source)
    recount(session, target)
    return target


def _require(session: Session, ref: str) -> Thread:
    thread = find_thread(session, ref)
    if thread is None:
        raise ThreadError(f"no thread {ref}")
    return thread
