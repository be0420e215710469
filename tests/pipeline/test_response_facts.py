"""Response facts: only a reply a person sent answers a thread (acknowledgements never do).

The acknowledgement's sent copy comes back through the raw store with source ``sent`` and
``Auto-Submitted: auto-replied`` (the bytes :func:`mailflow.draft.outgoing.build_message`
makes): the thread stays ``new``, with no first response, until a colleague's reply.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from mailflow.draft.outgoing import Outgoing
from mailflow.draft.outgoing import build_message as build_outgoing
from mailflow.parse import parse_message
from mailflow.pipeline import process_pending, reprocess
from mailflow.services.threads import set_status
from mailflow.store.models import Event, Message, RawMessage, Thread
from mailflow.store.raw import Incoming, store_batch
from mailflow.thread.place import Unplaced, is_human_response
from tests.mailbuilder import build_message
from tests.pipeline.helpers import context

OURS = "cooperation@example.org"
PARTNER = "paul@calvados.fr"
INQUIRY_AT = datetime(2025, 7, 11, 15, 0, tzinfo=UTC)  # Friday 17:00 in Paris
ACK_AT = INQUIRY_AT + timedelta(minutes=1)
REPLY_AT = datetime(2025, 7, 15, 8, 0, tzinfo=UTC)  # Tuesday 10:00 in Paris


def _inquiry(
    mid: str = "inquiry@calvados.fr", *, when: datetime = INQUIRY_AT, answering: str = ""
) -> bytes:
    """The partner's message (answering one of ours when ``answering`` names it)."""
    return build_message(
        message_id=f"<{mid}>",
        from_=PARTNER,
        to=OURS,
        subject=f"{'Re: ' if answering else ''}Adhésion au réseau",
        date=when.strftime("%a, %d %b %Y %H:%M:%S +0000"),
        headers=[("In-Reply-To", f"<{answering}>")] if answering else [],
        text="Bonjour,\nComment adhérer ?\n",
    )


def _ours(mid: str, when: datetime, *, auto: bool, parent: str = "inquiry@calvados.fr") -> bytes:
    """One of our messages as the outbox sends and stores it (an ack when ``auto``)."""
    return build_outgoing(
        Outgoing(
            from_name="Service de la coopération",
            from_addr=OURS,
            to=[PARTNER],
            subject="Re: Adhésion au réseau [COOP-2025-00001]",
            text="Votre message est enregistré." if auto else "Voici comment adhérer.",
            html="<p>…</p>",
            message_id=mid,
            date=when,
            in_reply_to=parent,
            references=[parent],
            auto_submitted=auto,
        )
    )


ACK = _ours("mailflow.1.ack@example.org", ACK_AT, auto=True)
REPLY_ID = "mailflow.2.reply@example.org"
REPLY = _ours(REPLY_ID, REPLY_AT, auto=False)


def _ingest(engine: Engine, *messages: tuple[bytes, str]) -> None:
    """Store ``messages`` (bytes, source) and process them, in one batch."""
    store_batch(engine, [Incoming(data, source, "test", INQUIRY_AT) for data, source in messages])
    process_pending(engine, context())


def _thread(engine: Engine) -> Thread:
    with Session(engine, expire_on_commit=False) as session:
        return session.execute(select(Thread)).scalars().one()


def _reopenings(engine: Engine) -> list[Event]:
    with Session(engine) as session:
        query = select(Event).where(Event.action == "thread.reopened")
        return list(session.execute(query).scalars())


def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive (UTC)."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def test_the_acknowledgement_neither_answers_nor_moves_the_thread(engine: Engine) -> None:
    _ingest(engine, (_inquiry(), "smtp"))
    _ingest(engine, (ACK, "sent"))
    thread = _thread(engine)
    assert (thread.status, thread.first_response_at, thread.message_count) == ("new", None, 2)

    _ingest(engine, (REPLY, "sent"))
    thread = _thread(engine)
    assert thread.status == "waiting"
    assert _aware(thread.first_response_at) == REPLY_AT


def test_the_same_when_the_ack_comes_in_the_inquiry_s_batch(engine: Engine) -> None:
    """A thread the batch starts is written by rows.py, an existing one by write.py."""
    _ingest(engine, (_inquiry(), "smtp"), (ACK, "sent"))
    thread = _thread(engine)
    assert (thread.status, thread.first_response_at, thread.message_count) == ("new", None, 2)
    _ingest(engine, (REPLY, "sent"))
    thread = _thread(engine)
    assert (thread.status, _aware(thread.first_response_at)) == ("waiting", REPLY_AT)


