"""The compiled rule set: one pass per field, then the documented decisions.

Decisions (also in docs/rules.md):

* **kind**: built-in header checks (``kinds.py``) and ``[[kind]]`` rules give evidence; the
  first of bounce > auto_reply > bulk with evidence wins, else ``human``.
* **partner_type**: the most specific partner match wins: exact address > domain (the
  longest listed suffix) > domain pattern > name in the display name > name in the
  signature; between rules of the same level, the first in file order.
* **topic**: a fired ``stop`` rule decides outright (highest priority, then file order).
  Otherwise each topic scores the sum, over its rules, of ``weight`` for every different
  word, phrase or regex match, times ``SUBJECT_FACTOR`` in the subject; the highest score
  wins, ties go to the higher rule priority, then to the rule found first in file order.
* **actions**: every ``[[action]]`` whose ``when`` fits, in file order; later values win,
  tags add up. Non-human mail never gets an acknowledgement or a template.
* bounces and auto-replies always get the topic ``information``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from mailflow.classify.examples import Example
from mailflow.classify.fields import MessageText
from mailflow.classify.kinds import BUILTIN_FILE, KIND_ORDER, builtin_evidence
from mailflow.classify.matchers import RegexSet, WordIndex
from mailflow.classify.partners import PartnerDirectory
from mailflow.classify.result import Actions, Classification, Hit
from mailflow.classify.rules import ActionRule, KindRule, TermRule, TopicRule
from mailflow.parse.message import ParsedMessage

SUBJECT_FACTOR = 3.0
MACHINE_KINDS = ("bounce", "auto_reply")


@dataclass(frozen=True, slots=True)
class RuleFile:
    """A loaded rule file, for display: where it is and the sha256 of its bytes."""

    path: Path
    sha256: str


@dataclass(slots=True)
class _FieldIndex:
    words: WordIndex[int] = field(default_factory=WordIndex)
    regexes: RegexSet[int] = field(default_factory=RegexSet)


class TermMatcher:
    """Topic and kind rules compiled into one word index and one regex set per field."""

    def __init__(self, rules: list[TermRule]) -> None:
        self.rules = rules
        self.fields: dict[str, _FieldIndex] = defaultdict(_FieldIndex)
        for index, rule in enumerate(rules):
            for name in rule.fields:
                for term in rule.terms:
                    self.fields[name].words.add(term, index)
                for regex in rule.regexes:
                    self.fields[name].regexes.add(regex.pattern, index)

    def search(self, text: MessageText) -> dict[int, list[tuple[str, str]]]:
        """Rule index → distinct (field, matched) pairs, for rules that fired."""
        found: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for name, index in self.fields.items():
            seen: set[tuple[int, str]] = set()
            hits = [*index.words.search(text.words(name)), *index.regexes.search(text.text(name))]
            for rule, matched in hits:
                if (rule, matched) not in seen:
                    seen.add((rule, matched))
                    found[rule].append((name, matched))
        return found


@dataclass(slots=True)
class RuleSet:
    """A validated, compiled rule set. Build it with ``load_ruleset``."""

    partners: PartnerDirectory
    topics: list[TopicRule]
    kinds: list[KindRule]
    actions: list[ActionRule]
    examples: list[Example]
    files: list[RuleFile]
    _terms: TermMatcher = field(init=False)

    def __post_init__(self) -> None:
        self._terms = TermMatcher([*self.topics, *self.kinds])

    def classify(self, msg: ParsedMessage) -> Classification:
        """Labels, actions and the hits that explain them."""
        text = MessageText(msg)
        fired = self._terms.search(text)
        result = Classification(lang=msg.lang)
        kind_hits = self._decide_kind(msg, fired, result)
        partner_hits = self._decide_partner(text, result)
        # An automatic message quotes the original's words: its topic is not the sender's.
        machine = result.kind in MACHINE_KINDS
        topic_hits = [] if machine else self._decide_topic(fired, result)
        action_hits = self._apply_actions(result)
        result.explanation = [*kind_hits, *partner_hits, *topic_hits, *action_hits]
        return result

    def _decide_kind(
        self, msg: ParsedMessage, fired: dict[int, list[tuple[str, str]]], result: Classification
    ) -> list[Hit]:
        hits: dict[str, list[Hit]] = defaultdict(list)
        for seen in builtin_evidence(msg):
            label = f"kind={seen.kind}"
            hits[seen.kind].append(
                Hit(f"builtin:{seen.check}", BUILTIN_FILE, 0, seen.field, seen.matched, label)
            )
        offset = len(self.topics)
        for index, matches in sorted(fired.items()):
            if index >= offset:
                rule = self.kinds[index - offset]
                hits[rule.kind].extend(_hits(rule, matches, f"kind={rule.kind}"))
        result.kind = next((kind for kind in KIND_ORDER if hits[kind]), "human")
        return [hit for kind in KIND_ORDER for hit in hits[kind]]

    def _decide_partner(self, text: MessageText, result: Classification) -> list[Hit]:
        found = self.partners.best(text, names=result.kind != "bounce")
        if found is None:
            return []
        rule, match = found
        result.partner_type = rule.partner_type
        result.organisation = rule.organisation or self.partners.organisation_from(text, match)
        label = f"partner_type={rule.partner_type}"
        return [Hit(rule.name, rule.file, rule.line, match.field, match.matched, label)]

    def _decide_topic(
        self, fired: dict[int, list[tuple[str, str]]], result: Classification
    ) -> list[Hit]:
        topic_fired = {i: m for i, m in fired.items() if i < len(self.topics)}
        if not topic_fired:
            return []
        stops = [i for i in topic_fired if self.topics[i].stop]
        if stops:
            winner = min(stops, key=lambda i: (-self.topics[i].priority, i))
            result.topic = self.topics[winner].topic
        else:
            result.topic = self._best_scored(topic_fired)
        ordered = sorted(topic_fired, key=lambda i: (self.topics[i].topic != result.topic, i))
        return [
            hit
            for i in ordered
            for hit in _hits(self.topics[i], topic_fired[i], f"topic={self.topics[i].topic}")
        ]

    def _best_scored(self, fired: dict[int, list[tuple[str, str]]]) -> str:
        score: dict[str, float] = defaultdict(float)
        priority: dict[str, int] = {}
        first: dict[str, int] = {}
        for index, matches in fired.items():
            rule = self.topics[index]
            factors = (SUBJECT_FACTOR if name == "subject" else 1.0 for name, _ in matches)
            score[rule.topic] += rule.weight * sum(factors)
            priority[rule.topic] = max(priority.get(rule.topic, rule.priority), rule.priority)
            first[rule.topic] = min(first.get(rule.topic, index), index)
        return max(score, key=lambda topic: (score[topic], priority[topic], -first[topic]))

    def _apply_actions(self, result: Classification) -> list[Hit]:
        labels = {"partner_type": result.partner_type, "topic": result.topic, "kind": result.kind}
        actions, hits = Actions(), []
        for rule in self.actions:
            if rule.applies(labels):
                _merge(actions, rule)
                when = ", ".join(f"{k}={'|'.join(v)}" for k, v in rule.when.items()) or "always"
                hits.append(Hit(rule.name, rule.file, rule.line, "labels", when, "actions"))
        if result.kind != "human":  # never acknowledge or draft for machines
            actions.acknowledge, actions.template = False, None
        result.actions = actions
        return hits


def _hits(rule: TermRule, matches: list[tuple[str, str]], label: str) -> list[Hit]:
    return [Hit(rule.name, rule.file, rule.line, name, matched, label) for name, matched in matches]


def _merge(actions: Actions, rule: ActionRule) -> None:
    for key in ("priority", "assignee", "team", "template", "acknowledge"):
        value = getattr(rule, key)
        if value is not None:
            setattr(actions, key, value)
    actions.tags.extend(tag for tag in rule.tags if tag not in actions.tags)
