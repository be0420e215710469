"""Header decoding: RFC 2047, raw 8-bit bytes, folding, control characters."""

from __future__ import annotations

from datetime import datetime

import pytest

from mailflow.parse import parse_message
from mailflow.parse.headers import decode_value
from tests.mailbuilder import build_message, encode_word


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plain ascii", "plain ascii"),
        ("=?utf-8?q?Caf=C3=A9?=", "Café"),
        ("=?UTF-8?B?Q2Fmw6k=?=", "Café"),
        ("=?iso-8859-1?q?Caf=E9_cr=E8me?=", "Café crème"),
        # Adjacent encoded words: the whitespace between them goes, even across a fold.
        ("=?utf-8?q?Gwena=C3=ABl?=\r\n =?utf-8?q?_Le_Berre?=", "Gwenaël Le Berre"),
        ("=?utf-8?q?a?= \t =?utf-8?q?b?=", "ab"),
        # A character split across two words (Thunderbird folds mid-character).
        ("=?UTF-8?Q?Th=C3?= =?UTF-8?Q?=A9venot?=", "Thévenot"),
        ("=?UTF-8?B?w6k=?= =?UTF-8?B?w6g=?=", "éè"),
        # Words in different charsets, and text around the words.
        ("=?iso-8859-1?q?=E9?= =?utf-8?q?=C3=A8?=", "éè"),
        ("Re: =?utf-8?q?r=C3=A9union?= du 5", "Re: réunion du 5"),
        ("a=?utf-8?q?=C3=A9?=b", "aéb"),
        # Language suffix (RFC 2231) in the charset.
        ("=?utf-8*fr?q?=C3=A9t=C3=A9?=", "été"),
        # Unfolding keeps the whitespace after the line break.
        ("a long\r\n\tsubject\n line", "a long\tsubject line"),
        # Broken words stay readable.
        ("=?utf-8?B?!!!notbase64?=", "=?utf-8?B?!!!notbase64?="),
        ("=?utf-8?q?unterminated", "=?utf-8?q?unterminated"),
        ("=?utf-8?x?unknown encoding?=", "=?utf-8?x?unknown encoding?="),
        # Control characters go (tab stays), bidi overrides too.
        ("a\x00b\x07c\td\x1b[31m\x7f\x85", "abc\td[31m"),
        ("=?utf-8?q?evil=E2=80=AEtxt.exe?=", "eviltxt.exe"),
        ("=?utf-8?q?nul=00byte?=", "nulbyte"),
        ("  padded  ", "padded"),
    ],
)
def test_decode_value(raw: str, expected: str) -> None:
    assert decode_value(raw) == expected


def test_unknown_charset_falls_back_and_records_a_defect() -> None:
    defects: list[str] = []
    assert decode_value("=?x-foo?q?caf=C3=A9?=", defects) == "café"
    assert "charset-unknown:x-foo" in defects
    defects.clear()
    assert decode_value("=?x-foo?q?caf=E9?=", defects) == "café"


def test_utf7_and_utf16_encoded_words() -> None:
    assert decode_value(encode_word("Zoë", "utf-7")) == "Zoë"
    assert decode_value(encode_word("Zoë", "utf-16")) == "Zoë"


def test_wrong_charset_in_word_falls_back() -> None:
    defects: list[str] = []
    assert decode_value("=?us-ascii?q?caf=C3=A9?=", defects) == "café"


def test_invalid_word_records_a_defect() -> None:
    defects: list[str] = []
    decode_value("=?utf-8?B?Q?=", defects)
    assert "encoded-word-invalid" in defects


def test_raw_8bit_q_word_is_read_with_its_charset() -> None:
    raw = "=?iso-8859-1?Q?J\udcfcrgen?="
    assert decode_value(raw) == "Jürgen"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"Subject: Caf\xc3\xa9 cr\xc3\xa8me", "Café crème"),  # raw UTF-8
        (b"Subject: Caf\xe9 cr\xe8me \x80", "Café crème €"),  # raw windows-1252
    ],
)
def test_raw_8bit_headers(raw: bytes, expected: str, arrival: datetime) -> None:
    message = parse_message(raw + b"\r\nFrom: a@b.fr\r\n\r\nbody\r\n", arrival)
    assert message.subject == expected
    assert message.header("subject") == expected


def test_headers_are_listed_in_order_lower_cased_and_decoded(arrival: datetime) -> None:
    raw = build_message(
        subject="Réunion du comité",
        headers=[("X-Custom", "one"), ("X-CUSTOM", "two"), ("Received", "a\r\n\tb")],
    )
    message = parse_message(raw, arrival)
    names = [name for name, _ in message.headers]
    assert names[:5] == ["from", "to", "subject", "date", "message-id"]
    assert message.header("Subject") == "Réunion du comité"
    assert message.header_values("x-custom") == ["one", "two"]
    assert message.header("received") == "a\tb"
    assert message.header("missing") is None


def test_subject_missing_is_empty(arrival: datetime) -> None:
    assert parse_message(build_message(subject=None), arrival).subject == ""


def test_long_header_is_truncated(arrival: datetime) -> None:
    raw = build_message(headers=[("X-Long", "x" * 40_000)])
    message = parse_message(raw, arrival)
    assert len(message.header("x-long") or "") == 16 * 1024
    assert "header-truncated:x-long" in message.defects


def test_encoded_subject_split_over_folded_lines(arrival: datetime) -> None:
    subject = "Invitation à la journée « Bibliothèques et transition » – 4 juin 2026"
    message = parse_message(build_message(subject=subject), arrival)
    assert message.subject == subject
