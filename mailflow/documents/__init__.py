"""Documents of a report: XLSX, CSV, a printable HTML page and its PDF.

Every renderer takes the same :class:`~mailflow.services.tables.Table` list the domain layer
builds (``report_tables``) and writes the same numbers (rounding and labels in
:mod:`mailflow.documents.cells`). The CLI and the web app both call :func:`render`; this
package imports the domain layer's tables, the translations and the labels, and nothing of
``web/`` or ``cli/``.

Modules: ``cells`` (values per medium), ``xlsx``, ``csvfiles``, ``printable`` (the HTML page,
``templates/report.html``), ``pdf``, ``charts`` (inline SVG), ``figures`` (charts drawn from
tables), ``titles`` (period lines, edition line, file names).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from mailflow.clock import utc_now
from mailflow.documents.cells import CellText
from mailflow.documents.csvfiles import table_csv, tables_zip
from mailflow.documents.figures import Figure, default_figures
from mailflow.documents.pdf import pdf_of
from mailflow.documents.printable import MAX_ROWS, page
from mailflow.documents.titles import file_name, period_line
from mailflow.documents.xlsx import workbook
from mailflow.errors import InvalidInput
from mailflow.services.tables import Table

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "Figure",
    "Format",
    "extension_of",
    "file_name",
    "period_line",
    "render",
]

Format = Literal["xlsx", "csv", "html", "pdf"]
FORMATS: tuple[Format, ...] = ("xlsx", "csv", "html", "pdf")
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def render(
    tables: list[Table],
    fmt: Format,
    *,
    lang: str = "fr",
    tz: ZoneInfo,
    title: str,
    subtitle: str = "",
    charts: Sequence[Figure] | None = None,
    table: str | None = None,
    edited: datetime | None = None,
    max_rows: int = MAX_ROWS,
) -> bytes:
    """The document of ``tables`` in ``fmt``.

    - ``xlsx``: one sheet per table; ``title``/``subtitle`` go to the workbook properties.
    - ``csv``: with ``table`` (a table key), that table as one CSV file; without it, one
      table gives its CSV and several a ZIP archive of one ``<key>.csv`` per table (see
      :func:`extension_of` for the file name's extension).
    - ``html``, ``pdf``: the printable report: ``title``, ``subtitle`` (the period), the
      edition date, ``charts`` (by default :func:`~mailflow.documents.figures.default_figures`;
      ``[]`` for none) and the tables, at most ``max_rows`` rows each.

    ``title``, ``subtitle`` and the tables' texts are English message ids (a text missing
    from the catalogue is shown as given); ``edited`` defaults to now.
    """
    when = edited or utc_now()
    chosen = _chosen(tables, table)
    if fmt == "xlsx":
        return workbook(chosen, lang=lang, tz=tz, title=title, subtitle=subtitle)
    if fmt == "csv":
        if len(chosen) == 1:
            return table_csv(chosen[0], lang=lang, tz=tz)
        return tables_zip(chosen, lang=lang, tz=tz, edited=when)
    if fmt in ("html", "pdf"):
        figures = list(default_figures(chosen, CellText(lang, tz)) if charts is None else charts)
        html = page(
            chosen,
            figures,
            lang=lang,
            tz=tz,
            title=title,
            subtitle=subtitle,
            edited=when,
            max_rows=max_rows,
        )
        return html.encode("utf-8") if fmt == "html" else pdf_of(html)
    raise InvalidInput(f"unknown document format {fmt!r} (one of {', '.join(FORMATS)})")


def extension_of(tables: list[Table], fmt: Format, *, table: str | None = None) -> str:
    """The extension of the file :func:`render` makes: ``zip`` for several CSV tables."""
    if fmt == "csv" and table is None and len(tables) != 1:
        return "zip"
    return fmt


def _chosen(tables: list[Table], key: str | None) -> list[Table]:
    if key is None:
        return tables
    found = [t for t in tables if t.key == key]
    if not found:
        known = ", ".join(t.key for t in tables)
        raise InvalidInput(f"no report table {key!r} (one of {known})")
    return found
