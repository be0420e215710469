"""The parts of a message rules look at, folded once per message.

Field names used in rule files:

``subject``, ``body`` (the text body), ``body_start`` (its first lines), ``signature`` (the
last lines of the sender's own text, quoted replies removed; see ``signature.py``),
``from`` (display name and address), ``display_name``, ``attachment`` (file names),
``headers`` (every header as ``name: value``) and ``header:NAME`` (the values of one
header).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mailflow.classify.fold import fold, words
from mailflow.classify.signature import (
    SIGNATURE_LINES,
    body_lines,
    own_text_end,
    own_text_lines,
    signature_lines,
    signature_of,
)
from mailflow.parse.message import ParsedMessage

__all__ = [
    "BODY_START_LINES",
    "FIXED_FIELDS",
    "SIGNATURE_LINES",
    "MessageText",
    "is_field",
    "own_text_lines",
    "signature_lines",
]

FIXED_FIELDS = (
    "subject",
    "body",
    "body_start",
    "signature",
    "from",
    "display_name",
    "attachment",
    "headers",
)
BODY_START_LINES = 25


def is_field(name: str) -> bool:
    """Whether ``name`` is a field rules may look at."""
    return name in FIXED_FIELDS or (name.startswith("header:") and len(name) > len("header:"))


@dataclass(slots=True)
class MessageText:
    """Raw text, folded text and words of each field of one message, each computed once."""

    msg: ParsedMessage
    _raw: dict[str, str] = field(default_factory=dict)
    _text: dict[str, str] = field(default_factory=dict)
    _words: dict[str, list[str]] = field(default_factory=dict)
    _lines: tuple[list[str], list[str], bool] | None = None

    def raw(self, name: str) -> str:
        """The unfolded text of a field (for showing where an organisation name was)."""
        found = self._raw.get(name)
        if found is None:
            found = self._raw[name] = self._compute_raw(name)
        return found

    def text(self, name: str) -> str:
        """The folded text of a field."""
        found = self._text.get(name)
        if found is None:
            start = self._body_start() if name == "body_start" else None
            found = self._text[name] = fold(self.raw(name)) if start is None else start
        return found

    def words(self, name: str) -> list[str]:
        """The words of a field's folded text."""
        found = self._words.get(name)
        if found is None:
            if name == "body_start" and len(self.body_lines()[0]) <= BODY_START_LINES:
                found = self.words("body")  # the whole body: only line breaks differ
            else:
                found = words(self.text(name))
            self._words[name] = found
        return found

    def body_lines(self) -> tuple[list[str], list[str], bool]:
        """The body's lines, the same folded, and whether these are the folded body's."""
        if self._lines is None:
            self._lines = body_lines(self.msg.body_text, self.text("body"))
        return self._lines

    def _compute_raw(self, name: str) -> str:
        msg = self.msg
        if name == "subject":
            return msg.subject
        if name == "body":
            return msg.body_text
        if name == "body_start":
            return "\n".join(self.body_lines()[0][:BODY_START_LINES])
        if name == "signature":
            lines, folded, _ = self.body_lines()
            return "\n".join(signature_of(lines, folded, own_text_end(folded)))
        if name == "from":
            return str(msg.from_) if msg.from_ else ""
        if name == "display_name":
            return msg.from_.name if msg.from_ else ""
        if name == "attachment":
            return "\n".join(a.filename for a in msg.attachments)
        if name == "headers":
            return "\n".join(f"{key}: {value}" for key, value in msg.headers)
        return "\n".join(msg.header_values(name.removeprefix("header:")))

    def _body_start(self) -> str | None:
        """``fold(raw("body_start"))``, cut from the already folded body; None: fold it.

        Folding works character by character and keeps line breaks, so the folded body has
        the same lines unless folding merged two (a CR, an accent, an LF: the counts then
        differ). ASCII text is only lower-cased (cheap) and skips the ligature table that
        turns a backtick into an apostrophe: it is folded on its own.
        """
        _, folded, cut = self.body_lines()
        if not cut or self.raw("body_start").isascii():
            return None
        return "\n".join(folded[:BODY_START_LINES])
