"""A :class:`~mailflow.services.reports.Report` as the one JSON shape of
``GET /api/reports/summary`` and ``mailflow report --json``."""

from __future__ import annotations

from dataclasses import asdict

from mailflow.services.report_stats import Breach
from mailflow.services.reports import Figures, Report
from mailflow.services.schemas import (
    BreachOut,
    CrossOut,
    FiguresOut,
    ReportOut,
    StaffOut,
)


def report_out(report: Report) -> ReportOut:
    columns, by_partner = report.volumes["partner_type"]
    return ReportOut(
        start=report.period.start,
        end=report.period.end,
        step=report.step,
        threads=len(report.rows),
        periods=columns,
        period_starts=report.buckets,
        volume_by_partner_type=by_partner,
        volume_by_topic=report.volumes["topic"][1],
        response_times=list(report.times["all"]),
        by_partner_type=list(report.times["partner_type"]),
        by_topic=list(report.times["topic"]),
        cross=[
            CrossOut(**asdict(timing), partner_type=p, topic=t)
            for (p, t), timing in sorted(report.cross.items())
        ],
        staff=[StaffOut(**asdict(s)) for s in report.staff],
        sla_target_working_days=report.target_days,
        sla_breaches=[b.row.ref for b in report.breaches],
        breaches=[_breach(b) for b in report.breaches],
        due_soon=[_breach(b) for b in report.due_soon],
        reopenings=report.figures.reopenings,
        current=_figures(report.figures),
        previous=_figures(report.previous),
        backlog=dict(report.backlog),
    )


def _breach(b: Breach) -> BreachOut:
    r = b.row
    return BreachOut(
        ref=r.ref,
        subject=r.subject,
        partner_type=r.partner_type,
        topic=r.topic,
        status=r.status,
        assignee=r.assignee,
        received=r.created_at,
        first_response=r.first_response_at,
        working_days=b.working_days,
        target=b.target,
        due=b.due,
    )


def _figures(f: Figures) -> FiguresOut:
    return FiguresOut(
        start=f.period.start,
        end=f.period.end,
        threads=f.threads,
        overall=f.overall,
        reopenings=f.reopenings,
        reopened_threads=f.reopened_threads,
    )
