"""Bytes to text with the charset a part declares, repaired when it lies.

Order, cheapest first (charset detection is slow, so the common case never reaches it):

1. ASCII bytes are ASCII whatever the label says.
2. Labels for single-byte Western charsets (``us-ascii``, ``iso-8859-1``, ``windows-1252``,
   missing...): bytes that are valid UTF-8 are UTF-8 (mislabelled mail is common, Latin-1
   text that happens to be valid UTF-8 is not); otherwise ``windows-1252``, which is what
   senders mean by Latin-1 (its 0x80-0x9f are quotes, dashes, the euro sign).
3. Any other known label: used when the bytes decode strictly with it.
4. Otherwise ``charset_normalizer`` on a sample, then UTF-8 with replacement characters.

Every repair adds a defect (``charset-unknown:<label>``, ``charset-mismatch:<label>``,
``charset-undetected``).
"""

from __future__ import annotations

import codecs
from functools import lru_cache

import charset_normalizer

from mailflow.parse.limits import DEFAULT_LIMITS, ParseLimits
from mailflow.parse.sanitise import detail

# Single-byte Western labels, and what to decode with when the bytes are not UTF-8.
_WESTERN = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "unknown-8bit": "cp1252",
    "cp1252": "cp1252",
    "iso8859-15": "iso8859-15",
}
# Labels whose strict codec is narrower than what senders actually produce.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "tis-620": "cp874",
    "big5": "big5hkscs",
}
# Codecs that exist but are not charsets, or raise on bytes in ways mail should not reach.
# Charsets whose encoded text can be pure ASCII bytes that mean something else.
_NOT_ASCII_COMPATIBLE = frozenset(
    {"utf-7", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
)
_REFUSED = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined"})


@lru_cache(maxsize=256)
def normalise_charset(label: str) -> str | None:
    """Python's codec name for a MIME charset label, or None when unknown or refused."""
    cleaned = label.strip().strip("\"'").lower()
    if cleaned in ("unknown-8bit", "x-unknown", "8bit", "default", ""):
        return "unknown-8bit"
    if cleaned == "iso-8859-8-i":
        return "iso8859-8"
    try:
        info = codecs.lookup(cleaned)
    except (LookupError, ValueError):
        return None
    name = info.name
    # Bytes-to-bytes codecs (base64, zlib, rot13...) are not charsets.
    if name in _REFUSED or not getattr(info, "_is_text_encoding", True):
        return None
    return _SUPERSETS.get(name, name)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeError, LookupError, ValueError):
        return None


def _western(data: bytes, fallback: str = "cp1252") -> str:
    text = _strict(data, "utf-8")
    if text is not None:
        return text
    # cp1252 leaves five bytes undefined; latin-1 maps them and never fails.
    text = _strict(data, fallback)
    return text if text is not None else data.decode("latin-1")


def detect(data: bytes, limits: ParseLimits = DEFAULT_LIMITS) -> str | None:
    """The codec charset_normalizer finds for ``data`` (a sample of it), or None."""
    match = charset_normalizer.from_bytes(data[: limits.detect_sample_bytes]).best()
    return None if match is None else normalise_charset(match.encoding)


def decode_text(
    data: bytes,
    label: str | None,
    defects: list[str],
    limits: ParseLimits = DEFAULT_LIMITS,
) -> str:
    """``data`` as text, following the order in the module docstring."""
    codec = normalise_charset(label) if label else "ascii"
    if data.isascii() and codec not in _NOT_ASCII_COMPATIBLE:
        return data.decode("ascii")
    if codec is None:
        defects.append(f"charset-unknown:{detail(label or '')}")
        return _without_label(data, defects, limits)
    if codec in _WESTERN:
        return _western(data, _WESTERN[codec])
    text = _strict(data, codec)
    if text is not None:
        return text
    defects.append(f"charset-mismatch:{codec}")
    return _without_label(data, defects, limits)


def _without_label(data: bytes, defects: list[str], limits: ParseLimits) -> str:
    text = _strict(data, "utf-8")
    if text is not None:
        return text
    detected = detect(data, limits)
    if detected is not None:
        text = _strict(data, detected)
        if text is not None:
            return text
    defects.append("charset-undetected")
    return data.decode("utf-8", errors="replace")


def decode_8bit(data: bytes) -> str:
    """Raw 8-bit header bytes: UTF-8 when valid, else windows-1252."""
    return data.decode("ascii") if data.isascii() else _western(data)