def test_a_thread_whose_whole_exchange_comes_in_one_batch(engine: Engine) -> None:
    _ingest(engine, (_inquiry(), "smtp"), (ACK, "sent"), (REPLY, "sent"))
    thread = _thread(engine)
    assert (thread.status, _aware(thread.first_response_at)) == ("waiting", REPLY_AT)


def test_every_reply_of_a_person_waits_for_the_partner_again(engine: Engine) -> None:
    _ingest(engine, (_inquiry(), "smtp"), (ACK, "sent"), (REPLY, "sent"))
    assert _thread(engine).status == "waiting"
    again = _inquiry("again@calvados.fr", when=REPLY_AT + timedelta(hours=2), answering=REPLY_ID)
    _ingest(engine, (again, "smtp"))
    assert _thread(engine).status == "open"
    second = _ours("mailflow.3.reply@example.org", REPLY_AT + timedelta(days=1), auto=False)
    _ingest(engine, (second, "sent"))
    thread = _thread(engine)
    assert (thread.status, _aware(thread.first_response_at)) == ("waiting", REPLY_AT)


def test_reprocessing_gives_the_same_facts_and_reopens_nothing(engine: Engine) -> None:
    _ingest(engine, (_inquiry(), "smtp"), (ACK, "sent"), (REPLY, "sent"))
    before = _thread(engine)
    reprocess(engine, context(), _raw_ids(engine))
    after = _thread(engine)
    assert (after.status, after.first_response_at) == (before.status, before.first_response_at)

    with Session(engine) as session:
        thread = session.get(Thread, before.id)
        assert thread is not None
        set_status(session, thread, "close", actor="alice")
        session.commit()
    reprocess(engine, context(), _raw_ids(engine))
    closed = _thread(engine)
    assert (closed.status, closed.resolved_at is not None) == ("closed", True)
    assert _aware(closed.first_response_at) == REPLY_AT
    assert _reopenings(engine) == []


def test_a_partner_writing_to_a_closed_thread_reopens_it_once_in_the_audit_log(
    engine: Engine,
) -> None:
    _ingest(engine, (_inquiry(), "smtp"), (REPLY, "sent"))
    with Session(engine) as session:
        thread = session.execute(select(Thread)).scalars().one()
        set_status(session, thread, "close", actor="alice")
        session.commit()
    later = _inquiry("later@calvados.fr", when=REPLY_AT + timedelta(days=3), answering=REPLY_ID)
    _ingest(engine, (later, "smtp"))
    thread = _thread(engine)
    assert (thread.status, thread.resolved_at) == ("open", None)
    [event] = _reopenings(engine)
    with Session(engine) as session:
        message = session.get(Message, event.message_id)
        assert message is not None and message.message_id == "later@calvados.fr"
    assert (event.thread_id, event.actor, event.data["by"]) == (thread.id, "system", "message")
    reprocess(engine, context(), _raw_ids(engine))
    assert len(_reopenings(engine)) == 1 and _thread(engine).status == "open"


@pytest.mark.parametrize(
    ("headers", "human"),
    [
        ({}, True),
        ({"Auto-Submitted": "auto-replied"}, False),  # our acknowledgement
        ({"Auto-Submitted": "auto-generated"}, False),
        ({"Auto-Submitted": "no"}, True),  # RFC 3834: explicitly not automatic
        ({"X-Autoreply": "yes"}, False),  # an out-of-office of our own mailbox
        ({"Precedence": "bulk"}, False),  # a mailing sent from our address
        ({"X-Auto-Response-Suppress": "All"}, True),  # Outlook sets it on ordinary mail too
    ],
)
def test_a_human_response_is_outgoing_and_not_automatic(
    headers: dict[str, str], human: bool
) -> None:
    raw = build_message(
        from_=OURS, subject="Re: Absence de la référente", headers=list(headers.items())
    )
    parsed = parse_message(raw, INQUIRY_AT)
    assert is_human_response(Unplaced(parsed, "k", outgoing=True)) is human
    assert is_human_response(Unplaced(parsed, "k", outgoing=False)) is False


def _raw_ids(engine: Engine) -> list[int]:
    with Session(engine) as session:
        return [int(i) for i in session.execute(select(RawMessage.id)).scalars()]
