"""Parsed ``message/*`` parts back to bytes (for attachments and bounce analysis).

The email package's generators re-fold headers and raise on some crafted values, so this
writes the parsed headers and payloads back as they were read, with LF line ends.
"""

from __future__ import annotations

from email.message import Message


def raw_payload(message: Message) -> object:
    """The payload as parsed: sub-messages, or text with 8-bit bytes as surrogate escapes.

    Not ``get_payload()``: for 8-bit text it re-decodes with the declared charset (losing the
    bytes the charset repair needs) and raises on some crafted charset parameters.
    """
    return vars(message).get("_payload")


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def flatten_text(message: Message, max_depth: int) -> str:
    """``message`` as text close to its original form (bytes as surrogate escapes)."""
    lines = [f"{name}: {_lf(value)}\n" for name, value in message.raw_items()]
    lines.append("\n")
    payload = raw_payload(message)
    if not isinstance(payload, list):
        lines.append(_lf(str(payload or "")))
        return "".join(lines)
    if max_depth <= 0:
        return "".join(lines)
    boundary = message.get_boundary()
    if boundary is None:
        # message/rfc822 or delivery-status: sub-messages follow each other.
        lines += [flatten_text(p, max_depth - 1) for p in payload if isinstance(p, Message)]
        return "".join(lines)
    if message.preamble:
        lines.append(_lf(message.preamble) + "\n")
    for part in payload:
        if not isinstance(part, Message):
            continue
        lines.append(f"--{boundary}\n")
        lines.append(flatten_text(part, max_depth - 1))
        lines.append("\n")
    lines.append(f"--{boundary}--\n")
    if message.epilogue:
        lines.append(_lf(message.epilogue))
    return "".join(lines)


def flatten_bytes(message: Message, max_depth: int) -> bytes:
    """:func:`flatten_text` as bytes, raw 8-bit bytes restored."""
    return to_bytes(flatten_text(message, max_depth))


def to_bytes(text: str) -> bytes:
    """A payload string from the email package back to its bytes."""
    return text.encode("utf-8", "surrogateescape")
