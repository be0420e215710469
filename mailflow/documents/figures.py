"""Charts of a report drawn from its tables, for the printable page and the PDF.

A :class:`Figure` is a title (English message id) and an SVG drawing; the numbers it shows
come from a :class:`~mailflow.services.tables.Table` the document also prints, so the chart
and the table beside it never disagree. :func:`default_figures` picks, from their columns:

- a table whose first column is a period (``DATE``, or a ``TEXT`` column keyed ``period``,
  ``week``, ``month``) followed by counts: stacked bars of the counts over time;
- the same, long form (period, one label column, one count): pivoted into series;
- a table whose first column is a label and that has a median working-days column (its key
  holds ``p50`` or ``median``): horizontal bars of the first such column (a group with no
  value shows « — », never 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from babel.dates import format_date
from markupsafe import Markup

from mailflow.documents.cells import CellText, round_days
from mailflow.documents.charts import horizontal_bars, stacked_bars
from mailflow.services.tables import Cell, Column, Table

PERIOD_KEYS = frozenset({"period", "week", "month", "day", "start"})
TOTAL_KEYS = frozenset({"total", "all"})
"""Columns that sum the others: not stacked on them."""


@dataclass(frozen=True, slots=True)
class Figure:
    title: str
    """The caption: an English message id, translated by the renderer (a text the catalogue
    does not hold, such as an already translated one, is shown as given)."""
    svg: Markup


def default_figures(tables: list[Table], text: CellText) -> list[Figure]:
    """The charts :mod:`mailflow.documents` draws when the caller gives none."""
    figures: list[Figure] = []
    for table in tables:
        figure = volume_figure(table, text) or days_figure(table, text)
        if figure is not None:
            figures.append(figure)
    return figures


def volume_figure(table: Table, text: CellText) -> Figure | None:
    """Stacked bars of a table of counts over time, or ``None`` if it is not one."""
    if not table.columns or not _is_period(table.columns[0]) or not table.rows:
        return None
    rest = table.columns[1:]
    names = _period_names(table, text)
    periods = list(dict.fromkeys(names))
    series: dict[str, list[int]]
    if rest and all(c.cell == Cell.COUNT for c in rest):
        series = {
            text.header(c): [_count(row[n + 1]) for row in table.rows]
            for n, c in enumerate(rest)
            if c.key not in TOTAL_KEYS
        }
    elif [c.cell for c in rest] == [Cell.LABEL, Cell.COUNT]:
        series = {}
        for period, row in zip(names, table.rows, strict=True):
            values = series.setdefault(text(rest[0], row[1]), [0] * len(periods))
            values[periods.index(period)] += _count(row[2])
    else:
        return None
    title = text.gettext(table.title)
    return Figure(table.title, stacked_bars(title, periods, series, {}))


def days_figure(table: Table, text: CellText) -> Figure | None:
    """Horizontal bars of the first working-days column by the first label column."""
    if not table.columns or table.columns[0].cell != Cell.LABEL or not table.rows:
        return None
    days = next(
        (n for n, c in enumerate(table.columns) if c.cell == Cell.DAYS and _is_median(c)), None
    )
    if days is None:
        return None
    column = table.columns[days]
    items = [
        (text(table.columns[0], row[0]), None if row[days] is None else round_days(row[days]))  # type: ignore[arg-type]
        for row in table.rows
    ]
    caption = f"{text.header(column)} · {text.gettext(table.title)}"
    svg = horizontal_bars(
        caption, items, _days_unit(text), number=lambda v: text.number(Cell.DAYS, v)
    )
    return Figure(caption, svg)


def _period_names(table: Table, text: CellText) -> list[str]:
    """Names under the bars: « janv. 2025 » for months, « 06/01 » for weeks or days."""
    values = [row[0] for row in table.rows]
    if not all(isinstance(v, date) for v in values):
        return [text(table.columns[0], v) for v in values]
    days = cast("list[date]", values)
    monthly = all(d.day == 1 for d in days)
    return [format_date(d, "MMM y" if monthly else "dd/MM", locale=text.lang) for d in days]


def _is_median(column: Column) -> bool:
    return "p50" in column.key or "median" in column.key


def _is_period(column: Column) -> bool:
    return column.cell == Cell.DATE or (column.cell == Cell.TEXT and column.key in PERIOD_KEYS)


def _count(value: object) -> int:
    return value if isinstance(value, int) else 0


def _days_unit(text: CellText) -> str:
    """After a bar's value: « j » (working days) in French."""
    return "\u00a0" + text.gettext("wd")
