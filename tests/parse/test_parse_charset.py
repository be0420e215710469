"""Body charsets: declared, mislabelled, unknown, undetectable."""

from __future__ import annotations

from datetime import datetime

import pytest

from mailflow.parse import parse_message
from mailflow.parse.charset import decode_text, normalise_charset
from tests.mailbuilder import build_message

FRENCH = "Bonjour, voilà l’été à Besançon : « déjà » – 50 €.\n"


def _body(text: bytes, charset: str, arrival: datetime, cte: str = "8bit") -> tuple[str, list[str]]:
    message = parse_message(build_message(text=text, charset=charset, cte=cte), arrival)
    return message.body_text, message.defects


@pytest.mark.parametrize("charset", ["utf-8", "windows-1252", "iso-8859-15", "utf-16", "utf-7"])
def test_declared_charset_is_used(charset: str, arrival: datetime) -> None:
    text = FRENCH if charset != "iso-8859-15" else FRENCH.replace("’", "'").replace("–", "-")
    body, defects = _body(text.encode(charset), charset, arrival, cte="base64")
    assert body == text
    assert not [d for d in defects if d.startswith("charset")]


@pytest.mark.parametrize("label", ["iso-8859-1", "us-ascii", "latin1"])
def test_latin1_label_with_cp1252_bytes_uses_windows_1252(label: str, arrival: datetime) -> None:
    body, _ = _body(FRENCH.encode("cp1252"), label, arrival)
    assert body == FRENCH


def test_latin1_text_stays_latin1(arrival: datetime) -> None:
    text = "Çà et là, déjà vu ; 3 × 4 ½\n"
    body, _ = _body(text.encode("latin-1"), "iso-8859-1", arrival)
    assert body == text


def test_utf8_bytes_labelled_latin1_are_utf8(arrival: datetime) -> None:
    body, _ = _body(FRENCH.encode("utf-8"), "iso-8859-1", arrival)
    assert body == FRENCH


def test_missing_charset_with_8bit_bytes(arrival: datetime) -> None:
    raw = b"From: a@x.fr\r\nContent-Type: text/plain\r\n\r\nd\xe9j\xe0 vu\r\n"
    assert parse_message(raw, arrival).body_text == "déjà vu\n"


def test_unknown_charset_is_a_defect_and_text_survives(arrival: datetime) -> None:
    body, defects = _body(FRENCH.encode("utf-8"), "x-foo", arrival)
    assert body == FRENCH
    assert "charset-unknown:x-foo" in defects


def test_wrong_declared_charset_is_repaired(arrival: datetime) -> None:
    body, defects = _body(FRENCH.encode("utf-8"), "shift_jis", arrival)
    assert "charset-mismatch:cp932" in defects
    assert body == FRENCH


def test_undecodable_bytes_are_replaced(arrival: datetime) -> None:
    data = bytes(range(256)) * 4
    body, defects = _body(data, "utf-8", arrival, cte="base64")
    assert isinstance(body, str)
    assert any(d.startswith("charset-") for d in defects)
    assert "\x00" not in body


def test_detection_on_unlabelled_non_western_text() -> None:
    text = "Привет, это тестовое сообщение о сотрудничестве библиотек. " * 5
    defects: list[str] = []
    assert decode_text(text.encode("koi8-r"), "x-unknown-label", defects) == text
    assert defects == ["charset-unknown:x-unknown-label"]


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("UTF-8", "utf-8"),
        ('"iso-8859-1"', "iso8859-1"),
        ("gb2312", "gb18030"),
        ("ks_c_5601-1987", "cp949"),
        ("idna", None),
        ("base64", None),
        ("rot13", None),
        ("x-foo", None),
    ],
)
def test_normalise_charset(label: str, codec: str | None) -> None:
    assert normalise_charset(label) == codec
