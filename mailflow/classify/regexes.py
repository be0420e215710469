"""Maintainers' regexes: compiled for folded text, and guarded by a literal they need.

CPython's ``re`` has no automaton that would make one big alternation cheaper than its
parts (measured: it is slower), so each regex is guarded by a literal it cannot match
without (``required_literal``); a substring test skips most regexes for most messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import compress
from operator import and_
from typing import Generic, TypeVar

from mailflow.classify.fold import fold

T = TypeVar("T")


def compile_regex(pattern: str) -> re.Pattern[str]:
    """Compile a maintainer's regex for folded text (raises ``re.error``)."""
    return re.compile(fold_regex(pattern), re.IGNORECASE | re.MULTILINE)


def fold_regex(pattern: str) -> str:
    """Fold the non-ASCII letters of a regex (its syntax is ASCII, so it is left alone)."""
    return "".join(ch if ch.isascii() else fold(ch) for ch in pattern)


def required_literal(pattern: str) -> str | None:
    """A lower-case literal that every match of ``pattern`` contains, or None.

    A light scan, deliberately conservative: only text outside groups and classes counts,
    any ``|`` gives up, and a character followed by ``?``, ``*`` or ``{`` is dropped.
    """
    best, run, depth, i = "", "", 0, 0
    while i < len(pattern):
        char, i = pattern[i], i + 1
        if char == "\\" and i < len(pattern) and not pattern[i].isalnum():
            char, i = pattern[i], i + 1  # an escaped punctuation mark is a literal
        elif char == "\\" or char in ".^$[()|?*{+":
            if char == "|" and depth == 0:
                return None
            depth += {"(": 1, ")": -1}.get(char, 0)
            if char in "?*{":
                run = run[:-1]
            i = _skip_syntax(pattern, i, char)
            best, run = max(best, run, key=len), ""
            continue
        if depth == 0:
            run += char
    best = fold_regex(max(best, run, key=len)).lower()
    return best if len(best) >= 3 else None


def _skip_syntax(pattern: str, i: int, char: str) -> int:
    """Skip what follows a syntax character: an escape letter, a class, a repeat count."""
    if char == "\\":
        return i + 1
    closing = {"[": "]", "{": "}"}.get(char)
    if closing is None:
        return i
    if char == "[" and pattern[i : i + 1] in ("]", "^"):
        i += 2 if pattern[i : i + 2] == "^]" else 1
    while i < len(pattern) and pattern[i] != closing:
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


@dataclass(slots=True)
class RegexSet(Generic[T]):
    """Regexes guarded by a required literal, so most are skipped with a substring test."""

    entries: list[tuple[str | None, re.Pattern[str], T]] = field(default_factory=list)
    # The same, split for search(). "" (found in any text) stands for no literal, and in
    # _in_words / _in_text for a literal looked for in the other one.
    _literals: list[str] = field(default_factory=list, repr=False, compare=False)
    _in_words: list[str] = field(default_factory=list, repr=False, compare=False)
    _in_text: list[str] = field(default_factory=list, repr=False, compare=False)
    _regexes: list[tuple[re.Pattern[str], T]] = field(
        default_factory=list, repr=False, compare=False
    )

    def add(self, pattern: str, payload: T) -> None:
        literal, compiled = required_literal(pattern), compile_regex(pattern)
        self.entries.append((literal, compiled, payload))
        literal = literal or ""
        # Letters and digits only: inside one word, so it can be looked for in the words.
        one_word = literal.isalnum()
        self._literals.append(literal)
        self._in_words.append(literal if one_word else "")
        self._in_text.append("" if one_word else literal)
        self._regexes.append((compiled, payload))

    def search(self, text: str, words: str | None = None) -> Iterator[tuple[T, str]]:
        """(payload, matched text) of each regex found in ``text``, in the order added.

        ``words``: the distinct words of ``text`` joined by ``"\\n"``, often much shorter
        than the text, for the literals that are one word.
        """
        # The substring tests run in C (map + compress): no Python step per skipped regex.
        if words is None:
            present = map(text.__contains__, self._literals)
        else:
            in_words = map(words.__contains__, self._in_words)
            present = map(and_, in_words, map(text.__contains__, self._in_text))
        for compiled, payload in compress(self._regexes, present):
            found = compiled.search(text)
            if found is not None:
                yield payload, found.group(0)
