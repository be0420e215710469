"""What the classify stage returns: labels, actions, and why."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from mailflow.states import MessageKind

PARTNER_TYPES = (
    "bmvr",
    "bdp",
    "srl",
    "association",
    "library",
    "institution",
    "international",
    "unknown",
)
TOPICS = (
    "partnership",
    "training",
    "digital_resources",
    "reference_network",
    "event",
    "expertise",
    "international",
    "information",
)
KINDS = tuple(MessageKind)
PRIORITIES = ("low", "normal", "high", "urgent")


@dataclass(frozen=True, slots=True)
class Hit:
    """One rule that fired: where it is defined and what it matched."""

    rule: str
    file: str
    line: int
    field: str
    matched: str
    label: str = ""
    """The label this hit voted for, e.g. ``topic=training`` (``actions`` for action rules)."""


@dataclass(slots=True)
class Actions:
    """What the rules ask for beyond labels."""

    priority: str = "normal"
    assignee: str | None = None
    team: str | None = None
    template: str | None = None
    acknowledge: bool = False
    tags: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Classification:
    partner_type: str = "unknown"
    topic: str = "information"
    kind: str = "human"
    lang: str = "und"
    organisation: str | None = None
    actions: Actions = field(default_factory=Actions)
    explanation: list[Hit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
