"""Split a multipart body at its boundary lines (RFC 2046), the way the email package does.

The rules are those of ``email.feedparser`` (compat32), so that a tree built from this split
equals the one the feedparser builds:

* a boundary line starts a line with ``--boundary``, then optionally ``--`` (the close
  delimiter), spaces or tabs, and the line end; ``--boundaryX`` is body text;
* the line end before a boundary line belongs to the boundary (the caller strips it from
  the part before);
* the preamble is the text before the first boundary line, None when there is none;
* the epilogue is everything after the close delimiter line (further boundary lines too).

Whatever the feedparser treats as damage (no start boundary, no close delimiter, a close
delimiter first, two boundary lines in a row) gives None: the caller then leaves the
message to the feedparser. The email package works on the bytes decoded as ASCII with
surrogate escapes, one character per byte, so positions in the bytes are positions in its
text; line ends are LF or CRLF only (the caller refuses bare CR).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Split:
    """Where the parts of one multipart body are: ``data[start:end]`` for each part."""

    preamble: tuple[int, int] | None
    parts: list[tuple[int, int]]
    epilogue: tuple[int, int]


def strip_line_end(text: str) -> str:
    """``text`` without one final CRLF or LF (the one that belongs to the next boundary)."""
    if text.endswith("\r\n"):
        return text[:-2]
    return text[:-1] if text.endswith("\n") else text


def boundary_lines(
    data: bytes, start: int, end: int, separator: bytes
) -> Iterator[tuple[int, int, bool]]:
    """(line start, next line start, is close delimiter) of each boundary line in the span."""
    width = len(separator)
    position = start
    while position < end:
        found = data.find(separator, position, end)
        if found < 0:
            return
        newline = data.find(b"\n", found + width, end)
        line_end = end if newline < 0 else newline + 1
        if found == start or data[found - 1] == 0x0A:
            rest = data[found + width : line_end].rstrip(b"\r\n").rstrip(b" \t")
            if not rest or rest == b"--":
                yield found, line_end, rest == b"--"
        # A boundary line starts a line: nothing further on this one can.
        position = line_end


def split_multipart(data: bytes, start: int, end: int, boundary: bytes) -> Split | None:
    """The parts of the multipart body ``data[start:end]``, or None when it is damaged.

    The preamble span keeps its last line end (it belongs to the first boundary: strip it).
    """
    parts: list[tuple[int, int]] = []
    preamble: tuple[int, int] | None = None
    part_start = -1
    for line_start, line_end, close in boundary_lines(data, start, end, b"--" + boundary):
        if part_start < 0:
            if close:
                return None  # a close delimiter before any part: no start boundary
            if line_start > start:
                preamble = (start, line_start)
        elif line_start == part_start:
            return None  # the feedparser skips repeated boundary lines: leave it that case
        else:
            parts.append((part_start, line_start))
        if close:
            return Split(preamble, parts, (line_end, end))
        part_start = line_end
    return None  # no boundary at all, or no close delimiter
