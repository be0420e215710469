"""Which envelope recipients the SMTP/LMTP endpoint accepts (never an open relay)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RecipientPolicy:
    """Accept exactly the configured addresses, plus every address in the configured domains."""

    addresses: frozenset[str]
    domains: frozenset[str]

    @classmethod
    def build(cls, addresses: Iterable[str], domains: Iterable[str]) -> RecipientPolicy:
        return cls(
            frozenset(a.strip().lower() for a in addresses),
            frozenset(d.strip().lower().lstrip("@").rstrip(".") for d in domains),
        )

    def accepts(self, address: str) -> bool:
        address = address.strip().lower()
        # A source route or a second "@" hides the real destination: refuse it.
        if address.count("@") != 1 or address.startswith(("@", "<")) or ":" in address:
            return False
        if address in self.addresses:
            return True
        return address.rsplit("@", 1)[1].rstrip(".") in self.domains
