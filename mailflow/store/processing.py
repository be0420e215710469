"""Raw messages through the pipeline: which wait, and marking them processed or quarantined.

A quarantined message keeps its bytes and its error; ``mailflow reprocess`` puts it back.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, bindparam, select, text, update
from sqlmodel import Session, col

from mailflow.clock import utc_now
from mailflow.states import RawState
from mailflow.store.events import record_event
from mailflow.store.models import RawMessage
from mailflow.store.sql import chunks, table_of

RAW_COLUMNS = (
    col(RawMessage.id),
    col(RawMessage.data),
    col(RawMessage.received_at),
    col(RawMessage.source),
    col(RawMessage.source_detail),
    col(RawMessage.dedupe_key),
)
"""What processing reads of a raw message."""

RawRow = Row[tuple[object, ...]]


PLACEMENT_LOCK = 0x6D61696C666C6F77
"""The PostgreSQL advisory lock key (``mailflow`` in ASCII) that serialises thread placement."""


def begin_writing(session: Session) -> None:
    """Take the database's write lock for thread placement, before anything is looked up.

    Two transactions placing at once would each miss the other's uncommitted message keys
    and split a conversation. SQLite: ``BEGIN IMMEDIATE`` takes the database's one write
    lock. PostgreSQL: a transaction-level advisory lock, released at commit or rollback;
    under READ COMMITTED the lookups that follow see everything the previous holder wrote.
    Call it after the pure stages, which must not hold a lock intake or other instances wait
    on. Staff merges and splits take it too: they move what placement reads.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # Waiting here is waiting for another batch to commit, not a stuck lock: exempt
        # from `database_lock_timeout_seconds`, which then applies again to what follows.
        connection.exec_driver_sql("SET LOCAL lock_timeout = 0")
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PLACEMENT_LOCK})
        connection.exec_driver_sql("SET LOCAL lock_timeout TO DEFAULT")
    elif connection.dialect.name == "sqlite":
        dbapi = connection.connection.dbapi_connection
        if dbapi is not None and not dbapi.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def waiting_rows(session: Session, limit: int) -> list[RawRow]:
    """The oldest ``limit`` messages waiting; locked with SKIP LOCKED on PostgreSQL."""
    query = (
        select(*RAW_COLUMNS)
        .where(col(RawMessage.state) == RawState.RECEIVED)
        .order_by(col(RawMessage.id))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        # Another instance takes the rows we hold: no message is processed twice.
        query = query.with_for_update(skip_locked=True)
    return list(session.execute(query).all())


def raw_rows(session: Session, raw_ids: Sequence[int]) -> list[RawRow]:
    """The messages ``raw_ids``, in id order."""
    query = select(*RAW_COLUMNS).where(col(RawMessage.id).in_(list(raw_ids)))
    return list(session.execute(query.order_by(col(RawMessage.id))).all())


def still_waiting(session: Session, raw_ids: Sequence[int]) -> set[int]:
    """Those of ``raw_ids`` nobody processed meanwhile (SQLite has no SKIP LOCKED)."""
    waiting: set[int] = set()
    for chunk in chunks(list(raw_ids)):
        query = select(col(RawMessage.id)).where(
            col(RawMessage.id).in_(chunk), col(RawMessage.state) == RawState.RECEIVED
        )
        waiting.update(int(i) for i in session.execute(query).scalars())
    return waiting


def quarantine(session: Session, raw_id: int, error: str) -> None:
    """Set the message aside with ``error``, and record it in the audit log."""
    session.execute(
        update(RawMessage)
        .where(col(RawMessage.id) == raw_id)
        .values(
            state=RawState.QUARANTINED,
            error=error,
            processed_at=utc_now(),
            attempts=col(RawMessage.attempts) + 1,
        )
    )
    record_event(session, "message.quarantined", data={"raw_id": raw_id, "error": error})


def mark_processed(session: Session, raw_ids: Sequence[int]) -> None:
    if not raw_ids:
        return
    table = table_of(RawMessage)
    statement = (
        update(table)
        .where(table.c.id == bindparam("rid"))
        .values(
            state=RawState.PROCESSED,
            error=None,
            processed_at=utc_now(),
            attempts=table.c.attempts + 1,
        )
    )
    session.connection().execute(statement, [{"rid": rid} for rid in raw_ids])
