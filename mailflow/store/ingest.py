"""Write a batch of understood messages: look candidates up, place, insert.

One batch costs a fixed number of queries (lookups with ``IN``, bulk inserts), not a few
per message: importing years of mail stays fast. The placement is the pure
:func:`mailflow.thread.place_batch`; around it, :mod:`mailflow.store.lookup` gathers the
candidates, :mod:`mailflow.store.write` and :mod:`mailflow.store.contacts` write the result.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from mailflow.store.batch import Understood, Written
from mailflow.store.contacts import touch_contacts
from mailflow.store.lookup import load_known
from mailflow.store.refs import next_reference
from mailflow.store.sql import table_of
from mailflow.store.write import (
    forget_previous,
    insert_attachments,
    insert_messages,
    insert_new_threads,
    mark_duplicates,
    record_keys,
    update_existing_threads,
)
from mailflow.thread import Threading, message_key, place_batch

__all__ = [
    "Threading",
    "Understood",
    "Written",
    "forget_previous",
    "message_key",
    "next_reference",
    "table_of",
    "write_batch",
]


def write_batch(session: Session, policy: Threading, items: Sequence[Understood]) -> list[Written]:
    """Thread and insert ``items`` (in order) inside the caller's transaction."""
    messages = [item.unplaced(policy.our_addresses) for item in items]
    placed = place_batch(
        messages=messages, known=load_known(session, policy, messages), policy=policy
    )
    mark_duplicates(items, placed.placements)
    insert_new_threads(session, policy, items, placed)
    message_ids = insert_messages(session, policy, items, placed)
    insert_attachments(session, items, message_ids)
    record_keys(session, items, placed)
    update_existing_threads(session, items, placed)
    touch_contacts(session, items, policy.our_addresses)
    return [
        Written(item, mid, p.thread.id or 0, p.thread.created, p.thread.reopened)
        for item, mid, p in zip(items, message_ids, placed.placements, strict=True)
    ]
