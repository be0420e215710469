"""Attachment file names: decoded (RFC 2231, RFC 2047, raw 8-bit) and made safe to store."""

from __future__ import annotations

import re

from mailflow.parse.headers import decode_words, raw_to_text, unfold
from mailflow.parse.sanitise import strip_controls

_PATH_SEPARATORS = re.compile(r"[/\\]")
# Zero-width and direction marks also disguise extensions ("invoice\u202egnp.exe").
_INVISIBLE = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF])


def decode_filename(raw: str, defects: list[str]) -> str:
    """A file name as the email package returns it (RFC 2231 done) to text."""
    return decode_words(raw_to_text(unfold(raw)), defects).strip()


def sanitise_filename(name: str, max_chars: int = 255) -> str:
    """The last path component of ``name``, without controls, bidi marks or a leading dot run.

    Too long names are cut in the middle of the stem so the extension survives.
    """
    cleaned = strip_controls(name).translate(_INVISIBLE)
    cleaned = _PATH_SEPARATORS.split(cleaned)[-1].strip().lstrip(".").strip()
    if len(cleaned) > max_chars:
        stem, dot, extension = cleaned.rpartition(".")
        if dot and 0 < len(extension) <= 16:
            cleaned = stem[: max_chars - len(extension) - 1] + "." + extension
        else:
            cleaned = cleaned[:max_chars]
    return cleaned


def safe_filename(raw: str | None, defects: list[str], max_chars: int = 255) -> str:
    """The stored name for an attachment; ``""`` when it has none.

    A changed name leaves a ``filename-sanitised:<original>`` defect (original shown escaped).
    """
    if raw is None:
        return ""
    decoded = decode_filename(raw, defects)
    safe = sanitise_filename(decoded, max_chars)
    if safe != decoded:
        defects.append(f"filename-sanitised:{decoded[:200]!r}")
    return safe
