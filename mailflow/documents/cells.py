"""Cell values of a :class:`~mailflow.services.tables.Table` for each medium.

One place decides how a value is rounded, translated and written, so the XLSX, the CSV,
the printable page and the PDF show the same numbers:

- working days are rounded to one decimal (:func:`round_days`), everywhere;
- a label cell shows the label of its family, translated (an unknown id is shown as is);
- times are shown in the service's time zone; a naive datetime is taken as UTC (SQLite
  gives naive UTC values back);
- ``None`` (no value) is « — » in every document, never 0 and never an empty cell.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

from mailflow.i18n import load_translations
from mailflow.labels import LABELS
from mailflow.services.tables import Cell, Column

NO_VALUE = "—"
NUMERIC = frozenset({Cell.COUNT, Cell.DAYS, Cell.PERCENT})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Gettext = Callable[[str], str]


@cache
def gettext_for(lang: str) -> Gettext:
    """The translation function of ``lang`` (English: the message ids themselves)."""
    translations = load_translations()
    return translations.get(lang, translations["en"]).gettext


def round_days(value: float) -> float:
    """Working days to one decimal: the value every document shows.

    Python's ``round`` (the nearest, ties to even on the float's exact value), as the page's
    ``round(1)`` filter and the CLI's ``:.1f`` do, so that all of them show the same digit."""
    return round(value, 1)


def round_share(value: float) -> float:
    """A share (0..1) to a tenth of a percent."""
    return round(value, 3)


def local_time(value: datetime, tz: ZoneInfo) -> datetime:
    """``value`` in ``tz``, without its time zone (spreadsheets have none)."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(tz).replace(tzinfo=None)


class CellText:
    """Cells as text for one language and time zone (CSV, printable page, PDF)."""

    def __init__(self, lang: str, tz: ZoneInfo, *, for_spreadsheet: bool = False) -> None:
        self.lang = lang
        self.tz = tz
        self.gettext = gettext_for(lang)
        self.for_spreadsheet = for_spreadsheet
        """Plain digits (no thousands separator) and text that cannot run as a formula."""

    def header(self, column: Column) -> str:
        return self.gettext(column.title)

    def label(self, family: str | None, value: object) -> str:
        text = LABELS.get(family or "", {}).get(str(value))
        return self.gettext(text) if text else str(value)

    def __call__(self, column: Column, value: object) -> str:
        if value is None:
            return NO_VALUE
        kind = column.cell
        if kind == Cell.LABEL:
            return self.label(column.labels, value)
        if kind == Cell.DATETIME and isinstance(value, datetime):
            return self.datetime(value)
        if kind in (Cell.DATE, Cell.DATETIME) and isinstance(value, date):
            return self.date(value)
        if kind in NUMERIC and isinstance(value, int | float):
            return self.number(kind, value)
        return self.text(str(value))

    def datetime(self, value: datetime) -> str:
        local = local_time(value, self.tz)
        return local.strftime("%d/%m/%Y %H:%M" if self.lang == "fr" else "%Y-%m-%d %H:%M")

    def date(self, value: date) -> str:
        day = local_time(value, self.tz).date() if isinstance(value, datetime) else value
        return day.strftime("%d/%m/%Y" if self.lang == "fr" else "%Y-%m-%d")

    def number(self, kind: Cell, value: float) -> str:
        if kind == Cell.COUNT:
            pattern, amount = "#,##0", float(value)
        elif kind == Cell.DAYS:
            pattern, amount = "#,##0.0", round_days(value)
        else:
            pattern, amount = "#,##0.0", round_share(value) * 100
        if self.for_spreadsheet:
            pattern = pattern.replace("#,##", "")
        text = format_decimal(amount, pattern, locale=self.lang)
        if kind == Cell.PERCENT:
            text += "%" if self.for_spreadsheet else "\u00a0%"
        return text

    def text(self, value: str) -> str:
        if self.for_spreadsheet and value.startswith(_FORMULA_START):
            return "'" + value
        return value
