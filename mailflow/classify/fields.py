"""The parts of a message rules look at, folded once per message.

Field names used in rule files:

``subject``, ``body`` (the text body), ``body_start`` (its first lines), ``signature`` (the last lines of the sender's own
text, quoted replies removed), ``from`` (display name and address), ``display_name``,
``attachment`` (file names), ``headers`` (every header as ``name: value``) and
``header:NAME`` (the values of one header).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mailflow.classify.fold import fold, words
from mailflow.parse.message import ParsedMessage

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
SIGNATURE_LINES = 15
BODY_START_LINES = 25

# Where the sender's own text stops: a quoted reply or a forwarded message (folded text).
_QUOTE_START = re.compile(
    r"^\s*(?:le .{0,200} a ecrit ?:|on .{0,200} wrote:|a ecrit ?:"
    r"|-{2,} ?(?:original message|message d'origine|message transfere|forwarded message)"
    r"|(?:de|from|envoye|sent) ?: .*@)"
)

_SIGN_OFF = re.compile(
    r"^(?:(?:bien |tres |tres bien )?cordialement|bien a (?:vous|toi)|a bientot|amities"
    r"|amicalement|musicalement|sinceres salutations|.{0,40}salutations|merci.{0,50}"
    r"|(?:best|kind|warm|warmest|with kind|with best)? ?(?:regards|wishes)|all the best|best"
    r"|(?:yours )?(?:sincerely|faithfully)|(?:many )?thanks.{0,40}|thank you.{0,60}"
    r"|bonne (?:journee|soiree)|belle journee|-- ?|-{3,}|_{3,})[ ,.!]*$"
)


def is_field(name: str) -> bool:
    """Whether ``name`` is a field rules may look at."""
    return name in FIXED_FIELDS or (name.startswith("header:") and len(name) > len("header:"))


def own_text_lines(body: str) -> list[tuple[str, str]]:
    """Lines the sender wrote, as (line, folded line): up to the first quote marker,
    ``>`` lines dropped."""
    lines = body.splitlines()
    folded = fold(body).splitlines()  # one fold for the whole body, not one per line
    if len(folded) != len(lines):
        folded = [fold(line) for line in lines]
    kept: list[tuple[str, str]] = []
    for line, folded_line in zip(lines, folded, strict=True):
        if _QUOTE_START.match(folded_line):
            break
        if not folded_line.lstrip().startswith(">"):
            kept.append((line.strip(), folded_line.strip()))
    return kept


def signature_lines(body: str) -> list[str]:
    """Where the signature is: the lines after the last sign-off ("Cordialement",
    "Best regards", "--", ...) of the sender's own text, else its last lines.

    Anchoring on the sign-off keeps the words of a short message out of its "signature".
    """
    lines = [pair for pair in own_text_lines(body) if pair[0]]
    sign_offs = [i for i, (_, folded) in enumerate(lines) if _SIGN_OFF.match(folded)]
    if sign_offs:
        lines = lines[sign_offs[-1] + 1 :]
    return [line for line, _ in lines[-SIGNATURE_LINES:]]


@dataclass(slots=True)
class MessageText:
    """Folded text and words of each field of one message, computed on demand."""

    msg: ParsedMessage
    _text: dict[str, str] = field(default_factory=dict)
    _words: dict[str, list[str]] = field(default_factory=dict)

    def raw(self, name: str) -> str:
        """The unfolded text of a field (for showing where an organisation name was)."""
        msg = self.msg
        if name == "subject":
            return msg.subject
        if name == "body":
            return msg.body_text
        if name == "body_start":
            return "\n".join(msg.body_text.splitlines()[:BODY_START_LINES])
        if name == "signature":
            return "\n".join(signature_lines(msg.body_text))
        if name == "from":
            return str(msg.from_) if msg.from_ else ""
        if name == "display_name":
            return msg.from_.name if msg.from_ else ""
        if name == "attachment":
            return "\n".join(a.filename for a in msg.attachments)
        if name == "headers":
            return "\n".join(f"{key}: {value}" for key, value in msg.headers)
        return "\n".join(msg.header_values(name.removeprefix("header:")))

    def text(self, name: str) -> str:
        if name not in self._text:
            self._text[name] = fold(self.raw(name))
        return self._text[name]

    def words(self, name: str) -> list[str]:
        if name not in self._words:
            self._words[name] = words(self.text(name))
        return self._words[name]
