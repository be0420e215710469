"""The normalised message: what the parse stage gives every later stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal


@dataclass(frozen=True, slots=True)
class Address:
    """One mailbox: display name (decoded) and address (lower-cased)."""

    name: str
    addr: str

    @property
    def domain(self) -> str:
        return self.addr.rpartition("@")[2]

    @property
    def local_part(self) -> str:
        return self.addr.rpartition("@")[0]

    def __str__(self) -> str:
        return f"{self.name} <{self.addr}>" if self.name else self.addr


@dataclass(frozen=True, slots=True)
class Attachment:
    """A part the sender attached (or an inline non-text part)."""

    filename: str
    content_type: str
    size: int
    sha256: str
    content: bytes = field(repr=False)
    disposition: str = "attachment"
    content_id: str | None = None


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """What a bounce (RFC 3464 or a recognised non-standard one) says about a message."""

    original_message_id: str | None
    recipients: tuple[str, ...]
    action: str | None
    status: str | None
    diagnostic: str | None


@dataclass(slots=True)
class ParsedMessage:
    """A message decoded from its raw bytes. Never raises on access."""

    message_id: str | None
    """Message-ID without angle brackets, or None when missing or unusable."""
    in_reply_to: list[str]
    references: list[str]
    subject: str
    from_: Address | None
    sender: Address | None
    reply_to: list[Address]
    to: list[Address]
    cc: list[Address]
    date: datetime
    """Timezone-aware; the arrival time when the Date header is missing or unparsable."""
    date_source: Literal["header", "arrival"]
    headers: list[tuple[str, str]]
    """Every header as (lower-cased name, decoded value), in order."""
    content_type: str
    """Top-level content type, e.g. ``multipart/report``."""
    body_text: str
    """text/plain body, or the HTML body turned into readable text when it is all there is."""
    body_html: str | None
    attachments: list[Attachment]
    lang: str
    """``fr``, ``en`` or ``und``."""
    defects: list[str]
    delivery_report: DeliveryReport | None = None
    # The values by name, built on the first lookup (classification looks up dozens), for
    # the headers list it was built from and its length at the time.
    _index: tuple[list[tuple[str, str]], int, dict[str, list[str]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def _values(self, name: str) -> list[str]:
        index = self._index
        if index is None or index[0] is not self.headers or index[1] != len(self.headers):
            by_name: dict[str, list[str]] = {}
            for key, value in self.headers:
                by_name.setdefault(key, []).append(value)
            index = self._index = (self.headers, len(self.headers), by_name)
        return index[2].get(name.lower(), [])

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        values = self._values(name)
        return values[0] if values else None

    def header_values(self, name: str) -> list[str]:
        return list(self._values(name))

    @property
    def participants(self) -> list[Address]:
        seen: dict[str, Address] = {}
        for address in [*([self.from_] if self.from_ else []), *self.reply_to, *self.to, *self.cc]:
            seen.setdefault(address.addr, address)
        return list(seen.values())
