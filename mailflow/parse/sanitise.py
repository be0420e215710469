"""Text cleaning shared by headers, bodies and defects: what later stages must never see.

Control characters break logs and terminals, bidi overrides make a name read differently from
what it is, NUL bytes are refused by PostgreSQL, and lone surrogates (UTF-7 can produce them)
cannot be encoded as UTF-8 at all.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL except tab, and the bidirectional embeddings/overrides/isolates.
_CONTROLS: dict[int, int | None] = dict.fromkeys(
    [*range(0x00, 0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0)]
)
_CONTROLS.update(dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
_CONTROLS.update(dict.fromkeys(range(0xD800, 0xE000), 0xFFFD))
_SURROGATE = re.compile("[\ud800-\udfff]")


def strip_controls(text: str) -> str:
    """``text`` without control characters (tab kept) or bidi controls; surrogates replaced."""
    # Every character translated is non-printable, and translate() is slow per character.
    return text if text.isprintable() else text.translate(_CONTROLS)


def clean_body(text: str) -> str:
    """A body as stored: LF line ends, no NUL, no lone surrogate."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    return _SURROGATE.sub("\ufffd", text)


def detail(value: str, max_chars: int = 40) -> str:
    """``value`` made safe to put in a defect string: ASCII, escaped, short."""
    return value[:max_chars].encode("ascii", "backslashreplace").decode("ascii")
