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
    data = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if b">From " in data:
        data = _QUOTED_FROM.sub(b"From ", data)
    # rstrip, not a regex anchored at the end: that one would try every position.
    stripped = data.rstrip(b"\n")
    return stripped + b"\n" if len(stripped) != len(data) else data


def split_header_body(raw: bytes) -> tuple[bytes, bytes]:
    """The header block and the body, split at the first empty line (CRLF or LF).

    The line end closing the last header stays with the headers; the empty line itself
    belongs to neither. Without an empty line, everything is header.
    """
    if raw.startswith((b"\r\n", b"\n")):
        return b"", raw[2:] if raw.startswith(b"\r\n") else raw[1:]
    match = _BLANK_LINE.search(raw)
    if match is None:
        return raw, b""
    end_of_line = match.start() + (2 if raw[match.start() : match.start() + 2] == b"\r\n" else 1)
    return raw[:end_of_line], raw[match.end() :]
