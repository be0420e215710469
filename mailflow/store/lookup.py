"""Look up what thread placement needs for a batch, with a few ``IN`` queries.

The message keys the batch's headers name, the manual overrides, and the threads those
keys, the subjects' reference tags and (for replies) the subjects lead to, with the
addresses that wrote in them. :func:`mailflow.thread.place_batch` decides from that.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select
from sqlmodel import Session, col

from mailflow.states import Direction
from mailflow.store.models import Message, MessageKey, Thread, ThreadOverride
from mailflow.store.sql import chunks
from mailflow.thread import (
    Known,
    KnownKey,
    KnownThread,
    Threading,
    Unplaced,
    is_reply_subject,
    linked_keys,
    reference_tags,
    subject_key,
)


def load_known(session: Session, policy: Threading, messages: Sequence[Unplaced]) -> Known:
    """Everything the placement of ``messages`` may use from the database."""
    keys = _keys(session, sorted({k for m in messages for k in linked_keys(m.parsed)}))
    overrides = _overrides(session, [m.dedupe_key for m in messages])
    refs = {r for m in messages for r in reference_tags(m.parsed.subject, policy.reference_prefix)}
    subjects = {
        subject_key(m.parsed.subject) for m in messages if is_reply_subject(m.parsed.subject)
    }
    ids = {k.thread_id for k in keys.values()} | {
        m.previous_thread for m in messages if m.previous_thread
    }
    threads = _threads(
        session,
        refs=refs | set(overrides.values()),
        subjects=subjects - {""},
        since=min((m.parsed.date for m in messages), default=None),
        policy=policy,
        thread_ids=ids,
    )
    return Known(keys=keys, threads=threads, overrides=overrides)


def _keys(session: Session, wanted: list[str]) -> dict[str, KnownKey]:
    found: dict[str, KnownKey] = {}
    for chunk in chunks(wanted):
        rows = session.execute(
            select(
                col(MessageKey.message_id), col(MessageKey.thread_id), col(MessageKey.seen)
            ).where(col(MessageKey.message_id).in_(chunk))
        ).all()
        found.update({mid: KnownKey(int(tid), bool(seen)) for mid, tid, seen in rows})
    return found


def _overrides(session: Session, dedupe_keys: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk in chunks(dedupe_keys):
        rows = session.execute(
            select(col(ThreadOverride.dedupe_key), col(ThreadOverride.thread_ref)).where(
                col(ThreadOverride.dedupe_key).in_(chunk)
            )
        ).all()
        found.update({k: ref for k, ref in rows})
    return found


def _threads(
    session: Session,
    *,
    refs: set[str],
    subjects: set[str],
    since: datetime | None,
    policy: Threading,
    thread_ids: set[int],
) -> list[KnownThread]:
    conditions: list[ColumnElement[bool]] = []
    if refs:
        conditions.append(col(Thread.ref).in_(sorted(refs)))
    if thread_ids:
        conditions.append(col(Thread.id).in_(sorted(thread_ids)))
    if subjects and since is not None:
        conditions.append(
            col(Thread.subject_key).in_(sorted(subjects))
            & (col(Thread.last_activity_at) >= since - policy.subject_window)
        )
    if not conditions:
        return []
    rows = session.execute(
        select(
            col(Thread.id),
            col(Thread.ref),
            col(Thread.subject_key),
            col(Thread.last_activity_at),
            col(Thread.created_at),
            col(Thread.status),
        ).where(or_(*conditions))
    ).all()
    senders = _senders(session, sorted(int(r[0]) for r in rows))
    return [
        KnownThread(int(tid), ref, key, last, created, status, frozenset(senders[int(tid)]))
        for tid, ref, key, last, created, status in rows
    ]


def _senders(session: Session, thread_ids: list[int]) -> dict[int, set[str]]:
    """The addresses that wrote to us in each thread."""
    found: dict[int, set[str]] = defaultdict(set)
    for chunk in chunks(thread_ids):
        rows = session.execute(
            select(col(Message.thread_id), col(Message.from_addr))
            .where(col(Message.thread_id).in_(chunk), col(Message.direction) == Direction.IN)
            .distinct()
        ).all()
        for tid, addr in rows:
            found[int(tid)].add(addr)
    return found
