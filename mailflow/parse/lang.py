"""A fast guess of the language of a message: ``fr``, ``en`` or ``und``.

Counts frequent French and English function words ("stopwords") in the subject and the
first few thousand characters of the *new* text of the body: quoted lines (``>``) are
skipped and reading stops at the first reply or forward header ("Le ... a écrit :",
"On ... wrote:", "-----Original Message-----", "De :"/"From:" blocks), because the
language that matters is the sender's, not the quoted one's. Words common to both
languages or ambiguous ("on", "a", "en", "as", "me") are not counted. The language with
more hits wins when it has at least three hits and a clear lead (more than 1.5 times the
other); otherwise ``und``. Linear, about 0.1 ms per message, no model.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FRENCH = _words(
    """le la les de des du et est une un pour dans que qui nous vous avec sur pas au aux ce
    cette ces sont je il elle ils leur leurs notre nos votre vos mais ou où donc très être
    avons avez sommes été aussi comme par plus bonjour merci cordialement madame monsieur
    bien mes mon ma son sa ses tout tous toute toutes entre depuis lors afin auprès
    chers chère cher vers cela peut pouvez souhaitons souhaiterions serait ainsi"""
)
ENGLISH = _words(
    """the and of to is in for that with we you are this be our your have has will would
    please thank thanks regards dear it from an by was were been which they their there
    can could should about into any all not or if my i kind best hello hi also
    these those what when who how look forward sincerely"""
)
# Runs of letters ([^\W\d_]+); the [a-z]+ branch takes ASCII runs without the slower
# Unicode category test, so the words found are the same, about 40% faster.
_WORD = re.compile(r"(?:[a-z]+|[^\W\d_])+")
_REPLY_HEADER = re.compile(
    r"^(?:Le .{0,200}a écrit ?:|On .{0,200}wrote:|-{2,} ?(?:Original Message|Message d'origine"
    r"|Forwarded message|Message transféré) ?-{2,}|(?:De|From) ?: .+\n(?:(?:Envoyé|Sent|Date)"
    r" ?: ))",
    re.MULTILINE | re.IGNORECASE,
)
_MIN_HITS = 3
_LEAD = 1.5


def new_text(body: str) -> str:
    """The body up to the first reply/forward header, without quoted lines."""
    match = _REPLY_HEADER.search(body)
    head = body[: match.start()] if match else body
    if ">" not in head:
        return "\n".join(head.splitlines())
    return "\n".join(line for line in head.splitlines() if not line.lstrip().startswith(">"))


def guess_lang(subject: str, body: str, sample_chars: int = 4000) -> str:
    """``fr``, ``en`` or ``und`` for the subject and the new text of ``body``."""
    text = f"{subject}\n{new_text(body[: sample_chars * 2])}"[:sample_chars].lower()
    words = _WORD.findall(text)  # apostrophes split words: l'équipe -> l, équipe
    french = sum(map(FRENCH.__contains__, words))
    english = sum(map(ENGLISH.__contains__, words))
    if max(french, english) < _MIN_HITS:
        return "und"
    if french > english * _LEAD:
        return "fr"
    if english > french * _LEAD:
        return "en"
    return "und"
