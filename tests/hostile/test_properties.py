"""Properties: any bytes through the whole pipeline, and the pure thread and rule stages on
arbitrary input. Example counts stay modest so that the suite stays fast."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlmodel import Session

from mailflow.classify.result import Classification
from mailflow.parse import Address, Attachment, ParsedMessage
from mailflow.pipeline import PipelineContext, process_pending
from mailflow.store import migrate
from mailflow.store.db import make_engine
from mailflow.store.models import RawMessage
from mailflow.store.raw import Incoming, store_batch
from mailflow.thread import (
    Candidate,
    decide,
    is_reply_subject,
    organisation_of,
    reference_tags,
    strip_prefixes,
    subject_key,
)
from tests.hostile.catalogue import HEAD
from tests.pipeline.helpers import context

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
ARRIVAL = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def shared_engine() -> Iterator[Engine]:
    """One SQLite database for all examples (migrating per example would dominate)."""
    with tempfile.TemporaryDirectory() as directory:
        engine = make_engine(f"sqlite:///{Path(directory) / 'props.sqlite3'}")
        migrate.upgrade(engine)
        yield engine
        engine.dispose()


@pytest.fixture(scope="module")
def pipeline() -> PipelineContext:
    return context()


# Bytes that look like mail some of the time, so examples reach past the header parser.
mail_like = st.one_of(
    st.binary(max_size=3000),
    st.builds(lambda body: HEAD + b"\r\n" + body, st.binary(max_size=2000)),
    st.builds(
        lambda ct, body: HEAD + b"Content-Type: " + ct + b"\r\n\r\n" + body,
        st.sampled_from(
            [b"multipart/mixed; boundary=x", b"text/plain; charset=utf-7", b"message/rfc822",
             b"multipart/report; report-type=delivery-status; boundary=x", b"text/html"]
        ),
        st.binary(max_size=2000),
    ),
)  # fmt: skip


@PROPERTY
@given(raw=mail_like)
def test_any_bytes_end_processed_or_quarantined(
    shared_engine: Engine, pipeline: PipelineContext, raw: bytes
) -> None:
    stored = store_batch(shared_engine, [Incoming(raw, "smtp", "property", ARRIVAL)])
    process_pending(shared_engine, pipeline)  # never raises
    with Session(shared_engine) as session:
        row = session.get(RawMessage, stored[0].raw_id)
        assert row is not None
        assert bytes(row.data) == raw or stored[0].duplicate
        assert row.state in ("processed", "quarantined")
        assert row.state == "processed" or row.error
        waiting = session.execute(select(RawMessage).where(RawMessage.state == "received"))
        assert waiting.first() is None


texts = st.text(max_size=200)
emails = st.builds(lambda local, domain: f"{local}@{domain}", texts, texts)
datetimes = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(9998, 12, 30), timezones=st.just(UTC)
)
candidates = st.builds(
    Candidate,
    thread_id=st.integers(1, 10**9),
    ref=texts,
    last_activity_at=datetimes,
    sender_addresses=st.frozensets(emails, max_size=5),
)


@PROPERTY
@given(
    sender=st.none() | emails,
    date=datetimes,
    is_reply=st.booleans(),
    header_thread=st.none() | st.integers(1, 10**9),
    tags=st.lists(candidates, max_size=3),
    subjects=st.lists(candidates, max_size=5),
    days=st.integers(0, 3650),
)
def test_thread_decision_never_raises(
    sender: str | None,
    date: datetime,
    is_reply: bool,
    header_thread: int | None,
    tags: list[Candidate],
    subjects: list[Candidate],
    days: int,
) -> None:
    decision = decide(
        sender=sender,
        date=date,
        is_reply=is_reply,
        header_thread=header_thread,
        tag_candidates=tags,
        subject_candidates=subjects,
        window=timedelta(days=days),
    )
    assert decision.attached_by in ("new", "header", "tag", "subject")
    assert decision.thread_id is None or decision.attached_by != "new"


@PROPERTY
@given(subject=st.text(max_size=500), prefix=st.text(min_size=1, max_size=10), addr=texts)
def test_subject_helpers_never_raise(subject: str, prefix: str, addr: str) -> None:
    strip_prefixes(subject)
    subject_key(subject)
    is_reply_subject(subject)
    reference_tags(subject, prefix)
    organisation_of(addr)


addresses = st.builds(Address, name=texts, addr=emails)
headers = st.lists(
    st.tuples(st.sampled_from(["subject", "from", "list-id", "precedence", "auto-submitted",
                               "x-autoreply", "content-type", "return-path", "x-mailer"]) | texts,
              texts),
    max_size=12,
)  # fmt: skip
attachments = st.builds(
    Attachment,
    filename=texts,
    content_type=texts,
    size=st.integers(0, 10**9),
    sha256=st.just("0" * 64),
    content=st.binary(max_size=100),
)
parsed_messages = st.builds(
    ParsedMessage,
    message_id=st.none() | texts,
    in_reply_to=st.lists(texts, max_size=3),
    references=st.lists(texts, max_size=5),
    subject=st.text(max_size=300),
    from_=st.none() | addresses,
    sender=st.none() | addresses,
    reply_to=st.lists(addresses, max_size=2),
    to=st.lists(addresses, max_size=3),
    cc=st.lists(addresses, max_size=3),
    date=datetimes,
    date_source=st.sampled_from(["header", "arrival"]),
    headers=headers,
    content_type=st.sampled_from(["text/plain", "multipart/report", "text/html"]) | texts,
    body_text=st.text(max_size=2000),
    body_html=st.none() | st.text(max_size=500),
    attachments=st.lists(attachments, max_size=2),
    lang=st.sampled_from(["fr", "en", "und"]),
    defects=st.lists(texts, max_size=3),
)


@PROPERTY
@given(message=parsed_messages)
def test_rule_engine_never_raises(pipeline: PipelineContext, message: ParsedMessage) -> None:
    classification = pipeline.classifier().classify(message)
    assert isinstance(classification, Classification)
    assert classification.kind in ("human", "auto_reply", "bounce", "bulk")
