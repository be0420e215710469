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
from mailflow.pipeline import PipelineContext, process_pending
from mailflow.runtime import load_rules, pipeline_context
from mailflow.send.hook import ReplyHook
from mailflow.settings import load_settings
from mailflow.store import migrate
from mailflow.store.db import make_engine
from mailflow.store.models import Draft, Event, Message, RawMessage, Thread
from mailflow.store.raw import Incoming, store_batch
from tests.mailbuilder import build_message
from tests.pipeline.helpers import exported

ARRIVAL = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
DATE = "Tue, 10 Mar 2026 09:00:00 +0100"
MESSAGES = 400
BATCH = 50  # as in ``mailflow serve``
STEP = 29  # pages of space back after each failed pass: the fault moves through the batch


def _mail(n: int) -> bytes:
    """Partners writing, every fourth message a reply to the one before it."""
    reply = [("In-Reply-To", f"<m{n - 1}@partner{n % 7}.fr>")] if n % 4 == 3 else []
    return build_message(
        message_id=f"<m{n}@partner{n % 7}.fr>",
        from_=f"Agent {n} <agent{n}@partner{n % 7}.fr>",
        subject=f"Demande de partenariat {n // 4}",
        date=DATE,
        text="Bonjour,\nnous souhaitons proposer une convention de partenariat.\n" * 20,
        headers=reply,
    )


def context() -> PipelineContext:
    """The default rules, and the reply hook on the day the mail arrives: drafts and
    acknowledgements are written in the batch's transaction too."""
    settings = load_settings(None, our_addresses=["cooperation@example.org"])
    ctx = pipeline_context(settings, load_rules(settings, strict=False))
    ctx.after_message = [ReplyHook(settings, clock=lambda: ARRIVAL)]
    return ctx


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


def _store(engine: Engine, messages: int = MESSAGES) -> None:
    store_batch(engine, [Incoming(_mail(n), "smtp", f"test#{n}", ARRIVAL) for n in range(messages)])


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


SQLITE_FULL_NOW = (
    "PRAGMA max_page_count = 1",  # SQLite keeps its current size: no page more
    "INSERT INTO event (at, actor, action, data) VALUES ('', '', '', zeroblob(65536))",
)
"""A real full disk on this connection, at once: SQLite rolls the whole transaction back."""

FAULTS = {
    ("sqlite", "disk_full"): SQLITE_FULL_NOW,
    ("postgresql", "disk_full"): (
        "DO $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'"
        " USING ERRCODE = 'disk_full'; END $$",
    ),
    ("postgresql", "connection_lost"): ("SELECT pg_terminate_backend(pg_backend_pid())",),
    # A message's own error: a constraint it breaks, and nothing wrong with the store.
    ("sqlite", "own_error"): ("INSERT INTO event (at) VALUES (NULL)",),
    ("postgresql", "own_error"): (
        "DO $$ BEGIN RAISE EXCEPTION 'bad message' USING ERRCODE = 'check_violation'; END $$",
    ),
}

SMALL, SMALL_BATCH = 50, 20

PHASES = {
    "write": ("INSERT INTO message ", 2),
    "hooks": ("INSERT INTO draft ", SMALL_BATCH + 1),
    "marking": ("UPDATE raw_message SET state", 2),
}
"""Where a batch can meet the fault (its rows, its drafts, being marked processed), and
which such statement is the second batch's."""


class _Fault:
    """The database fails the ``nth`` statement starting with ``prefix`` (only those whose
    parameters name ``only``, when given) with a real error: ``FAULTS[dialect, kind]``."""

    def __init__(
        self, engine: Engine, kind: str, prefix: str, *, nth: int = 1, only: str = ""
    ) -> None:
        self.sql = FAULTS[engine.dialect.name, kind]
        self.prefix, self.left, self.only = prefix, nth, only
        event.listen(engine, "before_cursor_execute", self._before)

    def _before(
        self, _conn: Any, cursor: Any, statement: str, parameters: Any, *_args: Any
    ) -> None:
        if not statement.startswith(self.prefix) or self.only not in repr(parameters):
            return
        self.left -= 1
        if self.left == 0:
            self.left = 1 if self.only else -1  # a message's own error every time; a fault once
            for sql in self.sql:
                cursor.execute(sql)


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    """What processing the small set of messages gives on a disk that never fills."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('healthy') / 'db.sqlite3'}")
    migrate.upgrade(engine)
    _store(engine, SMALL)
    process_pending(engine, context(), batch_size=SMALL_BATCH)
    outcome = _outcome(engine)
    engine.dispose()
    return outcome


@pytest.mark.parametrize("phase", sorted(PHASES))
def test_a_full_disk_in_any_phase_leaves_the_batch_waiting(
    engine: Engine, healthy: tuple[object, object], phase: str
) -> None:
    _store(engine, SMALL)
    prefix, second_batch = PHASES[phase]
    _Fault(engine, "disk_full", prefix, nth=second_batch)
    with pytest.raises(StoreUnavailable, match=r"(?i)disk"):
        process_pending(engine, context(), batch_size=SMALL_BATCH)
    assert _counts(engine) == {
        "processed": SMALL_BATCH,  # the first batch, committed before the fault, whole
        "quarantined": 0,
        "processed_without_rows": 0,
        "dangling_events": 0,
        "hook_failures": 0,
    }
    engine.dispose()  # the space returns (SQLite: the connection's limit goes with it)
    process_pending(engine, context(), batch_size=SMALL_BATCH)
    assert _counts(engine)["processed"] == SMALL
    assert _outcome(engine) == healthy


@pytest.mark.postgres
@pytest.mark.parametrize("phase", sorted(PHASES))
def test_a_lost_database_connection_leaves_the_batch_waiting(
    postgres_engine: Engine, healthy: tuple[object, object], phase: str
) -> None:
    engine = postgres_engine
    _store(engine, SMALL)
    prefix, second_batch = PHASES[phase]
    _Fault(engine, "connection_lost", prefix, nth=second_batch)
    with pytest.raises(StoreUnavailable):
        process_pending(engine, context(), batch_size=SMALL_BATCH)
    counts = _counts(engine)
    assert (counts["processed"], counts["quarantined"], counts["processed_without_rows"]) == (
        SMALL_BATCH,
        0,
        0,
    )
    process_pending(engine, context(), batch_size=SMALL_BATCH)
    assert _outcome(engine) == healthy


@pytest.mark.parametrize("batch_size", [1, SMALL_BATCH], ids=["alone", "among-others"])
def test_after_a_fault_only_a_message_failing_alone_is_quarantined_for_its_own_error(
    engine: Engine, batch_size: int
) -> None:
    _store(engine, 5)
    _Fault(engine, "disk_full", "INSERT INTO message ")
    with pytest.raises(StoreUnavailable):
        process_pending(engine, context(), batch_size=batch_size)
    assert _counts(engine)["quarantined"] == 0
    engine.dispose()  # the space returns; one message breaks a constraint of its own
    _Fault(engine, "own_error", "INSERT INTO message ", only="m2@partner2.fr")
    report = process_pending(engine, context(), batch_size=batch_size)
    assert (report.processed, report.quarantined) == (4, 1)
    with Session(engine) as session:
        quarantined = session.execute(
            select(RawMessage.source_detail, RawMessage.error).where(
                RawMessage.state == "quarantined"
            )
        ).all()
    assert [detail for detail, _ in quarantined] == ["test#2"]
    assert "IntegrityError" in str(quarantined[0][1])
    assert _counts(engine)["processed_without_rows"] == 0
