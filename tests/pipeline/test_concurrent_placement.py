"""Two pipelines at once on PostgreSQL: the second waits for the first's placement.

The first pipeline is held inside its transaction, its message written but not committed,
while the second takes the next message: the second must wait for the first to commit,
then see what it wrote. Without the placement lock each misses the other's message keys
and a reply and its parent split in two threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, func, select, text
from sqlmodel import Session

from mailflow.pipeline import PipelineContext, Processed, process_pending
from mailflow.services.regroup import merge_threads
from mailflow.store.db import session_scope
from mailflow.store.models import Message, Thread
from mailflow.store.raw import Incoming, store_batch
from tests.intake.conftest import wait_until
from tests.mailbuilder import build_message

pytestmark = pytest.mark.postgres

ARRIVAL = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
PARENT = "inquiry@partner.example.net"
REPLY = "answer@partner.example.net"


def _store(engine: Engine, raw: bytes, name: str) -> None:
    store_batch(engine, [Incoming(raw, "smtp", name, ARRIVAL)])


def _parent() -> bytes:
    return build_message(
        message_id=f"<{PARENT}>", subject="Demande de formation", from_="a@partner.example.net"
    )


def _reply() -> bytes:
    return build_message(
        message_id=f"<{REPLY}>",
        subject="RE: Demande de formation",
        from_="b@partner.example.net",
        headers=[("In-Reply-To", f"<{PARENT}>"), ("References", f"<{PARENT}>")],
    )


def _someone_waits_for_a_lock(engine: Engine) -> bool:
    with engine.connect() as conn:
        waiting = conn.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
        ).scalar_one()
    return bool(waiting)


def _while_held(
    engine: Engine, ctx: PipelineContext, first: bytes, meanwhile: Callable[[], object]
) -> None:
    """Process ``first`` and hold its transaction open after its hooks ran; meanwhile run
    ``meanwhile`` in another thread; then let both finish."""
    written, release = threading.Event(), threading.Event()

    def hold_the_transaction(_session: Session, _processed: Processed) -> None:
        written.set()  # placed, written and hooked, not committed
        release.wait(60)

    held = replace(ctx, after_message=[*ctx.after_message, hold_the_transaction])
    _store(engine, first, "first")
    one = threading.Thread(target=process_pending, args=(engine, held))
    one.start()
    try:
        assert written.wait(60)
        other = threading.Thread(target=meanwhile)
        other.start()
        assert wait_until(lambda: _someone_waits_for_a_lock(engine) or not other.is_alive())
    finally:
        release.set()
        one.join(60)
    other.join(60)


def _thread_of(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return dict(session.execute(select(Message.message_id, Message.thread_id)).all())


def test_a_reply_placed_while_its_parent_is_being_written_joins_the_parent(
    postgres_engine: Engine,
) -> None:
    def place_the_reply() -> None:
        _store(postgres_engine, _reply(), "reply")
        process_pending(postgres_engine, PipelineContext())

    _while_held(postgres_engine, PipelineContext(), _parent(), place_the_reply)
    thread_of = _thread_of(postgres_engine)
    assert thread_of[REPLY] == thread_of[PARENT]
    with Session(postgres_engine) as session:
        assert session.execute(select(func.count()).select_from(Thread)).scalar_one() == 1


def test_a_merge_while_a_reply_is_being_placed_takes_the_reply_along(
    postgres_engine: Engine,
) -> None:
    other = build_message(message_id="<other@partner.example.net>", subject="Autre demande")
    for n, raw in enumerate([_parent(), other]):
        _store(postgres_engine, raw, f"earlier-{n}")
    process_pending(postgres_engine, PipelineContext())
    with Session(postgres_engine) as session:
        ref_of = dict(session.execute(select(Message.message_id, Thread.ref).join(Thread)).all())

    def merge() -> None:
        with session_scope(postgres_engine) as session:
            merge_threads(
                session, ref_of["other@partner.example.net"], [ref_of[PARENT]], actor="staff"
            )

    _while_held(postgres_engine, PipelineContext(), _reply(), merge)
    thread_of = _thread_of(postgres_engine)
    assert thread_of[REPLY] == thread_of[PARENT] == thread_of["other@partner.example.net"]
