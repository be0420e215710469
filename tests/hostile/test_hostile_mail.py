"""The hostile-mail catalogue through the whole pipeline and at the SMTP door.

For every case: the bytes are stored exactly, ``process_pending`` returns (the message is
processed, or quarantined with its error: never an exception), and the parse limit that
bounds the case is visible as a defect on the stored message. Timings and memory are not
asserted here (the project forbids timing limits in unit tests): ``fuzz/hostile_timings.py``
measures them for ``docs/limits.md``.
"""

from __future__ import annotations

import json
import smtplib
import subprocess
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from mailflow.pipeline import process_pending
from mailflow.store.models import Attachment, Message, RawMessage
from mailflow.store.raw import Incoming, store_batch
from tests.hostile import catalogue
from tests.hostile.catalogue import CASES, Case
from tests.intake.conftest import OUR, RunningEndpoint, raw_count, raw_data
from tests.pipeline.helpers import context

ARRIVAL = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[2]


def _params() -> list[Any]:
    return [
        pytest.param(case, id=case.name, marks=[pytest.mark.slow] if case.slow else [])
        for case in CASES
    ]


def ingest(engine: Engine, raw: bytes) -> tuple[RawMessage, Message | None]:
    """Store and process one message; return its raw row and its message row (if any)."""
    store_batch(engine, [Incoming(raw, "smtp", "hostile", ARRIVAL)])
    process_pending(engine, context())  # must not raise, whatever the bytes
    with Session(engine) as session:
        row = session.execute(select(RawMessage)).scalar_one()
        message = session.execute(select(Message)).scalars().first()
        session.expunge_all()
    return row, message


def check_survived(raw: bytes, row: RawMessage, message: Message | None) -> None:
    assert bytes(row.data) == raw  # kept exactly, whatever happened next
    assert row.state in ("processed", "quarantined")
    if row.state == "quarantined":
        assert row.error  # staff see why in `mailflow quarantine`
    else:
        assert message is not None and message.raw_id == row.id


@pytest.mark.parametrize("case", _params())
def test_hostile_message_is_kept_and_processed_or_quarantined(engine: Engine, case: Case) -> None:
    raw = case.build()
    row, message = ingest(engine, raw)
    check_survived(raw, row, message)
    assert row.state == "processed", row.error  # every case is survivable without quarantine
    assert message is not None
    for expected in case.defects:
        assert any(d.startswith(expected) for d in message.defects), message.defects


def test_deep_nesting_is_bounded(sqlite_engine: Engine) -> None:
    """Up to the stdlib parser's recursion, the depth limit applies; beyond, its failure does."""
    raw = catalogue.nested_multiparts(600)
    _, message = ingest(sqlite_engine, raw)
    assert message is not None and "depth-limit-exceeded" in message.defects


@pytest.mark.slow
def test_ten_thousand_nested_multiparts_record_the_parser_failure(sqlite_engine: Engine) -> None:
    raw = catalogue.nested_multiparts()
    row, message = ingest(sqlite_engine, raw)
    check_survived(raw, row, message)
    assert message is not None
    assert {"depth-limit-exceeded", "mime-parse-failed:RecursionError"} & set(message.defects)


def _no_control(text: str) -> bool:
    return not any(unicodedata.category(c) in ("Cc", "Cf") for c in text)


def test_encoded_words_decoding_to_control_characters_are_cleaned(sqlite_engine: Engine) -> None:
    _, message = ingest(sqlite_engine, catalogue.control_encoded_words())
    assert message is not None
    assert _no_control(message.subject) and "abc" in message.subject
    assert _no_control(message.from_name or "")


def test_hostile_attachment_name_is_sanitised(sqlite_engine: Engine) -> None:
    _, message = ingest(sqlite_engine, catalogue.hostile_filename())
    with Session(sqlite_engine) as session:
        (name,) = session.execute(select(Attachment.filename)).scalars().all()
    assert "/" not in name and "\\" not in name and ".." not in name
    assert _no_control(name) and len(name) <= 255
    assert message is not None
    assert any(d.startswith("filename-sanitised:") for d in message.defects)


def test_references_flood_links_nothing_and_is_recorded(sqlite_engine: Engine) -> None:
    _, message = ingest(sqlite_engine, catalogue.many_references())
    assert message is not None
    assert {"header-limit-exceeded", "references-truncated"} & set(message.defects)
    assert len(message.references or []) <= 100


