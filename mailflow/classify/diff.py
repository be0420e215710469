"""Dry run of a rule change: re-classify messages and report what would change.

Pure: the caller (``mailflow rules diff``) reads the stored messages and their current
labels; this module only compares.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from mailflow.classify.result import Classification
from mailflow.parse.message import ParsedMessage

COMPARED = ("partner_type", "topic", "kind")


@dataclass(frozen=True, slots=True)
class Change:
    """One message whose labels would change: label → (old, new)."""

    key: Hashable
    changes: dict[str, tuple[str | None, str]]
    classification: Classification


@dataclass(slots=True)
class DiffReport:
    """Every change, and how often each transition (label, old, new) happens."""

    total: int = 0
    changed: list[Change] = field(default_factory=list)
    transitions: Counter[tuple[str, str | None, str]] = field(default_factory=Counter)

    @property
    def unchanged(self) -> int:
        return self.total - len(self.changed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "changed": len(self.changed),
            "messages": [
                {
                    "key": str(change.key),
                    "changes": {k: {"old": o, "new": n} for k, (o, n) in change.changes.items()},
                }
                for change in self.changed
            ],
            "transitions": [
                {"label": label, "old": old, "new": new, "count": count}
                for (label, old, new), count in self.transitions.most_common()
            ],
        }


class Classifies(Protocol):
    """A rule set, or anything that classifies like one."""

    def classify(self, msg: ParsedMessage) -> Classification: ...


def diff_classifications(
    items: Iterable[tuple[Hashable, ParsedMessage, Mapping[str, Any]]], ruleset: Classifies
) -> DiffReport:
    """Classify each message with ``ruleset`` and compare with its ``old`` labels."""
    report = DiffReport()
    for key, msg, old in items:
        report.total += 1
        new = ruleset.classify(msg)
        changes = {
            label: (old.get(label), getattr(new, label))
            for label in COMPARED
            if old.get(label) != getattr(new, label)
        }
        if changes:
            report.changed.append(Change(key, changes, new))
            report.transitions.update((label, o, n) for label, (o, n) in changes.items())
    return report
