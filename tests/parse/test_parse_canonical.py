"""canonical_bytes and split_header_body."""

from __future__ import annotations

import pytest

from mailflow.parse import canonical_bytes, split_header_body


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a\r\nb\r\n", b"a\nb\n"),
        (b"a\rb\r", b"a\nb\n"),
        (b"a\r\n\r\nb\n\n\n\n", b"a\n\nb\n"),
        (b"a\nb", b"a\nb"),
        (b"x\n>From me\n>>From you\nFrom them\n", b"x\nFrom me\nFrom you\nFrom them\n"),
        (b"x\n a >From not at line start\n", b"x\n a >From not at line start\n"),
        (b">From first line\r\n", b"From first line\n"),
        (b"", b""),
        (b"\n\n", b"\n"),
    ],
)
def test_canonical_bytes(raw: bytes, expected: bytes) -> None:
    assert canonical_bytes(raw) == expected


def test_canonical_bytes_makes_crlf_mbox_and_lf_copies_equal() -> None:
    wire = b"Subject: x\r\n\r\nFrom here\r\nbody\r\n"
    mbox = b"Subject: x\n\n>From here\nbody\n\n"
    assert canonical_bytes(wire) == canonical_bytes(mbox)


def test_canonical_bytes_is_idempotent() -> None:
    raw = b"a\r\n>>From x\r\r\n\n"
    assert canonical_bytes(canonical_bytes(raw)) == canonical_bytes(raw)


@pytest.mark.parametrize(
    ("raw", "header", "body"),
    [
        (b"A: 1\r\nB: 2\r\n\r\nbody\r\n", b"A: 1\r\nB: 2\r\n", b"body\r\n"),
        (b"A: 1\nB: 2\n\nbody\n\nmore", b"A: 1\nB: 2\n", b"body\n\nmore"),
        (b"A: 1\n", b"A: 1\n", b""),
        (b"\r\nbody", b"", b"body"),
        (b"\nbody", b"", b"body"),
        (b"A: 1\n\r\nbody", b"A: 1\n", b"body"),
        (b"", b"", b""),
    ],
)
def test_split_header_body(raw: bytes, header: bytes, body: bytes) -> None:
    assert split_header_body(raw) == (header, body)
