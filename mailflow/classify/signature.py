"""The sender's own lines and their signature: what the ``signature`` field looks at."""

from __future__ import annotations

import re

from mailflow.classify.fold import fold

SIGNATURE_LINES = 15

# Where the sender's own text stops: a quoted reply or a forwarded message (folded text).
_QUOTE_START = re.compile(
    r"^\s*(?:le .{0,200} a ecrit ?:|on .{0,200} wrote:|a ecrit ?:"
    r"|-{2,} ?(?:original message|message d'origine|message transfere|forwarded message)"
    r"|(?:de|from|envoye|sent) ?: .*@)"
)
# The same over all lines at once, as a filter: a line that matches on its own also
# matches after the "\n" before it in "\n" + the joined lines, so no match here means no
# quote anywhere. A literal "\n" first lets ``re`` jump from line to line.
_ANY_QUOTE_START = re.compile("\n" + _QUOTE_START.pattern.removeprefix("^"))

_SIGN_OFF = re.compile(
    r"^(?:(?:bien |tres |tres bien )?cordialement|bien a (?:vous|toi)|a bientot|amities"
    r"|amicalement|musicalement|sinceres salutations|.{0,40}salutations|merci.{0,50}"
    r"|(?:best|kind|warm|warmest|with kind|with best)? ?(?:regards|wishes)|all the best|best"
    r"|(?:yours )?(?:sincerely|faithfully)|(?:many )?thanks.{0,40}|thank you.{0,60}"
    r"|bonne (?:journee|soiree)|belle journee|-- ?|-{3,}|_{3,})[ ,.!]*$"
)


def own_text_lines(body: str, folded_body: str | None = None) -> list[tuple[str, str]]:
    """Lines the sender wrote, as (line, folded line): up to the first quote marker,
    ``>`` lines dropped. ``folded_body`` is ``fold(body)`` when the caller has it."""
    lines, folded, end = _own_text(body, folded_body)
    return [
        (line.strip(), folded_line.strip())
        for line, folded_line in zip(lines[:end], folded[:end], strict=True)
        if not folded_line.lstrip().startswith(">")
    ]


def signature_lines(body: str, folded_body: str | None = None) -> list[str]:
    """Where the signature is: the lines after the last sign-off ("Cordialement",
    "Best regards", "--", ...) of the sender's own text, else its last lines.

    Anchoring on the sign-off keeps the words of a short message out of its "signature".
    """
    return signature_of(*_own_text(body, folded_body))


def signature_of(lines: list[str], folded: list[str], end: int) -> list[str]:
    """``signature_lines`` for lines already split and folded (see ``body_lines``)."""
    # From the end: the last sign-off is usually among the last lines, and past
    # SIGNATURE_LINES lines an earlier sign-off would not change the answer.
    found: list[str] = []
    for index in range(end - 1, -1, -1):
        line, folded_line = lines[index].strip(), folded[index].strip()
        if not line or folded_line.startswith(">"):  # blank, or quoted
            continue
        if _SIGN_OFF.match(folded_line):
            break
        found.append(line)
        if len(found) == SIGNATURE_LINES:
            break
    return found[::-1]


def _own_text(body: str, folded_body: str | None) -> tuple[list[str], list[str], int]:
    """The lines, folded lines, and where the sender's own text ends (a quote starts)."""
    lines, folded, _ = body_lines(body, fold(body) if folded_body is None else folded_body)
    return lines, folded, own_text_end(folded)


def body_lines(body: str, folded_body: str) -> tuple[list[str], list[str], bool]:
    """The body's lines, the same lines folded, and whether those are the lines of
    ``folded_body`` (else each line was folded on its own: folding merged two lines)."""
    lines = body.splitlines()
    # One fold for the whole body, not one per line.
    folded = folded_body.splitlines()
    if len(folded) != len(lines):
        return lines, [fold(line) for line in lines], False
    return lines, folded, True


def own_text_end(folded: list[str]) -> int:
    """Where the sender's own text ends: the first line that starts a quote, or the end."""
    end = len(folded)
    if _ANY_QUOTE_START.search("\n" + "\n".join(folded)) is not None:  # rare: which line?
        end = next((i for i, line in enumerate(folded) if _QUOTE_START.match(line)), end)
    return end
