"""Rules as small objects: a name, where it is defined, and a ``check()`` saying what matched.

The engine (``engine.py``) does not call ``check()`` on every rule: it uses indexes compiled
from the same rules. ``check()`` is the plain definition of what a rule means; tests hold the
two to the same answers, and it explains a single rule on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mailflow.classify.fields import MessageText
from mailflow.classify.matchers import Term

# How specific a partner match is: the most specific one decides.
LEVEL_ADDRESS, LEVEL_DOMAIN, LEVEL_PATTERN, LEVEL_DISPLAY_NAME, LEVEL_SIGNATURE = 5, 4, 3, 2, 1
NAME_FIELDS = ("display_name", "signature")


@dataclass(frozen=True, slots=True)
class Match:
    """What one rule matched, in which field; ``level`` ranks partner matches."""

    field: str
    matched: str
    level: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class TermRule:
    """Words, phrases and regexes looked for in some fields."""

    name: str
    file: str
    line: int
    fields: tuple[str, ...]
    terms: tuple[Term, ...]
    regexes: tuple[re.Pattern[str], ...]

    def check(self, text: MessageText) -> list[Match]:
        found: list[Match] = []
        for name in self.fields:
            tokens = text.words(name)
            for term in self.terms:
                for start in range(len(tokens)):
                    if term.matches_at(tokens, start):
                        matched = " ".join(tokens[start : start + len(term.tokens)])
                        found.append(Match(name, matched))
            for regex in self.regexes:
                hit = regex.search(text.text(name))
                if hit is not None:
                    found.append(Match(name, hit.group(0)))
        return found


@dataclass(frozen=True, slots=True, kw_only=True)
class TopicRule(TermRule):
    """Votes for a topic; ``stop`` decides the topic outright when it fires."""

    topic: str
    weight: float = 1.0
    priority: int = 0
    stop: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class KindRule(TermRule):
    """Evidence for a kind (bounce, auto_reply, bulk) found in the text."""

    kind: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PartnerRule:
    """One entry of the partner directory."""

    name: str
    file: str
    line: int
    partner_type: str
    organisation: str | None
    addresses: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    domain_patterns: tuple[str, ...] = ()
    names: tuple[Term, ...] = ()
    name_regexes: tuple[re.Pattern[str], ...] = ()
    look_at_names: bool = False
    """When the address matches, still prefer an organisation name found in the text."""

    def check(self, text: MessageText) -> list[Match]:
        found: list[Match] = []
        sender = text.msg.from_
        if sender is not None:
            found.extend(self._check_address(sender.addr.lower()))
        for level, name in ((LEVEL_DISPLAY_NAME, "display_name"), (LEVEL_SIGNATURE, "signature")):
            tokens = text.words(name)
            for term in self.names:
                for start in range(len(tokens)):
                    if term.matches_at(tokens, start):
                        words = " ".join(tokens[start : start + len(term.tokens)])
                        found.append(Match(name, words, level))
            for regex in self.name_regexes:
                hit = regex.search(text.text(name))
                if hit is not None:
                    found.append(Match(name, hit.group(0), level))
        return found

    def _check_address(self, addr: str) -> list[Match]:
        domain = addr.rpartition("@")[2]
        found = [Match("from", addr, LEVEL_ADDRESS)] if addr in self.addresses else []
        found += [
            Match("from", domain, LEVEL_DOMAIN)
            for listed in self.domains
            if domain == listed or domain.endswith("." + listed)
        ]
        found += [
            Match("from", domain, LEVEL_PATTERN)
            for pattern in self.domain_patterns
            if glob_regex(pattern).fullmatch(domain)
        ]
        return found


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionRule:
    """Sets actions when the labels match ``when`` (empty ``when``: every message)."""

    name: str
    file: str
    line: int
    when: dict[str, tuple[str, ...]]
    priority: str | None = None
    assignee: str | None = None
    team: str | None = None
    template: str | None = None
    acknowledge: bool | None = None
    tags: tuple[str, ...] = ()

    def applies(self, labels: dict[str, str]) -> bool:
        return all(labels.get(key) in allowed for key, allowed in self.when.items())


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A domain glob (``*`` any run, ``?`` one character, ``#`` one digit) as a regex."""
    return re.compile(glob_source(pattern))


def glob_source(pattern: str) -> str:
    parts = {"*": "[^@]*", "?": "[^@]", "#": "[0-9]"}
    return "".join(parts.get(ch, re.escape(ch)) for ch in pattern.lower())
