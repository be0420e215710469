"""CSV downloads that open cleanly in a spreadsheet (UTF-8 with BOM, ';' for French Excel).

:func:`report_table` renders one table of a :class:`~mailflow.services.reports.Report`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from fastapi.responses import StreamingResponse

from mailflow.services.reports import Report

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
REPORT_TABLES = (
    "response-log",
    "volume-partner-type",
    "volume-topic",
    "response-times",
    "sla-breaches",
    "backlog",
)
Table = tuple[list[str], Iterable[Sequence[Any]]]


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ";"
) -> StreamingResponse:
    return StreamingResponse(
        _lines(header, rows, delimiter),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


def cell(value: Any) -> str:
    """A value as text; text that a spreadsheet would run as a formula is quoted with '."""
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _lines(header: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    yield "\ufeff" + _take(buffer)
    for row in rows:
        writer.writerow([cell(v) for v in row])
        if buffer.tell() > 64_000:
            yield _take(buffer)
    yield _take(buffer)


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def report_table(report: Report, table: str) -> Table:
    """The header and rows of one of :data:`REPORT_TABLES`."""
    if table == "response-log":
        return _response_log(report)
    if table.startswith("volume-"):
        columns, series = report.volumes[
            "partner_type" if table == "volume-partner-type" else "topic"
        ]
        return [report.step, *series], (
            [c, *[series[s][i] for s in series]] for i, c in enumerate(columns)
        )
    if table == "response-times":
        return (
            ["grouping", "group", "threads", "answered", "median_hours", "p90_hours"],
            (
                [g, t.group, t.count, t.answered, _round(t.median_hours), _round(t.p90_hours)]
                for g, timings in report.times.items()
                for t in timings
            ),
        )
    if table == "sla-breaches":
        return _breaches(report)
    statuses = ("new", "open", "waiting")
    return (
        ["age_days", *statuses],
        ([name, *[counts.get(s, 0) for s in statuses]] for name, counts in report.backlog),
    )


def _response_log(report: Report) -> Table:
    header = ["ref", "subject", "partner_type", "topic", "status", "received", "first_response"]
    who = report.responders
    return [*header, "resolved", "answered_by"], (
        [
            r.ref,
            r.subject,
            r.partner_type,
            r.topic,
            r.status,
            r.created_at,
            r.first_response_at,
            r.resolved_at,
            " ".join(who.get(r.id, [])),
        ]
        for r in report.log
    )


def _breaches(report: Report) -> Table:
    header = ["ref", "subject", "partner_type", "topic", "received", "first_response"]
    return [*header, "working_days", "target_working_days"], (
        [
            b.row.ref,
            b.row.subject,
            b.row.partner_type,
            b.row.topic,
            b.row.created_at,
            b.row.first_response_at,
            b.working_days,
            report.target_days,
        ]
        for b in report.breaches
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
