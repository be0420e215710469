"""The test message builder produces what it says (checked with the stdlib parser)."""

from __future__ import annotations

import email
import email.policy

from tests.mailbuilder import (
    attachment,
    build_message,
    encode_word,
    message_part,
    multipart,
    text_part,
)


def _parse(raw: bytes) -> email.message.EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def test_defaults_are_a_valid_plain_message() -> None:
    raw = build_message()
    assert raw.count(b"\r\n") > 5
    assert b"\n" not in raw.replace(b"\r\n", b"")
    message = _parse(raw)
    assert message["Message-ID"] == "<test-1@example.org>"
    assert message.get_content_type() == "text/plain"
    assert not message.defects


def test_lf_newlines_and_omitted_headers() -> None:
    raw = build_message(newline="\n", date=None, message_id=None)
    assert b"\r" not in raw
    message = _parse(raw)
    assert message["Date"] is None
    assert message["Message-ID"] is None


def test_structure_charset_and_attachment() -> None:
    raw = build_message(
        subject="Été « 2026 »",
        text="Ça va ?",
        html="<p>Ça va ?</p>",
        charset="windows-1252",
        attachments=[attachment(b"%PDF", "n°2.pdf", "application/pdf")],
    )
    message = _parse(raw)
    assert message["Subject"] == "Été « 2026 »"
    assert message.get_content_type() == "multipart/mixed"
    body = message.get_body(("plain",))
    assert body is not None
    assert body.get_content_charset() == "windows-1252"
    assert body.get_content().strip() == "Ça va ?"
    [part] = list(message.iter_attachments())
    assert part.get_filename() == "n°2.pdf"
    assert part.get_content() == b"%PDF"


def test_raw_bytes_headers_and_nested_message() -> None:
    inner = build_message(subject="inner")
    raw = build_message(
        from_=b"Ren\xe9 <r@x.fr>",
        body=multipart("mixed", text_part("outer"), message_part(inner)),
    )
    assert b"Ren\xe9 <r@x.fr>" in raw
    message = _parse(raw)
    [attached] = list(message.iter_attachments())
    assert attached.get_content_type() == "message/rfc822"


def test_encode_word_round_trips() -> None:
    for encoding in ("B", "Q"):
        word = encode_word("Hélène, « x »", encoding=encoding)
        assert str(email.header.make_header(email.header.decode_header(word))) == "Hélène, « x »"
