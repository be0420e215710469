"""People's names as a greeting shows them: "DUPONT Jean" → "Jean Dupont"."""

from __future__ import annotations

import re

# Display names that are a service or a mailbox, not a person: no "Bonjour Médiathèque".
_NOT_A_PERSON = re.compile(
    r"\b(?:biblioth[eè]que|m[ée]diath[eè]que|library|service|direction|contact|info|accueil"
    r"|secr[ée]tariat|team|[ée]quipe|mairie|association|agence|r[ée]seau|no-?reply)\b",
    re.IGNORECASE,
)
_PARTICLES = frozenset({"de", "du", "des", "la", "le", "d'", "van", "von", "der", "da", "di"})


def person_name(display_name: str) -> str:
    """The name to greet, in usual case and order; "" when it is not a person's name."""
    name = " ".join(display_name.replace('"', " ").split())
    if not name or "@" in name or _NOT_A_PERSON.search(name):
        return ""
    if "," in name:  # "Dupont, Jean"
        last, _, first = name.partition(",")
        name = f"{first.strip()} {last.strip()}".strip()
    words = name.split(" ")
    if len(words) > 1 and _shouted(words[0]) and not all(_shouted(w) for w in words):
        words = [*words[1:], words[0]]  # "DUPONT Jean": surname first, in capitals
    return " ".join(_word_case(w, i) for i, w in enumerate(words))


def _shouted(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _word_case(word: str, position: int) -> str:
    if not _shouted(word):
        return word
    lower = word.lower()
    if position > 0 and lower in _PARTICLES:
        return lower
    return "-".join(part[:1].upper() + part[1:] for part in lower.split("-"))
