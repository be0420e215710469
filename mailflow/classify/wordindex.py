"""Words and phrases of many rules found with set operations instead of a loop per word.

Terms are keyed by their first word (exact) or its prefix (``word*``). The distinct words
of a message meet the exact keys in one set intersection, and the prefixes in one regex
over the distinct words; both run in C. Only these candidates, a handful per message,
are then located and checked in Python, so the cost hardly grows with the number of terms.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Generic, TypeVar

from mailflow.classify.terms import Term

T = TypeVar("T")
_PLACE, _PAIR = itemgetter(0), itemgetter(1)
Entries = list[tuple[Term, T]]
# A term ready to check where its first word is: (payload, number of words, the other
# words, the same joined by spaces, a regex for them when one of them is a prefix, and
# the other words that must be whole words of the text).
Check = tuple[T, int, list[str], str, "re.Pattern[str] | None", frozenset[str]]


def _check(term: Term, payload: T) -> Check[T]:
    rest = list(term.tokens[1:])
    whole = frozenset(token for token in rest if not token.endswith("*"))
    if len(whole) == len(set(rest)):
        return payload, len(term.tokens), rest, " ".join(rest), None, whole
    parts = [re.escape(t[:-1]) + "[^ ]*" if t.endswith("*") else re.escape(t) for t in rest]
    # Matched on the words joined by spaces, the last one ending at a space.
    return payload, len(term.tokens), rest, "", re.compile(" ".join(parts) + "(?= )"), whole


@dataclass(slots=True)
class _Compiled(Generic[T]):
    """``exact``: word → its terms. ``chains``: prefix → the terms of it and of every
    shorter listed prefix it starts with, shortest first. ``prefix_re`` finds, on a line
    of its own, a word starting with a prefix: (longest such prefix, rest of the word)."""

    exact: dict[str, list[Check[T]]]
    exact_words: frozenset[str]
    chains: dict[str, list[Check[T]]]
    prefix_re: re.Pattern[str] | None


@dataclass(slots=True)
class WordIndex(Generic[T]):
    """Terms indexed by their first token (exact) or its prefix (``word*``)."""

    exact: dict[str, Entries[T]] = field(default_factory=lambda: defaultdict(list))
    prefix: dict[str, Entries[T]] = field(default_factory=lambda: defaultdict(list))
    prefix_lengths: set[int] = field(default_factory=set)
    _compiled: _Compiled[T] | None = field(default=None, repr=False, compare=False)

    def add(self, term: Term, payload: T) -> None:
        first = term.tokens[0]
        if first.endswith("*"):
            self.prefix[first[:-1]].append((term, payload))
            self.prefix_lengths.add(len(first) - 1)
        else:
            self.exact[first].append((term, payload))
        self._compiled = None

    def search(self, tokens: list[str], distinct: bool = False) -> list[tuple[T, str]]:
        """(payload, matched words) for every term found in ``tokens``, in text order;
        ``distinct``: each pair once, where it is first found.

        ``tokens`` are words as ``fold.words`` cuts them (letters and digits only).
        """
        words = set(tokens)
        candidates = self._candidates(words)
        if not candidates:
            return []
        if distinct:
            return _first_hits(tokens, candidates, words)
        hits: list[tuple[int, T, str]] = []
        for token, checks in candidates.items():
            for start in _positions(tokens, token):
                for payload, size, rest, _, pattern, _ in checks:
                    # The key already matched the first token: check the others only.
                    if size == 1:
                        hits.append((start, payload, token))
                    elif start + size <= len(tokens) and (
                        tokens[start + 1 : start + size] == rest
                        if pattern is None
                        else pattern.match(" ".join(tokens[start + 1 : start + size]) + " ")
                    ):
                        hits.append((start, payload, " ".join(tokens[start : start + size])))
        # Stable: at one position the terms keep their order (exact, then by prefix length).
        hits.sort(key=itemgetter(0))
        return [(payload, matched) for _, payload, matched in hits]

    def _candidates(self, distinct: set[str]) -> dict[str, list[Check[T]]]:
        """Words that start some term → those terms, exact keys first."""
        compiled = self._compiled or self.compile()
        exact = compiled.exact
        found = {token: exact[token] for token in distinct & compiled.exact_words}
        if compiled.prefix_re is not None:
            for prefix, tail in compiled.prefix_re.findall("\n" + "\n".join(distinct)):
                token = prefix + tail
                chain = compiled.chains[prefix]
                found[token] = [*found[token], *chain] if token in found else chain
        return found

    def compile(self) -> _Compiled[T]:
        """Prepare the index for ``search`` (done on the first search otherwise)."""
        prefixes = sorted(self.prefix, key=len)
        checks = {prefix: [_check(*entry) for entry in self.prefix[prefix]] for prefix in prefixes}
        chains = {
            prefix: [
                check
                for shorter in prefixes
                if prefix.startswith(shorter)
                for check in checks[shorter]
            ]
            for prefix in prefixes
        }
        # One distinct word per line. The pattern starts with a literal "\n", which ``re``
        # finds with a fast scan; the trie tries longer prefixes first.
        prefix_re = re.compile(f"\n({trie_regex(prefixes)})([^\n]*)") if prefixes else None
        self._compiled = _Compiled(
            {word: [_check(*entry) for entry in entries] for word, entries in self.exact.items()},
            frozenset(self.exact),
            chains,
            prefix_re,
        )
        return self._compiled


def _first_hits(
    tokens: list[str], candidates: dict[str, list[Check[T]]], distinct: set[str]
) -> list[tuple[T, str]]:
    """Distinct (payload, matched) pairs in the order of their first place in ``tokens``.

    A word's first place is ``list.index`` (C). A phrase is looked for only when all its
    other whole words are in the text, with ``str.find`` on the words joined by spaces;
    a place found there, in words, is the number of spaces before it.
    """
    line = ""
    hits: list[tuple[int, tuple[T, str]]] = []
    for token, checks in candidates.items():
        start = -1
        for payload, size, _, rest_text, pattern, whole in checks:
            if size == 1:
                if start < 0:
                    start = tokens.index(token)
                hits.append((start, (payload, token)))
            elif not distinct.issuperset(whole):
                continue
            elif pattern is None:
                line = line or f" {' '.join(tokens)} "
                phrase = f"{token} {rest_text}"
                at = line.find(f" {phrase} ")
                if at >= 0:
                    hits.append((line.count(" ", 0, at), (payload, phrase)))
            else:
                line = line or f" {' '.join(tokens)} "
                hits.extend(_prefix_phrase_hits(line, token, payload, pattern))
    hits.sort(key=_PLACE)  # stable: at one place, the terms keep their order
    return list(dict.fromkeys(map(_PAIR, hits)))


def _prefix_phrase_hits(
    line: str, token: str, payload: T, pattern: re.Pattern[str]
) -> list[tuple[int, tuple[T, str]]]:
    """Every place of a phrase with a prefix word: it may match other words each time."""
    found = []
    word = f" {token} "
    at = line.find(word)
    while at >= 0:
        rest = pattern.match(line, at + len(word))
        if rest is not None:
            found.append((line.count(" ", 0, at), (payload, f"{token} {rest.group()}")))
        at = line.find(word, at + 1)
    return found


def _positions(tokens: list[str], token: str) -> list[int]:
    """Every index of ``token`` in ``tokens`` (``list.index`` scans in C)."""
    positions, index = [], -1
    for _ in range(tokens.count(token)):
        index = tokens.index(token, index + 1)
        positions.append(index)
    return positions


def trie_regex(texts: list[str]) -> str:
    """An alternation of ``texts`` factored by common prefixes: ``re`` then tries one
    branch per character instead of every text; a longer text is tried before a shorter."""
    trie: dict[str, dict[str, object]] = {}
    for text in texts:
        node = trie
        for char in text:
            node = node.setdefault(char, {})  # type: ignore[assignment]
        node[""] = {}
    return _trie_source(trie)


def _trie_source(node: dict[str, dict[str, object]]) -> str:
    branches = [
        re.escape(char) + _trie_source(child)  # type: ignore[arg-type]
        for char, child in sorted(node.items())
        if char
    ]
    if "" in node:
        branches.append("")  # a text ends here (longer ones were tried first)
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
