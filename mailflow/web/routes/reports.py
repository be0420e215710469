"""Supervisor pages: dashboards with charts, the response log, CSV exports, the audit log."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from mailflow.errors import NotFound
from mailflow.services.audit import Event, audit_actions, audit_page, audit_rows
from mailflow.services.reports import Report
from mailflow.web.charts import horizontal_bars, stacked_bars
from mailflow.web.csvexport import REPORT_TABLES, csv_response, report_table
from mailflow.web.deps import Db, Supervisor, get_state
from mailflow.web.filters import AuditQuery, ReportQuery
from mailflow.web.labels import LABELS
from mailflow.web.render import render, request_language

router = APIRouter()


@router.get("/reports")
def reports(request: Request, db: Db, user: Supervisor, wanted: ReportQuery) -> Response:
    report = wanted.build(db)
    step = report.step
    translate = get_state(request).gettext(request_language(request, user))
    labels = {
        group: {k: translate(v) for k, v in values.items()} for group, values in LABELS.items()
    }
    period = report.period
    return render(
        request,
        "reports.html",
        {
            "period": period,
            "start": period.first_day,
            "end": period.last_day,
            "step": step,
            "volumes": report.volumes,
            "overall": report.overall,
            "by_partner": report.times["partner_type"],
            "by_topic": report.times["topic"],
            "breaches": report.breaches,
            "backlog": report.backlog,
            "charts": _charts(report, translate, labels),
            "count": len(report.rows),
            "target": report.target_days,
            "log": report.log[::-1],
            "responders": report.responders,
            "tables": REPORT_TABLES,
            "range_query": {
                "start": period.first_day.isoformat(),
                "end": period.last_day.isoformat(),
                "step": step,
            },
        },
        user=user,
    )


def _charts(
    report: Report, translate: Callable[[str], str], labels: dict[str, dict[str, str]]
) -> dict[str, Markup]:
    charts = {
        field: stacked_bars(translate("Threads received"), columns, series, labels[field])
        for field, (columns, series) in report.volumes.items()
    }
    charts["backlog"] = horizontal_bars(
        translate("Open threads by age (days)"),
        [(name, sum(c.values())) for name, c in report.backlog],
    )
    charts["times"] = horizontal_bars(
        translate("Median first response (hours)"),
        [
            (labels["partner_type"].get(t.group, t.group), round(t.median_hours or 0, 1))
            for t in report.times["partner_type"]
        ],
        " h",
    )
    return charts


@router.get("/reports/{table}.csv")
def report_csv(
    request: Request, db: Db, user: Supervisor, table: str, wanted: ReportQuery
) -> Response:
    if table not in REPORT_TABLES:
        raise NotFound(f"no report table {table!r}")
    report = wanted.build(db, log_limit=None)
    header, body = report_table(report, table)
    delimiter = ";" if request_language(request, user) == "fr" else ","
    return csv_response(
        f"mailflow-{table}-{report.period.first_day}.csv", header, body, delimiter=delimiter
    )


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
