"""Supervisor pages: dashboards with charts, the response log, CSV exports, the audit log."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date
from babel.numbers import format_decimal
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from mailflow.documents.charts import horizontal_bars, stacked_bars
from mailflow.errors import NotFound
from mailflow.labels import LABELS
from mailflow.services.audit import Event, audit_actions, audit_page, audit_rows
from mailflow.services.report_tables import TABLE_KEYS, report_tables
from mailflow.services.reports import Report
from mailflow.web.csvexport import csv_response
from mailflow.web.deps import Db, Supervisor, get_state
from mailflow.web.filters import AuditQuery, ReportQuery
from mailflow.web.render import render, request_language

router = APIRouter()


@router.get("/reports")
def reports(request: Request, db: Db, user: Supervisor, wanted: ReportQuery) -> Response:
    report = wanted.build(db)
    lang = request_language(request, user)
    translate = get_state(request).gettext(lang)
    period = report.period
    return render(
        request,
        "reports.html",
        {
            "report": report,
            "start": period.first_day,
            "end": period.last_day,
            "step": wanted.step,
            "charts": _charts(report, translate, lang),
            "tables": {t.key: t for t in report_tables(report)},
            "range_query": {
                "start": period.first_day.isoformat(),
                "end": period.last_day.isoformat(),
                "step": wanted.step,
            },
        },
        user=user,
    )


def bucket_labels(report: Report, lang: str) -> list[str]:
    """The volumes' columns as people read them: « janv. 2026 », « 6 janv. »."""
    pattern = "MMM y" if report.step == "month" else "d MMM"
    return [format_date(day, pattern, locale=lang) for day in report.buckets]


def _charts(report: Report, translate: Callable[[str], str], lang: str) -> dict[str, Markup]:
    labels = {
        group: {k: translate(v) for k, v in values.items()} for group, values in LABELS.items()
    }
    columns = bucket_labels(report, lang)
    charts = {
        field: stacked_bars(translate("Threads received"), columns, series, labels[field])
        for field, (_keys, series) in report.volumes.items()
    }
    charts["backlog"] = horizontal_bars(
        translate("Open threads by age (days)"),
        [(name, sum(c.values())) for name, c in report.backlog],
    )
    number = partial(_days_text, lang)
    for field in ("partner_type", "topic"):
        charts[f"times_{field}"] = horizontal_bars(
            translate("Median first response (working days)"),
            [(labels[field].get(t.group, t.group), t.median_days) for t in report.times[field]],
            number=number,
        )
    return charts


def _days_text(lang: str, value: float) -> str:
    return format_decimal(round(value, 1), locale=lang)


def _csv_key(table: str) -> str:
    """Table keys (``by_topic``), or the older names (``volume-topic``) of the same tables."""
    return table.replace("-", "_")


@router.get("/reports/{table}.csv")
def report_csv(request: Request, user: Supervisor, table: str) -> Response:
    """The older address of one table's CSV: now ``/reports.csv?table=<key>``
    (``web/routes/report_files.py``); the older names (``volume-topic``) still work."""
    key = table.replace("-", "_")
    if key not in TABLE_KEYS:
        raise NotFound(f"no report table {table!r}")
    query = urlencode([*request.query_params.multi_items(), ("table", key)])
    return RedirectResponse(f"/reports.csv?{query}", status_code=307)


@router.get("/audit")
def audit(
    request: Request,
    db: Db,
    user: Supervisor,
    f: AuditQuery,
    before: int | None = None,
) -> Response:
    rows, next_before = audit_page(db, f, before=before)
    return render(
        request,
        "audit.html",
        {
            "rows": rows,
            "next_before": next_before,
            "filter": f,
            "params": f.params(),
            "actions": audit_actions(db),
            "before": before,
            "as_json": _json,
        },
        user=user,
    )


@router.get("/audit.csv")
def audit_csv(request: Request, db: Db, user: Supervisor, f: AuditQuery) -> Response:
    delimiter = ";" if request_language(request, user) == "fr" else ","
    return csv_response(
        "mailflow-audit.csv",
        ["at", "actor", "action", "thread", "data"],
        _audit_lines(audit_rows(db, f)),
        delimiter=delimiter,
    )


def _audit_lines(rows: Iterator[tuple[Event, str | None]]) -> Iterator[list[Any]]:
    for event, ref in rows:
        yield [event.at, event.actor, event.action, ref, _json(event.data)]


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
