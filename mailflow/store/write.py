"""Write what placement decided: threads, messages, attachments, message keys.

Bulk inserts with executemany (no ``RETURNING``: SQLite would insert row by row to return
ids in order), ids read back with ``IN``; existing threads updated through the ORM.
:func:`forget_previous` undoes an earlier run's writes before a message is processed again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlmodel import Session, col

from mailflow.store.batch import Understood
from mailflow.store.events import record_event
from mailflow.store.models import Attachment, Message, MessageKey, Thread
from mailflow.store.refs import advance_counter
from mailflow.store.rows import message_row, thread_row
from mailflow.store.sql import chunks, table_of, upsert
from mailflow.thread import (
    Placed,
    Placement,
    Threading,
    ThreadState,
    format_reference,
    parent_keys,
)

DUPLICATE_ID = "duplicate-message-id"


def insert_new_threads(
    session: Session, policy: Threading, items: Sequence[Understood], placed: Placed
) -> None:
    """Issue references to the threads the batch started and insert them (ids filled in)."""
    states = [s for s in placed.threads if s.created]
    if not states:
        return
    by_year: dict[int, list[ThreadState]] = defaultdict(list)
    for state in states:
        by_year[state.created_at.year].append(state)
    prefix = policy.reference_prefix
    for year, group in sorted(by_year.items()):
        last = advance_counter(session, f"ref:{prefix}:{year}", len(group))
        for offset, state in enumerate(group):
            state.ref = format_reference(prefix, year, last - len(group) + 1 + offset)
    rows = [thread_row(state, items[_first(state)]) for state in states]
    session.connection().execute(insert(table_of(Thread)), rows)
    by_ref = {state.ref: state for state in states}
    for chunk in chunks(sorted(r for r in by_ref if r)):
        query = select(col(Thread.id), col(Thread.ref)).where(col(Thread.ref).in_(chunk))
        for tid, ref in session.execute(query):
            by_ref[ref].id = int(tid)


def _first(state: ThreadState) -> int:
    assert state.first is not None  # a thread the batch starts has its first message in it
    return state.first


def insert_messages(
    session: Session, policy: Threading, items: Sequence[Understood], placed: Placed
) -> list[int]:
    """Insert the messages; their ids, in order."""
    rows = [
        message_row(item, p, outgoing=item.outgoing(policy.our_addresses))
        for item, p in zip(items, placed.placements, strict=True)
    ]
    session.connection().execute(insert(table_of(Message)), rows)
    ids: dict[int, int] = {}
    for chunk in chunks([item.raw_id for item in items]):
        query = select(col(Message.raw_id), col(Message.id)).where(col(Message.raw_id).in_(chunk))
        ids.update({int(raw_id): int(mid or 0) for raw_id, mid in session.execute(query)})
    return [ids[item.raw_id] for item in items]


def insert_attachments(
    session: Session, items: Sequence[Understood], message_ids: list[int]
) -> None:
    rows = [
        {
            "message_id": mid,
            "part_index": index,
            "filename": part.filename[:255],
            "content_type": part.content_type[:255],
            "size": part.size,
            "sha256": part.sha256,
        }
        for item, mid in zip(items, message_ids, strict=True)
        for index, part in enumerate(item.parsed.attachments)
    ]
    if rows:
        session.connection().execute(insert(table_of(Attachment)), rows)


def record_keys(session: Session, items: Sequence[Understood], placed: Placed) -> None:
    """Record the messages' own ids as seen, and the ids they name as placeholders."""
    seen: dict[str, int] = {}
    referenced: dict[str, int] = {}
    for item, p in zip(items, placed.placements, strict=True):
        assert p.thread.id is not None
        if p.own_key:
            seen[p.own_key] = p.thread.id
        for ref in parent_keys(item.parsed):
            referenced.setdefault(ref, p.thread.id)
    table = table_of(MessageKey)
    if seen:
        statement = upsert(session, table).values(
            message_id=bindparam("mid"), thread_id=bindparam("tid"), seen=True
        )
        statement = statement.on_conflict_do_update(
            index_elements=["message_id"],
            set_={"seen": True, "thread_id": statement.excluded.thread_id},
        )
        session.connection().execute(statement, [{"mid": k, "tid": v} for k, v in seen.items()])
    rest = [
        {"message_id": k, "thread_id": v, "seen": False}
        for k, v in referenced.items()
        if k not in seen
    ]
    if rest:
        ignore = upsert(session, table).on_conflict_do_nothing(index_elements=["message_id"])
        session.execute(ignore, rest)


