"""A partner answers an Outlook copy of an old exchange: References win over the rest.

Their reply's In-Reply-To names the copy (a Message-ID we never saw), its References name
the message we hold, and its subject carries a reference tag we never issued. The reply
belongs to the thread of the message we hold.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlmodel import Session

from mailflow.pipeline import PipelineContext, process_pending
from mailflow.store.models import Message, Thread
from mailflow.store.raw import Incoming, store_batch
from tests.mailbuilder import build_message

ARRIVAL = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
OLD = "old@bpi.fr"
COPY = "copy-of-old@outlook.example"
"""The Outlook copy the partner answers: we never received it."""


def _ingest(engine: Engine, *messages: bytes) -> None:
    store_batch(engine, [Incoming(m, "file", f"test#{i}", ARRIVAL) for i, m in enumerate(messages)])
    process_pending(engine, PipelineContext())


def _placed(engine: Engine) -> dict[str, tuple[str, str]]:
    """Message-ID → (thread reference, attached_by)."""
    with Session(engine) as session:
        rows = session.execute(
            select(Message.message_id, Thread.ref, Message.attached_by).join(Thread)
        ).all()
    return {str(mid): (ref, how) for mid, ref, how in rows}


def _old() -> bytes:
    return build_message(
        message_id=f"<{OLD}>",
        subject="Convention de dépôt",
        from_="a@marseille.fr",
        date="Tue, 04 Nov 2025 09:00:00 +0100",
    )


def _answer(mid: str, *, references: str, subject: str = "") -> bytes:
    return build_message(
        message_id=f"<{mid}>",
        subject=subject or "RE: [COOP-2025-00999] Convention de dépôt",
        from_="b@lyon.fr",
        date="Tue, 10 Mar 2026 09:00:00 +0100",
        headers=[("In-Reply-To", f"<{COPY}>"), ("References", references)],
    )


def test_references_to_a_held_message_win_over_unknown_in_reply_to_and_tag(
    engine: Engine,
) -> None:
    _ingest(engine, _old())
    _ingest(engine, _answer("answer@lyon.fr", references=f"<{OLD}> <{COPY}>"))
    placed = _placed(engine)
    assert placed["answer@lyon.fr"] == (placed[OLD][0], "header")
    with Session(engine) as session:
        assert session.execute(select(Thread.ref)).scalars().all() == [placed[OLD][0]]


def test_a_placeholder_left_by_an_unknown_parent_does_not_beat_a_held_reference(
    engine: Engine,
) -> None:
    _ingest(engine, _old())
    # A first answer to the copy names only the copy: it starts a thread of its own and
    # leaves a placeholder for the copy's Message-ID.
    _ingest(engine, _answer("first@lyon.fr", references=f"<{COPY}>", subject="Convention"))
    _ingest(engine, _answer("second@lyon.fr", references=f"<{OLD}> <{COPY}>"))
    placed = _placed(engine)
    assert placed["first@lyon.fr"][0] != placed[OLD][0]
    assert placed["second@lyon.fr"] == (placed[OLD][0], "header")


def test_the_held_reference_wins_within_one_batch(engine: Engine) -> None:
    _ingest(
        engine,
        _old(),
        _answer("first@lyon.fr", references=f"<{COPY}>", subject="Convention"),
        _answer("second@lyon.fr", references=f"<{OLD}> <{COPY}>"),
    )
    placed = _placed(engine)
    assert placed["first@lyon.fr"][0] != placed[OLD][0]
    assert placed["second@lyon.fr"] == (placed[OLD][0], "header")
