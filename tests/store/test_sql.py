"""The SQL helpers of ``mailflow.store.sql``."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from mailflow.store.models import RawMessage
from mailflow.store.raw import Incoming, store_batch
from mailflow.store.sql import keyset_batches
from tests.mailbuilder import build_message

ARRIVAL = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def _store(engine: Engine, count: int) -> list[int]:
    mails = [build_message(subject=f"m{i}", message_id=f"<m{i}@example.org>") for i in range(count)]
    store_batch(engine, [Incoming(m, "file", f"test#{i}", ARRIVAL) for i, m in enumerate(mails)])
    with Session(engine) as session:
        return sorted(session.execute(select(col(RawMessage.id))).scalars())


def test_keyset_batches_reads_every_row_once_in_key_order(engine: Engine) -> None:
    ids = _store(engine, 5)
    query = select(col(RawMessage.id), col(RawMessage.source))
    key = col(RawMessage.id)
    with Session(engine) as session:
        in_session = [row[0] for row in keyset_batches(session, query, key, size=2)]
    per_batch = [row[0] for row in keyset_batches(engine, query, key, size=2)]
    assert in_session == per_batch == ids


def test_keyset_batches_keeps_the_query_conditions(engine: Engine) -> None:
    ids = _store(engine, 4)
    query = select(col(RawMessage.id)).where(col(RawMessage.id) != ids[1])
    rows = keyset_batches(engine, query, col(RawMessage.id), size=1)
    assert [row[0] for row in rows] == [ids[0], *ids[2:]]
