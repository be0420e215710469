"""Compiled matchers: many rules, one pass over the text.

* :class:`WordIndex` finds words and phrases (``stage``, ``journée d'étude``,
  ``format*``) with a dictionary keyed by the first word of each term, so the cost of a
  message grows with its length, not with the number of terms.
* :class:`RegexSet` runs regular expressions. CPython's ``re`` has no automaton that would
  make one big alternation cheaper than its parts (measured: it is slower), so each regex is
  guarded by a literal it cannot match without (``required_literal``); a substring test
  skips most regexes for most messages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from mailflow.classify.fold import fold, words

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase as folded tokens; a token ending in ``*`` matches as a prefix."""

    tokens: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Term:
        tokens: list[str] = []
        for raw in fold(text).split():
            star = raw.endswith("*")
            tokens.extend(words(raw))
            if star and tokens:
                tokens[-1] += "*"
        return cls(tuple(tokens))

    def matches_at(self, tokens: list[str], start: int, skip: int = 0) -> bool:
        """Whether the term is at ``start`` (its first ``skip`` tokens already checked)."""
        if start + len(self.tokens) > len(tokens):
            return False
        return all(
            _token_matches(self.tokens[offset], tokens[start + offset])
            for offset in range(skip, len(self.tokens))
        )


def _token_matches(want: str, got: str) -> bool:
    return got.startswith(want[:-1]) if want.endswith("*") else got == want


@dataclass(slots=True)
class WordIndex(Generic[T]):
    """Terms indexed by their first token (exact) or its prefix (``word*``)."""

    exact: dict[str, list[tuple[Term, T]]] = field(default_factory=lambda: defaultdict(list))
    prefix: dict[str, list[tuple[Term, T]]] = field(default_factory=lambda: defaultdict(list))
    prefix_lengths: set[int] = field(default_factory=set)

    def add(self, term: Term, payload: T) -> None:
        first = term.tokens[0]
        if first.endswith("*"):
            self.prefix[first[:-1]].append((term, payload))
            self.prefix_lengths.add(len(first) - 1)
        else:
            self.exact[first].append((term, payload))

    def search(self, tokens: list[str]) -> list[tuple[T, str]]:
        """(payload, matched words) for every term found in ``tokens``."""
        exact, prefix, lengths = self.exact, self.prefix, sorted(self.prefix_lengths)
        found: list[tuple[T, str]] = []
        for start, token in enumerate(tokens):
            # The dictionary key already matched the first token: verify the rest only.
            candidates = exact.get(token)
            if candidates is not None:
                _verify(candidates, tokens, start, found)
            for length in lengths:
                if length > len(token):
                    break
                candidates = prefix.get(token[:length])
                if candidates is not None:
                    _verify(candidates, tokens, start, found)
        return found


def _verify(
    candidates: list[tuple[Term, T]], tokens: list[str], start: int, found: list[tuple[T, str]]
) -> None:
    for term, payload in candidates:
        if len(term.tokens) == 1:
            found.append((payload, tokens[start]))
        elif term.matches_at(tokens, start, skip=1):
            found.append((payload, " ".join(tokens[start : start + len(term.tokens)])))


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

    def add(self, pattern: str, payload: T) -> None:
        self.entries.append((required_literal(pattern), compile_regex(pattern), payload))

    def search(self, text: str) -> Iterator[tuple[T, str]]:
        for literal, compiled, payload in self.entries:
            if literal is not None and literal not in text:
                continue
            found = compiled.search(text)
            if found is not None:
                yield payload, found.group(0)
