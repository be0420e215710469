"""Choosing and decoding the body: text/plain first, HTML as fallback, transfer encodings."""

from __future__ import annotations

from datetime import datetime

import pytest

from mailflow.parse import ParseLimits, parse_message
from tests.mailbuilder import (
    Part,
    attachment,
    build_message,
    html_part,
    message_part,
    multipart,
    text_part,
)

HTML = (
    "<html><head><title>T</title><style>p {color: red}</style>"
    "<script>alert('x')</script></head><body><p>Bonjour&nbsp;à tous,</p>"
    "<img src=x onerror=alert(1)><ul><li>un</li><li>deux</li></ul></body></html>"
)


def test_plain_only(arrival: datetime) -> None:
    message = parse_message(build_message(text="Bonjour,\nÀ bientôt.\n"), arrival)
    assert message.body_text == "Bonjour,\nÀ bientôt.\n"
    assert message.body_html is None
    assert message.content_type == "text/plain"


def test_alternative_prefers_plain_and_keeps_html(arrival: datetime) -> None:
    message = parse_message(build_message(text="plain version\n", html=HTML), arrival)
    assert message.content_type == "multipart/alternative"
    assert message.body_text == "plain version"
    assert message.body_html is not None
    assert "<script>alert('x')</script>" in message.body_html  # raw: sanitising is elsewhere
    assert message.attachments == []


def test_html_only_becomes_readable_text(arrival: datetime) -> None:
    message = parse_message(build_message(text=None, html=HTML), arrival)
    assert message.content_type == "text/html"
    assert "Bonjour" in message.body_text
    assert "un" in message.body_text
    assert "deux" in message.body_text
    for hidden in ("alert", "color", "<", "T\n"):
        assert hidden not in message.body_text
    assert message.body_html == HTML + "\n"


def test_empty_plain_alternative_falls_back_to_html(arrival: datetime) -> None:
    message = parse_message(build_message(text="  \n", html="<p>Le vrai texte</p>"), arrival)
    assert message.body_text == "Le vrai texte"


def test_alternative_inside_mixed_and_related(arrival: datetime) -> None:
    related = multipart(
        "related",
        html_part("<p>Voir <img src='cid:logo'></p>"),
        attachment(b"\x89PNG...", "logo.png", "image/png", disposition="inline", content_id="logo"),
    )
    body = multipart(
        "mixed",
        multipart("alternative", text_part("le texte\n"), related),
        attachment(b"%PDF-1.7", "doc.pdf", "application/pdf"),
    )
    message = parse_message(build_message(body=body), arrival)
    assert message.body_text == "le texte"
    assert message.body_html == "<p>Voir <img src='cid:logo'></p>"
    assert [(a.filename, a.disposition, a.content_id) for a in message.attachments] == [
        ("logo.png", "inline", "logo"),
        ("doc.pdf", "attachment", None),
    ]


def test_line_break_before_a_boundary_belongs_to_the_boundary(arrival: datetime) -> None:
    # RFC 2046 5.1.1: the CRLF preceding the boundary delimiter is part of the delimiter.
    message = parse_message(build_message(text="plain version\n", html="<p>x</p>"), arrival)
    assert message.body_text == "plain version"


def test_html_before_plain_in_alternative(arrival: datetime) -> None:
    body = multipart("alternative", html_part("<p>html</p>"), text_part("plain\n"))
    message = parse_message(build_message(body=body), arrival)
    assert message.body_text == "plain"
    assert message.body_html == "<p>html</p>"


def test_forwarded_message_is_not_the_body(arrival: datetime) -> None:
    inner = build_message(subject="inner", text="inner text\n")
    body = multipart("mixed", text_part("outer text\n"), message_part(inner))
    message = parse_message(build_message(body=body), arrival)
    assert message.body_text == "outer text"
    assert [a.content_type for a in message.attachments] == ["message/rfc822"]
    assert b"inner text" in message.attachments[0].content


def test_text_attachment_is_not_the_body(arrival: datetime) -> None:
    notes = text_part("notes\n", headers=[("Content-Disposition", 'attachment; filename="n.txt"')])
    body = multipart("mixed", text_part("the body\n"), notes)
    message = parse_message(build_message(body=body), arrival)
    assert message.body_text == "the body"
    assert [(a.filename, a.content) for a in message.attachments] == [("n.txt", b"notes")]


def test_second_inline_text_part_is_ignored(arrival: datetime) -> None:
    body = multipart("mixed", text_part("first\n"), text_part("-- list footer\n"))
    message = parse_message(build_message(body=body), arrival)
    assert message.body_text == "first"
    assert message.attachments == []


@pytest.mark.parametrize("cte", ["7bit", "8bit", "quoted-printable", "base64", "binary"])
def test_transfer_encodings(cte: str, arrival: datetime) -> None:
    text = "Ligne accentuée : été, 100 € = cent euros\nligne 2\n"
    message = parse_message(build_message(text=text.encode("utf-8"), cte=cte), arrival)
    assert message.body_text == text


