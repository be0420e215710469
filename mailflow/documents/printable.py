"""The printable report: one HTML page (A4, print CSS) that is also the PDF's source.

The template, ``templates/report.html``, is trusted and inside the package; the environment
autoescapes everything (subjects and names in the tables come from mail) and undefined
variables are errors. The page loads nothing: its CSS is inline and its charts are inline
SVG, so the PDF renderer never fetches a URL.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from markupsafe import Markup

from mailflow.documents.cells import NUMERIC, CellText
from mailflow.documents.figures import Figure
from mailflow.documents.titles import edition_line
from mailflow.htmlpages import html_environment
from mailflow.services.tables import Cell, Table

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STYLE = (TEMPLATES_DIR / "report.css").read_text(encoding="utf-8")
"""The page's print CSS, inline in its ``<style>`` (one file: the page and the PDF)."""
CSP = (
    "default-src 'none'; "
    f"style-src 'sha256-{base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()}'; "
    "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
"""The Content-Security-Policy of the page served as HTML: its own style and nothing else."""
MAX_ROWS = 150
"""Rows of one table printed at most; the rest is in the XLSX and CSV (the page says so)."""

WIDE = 7
"""Columns that fit across a portrait A4 page."""

_env = html_environment(TEMPLATES_DIR)


@dataclass(frozen=True, slots=True)
class Printed:
    """A table as the template shows it: translated, formatted, cut at ``MAX_ROWS``."""

    key: str
    title: str
    headers: list[str]
    classes: list[str]
    """Per column: ``n`` (a number, right-aligned), ``d`` (a date, kept on one line) or ``""``."""
    rows: list[list[str]]
    left_out: int
    wide: bool
    """More than :data:`WIDE` columns: printed on landscape pages."""


def page(
    tables: list[Table],
    figures: list[Figure],
    *,
    lang: str,
    tz: ZoneInfo,
    title: str,
    subtitle: str,
    edited: datetime,
    max_rows: int = MAX_ROWS,
) -> str:
    """The printable page as HTML text: the charts, the tables that fit a portrait page, then
    the wide ones on landscape pages (each group in the order given)."""
    text = CellText(lang, tz)
    return _env.get_template("report.html").render(
        lang=lang,
        style=Markup(STYLE),  # noqa: S704 - the package's own CSS file
        _=text.gettext,
        title=text.gettext(title),
        subtitle=text.gettext(subtitle) if subtitle else "",
        edited=edition_line(edited, tz, lang),
        figures=[(text.gettext(f.title), f.svg) for f in figures],
        tables=sorted((_printed(t, text, max_rows) for t in tables), key=lambda p: p.wide),
    )


def _printed(table: Table, text: CellText, max_rows: int) -> Printed:
    rows = [
        [text(c, v) for c, v in zip(table.columns, row, strict=True)]
        for row in table.rows[:max_rows]
    ]
    return Printed(
        key=table.key,
        title=text.gettext(table.title),
        headers=[text.header(c) for c in table.columns],
        classes=[_class_of(c.cell) for c in table.columns],
        rows=rows,
        left_out=max(len(table.rows) - max_rows, 0),
        wide=len(table.columns) > WIDE,
    )


def _class_of(cell: Cell) -> str:
    if cell in NUMERIC:
        return "n"
    return "d" if cell in (Cell.DATE, Cell.DATETIME) else ""
