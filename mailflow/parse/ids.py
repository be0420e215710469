"""Message-ID, In-Reply-To and References values to bare ids (no angle brackets)."""

from __future__ import annotations

import re

_BRACKETED = re.compile(r"<([^<>]*)>")
_BAD_ID_CHARS = re.compile(r"[\s\x00-\x1f\x7f<>]")


def _clean(candidate: str, max_chars: int) -> str | None:
    candidate = candidate.strip()
    if not candidate or len(candidate) > max_chars or _BAD_ID_CHARS.search(candidate):
        return None
    return candidate


def parse_message_id(value: str | None, max_chars: int, defects: list[str]) -> str | None:
    """The Message-ID without brackets, or None (with a defect) when missing or unusable."""
    if value is None or not value.strip():
        defects.append("message-id-missing")
        return None
    match = _BRACKETED.search(value)
    candidate = match.group(1) if match else value.strip()
    message_id = _clean(candidate, max_chars)
    if message_id is None:
        defects.append("message-id-invalid")
    return message_id


def parse_id_list(value: str, max_chars: int) -> list[str]:
    """The ids in an In-Reply-To or References value, deduplicated in order.

    Bracketed ids when there are any (the comments and phrases around them are dropped),
    else the whitespace-separated words that look like ids (contain ``@``).
    """
    candidates = _BRACKETED.findall(value)
    if not candidates:
        candidates = [word for word in value.split() if "@" in word]
    ids: dict[str, None] = {}
    for candidate in candidates:
        cleaned = _clean(candidate, max_chars)
        if cleaned is not None:
            ids.setdefault(cleaned, None)
    return list(ids)
