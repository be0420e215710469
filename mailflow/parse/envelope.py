"""The top-level header block: every field decoded, and the ones later stages rely on."""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import Message
from functools import lru_cache

from mailflow.parse.headers import decode_value, raw_to_text
from mailflow.parse.limits import ParseLimits
from mailflow.parse.sanitise import detail, strip_controls


@dataclass(slots=True)
class HeaderBlock:
    """The decoded fields in order, and the raw values by lower-case name."""

    decoded: list[tuple[str, str]] = field(default_factory=list)
    raw: dict[str, list[str]] = field(default_factory=dict)

    def first(self, name: str) -> str | None:
        """The first decoded value of ``name`` (lower-case), or None."""
        for key, value in self.decoded:
            if key == name:
                return value
        return None

    def raw_values(self, name: str) -> list[str]:
        return self.raw.get(name, [])


@lru_cache(maxsize=1024)
def field_name(raw_name: str) -> str:
    """A header field name as text, lower-cased (cached: the same few names recur)."""
    return strip_controls(raw_to_text(raw_name)).strip().lower()


def _truncate(name: str, value: str, limits: ParseLimits, defects: list[str]) -> str:
    if len(value) <= limits.max_header_chars:
        return value
    defects.append(f"header-truncated:{detail(name)}")
    # The last References are the nearest ancestors: keep the end of that one.
    return (
        value[-limits.max_header_chars :]
        if name == "references"
        else value[: limits.max_header_chars]
    )


def read_headers(message: Message, limits: ParseLimits, defects: list[str]) -> HeaderBlock:
    """Decode the header fields of ``message`` within the limits."""
    block = HeaderBlock()
    total = 0
    for raw_name, raw_value in message.raw_items():
        total += len(raw_name) + len(raw_value)
        if len(block.decoded) >= limits.max_headers or total > limits.max_header_bytes:
            defects.append("header-limit-exceeded")
            break
        name = field_name(raw_name)
        value = _truncate(name, raw_value, limits, defects)
        block.raw.setdefault(name, []).append(value)
        block.decoded.append((name, decode_value(value, defects)))
    return block
