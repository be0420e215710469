"""Message-ID, In-Reply-To, References and Date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from mailflow.parse import ParseLimits, parse_message
from tests.mailbuilder import build_message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("<abc@x.fr>", "abc@x.fr"),
        ("  <abc@x.fr>  ", "abc@x.fr"),
        ("abc@x.fr", "abc@x.fr"),
        ("<abc@x.fr> (comment)", "abc@x.fr"),
        ("\r\n <folded@x.fr>", "folded@x.fr"),
    ],
)
def test_message_id(value: str, expected: str, arrival: datetime) -> None:
    message = parse_message(build_message(message_id=value), arrival)
    assert message.message_id == expected
    assert not [d for d in message.defects if d.startswith("message-id")]


@pytest.mark.parametrize(
    ("value", "defect"),
    [
        (None, "message-id-missing"),
        ("", "message-id-missing"),
        ("<>", "message-id-invalid"),
        ("<has space@x.fr>", "message-id-invalid"),
        ("<" + "x" * 2000 + "@x.fr>", "message-id-invalid"),
    ],
)
def test_message_id_unusable(value: str | None, defect: str, arrival: datetime) -> None:
    message = parse_message(build_message(message_id=value), arrival)
    assert message.message_id is None
    assert defect in message.defects


def test_in_reply_to_and_references(arrival: datetime) -> None:
    raw = build_message(
        headers=[
            ("In-Reply-To", "<p@x.fr> (Jean's message of Monday)"),
            ("References", "<a@x.fr> <b@x.fr>\r\n\t<a@x.fr> <p@x.fr>"),
        ]
    )
    message = parse_message(raw, arrival)
    assert message.in_reply_to == ["p@x.fr"]
    assert message.references == ["a@x.fr", "b@x.fr", "p@x.fr"]


def test_references_without_brackets(arrival: datetime) -> None:
    raw = build_message(headers=[("References", "a@x.fr b@x.fr junk")])
    assert parse_message(raw, arrival).references == ["a@x.fr", "b@x.fr"]


def test_references_keep_the_last_ones(arrival: datetime) -> None:
    ids = " ".join(f"<id{i}@x.fr>" for i in range(150))
    message = parse_message(build_message(headers=[("References", ids)]), arrival)
    assert len(message.references) == 100
    assert message.references[-1] == "id149@x.fr"
    assert message.references[0] == "id50@x.fr"
    assert "references-truncated" in message.defects


def test_huge_references_header_keeps_its_end(arrival: datetime) -> None:
    ids = " ".join(f"<id{i}-{'p' * 40}@x.fr>" for i in range(2000))
    limits = ParseLimits(max_references=5)
    message = parse_message(build_message(headers=[("References", ids)]), arrival, limits=limits)
    assert message.references[-1] == f"id1999-{'p' * 40}@x.fr"
    assert len(message.references) == 5


def test_missing_references_are_empty(arrival: datetime) -> None:
    message = parse_message(build_message(), arrival)
    assert message.in_reply_to == []
    assert message.references == []


def test_date_from_header(arrival: datetime) -> None:
    message = parse_message(build_message(date="Tue, 03 Feb 2026 12:34:54 +0100"), arrival)
    assert message.date == datetime(2026, 2, 3, 11, 34, 54, tzinfo=UTC)
    assert message.date.utcoffset() == timedelta(hours=1)
    assert message.date_source == "header"


def test_date_without_zone_is_utc(arrival: datetime) -> None:
    message = parse_message(build_message(date="Tue, 03 Feb 2026 12:34:54 -0000"), arrival)
    assert message.date == datetime(2026, 2, 3, 12, 34, 54, tzinfo=UTC)
    assert message.date.tzinfo is not None


@pytest.mark.parametrize(
    ("value", "defect"),
    [
        (None, "date-missing"),
        ("   ", "date-missing"),
        ("not a date", "date-unparsable"),
        ("Tue, 03 Feb 2026 12:34:54 +9999", "date-unparsable"),
        ("Mon, 1 Jan 1900 00:00:00 +0000", "date-out-of-range"),
        ("Fri, 31 Dec 9999 23:59:59 +0000", "date-out-of-range"),
        ("Sat, 01 Jan 2028 00:00:00 +0000", "date-out-of-range"),
    ],
)
def test_bad_date_falls_back_to_arrival(value: str | None, defect: str, arrival: datetime) -> None:
    message = parse_message(build_message(date=value), arrival)
    assert message.date == arrival
    assert message.date_source == "arrival"
    assert defect in message.defects


def test_next_year_is_accepted(arrival: datetime) -> None:
    message = parse_message(build_message(date="Fri, 1 Jan 2027 00:00:00 +0000"), arrival)
    assert message.date_source == "header"


def test_naive_arrival_becomes_utc() -> None:
    message = parse_message(build_message(date=None), datetime(2026, 2, 3, 12, 0))
    assert message.date == datetime(2026, 2, 3, 12, 0, tzinfo=UTC)


def test_arrival_zone_is_kept() -> None:
    paris = timezone(timedelta(hours=1))
    message = parse_message(build_message(date=None), datetime(2026, 2, 3, 12, tzinfo=paris))
    assert message.date.utcoffset() == timedelta(hours=1)
