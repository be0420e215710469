"""Translations: English message ids, French catalog in ``locale/fr.po`` read at start-up.

The ``.po`` files are read with Babel and turned into ``gettext`` translations in memory,
so there is no compile step and no ``.mo`` file to keep in sync.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, format_timedelta
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("fr", "en")

Gettext = Callable[[str], str]


def load_translations(directory: Path = LOCALE_DIR) -> dict[str, gettext.NullTranslations]:
    """One translations object per language; English (the message ids) needs no catalog."""
    result: dict[str, gettext.NullTranslations] = {"en": gettext.NullTranslations()}
    for lang in LANGUAGES:
        path = directory / f"{lang}.po"
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
            buffer = io.BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            result[lang] = gettext.GNUTranslations(buffer)
    return result


class Formatter:
    """Dates, durations and numbers for one language and time zone."""

    def __init__(self, lang: str, tz: ZoneInfo) -> None:
        self.lang = lang
        self.tz = tz

    def datetime(self, value: datetime | None) -> str:
        if value is None:
            return "—"
        return format_datetime(
            value,
            "dd/MM/yyyy HH:mm" if self.lang == "fr" else "yyyy-MM-dd HH:mm",
            tzinfo=self.tz,
            locale=self.lang,
        )

    def duration(self, value: timedelta | float | None) -> str:
        if value is None:
            return "—"
        seconds = value.total_seconds() if isinstance(value, timedelta) else value
        return format_timedelta(
            timedelta(seconds=seconds), threshold=1.5, format="short", locale=self.lang
        )

    def number(self, value: float | int) -> str:
        return format_decimal(value, locale=self.lang)