def test_date_in_year_9999_falls_back_to_arrival(sqlite_engine: Engine) -> None:
    _, message = ingest(sqlite_engine, catalogue.far_future_date())
    assert message is not None and message.date.year == ARRIVAL.year


@pytest.mark.slow
def test_zip_bomb_is_never_unpacked(sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = catalogue.zip_bomb()
    calls: list[str] = []

    def spy(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(zipfile, "ZipFile", spy("ZipFile", zipfile.ZipFile))
    monkeypatch.setattr(zlib, "decompress", spy("decompress", zlib.decompress))
    monkeypatch.setattr(zlib, "decompressobj", spy("decompressobj", zlib.decompressobj))
    row, message = ingest(sqlite_engine, raw)
    check_survived(raw, row, message)
    assert calls == []
    with Session(sqlite_engine) as session:
        (size,) = session.execute(select(Attachment.size)).scalars().all()
    assert size < 1024 * 1024 < catalogue.ZIP_INFLATED  # the zip's own size, not inflated


_MEMORY_PROBE = """
import json, resource, sys
from datetime import UTC, datetime
from mailflow.parse import parse_message
from tests.hostile.catalogue import CASES
case = next(c for c in CASES if c.name == sys.argv[1])
raw = case.build()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
parse_message(raw, datetime(2026, 11, 2, tzinfo=UTC))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"before_kb": before, "after_kb": after, "size": len(raw)}))
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["nested-10000-multiparts", "100000-parts", "50mb-single-line", "1m-header-lines"]
)
def test_memory_of_the_heaviest_cases_stays_under_a_ceiling(name: str) -> None:
    """Peak RSS of parsing one heavy case in a fresh process: a safety bound, not a benchmark."""
    result = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, name],
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    peak_kb = json.loads(result.stdout)["after_kb"]
    assert peak_kb < 1024 * 1024, f"{name}: peak RSS {peak_kb} KB"


# At the SMTP door: the endpoint from tests/intake, default limits unless said otherwise.
Start = Callable[..., RunningEndpoint]


def client(server: RunningEndpoint) -> smtplib.SMTP:
    return smtplib.SMTP("127.0.0.1", server.port, local_hostname="client.test", timeout=120)


@pytest.mark.slow
def test_smtp_refuses_a_50mb_single_line_and_stores_nothing(
    smtp_server: Start, engine: Engine
) -> None:
    server = smtp_server()
    with client(server) as smtp:
        smtp.ehlo()
        smtp.mail("mallory@example.net")
        smtp.rcpt(OUR)
        code, _ = smtp.data(catalogue.long_line())
        assert code in (500, 552)
    assert raw_count(engine) == 0
    with client(server) as smtp:  # the endpoint is still serving
        assert smtp.sendmail("alice@example.net", [OUR], catalogue.huge_content_length()) == {}
    assert raw_count(engine) == 1


def test_smtp_refuses_a_declared_2gb_message_at_mail_from(
    smtp_server: Start, engine: Engine
) -> None:
    server = smtp_server()
    with client(server) as smtp:
        smtp.ehlo()
        code, _ = smtp.mail("mallory@example.net", options=["SIZE=2147483648"])
        assert code == 552
    assert raw_count(engine) == 0


def test_smtp_refuses_a_message_over_max_message_size(smtp_server: Start, engine: Engine) -> None:
    server = smtp_server(max_message_size=1024 * 1024)
    with client(server) as smtp:
        smtp.ehlo()
        smtp.mail("mallory@example.net")
        smtp.rcpt(OUR)
        assert smtp.data(catalogue.binary_blob(2 * 1024 * 1024))[0] in (500, 552)
    assert raw_count(engine) == 0


@pytest.mark.slow
def test_smtp_keeps_a_100000_part_bomb_exactly_and_the_pipeline_bounds_it(
    smtp_server: Start, engine: Engine
) -> None:
    server = smtp_server()
    raw = catalogue.many_parts()
    with client(server) as smtp:
        assert smtp.sendmail("mallory@example.net", [OUR], raw) == {}
    assert raw_data(engine) == [raw]
    process_pending(engine, context())
    with Session(engine) as session:
        message = session.execute(select(Message)).scalar_one()
    assert "part-limit-exceeded" in message.defects
