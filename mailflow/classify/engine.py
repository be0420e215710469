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
from itertools import repeat
from operator import itemgetter
from pathlib import Path

from mailflow.classify.actions import ActionTable
from mailflow.classify.examples import Example
from mailflow.classify.fields import MessageText
from mailflow.classify.kinds import BUILTIN_FILE, KIND_ORDER, builtin_evidence
from mailflow.classify.partners import PartnerDirectory
from mailflow.classify.result import Classification, Hit
from mailflow.classify.rules import ActionRule, KindRule, TopicRule
from mailflow.classify.termmatcher import Fired, TermMatcher
from mailflow.parse.message import ParsedMessage

SUBJECT_FACTOR = 3.0
_FACTORS = {"subject": SUBJECT_FACTOR}  # other fields: 1.0
_FIELD = itemgetter(0)
_SECOND = itemgetter(1)
MACHINE_KINDS = ("bounce", "auto_reply")


@dataclass(frozen=True, slots=True)
class RuleFile:
    """A loaded rule file, for display: where it is and the sha256 of its bytes."""

    path: Path
    sha256: str


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
    _actions: ActionTable = field(init=False)
    _scoring: list[tuple[str, float, int]] = field(init=False)  # topic, weight, priority
    _stops: frozenset[int] = field(init=False)

    def __post_init__(self) -> None:
        self._terms = TermMatcher([*self.topics, *self.kinds])
        self._actions = ActionTable(self.actions)
        self._scoring = [(rule.topic, rule.weight, rule.priority) for rule in self.topics]
        self._stops = frozenset(index for index, rule in enumerate(self.topics) if rule.stop)

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

    def _decide_kind(self, msg: ParsedMessage, fired: Fired, result: Classification) -> list[Hit]:
        evidence = builtin_evidence(msg)
        offset = len(self.topics)
        rules = sorted(i for i in fired if i >= offset) if fired and max(fired) >= offset else []
        if not evidence and not rules:  # most mail
            return []
        hits: dict[str, list[Hit]] = defaultdict(list)
        for seen in evidence:
            label = f"kind={seen.kind}"
            hits[seen.kind].append(
                Hit(f"builtin:{seen.check}", BUILTIN_FILE, 0, seen.field, seen.matched, label)
            )
        for index in rules:
            hits[self.kinds[index - offset].kind].extend(self._terms.hits([index], fired))
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

    def _decide_topic(self, fired: Fired, result: Classification) -> list[Hit]:
        if not fired:
            return []
        count = len(self.topics)
        topic_fired = fired if max(fired) < count else {i: m for i, m in fired.items() if i < count}
        if not topic_fired:
            return []
        stops = self._stops.intersection(topic_fired)
        if stops:
            winner = min(stops, key=lambda i: (-self.topics[i].priority, i))
            result.topic = self.topics[winner].topic
        else:
            result.topic = self._best_scored(topic_fired)
        chosen, scoring = result.topic, self._scoring
        ordered = sorted(topic_fired)  # the chosen topic's rules first, each part in order
        ordered = [i for i in ordered if scoring[i][0] == chosen] + [
            i for i in ordered if scoring[i][0] != chosen
        ]
        return self._terms.hits(ordered, topic_fired)

    def _best_scored(self, fired: Fired) -> str:
        # topic → [score, highest priority, -first rule]: the largest list wins.
        best: dict[str, list[float]] = {}
        scoring = self._scoring
        for index, matches in fired.items():
            topic, weight, priority = scoring[index]
            # sum() of the factors in match order, without a Python call per match.
            factors = sum(map(_FACTORS.get, map(_FIELD, matches), repeat(1.0)))
            entry = best.get(topic)
            if entry is None:
                best[topic] = [0.0 + weight * factors, priority, -index]
            else:
                entry[0] += weight * factors
                entry[1] = max(entry[1], priority)
                entry[2] = max(entry[2], -index)
        return max(best.items(), key=_SECOND)[0]

    def _apply_actions(self, result: Classification) -> list[Hit]:
        result.actions, hits = self._actions.apply(result.partner_type, result.topic, result.kind)
        return hits
