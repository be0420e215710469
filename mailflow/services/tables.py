"""A report as tables: what every export (XLSX, CSV, printable page, PDF) renders the same way.

The domain layer fills the tables with typed values; the renderers translate titles and
labels (English message ids, French in the catalogue) and format cells for their medium.
``None`` in a cell means "no value" (a group where nothing was answered): shown « — »,
never 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Cell(StrEnum):
    """How a column's values are typed and shown."""

    TEXT = "text"
    """Free text (a subject, a reference, a username)."""
    LABEL = "label"
    """A taxonomy id (``partner_type``, ``topic``, ``status``...) shown by its label."""
    COUNT = "count"
    """A whole number."""
    DAYS = "days"
    """Working days, a decimal (see docs/reports.md)."""
    PERCENT = "percent"
    """A share between 0 and 1."""
    DATETIME = "datetime"
    """An aware datetime, shown in the service's time zone."""
    DATE = "date"


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    """English message id of the header (translated by the renderer)."""
    cell: Cell = Cell.TEXT
    labels: str | None = None
    """For ``Cell.LABEL``: which label family (``partner_type``, ``topic``, ``status``...)."""


@dataclass(frozen=True, slots=True)
class Table:
    key: str
    """Stable name: the XLSX sheet, the CSV file (``by_topic``...)."""
    title: str
    """English message id of the table's title."""
    columns: tuple[Column, ...]
    rows: tuple[tuple[object, ...], ...]
    """One tuple per row, in column order; ``None`` for no value."""
