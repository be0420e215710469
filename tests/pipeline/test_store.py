"""The raw store: exact bytes, once, committed before processing."""

import hashlib
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from mailflow.errors import StoreUnavailable
from mailflow.store.db import make_engine
from mailflow.store.models import RawMessage
from mailflow.store.raw import Incoming, dedupe_key, store_batch, store_one
from tests.mailbuilder import build_message

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def _incoming(data: bytes, source: str = "file") -> Incoming:
    return Incoming(data, source, "test", NOW)


def test_bytes_are_kept_exactly_with_their_hash(engine: Engine) -> None:
    data = build_message(text="Bonjour,\r\nligne  avec espaces   \r\n") + b"\r\n\r\n"
    stored = store_one(engine, _incoming(data))
    with Session(engine) as session:
        row = session.get(RawMessage, stored.raw_id)
        assert row is not None
        assert row.data == data
        assert row.sha256 == hashlib.sha256(data).hexdigest() == stored.sha256
        assert row.state == "received"
        assert row.received_at == NOW


def test_same_message_twice_is_stored_once(engine: Engine) -> None:
    data = build_message()
    first, second = store_batch(engine, [_incoming(data), _incoming(data)])
    third = store_one(engine, _incoming(data, source="smtp"))
    assert not first.duplicate and second.duplicate and third.duplicate
    assert first.raw_id == second.raw_id == third.raw_id
    with Session(engine) as session:
        assert len(session.execute(select(RawMessage.id)).all()) == 1


def test_dedupe_sees_through_line_endings_mbox_quoting_and_received_headers() -> None:
    crlf = build_message(text="Hello\r\nFrom the start of a line\r\n")
    lf = crlf.replace(b"\r\n", b"\n").replace(b"\nFrom the", b"\n>From the")
    relayed = b"Received: from mx by mx2; Mon, 4 May 2026 10:00:00 +0000\r\n" + crlf
    assert dedupe_key(crlf) == dedupe_key(lf) == dedupe_key(relayed)


def test_different_bodies_with_one_message_id_are_two_messages() -> None:
    assert dedupe_key(build_message(text="one\n")) != dedupe_key(build_message(text="two\n"))


def test_without_message_id_the_whole_content_counts() -> None:
    a = build_message(message_id=None, subject="A")
    b = build_message(message_id=None, subject="B")
    assert dedupe_key(a) != dedupe_key(b)
    assert dedupe_key(a) == dedupe_key(a.replace(b"\r\n", b"\n"))


def test_unavailable_store_raises_and_keeps_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'missing' / 'nowhere.sqlite3'}")
    with pytest.raises(StoreUnavailable):
        store_one(engine, _incoming(build_message()))
