"""Header values to text: unfolding, RFC 2047 encoded words, raw 8-bit bytes, control characters.

The email package hands values over as ``str`` whose non-ASCII bytes are lone surrogates
(``surrogateescape``). Encoded words are decoded here rather than with
:func:`email.header.decode_header`, which keeps the whitespace between adjacent encoded words
in some paths and raises on some broken ones: adjacent words of the same charset are joined
*as bytes* before decoding, so a character split across two words (as Thunderbird folds
them) comes out whole; a word that cannot be decoded stays as written.
"""

from __future__ import annotations

import base64
import binascii
import re

from mailflow.parse.charset import decode_8bit, normalise_charset
from mailflow.parse.sanitise import detail, strip_controls

_ENCODED_WORD = re.compile(r"=\?([^?\s*]+)(?:\*[^?\s]*)?\?([QqBb])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"[ \t]*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_Q_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")
_BROKEN_Q_ESCAPE = re.compile(rb"=(?![0-9A-Fa-f]{2})")


def raw_to_text(value: str) -> str:
    """A surrogate-escaped value from the email package as text (8-bit bytes decoded)."""
    if value.isascii():
        return value
    try:
        data = value.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        # Already real text (not from bytes): keep it.
        return value
    return decode_8bit(data)


def unfold(value: str) -> str:
    """Remove the line breaks of folding (the whitespace after them stays)."""
    return _LINE_BREAK.sub("", value) if ("\n" in value or "\r" in value) else value


def _q_decode(data: bytes) -> bytes:
    """The bytes of a Q-encoded word: ``_`` is a space, ``=XX`` a byte, any other ``=`` kept."""
    if _BROKEN_Q_ESCAPE.search(data) is None:
        # Every "=" starts an escape: binascii (in C) decodes exactly that.
        return binascii.a2b_qp(data, header=True)
    data = data.replace(b"_", b" ")
    return _Q_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)


def _word_bytes(charset: str, encoding: str, payload: str) -> bytes | None:
    try:
        data = payload.encode("ascii")
    except UnicodeEncodeError:
        if encoding not in "Qq":
            return None
        # Raw 8-bit bytes inside a Q word (invalid, seen in the wild): they were decoded
        # already; encode them back with the word's charset to rejoin its escapes.
        try:
            data = payload.encode(normalise_charset(charset) or "utf-8")
        except (UnicodeError, LookupError, ValueError):
            return None
    if encoding in "Qq":
        return _q_decode(data)
    data = data.rstrip(b"=")
    data += b"=" * (-len(data) % 4)
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return None


def _decode_run(charset: str, data: bytes, defects: list[str] | None) -> str:
    codec = normalise_charset(charset)
    if codec is None:
        if defects is not None:
            defects.append(f"charset-unknown:{detail(charset)}")
        return decode_8bit(data)
    try:
        return data.decode(codec)
    except (UnicodeError, LookupError, ValueError):
        if defects is not None:
            defects.append(f"header-charset-mismatch:{codec}")
        return decode_8bit(data)


def decode_words(value: str, defects: list[str] | None = None) -> str:
    """Decode the RFC 2047 encoded words in an unfolded value; other text is kept as is."""
    if "=?" not in value:
        return value
    out: list[str] = []
    run_charset: str | None = None
    run: list[bytes] = []
    position = 0

    def flush() -> None:
        nonlocal run_charset
        if run_charset is not None:
            out.append(_decode_run(run_charset, b"".join(run), defects))
            run.clear()
            run_charset = None

    for match in _ENCODED_WORD.finditer(value):
        charset, encoding, payload = match.groups()
        data = _word_bytes(charset, encoding, payload)
        gap = value[position : match.start()]
        if data is None:
            if defects is not None:
                defects.append("encoded-word-invalid")
            flush()
            out.append(gap + match.group(0))
        else:
            adjacent = run_charset is not None and _BETWEEN_WORDS.fullmatch(gap) is not None
            if not adjacent:
                flush()
                out.append(gap)
            if run_charset is not None and run_charset.lower() != charset.lower():
                flush()
            run_charset = charset
            run.append(data)
        position = match.end()
    flush()
    out.append(value[position:])
    return "".join(out)


def decode_value(raw: str, defects: list[str] | None = None) -> str:
    """A header value as clean text: unfolded, 8-bit and encoded words decoded, no controls."""
    if raw.isascii() and raw.isprintable() and "=?" not in raw:
        return raw.strip()  # the common case: no line break, 8-bit byte, encoded word or control
    text = decode_words(raw_to_text(unfold(raw)), defects)
    return strip_controls(text).strip()
