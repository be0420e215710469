"""Attachments: which parts, decoded names (RFC 2231, RFC 2047, 8-bit), sanitising, content."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest

from mailflow.parse import ParseLimits, parse_message
from mailflow.parse.filename import sanitise_filename
from tests.mailbuilder import Part, attachment, build_message, multipart, text_part
from tests.parse.corpus import DEV, require_corpus

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 200


def _attachments(arrival: datetime, *parts: Part) -> tuple[list[tuple[str, str]], list[str]]:
    message = parse_message(build_message(text="Bonjour", attachments=parts), arrival)
    return [(a.filename, a.content_type) for a in message.attachments], message.defects


def test_content_size_and_hash(arrival: datetime) -> None:
    message = parse_message(
        build_message(attachments=[attachment(PDF, "doc.pdf", "Application/PDF")]), arrival
    )
    [pdf] = message.attachments
    assert pdf.content == PDF
    assert pdf.size == len(PDF)
    assert pdf.sha256 == hashlib.sha256(PDF).hexdigest()
    assert pdf.content_type == "application/pdf"
    assert pdf.disposition == "attachment"
    assert message.body_text.startswith("Hello")


@pytest.mark.parametrize("style", ["rfc2231", "rfc2231-split", "rfc2047", "plain"])
def test_non_ascii_filename_styles(style: str, arrival: datetime) -> None:
    name = "Convention-cadre Agence–Bpi (projet n°2) été.pdf"
    found, _ = _attachments(arrival, attachment(PDF, name, "application/pdf", filename_style=style))
    assert found == [(name, "application/pdf")]


def test_name_from_content_type_only(arrival: datetime) -> None:
    found, _ = _attachments(arrival, attachment(PDF, "only-name.pdf", disposition=None))
    assert found == [("only-name.pdf", "application/octet-stream")]


def test_raw_8bit_filename(arrival: datetime) -> None:
    part = Part(
        headers=[
            ("Content-Type", "application/octet-stream"),
            ("Content-Disposition", b'attachment; filename="r\xe9sum\xe9.txt"'),
        ],
        body=b"data\n",
    )
    found, _ = _attachments(arrival, part)
    assert found == [("résumé.txt", "application/octet-stream")]


def test_nameless_non_text_leaf_is_an_attachment(arrival: datetime) -> None:
    found, _ = _attachments(arrival, attachment(b"\x89PNG", None, "image/png", disposition=None))
    assert found == [("", "image/png")]


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\TEMP\\report.doc", "report.doc"),
        ("/abs/path/x.pdf", "x.pdf"),
        ("..", ""),
        (".hidden", "hidden"),
        ("nul\x00byte.txt", "nulbyte.txt"),
        ("invoice\u202egnp.exe", "invoicegnp.exe"),
        ("zero\u200bwidth.txt", "zerowidth.txt"),
        ("tab\tname.txt", "tab\tname.txt"),
        ("normal name.pdf", "normal name.pdf"),
    ],
)
def test_sanitise_filename(name: str, safe: str) -> None:
    assert sanitise_filename(name) == safe


def test_long_filename_keeps_its_extension() -> None:
    safe = sanitise_filename("a" * 400 + ".pdf")
    assert len(safe) == 255
    assert safe.endswith(".pdf")
    assert len(sanitise_filename("b" * 400)) == 255


def test_sanitised_filename_records_the_original(arrival: datetime) -> None:
    found, defects = _attachments(
        arrival, attachment(PDF, "../../evil.pdf", "application/pdf", filename_style="plain")
    )
    assert found == [("evil.pdf", "application/pdf")]
    assert "filename-sanitised:'../../evil.pdf'" in defects


def test_rfc2231_filename_with_unknown_charset(arrival: datetime) -> None:
    part = Part(
        headers=[
            ("Content-Type", "application/octet-stream"),
            ("Content-Disposition", "attachment; filename*=x-unknown''caf%E9.txt"),
        ],
        body=b"x",
    )
    found, _ = _attachments(arrival, part)
    assert len(found) == 1
    assert found[0][0].startswith("caf")


def test_attachment_limit(arrival: datetime) -> None:
    parts = [attachment(b"x", f"f{i}.bin") for i in range(10)]
    message = parse_message(
        build_message(attachments=parts), arrival, limits=ParseLimits(max_attachments=3)
    )
    assert [a.filename for a in message.attachments] == ["f0.bin", "f1.bin", "f2.bin"]
    assert "attachment-limit-exceeded" in message.defects


def test_inline_text_with_filename_is_an_attachment(arrival: datetime) -> None:
    named = text_part("a,b\n1,2\n", "csv", extra_params='; name="data.csv"')
    body = multipart("mixed", text_part("see the data"), named)
    message = parse_message(build_message(body=body), arrival)
    assert [(a.filename, a.content_type) for a in message.attachments] == [("data.csv", "text/csv")]
    assert message.body_text == "see the data"


@pytest.mark.corpus
def test_dev_corpus_rfc2231_continuation(arrival: datetime) -> None:
    message = parse_message((require_corpus(DEV) / "031.eml").read_bytes(), arrival)
    [pdf] = message.attachments
    assert pdf.filename == "Convention-cadre Agence–Bpi (projet n°2).pdf"
    assert pdf.content.startswith(b"%PDF-1.7")
