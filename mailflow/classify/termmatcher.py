"""Topic and kind rules compiled into one word index and one regex set per field."""

from __future__ import annotations

from mailflow.classify.fields import MessageText
from mailflow.classify.regexes import RegexSet
from mailflow.classify.result import Hit
from mailflow.classify.rules import KindRule, TermRule, TopicRule
from mailflow.classify.wordindex import WordIndex

# Hits are immutable and the same few (rule, field, word) come back message after
# message: they are made once. The cache is emptied when it gets this big.
HIT_CACHE_SIZE = 20_000

Fired = dict[int, list[tuple[str, str]]]


class TermMatcher:
    """Finds which rules fire, and in which field with what; rule index = list position."""

    def __init__(self, rules: list[TermRule]) -> None:
        self.rules = rules
        indexes: dict[str, tuple[WordIndex[int], RegexSet[int]]] = {}
        for index, rule in enumerate(rules):
            for name in rule.fields:
                words, regexes = indexes.setdefault(name, (WordIndex(), RegexSet()))
                for term in rule.terms:
                    words.add(term, index)
                for regex in rule.regexes:
                    regexes.add(regex.pattern, index)
        self.fields = [(name, words, regexes) for name, (words, regexes) in indexes.items()]
        for _, words, _ in self.fields:
            words.compile()
        self.labels = [_label(rule) for rule in rules]
        self._hits: dict[tuple[int, str, str], Hit] = {}

    def search(self, text: MessageText) -> Fired:
        """Rule index → distinct (field, matched) pairs, for rules that fired."""
        found: Fired = {}
        for name, words, regexes in self.fields:
            tokens = text.words(name)
            pairs = words.search(tokens, distinct=True) if tokens else []
            if regexes.entries:
                extra = list(regexes.search(text.text(name), "\n".join(set(tokens))))
                if extra:  # a regex may find what a word found: each pair once
                    pairs = list(dict.fromkeys([*pairs, *extra]))
            for rule, matched in pairs:
                matches = found.get(rule)
                if matches is None:
                    found[rule] = [(name, matched)]
                else:
                    matches.append((name, matched))
        return found

    def hits(self, indexes: list[int], fired: Fired) -> list[Hit]:
        """The explanation hits of the fired rules ``indexes``, in that order."""
        cache, rules, labels, made = self._hits, self.rules, self.labels, []
        for index in indexes:
            for name, matched in fired[index]:
                hit = cache.get((index, name, matched))
                if hit is None:
                    if len(cache) >= HIT_CACHE_SIZE:
                        cache.clear()
                    rule = rules[index]
                    hit = Hit(rule.name, rule.file, rule.line, name, matched, labels[index])
                    cache[(index, name, matched)] = hit
                made.append(hit)
        return made


def _label(rule: TermRule) -> str:
    if isinstance(rule, TopicRule):
        return f"topic={rule.topic}"
    if isinstance(rule, KindRule):
        return f"kind={rule.kind}"
    return ""
