"""What a batch write takes (:class:`Understood`) and gives back (:class:`Written`)."""

from __future__ import annotations

from dataclasses import dataclass

from mailflow.classify.result import Classification
from mailflow.parse import ParsedMessage
from mailflow.thread import Unplaced


@dataclass(slots=True)
class Understood:
    """A raw message after the pure stages, ready to be written."""

    raw_id: int
    dedupe_key: str
    source: str
    parsed: ParsedMessage
    classification: Classification
    previous_thread: int | None = None

    @property
    def sender(self) -> str:
        return self.parsed.from_.addr if self.parsed.from_ else ""

    def outgoing(self, our_addresses: frozenset[str]) -> bool:
        """Sent by us: copied from the Sent folder, or from one of our addresses."""
        return self.source == "sent" or self.sender in our_addresses

    def unplaced(self, our_addresses: frozenset[str]) -> Unplaced:
        """What thread placement needs of it."""
        return Unplaced(
            self.parsed,
            self.dedupe_key,
            kind=self.classification.kind,
            outgoing=self.outgoing(our_addresses),
            previous_thread=self.previous_thread,
        )


@dataclass(slots=True)
class Written:
    """What the batch wrote for one message."""

    item: Understood
    message_id: int
    thread_id: int
    new_thread: bool
    reopened: bool
