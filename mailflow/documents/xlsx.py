"""XLSX workbooks (openpyxl): one sheet per table, ready for a French spreadsheet.

Row 1 holds the translated headers, frozen, with an autofilter over the table. Numbers are
numbers (working days rounded to one decimal, shares as percentages), dates and times are
real date cells in the service's time zone (Excel has no time zones: the local wall-clock
time is written), labels are translated. No value is « — », as in the other documents.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from mailflow.documents.cells import NO_VALUE, CellText, local_time, round_days, round_share
from mailflow.services.tables import Cell, Column, Table

FORMATS = {
    Cell.COUNT: "0",
    Cell.DAYS: "0.0",
    Cell.PERCENT: "0.0%",
    Cell.DATETIME: "dd/mm/yyyy hh:mm",
    Cell.DATE: "dd/mm/yyyy",
}
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DCE3F0")
MIN_WIDTH, MAX_WIDTH = 8, 60


def workbook(tables: list[Table], *, lang: str, tz: ZoneInfo, title: str, subtitle: str) -> bytes:
    """The workbook of ``tables`` as XLSX bytes (``title``, ``subtitle``: its properties)."""
    text = CellText(lang, tz)
    book = Workbook()
    book.remove(book.active)
    book.properties.title = title
    book.properties.subject = subtitle
    book.properties.creator = "mailflow"
    used: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_name(text.gettext(table.title), used))
        _fill(sheet, table, text)
    if not tables:
        book.create_sheet(text.gettext("Report"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(sheet: Worksheet, table: Table, text: CellText) -> None:
    widths = [len(text.header(c)) for c in table.columns]
    sheet.append([text.header(c) for c in table.columns])
    for cell in sheet[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        values = [_value(c, v, text) for c, v in zip(table.columns, row, strict=True)]
        sheet.append(values)
        for n, (column, value) in enumerate(zip(table.columns, values, strict=True)):
            cell = sheet.cell(row=sheet.max_row, column=n + 1)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if value == NO_VALUE:
                    cell.alignment = Alignment(horizontal="right")
            elif column.cell in FORMATS:
                cell.number_format = FORMATS[column.cell]
            widths[n] = max(widths[n], _shown_width(column, value))
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(len(table.columns), 1))
    sheet.auto_filter.ref = f"A1:{last}{max(sheet.max_row, 1)}"
    for n, width in enumerate(widths):
        letter = get_column_letter(n + 1)
        sheet.column_dimensions[letter].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)


def _value(column: Column, value: object, text: CellText) -> object:
    """What the cell holds: a number, a naive local datetime, a date or text."""
    if value is None:
        return NO_VALUE
    kind = column.cell
    if kind == Cell.DATETIME and isinstance(value, datetime):
        return local_time(value, text.tz)
    if kind == Cell.DATE and isinstance(value, date):
        return local_time(value, text.tz).date() if isinstance(value, datetime) else value
    if kind == Cell.DAYS and isinstance(value, int | float):
        return round_days(value)
    if kind == Cell.PERCENT and isinstance(value, int | float):
        return round_share(value)
    if kind == Cell.COUNT and isinstance(value, int | float):
        return value
    shown = text(column, value)
    return ILLEGAL_CHARACTERS_RE.sub("", shown)


def _shown_width(column: Column, value: object) -> int:
    if column.cell == Cell.DATETIME and isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return len(str(value))


def _sheet_name(title: str, used: set[str]) -> str:
    """A title Excel accepts as a sheet name: at most 31 characters, unique, none of []:*?/\\."""
    base = _SHEET_FORBIDDEN.sub(" ", title).strip("' ")[:31] or "Table"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name
