"""Supervisor pages: dashboards with charts, the response log, CSV exports, the audit log."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from mailflow.errors import InvalidInput
from mailflow.web.charts import horizontal_bars, stacked_bars
from mailflow.web.csvexport import csv_response
from mailflow.web.deps import Db, Supervisor, get_state
from mailflow.web.labels import LABELS
from mailflow.web.queries import reports as q
from mailflow.web.queries.audit import AuditFilter, audit_actions, audit_page, audit_rows
from mailflow.web.render import render, request_language

router = APIRouter()
TABLES = (
    "response-log",
    "volume-partner-type",
    "volume-topic",
    "response-times",
    "sla-breaches",
    "backlog",
)
MAX_DAYS = 3 * 366


def period_of(request: Request, start: date | None, end: date | None) -> q.Period:
    tz = get_state(request).tz
    today = datetime.now(tz).date()
    end = end or today
    start = start or end - timedelta(days=90)
    if start > end:
        raise InvalidInput("the start date is after the end date")
    if (end - start).days > MAX_DAYS:
        raise InvalidInput("choose a period of three years at most")
    return q.Period(
        datetime.combine(start, time(), tz),
        datetime.combine(end + timedelta(days=1), time(), tz),
        tz,
    )


@router.get("/reports")
def reports(
    request: Request,
    db: Db,
    user: Supervisor,
    start: date | None = None,
    end: date | None = None,
    step: str = "week",
) -> Response:
    if step not in ("week", "month"):
        raise InvalidInput("step must be week or month")
    state = get_state(request)
    period = period_of(request, start, end)
    rows = q.human_threads(db, period)
    now = datetime.now(UTC)
    translate = state.gettext(request_language(request, user))
    labels = {
        group: {k: translate(v) for k, v in values.items()} for group, values in LABELS.items()
    }
    volumes = {field: q.volume(rows, field, period, step) for field in ("partner_type", "topic")}
    overall = q.response_times(rows, None)
    backlog = q.backlog(db, now)
    breaches = q.sla_breaches(rows, state.settings.web.sla_working_days, now, state.tz)
    charts = {
        field: stacked_bars(translate("Threads received"), columns, series, labels[field])
        for field, (columns, series) in volumes.items()
    }
    charts["backlog"] = horizontal_bars(
        translate("Open threads by age (days)"), [(name, sum(c.values())) for name, c in backlog]
    )
    charts["times"] = horizontal_bars(
        translate("Median first response (hours)"),
        [
            (labels["partner_type"].get(t.group, t.group), round(t.median_hours or 0, 1))
            for t in q.response_times(rows, "partner_type")
        ],
        " h",
    )
    log = rows[-200:][::-1]
    return render(
        request,
        "reports.html",
        {
            "period": period,
            "start": period.start.date(),
            "end": (period.end - timedelta(days=1)).date(),
            "step": step,
            "volumes": volumes,
            "overall": overall[0] if overall else None,
            "by_partner": q.response_times(rows, "partner_type"),
            "by_topic": q.response_times(rows, "topic"),
            "breaches": breaches,
            "backlog": backlog,
            "charts": charts,
            "count": len(rows),
            "target": state.settings.web.sla_working_days,
            "log": log,
            "responders": q.responders(db, [r.id for r in log]),
            "tables": TABLES,
            "range_query": {
                "start": period.start.date().isoformat(),
                "end": (period.end - timedelta(days=1)).date().isoformat(),
                "step": step,
            },
        },
        user=user,
    )


@router.get("/reports/{table}.csv")
def report_csv(
    request: Request,
    db: Db,
    user: Supervisor,
    table: str,
    start: date | None = None,
    end: date | None = None,
    step: str = "week",
) -> Response:
    if table not in TABLES:
        raise HTTPException(404, f"no report table {table!r}")
    if step not in ("week", "month"):
        raise InvalidInput("step must be week or month")
    state = get_state(request)
    period = period_of(request, start, end)
    rows = q.human_threads(db, period)
    header, body = _table(db, table, rows, period, step, state.settings.web.sla_working_days)
    delimiter = ";" if request_language(request, user) == "fr" else ","
    return csv_response(
        f"mailflow-{table}-{period.start.date()}.csv", header, body, delimiter=delimiter
    )


def _table(
    db: Db, table: str, rows: list[q.ThreadRow], period: q.Period, step: str, target: int
) -> tuple[list[str], Any]:
    now = datetime.now(UTC)
    if table == "response-log":
        who = q.responders(db, [r.id for r in rows])
        return (
            [
                "ref",
                "subject",
                "partner_type",
                "topic",
                "status",
                "received",
                "first_response",
                "resolved",
                "answered_by",
            ],
            (
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
                for r in rows
            ),
        )
    if table.startswith("volume-"):
        field = "partner_type" if table == "volume-partner-type" else "topic"
        columns, series = q.volume(rows, field, period, step)
        return [step, *series], (
            [c, *[series[s][i] for s in series]] for i, c in enumerate(columns)
        )
    if table == "response-times":
        timings = [("all", t) for t in q.response_times(rows, None)]
        timings += [("partner_type", t) for t in q.response_times(rows, "partner_type")]
        timings += [("topic", t) for t in q.response_times(rows, "topic")]
        return (
            ["grouping", "group", "threads", "answered", "median_hours", "p90_hours"],
            (
                [g, t.group, t.count, t.answered, _round(t.median_hours), _round(t.p90_hours)]
                for g, t in timings
            ),
        )
    if table == "sla-breaches":
        breaches = q.sla_breaches(rows, target, now, period.tz)
        return (
            [
                "ref",
                "subject",
                "partner_type",
                "topic",
                "received",
                "first_response",
                "working_days",
                "target_working_days",
            ],
            (
                [
                    b.row.ref,
                    b.row.subject,
                    b.row.partner_type,
                    b.row.topic,
                    b.row.created_at,
                    b.row.first_response_at,
                    b.working_days,
                    target,
                ]
                for b in breaches
            ),
        )
    statuses = ("new", "open", "waiting")
    return (
        ["age_days", *statuses],
        ([name, *[counts.get(s, 0) for s in statuses]] for name, counts in q.backlog(db, now)),
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@router.get("/audit")
def audit(
    request: Request,
    db: Db,
    user: Supervisor,
    actor: Annotated[str, Query(max_length=255)] = "",
    action: Annotated[str, Query(max_length=64)] = "",
    ref: Annotated[str, Query(max_length=40)] = "",
    start: date | None = None,
    end: date | None = None,
    before: int | None = None,
) -> Response:
    f = _audit_filter(request, actor, action, ref, start, end)
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
def audit_csv(
    request: Request,
    db: Db,
    user: Supervisor,
    actor: str = "",
    action: str = "",
    ref: str = "",
    start: date | None = None,
    end: date | None = None,
) -> Response:
    f = _audit_filter(request, actor, action, ref, start, end)
    delimiter = ";" if request_language(request, user) == "fr" else ","
    return csv_response(
        "mailflow-audit.csv",
        ["at", "actor", "action", "thread", "data"],
        _audit_lines(audit_rows(db, f)),
        delimiter=delimiter,
    )


def _audit_lines(rows: Iterator[tuple[Any, str | None]]) -> Iterator[list[Any]]:
    for event, ref in rows:
        yield [event.at, event.actor, event.action, ref, _json(event.data)]


def _audit_filter(
    request: Request, actor: str, action: str, ref: str, start: date | None, end: date | None
) -> AuditFilter:
    tz = get_state(request).tz
    if start and end and start > end:
        raise InvalidInput("the start date is after the end date")
    return AuditFilter(
        actor=actor.strip(),
        action=action.strip(),
        ref=ref.strip(),
        start=datetime.combine(start, time(), tz) if start else None,
        end=datetime.combine(end + timedelta(days=1), time(), tz) if end else None,
    )


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
