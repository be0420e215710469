"""Titles, period lines and file names of the report documents, in French typography.

- a period: « du 1er janvier au 31 décembre 2025 » (« 1er » for the first of a month, the
  year once when both ends share it), « année 2025 » for a whole calendar year;
- the edition line: « Édité le 3 mars 2026 à 14 h 05 » in the service's time zone;
- file names: ``bilan-cooperation-2025.xlsx`` for a calendar year, otherwise
  ``bilan-cooperation-2025-01-01_2025-03-31.xlsx``.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

from mailflow.documents.cells import local_time

FILE_STEM = "bilan-cooperation"


def is_calendar_year(first: date, last: date) -> bool:
    return (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and (
        first.year == last.year
    )


def file_name(first: date, last: date, extension: str) -> str:
    """The name a downloaded document is saved under."""
    if is_calendar_year(first, last):
        return f"{FILE_STEM}-{first.year}.{extension}"
    return f"{FILE_STEM}-{first.isoformat()}_{last.isoformat()}.{extension}"


def day_name(day: date, lang: str, *, year: bool = True) -> str:
    """« 1er janvier 2025 », « 14 juillet 2025 » (``year=False``: « 14 juillet »)."""
    if lang != "fr":
        return format_date(day, "d MMMM y" if year else "d MMMM", locale="en")
    text = format_date(day, "MMMM y" if year else "MMMM", locale="fr")
    return f"{'1er' if day.day == 1 else day.day}\u00a0{text}"


def period_line(first: date, last: date, lang: str) -> str:
    """The period a report covers, as its subtitle says it."""
    if lang == "fr":
        if is_calendar_year(first, last):
            return f"Année {first.year}"
        start = day_name(first, "fr", year=first.year != last.year)
        return f"Du {start} au {day_name(last, 'fr')}"
    if is_calendar_year(first, last):
        return f"Year {first.year}"
    return f"From {day_name(first, 'en')} to {day_name(last, 'en')}"


def edition_line(edited: datetime, tz: ZoneInfo, lang: str) -> str:
    """« Édité le 3 mars 2026 à 14 h 05 »: when the document was made, local time."""
    local = local_time(edited, tz)
    if lang == "fr":
        return f"Édité le {day_name(local.date(), 'fr')} à {local.hour}\u00a0h\u00a0{local:%M}"
    return f"Edited on {day_name(local.date(), 'en')}, {local:%H:%M}"