def test_crlf_and_lf_give_the_same_body(arrival: datetime) -> None:
    crlf = parse_message(build_message(text="a\nb\n", newline="\r\n"), arrival)
    lf = parse_message(build_message(text="a\nb\n", newline="\n"), arrival)
    assert crlf.body_text == lf.body_text == "a\nb\n"


def test_base64_with_garbage(arrival: datetime) -> None:
    part = Part(
        headers=[
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Transfer-Encoding", "base64"),
        ],
        body=b"Qm9u!!am91\r\nciDDoCB0\r\n*b3Vz\r\nIQ",
    )
    message = parse_message(build_message(body=part), arrival)
    assert message.body_text == "Bonjour à tous!"


def test_truncated_base64(arrival: datetime) -> None:
    part = Part(
        headers=[("Content-Type", "text/plain"), ("Content-Transfer-Encoding", "BASE64")],
        body=b"Qm9uam91cg=\r\nQ",
    )
    message = parse_message(build_message(body=part), arrival)
    assert message.body_text.startswith("Bonjour")


def test_unknown_transfer_encoding_is_kept_raw(arrival: datetime) -> None:
    part = Part(
        headers=[("Content-Type", "text/plain"), ("Content-Transfer-Encoding", "x-weird")],
        body=b"raw text\n",
    )
    message = parse_message(build_message(body=part), arrival)
    assert message.body_text == "raw text\n"
    assert "cte-unknown:x-weird" in message.defects


def test_uuencoded_body(arrival: datetime) -> None:
    part = Part(
        headers=[
            ("Content-Type", "application/octet-stream"),
            ("Content-Transfer-Encoding", "x-uuencode"),
        ],
        body=b"begin 644 a.txt\n#86)C\n`\nend\n",
    )
    message = parse_message(build_message(body=part), arrival)
    assert message.attachments[0].content == b"abc"


def test_body_without_mime_headers(arrival: datetime) -> None:
    message = parse_message(b"From: a@x.fr\nSubject: s\n\nJust text.\n", arrival)
    assert message.body_text == "Just text.\n"
    assert message.content_type == "text/plain"


def test_nul_bytes_removed_from_body(arrival: datetime) -> None:
    message = parse_message(build_message(text=b"a\x00b\n", cte="8bit"), arrival)
    assert message.body_text == "ab\n"


def test_utf7_lone_surrogate_is_replaced(arrival: datetime) -> None:
    message = parse_message(
        build_message(text=b"x +2AA- y\n", charset="utf-7", cte="7bit"), arrival
    )
    assert message.body_text == "x \ufffd y\n"
    message.body_text.encode("utf-8")


def test_body_limit(arrival: datetime) -> None:
    limits = ParseLimits(max_body_chars=10)
    message = parse_message(
        build_message(text="x" * 100, html="<p>y</p>" * 50), arrival, limits=limits
    )
    assert message.body_text == "x" * 10
    assert message.body_html == "<p>y</p><p"
    assert "body-truncated" in message.defects


def test_missing_boundary_is_read_as_text(arrival: datetime) -> None:
    raw = b"From: a@x.fr\nContent-Type: multipart/mixed\n\nsome text\n"
    message = parse_message(raw, arrival)
    assert message.body_text == "some text\n"
    assert "NoBoundaryInMultipartDefect" in message.defects


def test_unclosed_multipart(arrival: datetime) -> None:
    body = multipart("mixed", text_part("body text\n"), attachment(b"data", "f.bin"), close=False)
    message = parse_message(build_message(body=body), arrival)
    assert message.body_text == "body text"
    assert [a.content for a in message.attachments] == [b"data"]
    assert "CloseBoundaryNotFoundDefect" in message.defects


def test_part_and_depth_limits(arrival: datetime) -> None:
    many = multipart("mixed", *[text_part(f"{i}\n") for i in range(20)])
    message = parse_message(build_message(body=many), arrival, limits=ParseLimits(max_parts=5))
    assert "part-limit-exceeded" in message.defects
    assert message.body_text == "0"

    deep: Part = text_part("deep\n")
    for _ in range(10):
        deep = multipart("mixed", deep)
    limited = parse_message(build_message(body=deep), arrival, limits=ParseLimits(max_depth=3))
    assert "depth-limit-exceeded" in limited.defects
    assert limited.body_text == ""
    assert parse_message(build_message(body=deep), arrival).body_text == "deep"


def test_absurd_nesting_does_not_raise(arrival: datetime) -> None:
    raw = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i) for i in range(3000)
    )
    message = parse_message(b"Subject: deep\n" + raw + b"Content-Type: text/plain\n\nhi\n", arrival)
    assert message.subject == "deep"
    assert any(d.startswith(("mime-parse-failed", "depth-limit")) for d in message.defects)
