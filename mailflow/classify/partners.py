"""The partner directory compiled for lookups that do not grow with its size.

Addresses and domains are dictionary lookups (a domain is looked up with each of its
suffixes, longest first), domain patterns are grouped by their top-level domain into one
anchored alternation, and organisation names go through a word index.

A domain pattern without wildcards is a plain domain: it is a dictionary lookup too
(trying hundreds of literal alternatives one by one was most of the cost of a domain).
"""

from __future__ import annotations

import re
from collections import defaultdict

from mailflow.classify.fields import MessageText
from mailflow.classify.fold import fold, words
from mailflow.classify.matchers import RegexSet, WordIndex
from mailflow.classify.rules import (
    LEVEL_ADDRESS,
    LEVEL_DISPLAY_NAME,
    LEVEL_DOMAIN,
    LEVEL_PATTERN,
    LEVEL_SIGNATURE,
    Match,
    PartnerRule,
    glob_source,
)

ANY_TLD = "*"


def _tld_key(pattern: str) -> str:
    last = pattern.rpartition(".")[2]
    return ANY_TLD if any(ch in last for ch in "*?#") else last.lower()


class PartnerDirectory:
    """Partner rules, indexed; ``best()`` returns the most specific match."""

    def __init__(self, rules: list[PartnerRule]) -> None:
        self.rules = rules
        self.addresses: dict[str, int] = {}
        self.domains: dict[str, int] = {}
        self.plain_patterns: dict[str, int] = {}
        self.names: WordIndex[int] = WordIndex()
        self.name_regexes: RegexSet[int] = RegexSet()
        grouped: dict[str, list[str]] = defaultdict(list)
        for index, rule in enumerate(rules):
            for addr in rule.addresses:
                self.addresses.setdefault(addr, index)
            for domain in rule.domains:
                self.domains.setdefault(domain, index)
            for number, pattern in enumerate(rule.domain_patterns):
                if not any(char in pattern for char in "*?#"):
                    self.plain_patterns.setdefault(pattern.lower(), index)
                    continue
                source = glob_source(pattern)
                grouped[_tld_key(pattern)].append(f"(?P<p{index}_{number}>{source})")
            for term in rule.names:
                self.names.add(term, index)
            for regex in rule.name_regexes:
                self.name_regexes.add(regex.pattern, index)
        # Alternatives are tried in file order, so fullmatch() finds the first rule.
        self.patterns = {key: re.compile("|".join(alts)) for key, alts in grouped.items()}
        self.names.compile()

    def best(self, text: MessageText, *, names: bool = True) -> tuple[PartnerRule, Match] | None:
        """The winning rule and what it matched, or None when no partner is known.

        ``names=False`` looks at the address only (a bounce's text is not a signature).
        """
        sender = text.msg.from_
        by_address = self._by_address(sender.addr.lower()) if sender is not None else None
        if not names:
            found = by_address
        elif by_address is not None and not self.rules[by_address[0]].look_at_names:
            return self.rules[by_address[0]], by_address[1]
        else:
            found = (
                self._by_name(text, "display_name", LEVEL_DISPLAY_NAME)
                or self._by_name(text, "signature", LEVEL_SIGNATURE)
                or by_address
            )
        if found is None:
            return None
        index, match = found
        return self.rules[index], match

    def _by_address(self, addr: str) -> tuple[int, Match] | None:
        if addr in self.addresses:
            return self.addresses[addr], Match("from", addr, LEVEL_ADDRESS)
        domain = addr.rpartition("@")[2]
        labels = domain.split(".")
        for start in range(len(labels)):
            suffix = ".".join(labels[start:])
            if suffix in self.domains:
                return self.domains[suffix], Match("from", domain, LEVEL_DOMAIN)
        return self._by_pattern(domain, labels[-1])

    def _by_pattern(self, domain: str, tld: str) -> tuple[int, Match] | None:
        plain = self.plain_patterns.get(domain)
        winners = [] if plain is None else [plain]
        for key in (tld, ANY_TLD):
            pattern = self.patterns.get(key)
            hit = pattern.fullmatch(domain) if pattern is not None else None
            if hit is not None and hit.lastgroup is not None:
                winners.append(int(hit.lastgroup[1:].partition("_")[0]))
        if not winners:
            return None
        return min(winners), Match("from", domain, LEVEL_PATTERN)

    def _by_name(self, text: MessageText, name: str, level: int) -> tuple[int, Match] | None:
        hits = [
            *self.names.search(text.words(name), distinct=True),
            *self.name_regexes.search(text.text(name)),
        ]
        if not hits:
            return None
        index, matched = min(hits, key=lambda hit: hit[0])
        return index, Match(name, matched, level)

    @staticmethod
    def organisation_from(text: MessageText, match: Match) -> str | None:
        """The display name or signature line where an organisation name was found."""
        if match.field not in ("display_name", "signature"):
            return None
        wanted = words(match.matched)
        for line in text.raw(match.field).splitlines():
            found = words(fold(line))
            if any(found[i : i + len(wanted)] == wanted for i in range(len(found))):
                return line.strip()[:120]
        return None
