"""Unreachable rules: rules that can fire but can never change a decision.

* a topic rule whose every word is in an earlier ``stop`` rule of at least the same rank
  looking at (at least) the same fields: whenever it fires, the stop rule has decided;
* a partner rule whose every address, domain, pattern and name is listed by earlier rules:
  the earlier rule always wins at the same level. Each such repeated entry is reported.

Rules with regexes are not compared (two regexes cannot be compared cheaply).
"""

from __future__ import annotations

from pathlib import Path

from mailflow.classify.rules import PartnerRule, TopicRule
from mailflow.errors import Problem


def shadowed_topics(rules: list[TopicRule], directory: Path) -> list[Problem]:
    problems = []
    for position, rule in enumerate(rules):
        if rule.regexes or not rule.terms:
            continue
        for earlier in rules[:position]:
            if (
                earlier.stop
                and earlier.priority >= rule.priority
                and set(rule.fields) <= set(earlier.fields)
                and set(rule.terms) <= set(earlier.terms)
            ):
                problems.append(
                    Problem(
                        str(directory / rule.file),
                        rule.line,
                        rule.name,
                        f"unreachable: all its words are in stop rule {earlier.name!r} "
                        f"({earlier.file}:{earlier.line}), which decides first",
                    )
                )
                break
    return problems


def shadowed_partners(rules: list[PartnerRule], directory: Path) -> list[Problem]:
    problems: list[Problem] = []
    owner: dict[tuple[str, str], PartnerRule] = {}
    for rule in rules:
        entries = (
            [("address", a) for a in rule.addresses]
            + [("domain", d) for d in rule.domains]
            + [("domain pattern", p) for p in rule.domain_patterns]
            + [("name", " ".join(t.tokens)) for t in rule.names]
        )
        repeated = [entry for entry in entries if entry in owner and owner[entry] is not rule]
        for what, value in repeated:
            first = owner[(what, value)]
            problems.append(
                Problem(
                    str(directory / rule.file),
                    rule.line,
                    rule.name,
                    f"{what} {value!r} is already listed by {first.name!r} "
                    f"({first.file}:{first.line}); here it is never used",
                )
            )
        if entries and len(repeated) == len(entries) and not rule.name_regexes:
            problems.append(
                Problem(
                    str(directory / rule.file),
                    rule.line,
                    rule.name,
                    "unreachable: every entry is listed by earlier rules",
                )
            )
        for entry in entries:
            owner.setdefault(entry, rule)
    return problems
