"""``mailflow report``: the supervisor report of a period, as tables, JSON or a document."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

import typer
from rich.table import Table as RichTable

from mailflow.cli.common import JsonOption, console, fail, print_json, refusals, state
from mailflow.documents import FORMATS, Format, period_line, render
from mailflow.labels import LABELS
from mailflow.services.db import read_only
from mailflow.services.report_json import report_out
from mailflow.services.report_tables import report_tables
from mailflow.services.reports import (
    LOG_LIMIT,
    REPORT_TITLE,
    STEPS,
    Report,
    build_report,
    period_of,
)
from mailflow.services.tables import Cell, Column, Table

BY = {
    "partner_type": ("by_partner_type",),
    "topic": ("by_topic",),
    "cross": ("cross_counts", "cross_median"),
    "staff": ("staff",),
    "breaches": ("sla_breaches", "due_soon"),
    "volume": ("volume_partner_type", "volume_topic"),
    "comparison": ("comparison",),
    "backlog": ("backlog",),
    "log": ("response_log",),
}
"""``--by``: which tables the text output prints (always with the overall times)."""
DEFAULT_BY = ("partner_type", "topic", "staff", "comparison")


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(
    ctx: typer.Context,
    start: datetime | None = typer.Option(
        None, "--from", formats=["%Y-%m-%d"], help="First day (default: 90 days ago)."
    ),
    end: datetime | None = typer.Option(
        None, "--to", formats=["%Y-%m-%d"], help="Last day, included (default: today)."
    ),
    step: str = typer.Option("auto", help="Volumes per " + ", ".join(STEPS) + "."),
    by: list[str] = typer.Option(
        [],
        "--by",
        help="Tables to print: "
        + ", ".join(BY)
        + " (repeat; default: "
        + ", ".join(DEFAULT_BY)
        + ").",
    ),
    as_json: bool = JsonOption,
    fmt: str | None = typer.Option(
        None, "--format", help="Write a document: " + ", ".join(FORMATS) + " (needs --output)."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="The document's file."),
    lang: str = typer.Option("fr", help="Language of the document: fr or en."),
) -> None:
    """The report of a period (the JSON is that of GET /api/reports/summary)."""
    unknown = [b for b in by if b not in BY]
    if unknown:
        raise fail(f"unknown --by {', '.join(unknown)} (choose among {', '.join(BY)})", 2)
    if (fmt is None) != (output is None) or (fmt and fmt not in FORMATS):
        raise fail(f"--format ({', '.join(FORMATS)}) and --output go together", 2)
    settings = state(ctx).settings
    tz = ZoneInfo(settings.web.timezone)
    with refusals(invalid=2), read_only(state(ctx).engine) as session:
        period = period_of(_day(start), _day(end), tz=tz)
        built = build_report(
            session,
            period,
            calendar=settings.working_calendar(),
            sla=settings.sla,
            step=step,
            log_limit=None if "log" in by or fmt else LOG_LIMIT,
        )
    if fmt and output:
        _write(built, fmt, output, lang=lang, tz=tz)
        return
    if as_json:
        print_json(report_out(built).model_dump(mode="json"))
        return
    tables = {t.key: t for t in report_tables(built)}
    console.print(
        f"{period.first_day} → {period.last_day}: {built.figures.threads} threads from people",
        highlight=False,
        markup=False,
    )
    for name in ("response_times", *(k for b in (by or DEFAULT_BY) for k in BY[b])):
        console.print(_rich(tables[name], tz))


def _write(built: Report, fmt: str, output: Path, *, lang: str, tz: ZoneInfo) -> None:
    first, last = built.period.first_day, built.period.last_day
    with refusals(invalid=2):
        data = render(
            report_tables(built),
            cast(Format, fmt),
            lang=lang,
            tz=tz,
            title=REPORT_TITLE,
            subtitle=period_line(first, last, lang),
        )
    output.write_bytes(data)
    console.print(f"{output}: {len(data)} bytes", highlight=False, markup=False)


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


def _rich(table: Table, tz: ZoneInfo) -> RichTable:
    shown = RichTable(title=table.title, title_justify="left", highlight=False)
    for column in table.columns:
        numeric = column.cell in (Cell.COUNT, Cell.DAYS, Cell.PERCENT)
        shown.add_column(column.title, justify="right" if numeric else "left", overflow="fold")
    for row in table.rows:
        shown.add_row(*(_text(c, v, tz) for c, v in zip(table.columns, row, strict=True)))
    return shown


def _text(column: Column, value: object, tz: ZoneInfo) -> str:
    if value is None:
        return "—"
    if column.cell == Cell.LABEL and column.labels:
        return LABELS.get(column.labels, {}).get(str(value), str(value))
    if column.cell == Cell.DAYS and isinstance(value, float):
        return f"{value:.1f}"
    if column.cell == Cell.PERCENT and isinstance(value, float):
        return f"{value * 100:.1f} %"
    if column.cell == Cell.DATETIME and isinstance(value, datetime):
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    return str(value)