def update_existing_threads(session: Session, items: Sequence[Understood], placed: Placed) -> None:
    """Bring the threads the batch added to up to date: counts, activity, status, labels."""
    existing = {s.id: s for s in placed.threads if not s.created and s.id is not None}
    if not existing:
        return
    ids = sorted(existing)
    counts = dict(
        session.execute(
            select(col(Message.thread_id), func.count())
            .where(col(Message.thread_id).in_(ids))
            .group_by(col(Message.thread_id))
        ).all()
    )
    query = select(Thread).where(col(Thread.id).in_(ids))
    for thread in session.execute(query).scalars():
        state = existing[thread.id]
        thread.message_count = int(counts.get(thread.id, 0))
        thread.last_activity_at = max(thread.last_activity_at, state.last_activity_at)
        thread.status = state.status  # placement moved it (a person's reply: waiting)
        if state.responded_at and (
            thread.first_response_at is None or state.responded_at < thread.first_response_at
        ):
            thread.first_response_at = state.responded_at
        if state.reopened:
            thread.resolved_at = None
            _record_reopening(session, thread, items[_reopener(state)])
        if state.first is not None and items[state.first].parsed.date <= thread.created_at:
            _apply_labels(thread, items[state.first])
    session.flush()


def _reopener(state: ThreadState) -> int:
    assert state.reopened_by is not None  # placement notes who reopened it
    return state.reopened_by


def _record_reopening(session: Session, thread: Thread, item: Understood) -> None:
    """``thread.reopened`` in the audit log, as when staff reopen by hand: the reports
    count reopenings there (no column holds them)."""
    message_id = session.execute(
        select(col(Message.id)).where(col(Message.raw_id) == item.raw_id)
    ).scalar_one_or_none()
    record_event(
        session,
        "thread.reopened",
        thread_id=thread.id,
        message_id=message_id,
        data={"by": "message", "from": item.sender, "date": item.parsed.date.isoformat()},
    )


def _apply_labels(thread: Thread, first: Understood) -> None:
    labels = first.classification
    thread.subject = first.parsed.subject[:2000]
    thread.created_at = first.parsed.date
    thread.kind, thread.lang, thread.organisation = labels.kind, labels.lang, labels.organisation
    thread.partner_type = thread.partner_type_override or labels.partner_type
    thread.topic = thread.topic_override or labels.topic
    thread.priority = labels.actions.priority
    thread.tags = list(labels.actions.tags)
    if labels.actions.assignee and not thread.assignee:
        thread.assignee = labels.actions.assignee


def mark_duplicates(items: Sequence[Understood], placements: Sequence[Placement]) -> None:
    """Note on each message whose Message-ID another message holds that it is a duplicate."""
    for item, p in zip(items, placements, strict=True):
        if p.duplicate_id and DUPLICATE_ID not in item.parsed.defects:
            item.parsed.defects.append(DUPLICATE_ID)


def forget_previous(session: Session, raw_ids: Sequence[int]) -> dict[int, int]:
    """Remove what an earlier run wrote for ``raw_ids``; returns raw id → its thread."""
    previous: dict[int, int] = {}
    for chunk in chunks(list(raw_ids)):
        rows = session.execute(
            select(
                col(Message.id),
                col(Message.raw_id),
                col(Message.thread_id),
                col(Message.message_id),
            ).where(col(Message.raw_id).in_(chunk))
        ).all()
        if not rows:
            continue
        message_ids = [r[0] for r in rows]
        session.execute(delete(Attachment).where(col(Attachment.message_id).in_(message_ids)))
        own = [r[3] for r in rows if r[3]]
        if own:
            session.execute(
                update(MessageKey).where(col(MessageKey.message_id).in_(own)).values(seen=False)
            )
        session.execute(delete(Message).where(col(Message.id).in_(message_ids)))
        previous.update({int(r[1]): int(r[2]) for r in rows})
    return previous
