"""Subjects as threading sees them: reply prefixes, reference tags, a comparable key."""

from __future__ import annotations

import re
import unicodedata

# Reply and forward prefixes of common mail clients, in the languages partners write in:
# Re, Fw/Fwd, TR (transféré), AW/WG (German), SV/VS (Nordic), Antw, RV/ENC (Spanish,
# Portuguese), R/RIF (Italian), Réf./Ref., optionally numbered ("Re[2]:", "RE (2):").
_PREFIX = re.compile(
    r"^\s*(?:re|fwd?|tr|trans|aw|wg|sv|vs|antw|doorst|rv|enc|res|r|rif|i|ref|réf|odp|vb)"
    r"\s*(?:\[\d+\]|\(\d+\))?\s*\.?\s*:\s*",
    re.IGNORECASE,
)
_TAG = re.compile(r"\[\s*([A-Z][A-Z0-9]{1,15})-(\d{4})-(\d{3,7})\s*\]")
_SPACES = re.compile(r"\s+")
_PUNCT_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


def format_reference(prefix: str, year: int, number: int) -> str:
    """``COOP-2026-00042``: the reference of a thread (without brackets)."""
    return f"{prefix}-{year}-{number:05d}"


def reference_tags(subject: str, prefix: str) -> list[str]:
    """References of ours (``[COOP-2026-00042]``) found in a subject, in order."""
    return [
        format_reference(match.group(1), int(match.group(2)), int(match.group(3)))
        for match in _TAG.finditer(subject)
        if match.group(1) == prefix
    ]


def strip_prefixes(subject: str) -> tuple[str, bool]:
    """The subject without leading reply/forward prefixes and tags; whether any was there."""
    rest, had_prefix = subject, False
    while True:
        stripped = _TAG.sub("", rest, count=1) if rest.lstrip().startswith("[") else rest
        match = _PREFIX.match(stripped)
        if match:
            rest, had_prefix = stripped[match.end() :], True
        elif stripped != rest:
            rest = stripped
        else:
            return rest.strip(), had_prefix


def subject_key(subject: str) -> str:
    """A key equal for a subject and the replies to it: no prefixes, tags, case, accents."""
    base, _ = strip_prefixes(_TAG.sub(" ", subject))
    folded = unicodedata.normalize("NFKD", base.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = _SPACES.sub(" ", folded)
    return _PUNCT_EDGES.sub("", folded)[:255]


def is_reply_subject(subject: str) -> bool:
    return strip_prefixes(subject)[1]
