"""Text folding: the one normal form every rule and every message is matched in.

``fold("Œuvre DÉPARTEMENTALE")`` → ``"oeuvre departementale"``: Unicode NFKD, combining
marks dropped, the ligatures NFKD leaves alone (œ, æ, ß, ø, ł, đ) spelled out, then casefold.
Letters keep their position in a line (one letter may become two), which is all the
signature code needs.
"""

from __future__ import annotations

import re
import unicodedata

# NFKD does not decompose these; spell them the way French and English writers would.
_LIGATURES = {
    "œ": "oe",
    "Œ": "oe",
    "æ": "ae",
    "Æ": "ae",
    "ß": "ss",
    "ø": "o",
    "Ø": "o",
    "ł": "l",
    "Ł": "l",
    "đ": "d",
    "Đ": "d",
    "ı": "i",
    "’": "'",
    "‘": "'",
    "`": "'",
}

# A word is a run of letters or digits; apostrophes, hyphens and dots separate words,
# so "l'Enssib" gives "l", "enssib" and "e-book" gives "e", "book".
WORD_RE = re.compile(r"[^\W_]+")


_LIGATURE_RE = re.compile("|".join(map(re.escape, _LIGATURES)))

# The combining diacritical marks (accents, cedillas...) of Latin, Greek and Cyrillic.
# Marks of other scripts (Arabic vowels, Indic vowel signs) are part of their words: kept.
_DIACRITICS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold(text: str) -> str:
    """Lower-case, accent-free, ligature-free form of ``text``."""
    if text.isascii():
        return text.casefold()
    spelled = _LIGATURE_RE.sub(lambda found: _LIGATURES[found.group()], text)
    decomposed = unicodedata.normalize("NFKD", spelled)
    return _DIACRITICS.sub("", decomposed).casefold()


def words(folded: str) -> list[str]:
    """The words of already-folded text, in order."""
    return WORD_RE.findall(folded)
