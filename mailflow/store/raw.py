"""The raw store: keep every message's exact bytes, once, before anything else.

Deduplication key: the Message-ID together with the hash of the canonical body (so the
same message re-delivered with other ``Received`` headers, by another channel, with CRLF
or LF line endings, or out of an mbox with ``>From`` quoting, is one message); the hash of
the whole canonical message when there is no Message-ID. ``sha256`` stays the hash of
the bytes exactly as received.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Executable, select
from sqlalchemy.exc import DBAPIError
from sqlmodel import col

from mailflow.errors import StoreFull, StoreUnavailable
from mailflow.parse.canonical import canonical_bytes, split_points
from mailflow.states import RawState
from mailflow.store.faults import is_storage_full
from mailflow.store.models import RawMessage
from mailflow.store.sql import chunks, table_of, upsert

_MESSAGE_ID = re.compile(
    rb"^message-id[ \t]*:[ \t]*((?:.*)(?:\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE
)


@dataclass(frozen=True, slots=True)
class Incoming:
    """A message as it arrived, before it is stored."""

    data: bytes
    source: str
    source_detail: str
    received_at: datetime


@dataclass(frozen=True, slots=True)
class Stored:
    raw_id: int
    duplicate: bool
    sha256: str


def dedupe_key(data: bytes) -> str:
    """The key under which a message is stored once (see the module docstring)."""
    canonical = canonical_bytes(data)
    header_end, body_start = split_points(canonical)
    match = _MESSAGE_ID.search(canonical, 0, header_end)
    message_id = b"".join(match.group(1).split()).strip(b"<>") if match else b""
    if message_id:
        body = memoryview(canonical)[body_start:]  # hashed in place: no copy of a big body
        return hashlib.sha256(
            b"mid\0" + message_id + b"\0" + hashlib.sha256(body).digest()
        ).hexdigest()
    return hashlib.sha256(b"raw\0" + canonical).hexdigest()


def store_batch(engine: Engine, items: Sequence[Incoming]) -> list[Stored]:
    """Commit ``items`` in one transaction (one fsync); known messages are not stored again.

    Raises :class:`StoreUnavailable` when the database cannot take them; then nothing of
    the batch is stored and every sender should be told to retry.
    """
    rows = [_row(item) for item in items]
    unique: dict[str, dict[str, Any]] = {}
    for row in rows:
        unique.setdefault(row["dedupe_key"], row)
    try:
        with engine.begin() as connection:
            # One statement: rows already known are skipped by the unique dedupe key, and
            # RETURNING names the ones this batch stored.
            inserted = {
                key: int(raw_id)
                for key, raw_id in connection.execute(
                    _insert_returning(engine), list(unique.values())
                )
            }
            missing = [key for key in unique if key not in inserted]
            known = _known_ids(connection, missing) if missing else {}
    except DBAPIError as exc:
        if is_storage_full(exc):
            raise StoreFull(f"the store is full: {exc.orig}") from exc
        raise StoreUnavailable(f"the store cannot take messages now: {exc.orig}") from exc
    stored: list[Stored] = []
    taken: set[str] = set()
    for row in rows:
        key = row["dedupe_key"]
        duplicate = key not in inserted or key in taken
        taken.add(key)
        stored.append(Stored(inserted.get(key) or known[key], duplicate, row["sha256"]))
    return stored


def store_one(engine: Engine, item: Incoming) -> Stored:
    return store_batch(engine, [item])[0]


def _row(item: Incoming) -> dict[str, Any]:
    return {
        "sha256": hashlib.sha256(item.data).hexdigest(),
        "dedupe_key": dedupe_key(item.data),
        "size": len(item.data),
        "data": item.data,
        "source": item.source,
        "source_detail": item.source_detail,
        "received_at": item.received_at,
        "state": RawState.RECEIVED,
        "attempts": 0,
    }


def _known_ids(connection: Connection, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in chunks(keys):
        query = select(col(RawMessage.id), col(RawMessage.dedupe_key)).where(
            col(RawMessage.dedupe_key).in_(chunk)
        )
        for raw_id, key in connection.execute(query):
            found[key] = int(raw_id or 0)  # the primary key is never NULL
    return found


def _insert_returning(engine: Engine) -> Executable:
    table = table_of(RawMessage)
    return (
        upsert(engine, table)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(table.c.dedupe_key, table.c.id)
    )
