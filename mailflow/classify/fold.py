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
    folded = _fold_latin1(text)
    if folded is not None:
        return folded
    spelled = _LIGATURE_RE.sub(lambda found: _LIGATURES[found.group()], text)
    # ’ and œ are often the only characters past Latin-1: try again without them.
    folded = _fold_latin1(spelled)
    return _fold_unicode(spelled) if folded is None else folded


def _fold_unicode(spelled: str) -> str:
    """``fold`` of any non-ASCII text whose ligatures are already spelled out."""
    decomposed = unicodedata.normalize("NFKD", spelled)
    return _DIACRITICS.sub("", decomposed).casefold()


def _latin1_table() -> bytes:
    """Each Latin-1 character folded (by the general code) into one Latin-1 character,
    or 0 when it folds into more (æ, ß, ½) or none: such text takes the general path."""
    table = bytearray(256)
    for code in range(1, 256):
        char = chr(code)
        folded = _fold_unicode(_LIGATURE_RE.sub(lambda found: _LIGATURES[found.group()], char))
        if len(folded) == 1 and 0 < ord(folded) < 256:
            table[code] = ord(folded)
    return bytes(table)


# Latin-1 text folds character by character: no Latin-1 character is a combining mark,
# and each one decomposes into a base character and at most one mark, so NFKD reorders
# nothing across characters. One bytes.translate then does the work of NFKD and two regex
# passes (tests compare the two paths on every Latin-1 character).
_LATIN1_FOLD = _latin1_table()


def _fold_latin1(text: str) -> str | None:
    """``fold`` of Latin-1 text through ``_LATIN1_FOLD``; None when it does not apply."""
    try:
        data = text.encode("latin-1").translate(_LATIN1_FOLD)
    except UnicodeEncodeError:
        return None
    return None if 0 in data else data.decode("latin-1")


# A word is what WORD_RE keeps; in Latin-1 that is exactly the characters str.isalnum()
# accepts. Such text is cut by bytes.translate + split, in C and several times faster.
_LATIN1_SEPARATORS = bytes(c if chr(c).isalnum() else 32 for c in range(256))


def words(folded: str) -> list[str]:
    """The words of already-folded text, in order."""
    try:
        data = folded.encode("latin-1")
    except UnicodeEncodeError:
        return WORD_RE.findall(folded)
    return data.translate(_LATIN1_SEPARATORS).decode("latin-1").split()
