"""Examples kept next to the rules, and the runner behind ``mailflow rules test``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from mailflow.parse.message import Address, Attachment, ParsedMessage
from mailflow.parse.mime import parse_message

EXPECTABLE = ("partner_type", "topic", "kind", "organisation", "lang")
# Examples are data, not mail that arrived: a fixed date keeps the run pure and repeatable.
EXAMPLE_DATE = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Example:
    """An example message (inline snippet or .eml path) and the labels it should get."""

    name: str
    file: str
    line: int
    expect: dict[str, str]
    eml: str | None = None
    subject: str = ""
    sender: str = ""
    body: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    attachments: tuple[str, ...] = ()
    lang: str = "und"


def parse_sender(text: str) -> Address | None:
    """``"Name <addr>"`` or ``"addr"`` as an Address."""
    text = text.strip()
    if not text:
        return None
    if "<" in text and text.endswith(">"):
        name, _, addr = text[:-1].rpartition("<")
        return Address(name.strip().strip('"'), addr.strip().lower())
    return Address("", text.lower())


def build_message(example: Example) -> ParsedMessage:
    """The ParsedMessage an inline example stands for."""
    headers = [(key.lower(), value) for key, value in example.headers]
    content_type = next((v for k, v in headers if k == "content-type"), "text/plain")
    sender = parse_sender(example.sender)
    return ParsedMessage(
        message_id=None,
        in_reply_to=[],
        references=[],
        subject=example.subject,
        from_=sender,
        sender=None,
        reply_to=[],
        to=[],
        cc=[],
        date=EXAMPLE_DATE,
        date_source="arrival",
        headers=headers,
        content_type=content_type.split(";")[0].strip().lower(),
        body_text=example.body,
        body_html=None,
        lang=example.lang,
        defects=[],
        attachments=[
            Attachment(name, "application/octet-stream", 0, "", b"") for name in example.attachments
        ],
    )


def load_example_message(example: Example, base_dir: Path) -> ParsedMessage:
    if example.eml is None:
        return build_message(example)
    raw = (base_dir / example.eml).read_bytes()
    return parse_message(raw, EXAMPLE_DATE)
