"""A storage fault during processing (a full disk) loses nothing: the batch waits and is
processed whole once the store can take it, and no message is quarantined for it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session, col

from mailflow.errors import StoreUnavailable
from mailflow.pipeline import process_pending
from mailflow.store import migrate
from mailflow.store.db import make_engine
from mailflow.store.models import Draft, Event, Message, RawMessage, Thread
from mailflow.store.raw import Incoming, store_batch
from tests.mailbuilder import build_message
from tests.pipeline.helpers import context, exported

ARRIVAL = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
MESSAGES = 400
BATCH = 50  # as in ``mailflow serve``
STEP = 11  # pages of space back after each failed pass: the fault moves through the batch


def _mail(n: int) -> bytes:
    """Partners writing, every fourth message a reply to the one before it."""
    reply = [("In-Reply-To", f"<m{n - 1}@partner{n % 7}.fr>")] if n % 4 == 3 else []
    return build_message(
        message_id=f"<m{n}@partner{n % 7}.fr>",
        from_=f"Agent {n} <agent{n}@partner{n % 7}.fr>",
        subject=f"Demande de partenariat {n // 4}",
        text="Bonjour,\nnous souhaitons proposer une convention de partenariat.\n" * 20,
        headers=reply,
    )


class _PageLimit:
    """SQLite's ``max_page_count`` on every connection of ``engine``: the disk is full at
    ``pages`` pages (``None``: no limit)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.pages: int | None = None
        event.listen(engine, "connect", self._apply)

    def _apply(self, dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        if self.pages is not None:
            dbapi_connection.execute(f"PRAGMA max_page_count = {self.pages}")

    def set(self, pages: int) -> None:
        self.pages = pages
        self.engine.dispose()  # pooled connections open again with the new limit

    def used(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.exec_driver_sql("PRAGMA page_count").scalar_one())


def _counts(engine: Engine) -> dict[str, int]:
    """What a storage fault must never leave behind, and how far processing got."""
    with Session(engine) as session:
        states = dict(
            session.execute(select(RawMessage.state, func.count()).group_by(RawMessage.state)).all()
        )
        without_rows = session.execute(
            select(func.count())
            .select_from(RawMessage)
            .outerjoin(Message, Message.raw_id == RawMessage.id)
            .where(RawMessage.state == "processed", col(Message.id).is_(None))
        ).scalar_one()
        dangling_events = session.execute(
            select(func.count())
            .select_from(Event)
            .outerjoin(Message, Message.id == Event.message_id)
            .where(col(Event.message_id).is_not(None), col(Message.id).is_(None))
        ).scalar_one()
        hook_failures = session.execute(
            select(func.count()).where(Event.action == "hook.failed")
        ).scalar_one()
    return {
        "processed": states.get("processed", 0),
        "quarantined": states.get("quarantined", 0),
        "processed_without_rows": without_rows,
        "dangling_events": dangling_events,
        "hook_failures": hook_failures,
    }


def _outcome(engine: Engine) -> tuple[list[dict[str, object]], list[tuple[object, ...]]]:
    """Every stored message as exported (thread references included), and the drafts."""
    with Session(engine) as session:
        drafts = session.execute(
            select(Draft.purpose, Draft.to_addrs, Thread.ref)
            .join(Thread, col(Thread.id) == Draft.thread_id)
            .order_by(Thread.ref, Draft.purpose)
        ).all()
    return exported(engine), [tuple(d) for d in drafts]


def _store(engine: Engine) -> None:
    store_batch(engine, [Incoming(_mail(n), "smtp", f"test#{n}", ARRIVAL) for n in range(MESSAGES)])


@pytest.mark.slow
def test_a_disk_filling_during_processing_loses_nothing(tmp_path: Path) -> None:
    """The disk fills in the middle of the batches, then space comes back a little at a
    time: each pass fails somewhere else (write, hooks, marking, commit)."""
    ctx = context()
    healthy = make_engine(f"sqlite:///{tmp_path / 'healthy.sqlite3'}")
    migrate.upgrade(healthy)
    _store(healthy)
    process_pending(healthy, ctx, batch_size=BATCH)
    engine = make_engine(f"sqlite:///{tmp_path / 'full.sqlite3'}")
    migrate.upgrade(engine)
    _store(engine)
    limit = _PageLimit(engine)
    room = limit.used() + 20
    limit.set(room)
    faults = 0
    while True:
        try:
            process_pending(engine, ctx, batch_size=BATCH)
            break
        except StoreUnavailable as exc:
            assert "database or disk is full" in str(exc)
            faults += 1
            counts = _counts(engine)
            assert counts["quarantined"] == counts["processed_without_rows"] == 0, counts
            assert counts["dangling_events"] == counts["hook_failures"] == 0, counts
            room += STEP  # some space comes back
            limit.set(room)
    assert faults > MESSAGES // BATCH  # every batch met the full disk at least once
    assert _counts(engine) == {
        "processed": MESSAGES,
        "quarantined": 0,
        "processed_without_rows": 0,
        "dangling_events": 0,
        "hook_failures": 0,
    }
    assert _outcome(engine) == _outcome(healthy)
    healthy.dispose()
    engine.dispose()
