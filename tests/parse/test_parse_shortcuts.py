"""Shortcuts taken for speed give exactly what the longer way gives."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from email.message import Message

from hypothesis import given, settings
from hypothesis import strategies as st

from mailflow.parse import ParsedMessage, parse_message
from mailflow.parse.headers import _q_decode, decode_value, decode_words, raw_to_text, unfold
from mailflow.parse.lang import _WORD
from mailflow.parse.parts import _may_have_filename, content_charset
from mailflow.parse.sanitise import _CONTROLS, strip_controls
from mailflow.parse.tree import POLICY
from tests.mailbuilder import build_message

SETTINGS = settings(max_examples=500, deadline=None, database=None)
_LETTERS_REFERENCE = re.compile(r"[^\W\d_]+")
_Q_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")


def test_every_stripped_character_is_non_printable() -> None:
    # strip_controls skips translate() for printable text: only right if this holds.
    assert not [hex(code) for code in _CONTROLS if chr(code).isprintable()]


@SETTINGS
@given(st.text())
def test_strip_controls_matches_translate(text: str) -> None:
    assert strip_controls(text) == text.translate(_CONTROLS)


@SETTINGS
@given(st.text(alphabet=st.sampled_from("aZé’«»1_- \n'\u00b2\u2160ßçœ\u202e") | st.characters()))
def test_words_are_runs_of_letters(text: str) -> None:
    assert _WORD.findall(text) == _LETTERS_REFERENCE.findall(text)


@SETTINGS
@given(
    st.lists(st.sampled_from([bytes([b]) for b in b"=_aF09gG \xe9\r\n?"])).map(b"".join)
    | st.binary()
)
def test_q_decoding_matches_the_escape_by_escape_way(data: bytes) -> None:
    expected = _Q_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data.replace(b"_", b" "))
    assert _q_decode(data) == expected


@SETTINGS
@given(st.text(alphabet=st.sampled_from("ab =?:\t\r\n\x00\u202e\udce9é")) | st.text())
def test_decode_value_shortcut_matches_the_full_way(raw: str) -> None:
    full = strip_controls(decode_words(raw_to_text(unfold(raw)), [])).strip()
    assert decode_value(raw, []) == full


_PARAMS = st.lists(
    st.sampled_from(
        [
            "text/plain", "text/html", "charset=utf-8", 'charset="ISO-8859-1"', "CHARSET=x",
            "name=a.pdf", 'filename="b.txt"', "charset*=utf-8''iso-8859-1", "x*=a", "x*0=b",
            "name*0=a", "name*1=b", "filename*=utf-8''%C3%A9", "attachment", "inline", '"',
            "\\", "(c)", "", " ", "caf\udce9",
        ]
    ),
    max_size=5,
).map("; ".join)  # fmt: skip


def _part(content_type: str | None, disposition: str | None) -> Message:
    part = Message(policy=POLICY)
    if content_type is not None:
        part.set_raw("Content-Type", content_type)
    if disposition is not None:
        part.set_raw("Content-Disposition", disposition)
    return part


def _outcome(call: Callable[[], object]) -> object:
    try:
        return ("value", call())
    except Exception as error:
        return ("error", type(error))


@SETTINGS
@given(st.none() | _PARAMS, st.none() | _PARAMS)
def test_cached_charset_matches_get_content_charset(
    content_type: str | None, disposition: str | None
) -> None:
    part = _part(content_type, disposition)
    assert _outcome(lambda: content_charset(part)) == _outcome(part.get_content_charset)


@SETTINGS
@given(st.none() | _PARAMS, st.none() | _PARAMS)
def test_filename_is_skipped_only_when_surely_absent(
    content_type: str | None, disposition: str | None
) -> None:
    part = _part(content_type, disposition)
    if not _may_have_filename(part):
        assert _outcome(part.get_filename) == ("value", None)


def _parsed() -> ParsedMessage:
    raw = build_message(
        headers=[("Received", "one"), ("X-Tag", "a"), ("received", "two"), ("X-TAG", "b")]
    )
    return parse_message(raw, datetime(2026, 2, 3, tzinfo=UTC))


def test_header_lookups_by_any_case() -> None:
    message = _parsed()
    assert message.header("RECEIVED") == "one"
    assert message.header_values("Received") == ["one", "two"]
    assert message.header_values("x-tag") == ["a", "b"]
    assert message.header("absent") is None
    assert message.header_values("absent") == []


def test_header_lookups_follow_changes_to_headers() -> None:
    message = _parsed()
    assert message.header("x-new") is None
    message.headers.append(("x-new", "1"))
    assert message.header("X-New") == "1"
    message.headers = [("x-other", "2")]
    assert message.header("x-new") is None
    assert message.header("x-other") == "2"
    # Callers may change the list they get back without changing the message.
    message.header_values("x-other").append("3")
    assert message.header_values("x-other") == ["2"]


def test_header_index_is_not_part_of_equality_or_repr() -> None:
    first, second = _parsed(), _parsed()
    first.header("from")
    assert first == second
    assert "_index" not in repr(first)
