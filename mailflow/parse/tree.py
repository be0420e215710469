"""The MIME tree of a message, as the email package's ``compat32`` parser builds it.

The feedparser copes with anything but reads line by line in Python: a message carrying a
50 KB base64 attachment costs it about a thousand ``readline`` calls. Well-formed mail is
therefore built here directly: multipart bodies are split with ``bytes.find`` on their
boundaries (:mod:`mailflow.parse.boundaries`) and only the header blocks are read, with the
feedparser's own rules. The tree is the one the feedparser builds (same
headers, payloads, preamble and epilogue); whatever it would treat specially (a defect,
``message/*`` and ``multipart/digest`` parts, bare CR line ends, very deep or wide trees)
sends the whole message to the feedparser, so damaged mail keeps exactly its old result.
``tests/parse/test_parse_tree.py`` compares the two trees.
"""

from __future__ import annotations

import re
from email.message import Message
from email.parser import BytesParser
from email.policy import Compat32

from mailflow.parse.boundaries import split_multipart, strip_line_end
from mailflow.parse.flatten import raw_payload
from mailflow.parse.guard import guarded

__all__ = ["POLICY", "fast_tree", "parse_tree"]


class _RawHeaders(Compat32):
    """compat32, except header values with 8-bit bytes stay strings.

    compat32 turns them into ``Header`` objects whose ``str()`` replaces every 8-bit byte with
    U+FFFD, so ``get_filename()`` would lose "Frösche.txt"; kept as surrogate escapes, the
    bytes reach our own 8-bit decoding.
    """

    def header_fetch_parse(self, name: str, value: str) -> str:
        return value


POLICY = _RawHeaders()

# feedparser.headerRE without its "From " branch (a "From " line sends us to the feedparser):
# header and continuation lines, up to the first line that is neither.
_HEADER_LINES = re.compile(rb"(?:(?:[\041-\071\073-\176]*:|[\t ])[^\n]*\n?)*")
# One field: a line and its continuation lines.
_FIELD = re.compile(r"[^\n]*\n?(?:[\t ][^\n]*\n?)*")
_MULTIPART_CTE = ("7bit", "8bit", "binary")
# Far beyond real mail; past them the feedparser and the walker's limits take over.
_MAX_DEPTH = 12
_MAX_PARTS = 200


def _text(data: bytes) -> str:
    """Bytes as the email package sees them (8-bit bytes as surrogate escapes).

    One character per byte, so slices can be decoded one by one: decoding a whole message
    with 8-bit text goes byte by byte from the first such byte, a 50 KB attachment included.
    """
    return data.decode("ascii", "surrogateescape")


class _Builder:
    """Builds the tree of one message; gives up (None, False) where the feedparser differs."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.count = 0

    def headers(self, message: Message, start: int, end: int) -> int | None:
        """Read the header block at ``start`` into ``message``; where the body starts."""
        data = self.data
        match = _HEADER_LINES.match(data, start, end)
        stop = match.end() if match else start
        if stop == end:
            body = end  # headers only
        elif data[stop] == 0x0A:
            body = stop + 1
        elif data.startswith(b"\r\n", stop, end):
            body = stop + 2
        else:
            return None  # MissingHeaderBodySeparatorDefect, or a "From " line
        if stop == start:
            return body
        if data[start] in b" \t":
            return None  # FirstHeaderLineIsContinuationDefect
        for field in _FIELD.findall(_text(data[start:stop])):
            if not field:
                continue
            # As Compat32.header_source_parse, the folding line ends kept.
            name, value = field.split(":", 1)
            if not name:
                return None  # InvalidHeaderDefect: a line starting with ":"
            message.set_raw(name, value.lstrip(" \t").rstrip("\r\n"))
        return body

    def part(self, start: int, end: int, depth: int) -> tuple[Message, str] | None:
        """The message or part in ``data[start:end]``, and its content type."""
        self.count += 1
        if self.count > _MAX_PARTS:
            return None
        message = Message(policy=POLICY)
        body = self.headers(message, start, end)
        if body is None:
            return None
        content_type = message.get_content_type()
        maintype = content_type.split("/")[0]
        if maintype == "message":
            return None  # sub-messages and delivery-status blocks: the feedparser's job
        if maintype != "multipart":
            message.set_payload(_text(self.data[body:end]))
            return message, content_type
        if depth >= _MAX_DEPTH or content_type == "multipart/digest":
            return None  # digest parts default to message/rfc822
        if str(message.get("content-transfer-encoding", "8bit")).lower() not in _MULTIPART_CTE:
            return None  # InvalidMultipartContentTransferEncodingDefect
        if not self.multipart(message, body, end, depth):
            return None
        return message, content_type

    def multipart(self, message: Message, start: int, end: int, depth: int) -> bool:
        """Split the body of ``message`` into its parts; False where the feedparser differs."""
        try:
            boundary = message.get_boundary()
        except Exception:  # crafted RFC 2231 parameters: the feedparser path records it
            return False
        if not boundary or "\n" in boundary or "\r" in boundary:
            return False
        try:
            separator = boundary.encode("ascii", "surrogateescape")
        except UnicodeEncodeError:
            return False  # decoded from RFC 2231: no line of the text can match it
        split = split_multipart(self.data, start, end, separator)
        if split is None:
            return False
        if split.preamble is not None:
            message.preamble = strip_line_end(_text(self.data[slice(*split.preamble)]))
        for part_start, part_end in split.parts:
            built = self.part(part_start, part_end, depth + 1)
            if built is None:
                return False
            child, content_type = built
            # RFC 2046: the line end before a boundary belongs to the boundary.
            if content_type.startswith("multipart/"):
                epilogue = child.epilogue
                child.epilogue = strip_line_end(epilogue) if epilogue else None
            else:
                payload = raw_payload(child)
                if isinstance(payload, str):
                    child.set_payload(strip_line_end(payload))
            message.attach(child)
        message.epilogue = _text(self.data[slice(*split.epilogue)])
        return True


def fast_tree(raw: bytes) -> Message | None:
    """The feedparser's tree for well-formed mail, built without it; None otherwise."""
    if b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n"):
        return None  # bare CR ends a line for the feedparser
    built = _Builder(raw).part(0, len(raw), 0)
    return built[0] if built is not None else None


def parse_tree(raw: bytes, defects: list[str]) -> Message:
    """The MIME tree; headers only if the full parse fails (e.g. absurd nesting depth)."""
    message = fast_tree(raw)
    if message is not None:
        return message

    def full() -> Message:
        return BytesParser(policy=POLICY).parsebytes(raw)

    def headers_only() -> Message:
        return BytesParser(policy=POLICY).parsebytes(raw, headersonly=True)

    parsed = guarded(full, None, defects, "mime-parse")
    if parsed is None:
        parsed = guarded(headers_only, Message(), defects, "header-parse")
    return parsed
