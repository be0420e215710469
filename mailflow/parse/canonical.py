"""The canonical form of raw bytes used to recognise the same message arriving twice.

The same message comes back with CRLF (SMTP, IMAP) or LF (mbox, Maildir) line ends, with
``From `` lines quoted (``>From ``, mboxo) or re-quoted (``>>From ``, mboxrd), and with
trailing blank lines added or dropped. :func:`canonical_bytes` removes exactly those
differences and nothing else.
"""

from __future__ import annotations

import re

_QUOTED_FROM = re.compile(rb"^>+From ", re.MULTILINE)
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")


def canonical_bytes(raw: bytes) -> bytes:
    """``raw`` with LF line ends, ``>From `` unquoted and one final newline at most."""
    # Copies only where something changes: messages of tens of MB are keyed at intake.
    data = raw.replace(b"\r\n", b"\n")
    if b"\r" in data:
        data = data.replace(b"\r", b"\n")
    if b">From " in data:
        data = _QUOTED_FROM.sub(b"From ", data)
    # Counted, not rstrip()ed nor matched with a regex anchored at the end: that one would
    # try every position, and rstrip would copy the whole message.
    end = len(data)
    while end and data[end - 1] == 0x0A:
        end -= 1
    return data if end >= len(data) - 1 else data[: end + 1]


def split_points(raw: bytes) -> tuple[int, int]:
    """Where the header block ends and the body starts in ``raw`` (see :func:`split_header_body`)."""
    if raw.startswith(b"\r\n"):
        return 0, 2
    if raw.startswith(b"\n"):
        return 0, 1
    match = _BLANK_LINE.search(raw)
    if match is None:
        return len(raw), len(raw)
    end_of_line = match.start() + (2 if raw[match.start() : match.start() + 2] == b"\r\n" else 1)
    return end_of_line, match.end()


def split_header_body(raw: bytes) -> tuple[bytes, bytes]:
    """The header block and the body, split at the first empty line (CRLF or LF).

    The line end closing the last header stays with the headers; the empty line itself
    belongs to neither. Without an empty line, everything is header.
    """
    header_end, body_start = split_points(raw)
    return raw[:header_end], raw[body_start:]
