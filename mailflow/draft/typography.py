"""French typography for replies: spaces before punctuation, guillemets, dates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space, before ; ! ? in French

_BEFORE_COLON = re.compile(r"[ \u00a0\u202f]+:(?=\s|$)", re.MULTILINE)
_BEFORE_TALL = re.compile(r"[ \u00a0\u202f]+([;!?])", re.MULTILINE)
_OPEN_GUILLEMET = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE_GUILLEMET = re.compile(r"[ \u00a0\u202f]*»")
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def french_typography(text: str) -> str:
    """No-break spaces where French wants them; typographic apostrophes.

    Only spaces already typed are made unbreakable (``"Bonjour :"``), so URLs and times
    (``https://``, ``10:30``) are left alone.
    """
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _BEFORE_TALL.sub(NNBSP + r"\1", text)
    text = _OPEN_GUILLEMET.sub("«" + NBSP, text)
    text = _CLOSE_GUILLEMET.sub(NBSP + "»", text)
    return _APOSTROPHE.sub("’", text)


def local_date(moment: datetime, zone: str) -> date:
    """The calendar day of ``moment`` in ``zone`` (naive values are UTC, as SQLite returns them)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(zone)).date()


def long_date(day: date, lang: str) -> str:
    """``mardi 1er avril 2026`` in French, ``Tuesday 1 April 2026`` in English."""
    if lang == "fr":
        text = format_date(day, "EEEE d MMMM y", locale="fr_FR")
        return text.replace(" 1 ", " 1er ", 1) if day.day == 1 else text
    return format_date(day, "EEEE d MMMM y", locale="en_GB")
