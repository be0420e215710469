"""Actions from labels: every ``[[action]]`` whose ``when`` fits, merged in file order.

Actions depend on the three labels only, so each (partner_type, topic, kind) is worked
out once and remembered: at most 8 x 8 x 4 entries.
"""

from __future__ import annotations

from dataclasses import replace

from mailflow.classify.result import Actions, Hit
from mailflow.classify.rules import ActionRule

Labels = tuple[str, str, str]


class ActionTable:
    """The action rules, answering per label triple from a small cache."""

    def __init__(self, rules: list[ActionRule]) -> None:
        self.rules = rules
        self._known: dict[Labels, tuple[Actions, tuple[Hit, ...]]] = {}

    def apply(self, partner_type: str, topic: str, kind: str) -> tuple[Actions, list[Hit]]:
        """A fresh Actions (the caller may change it) and the hits that explain it."""
        key = (partner_type, topic, kind)
        known = self._known.get(key)
        if known is None:
            known = self._known[key] = self._work_out(*key)
        actions, hits = known
        return replace(actions, tags=list(actions.tags)), list(hits)

    def _work_out(
        self, partner_type: str, topic: str, kind: str
    ) -> tuple[Actions, tuple[Hit, ...]]:
        labels = {"partner_type": partner_type, "topic": topic, "kind": kind}
        actions, hits = Actions(), []
        for rule in self.rules:
            if rule.applies(labels):
                _merge(actions, rule)
                when = ", ".join(f"{k}={'|'.join(v)}" for k, v in rule.when.items()) or "always"
                hits.append(Hit(rule.name, rule.file, rule.line, "labels", when, "actions"))
        if kind != "human":  # never acknowledge or draft for machines
            actions.acknowledge, actions.template = False, None
        return actions, tuple(hits)


def _merge(actions: Actions, rule: ActionRule) -> None:
    for key in ("priority", "assignee", "team", "template", "acknowledge"):
        value = getattr(rule, key)
        if value is not None:
            setattr(actions, key, value)
    actions.tags.extend(tag for tag in rule.tags if tag not in actions.tags)
