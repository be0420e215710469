"""Supervisor reports: the one :class:`Report` of a period, for every edge.

:func:`build_report` is what the reports page, its CSV and document exports
(:func:`~mailflow.services.report_tables.report_tables`), ``GET /api/reports/summary`` and
``mailflow report`` all call. What each number means is in docs/reports.md; the reads are
in :mod:`report_facts`, the arithmetic in :mod:`report_stats`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from mailflow.classify.result import PARTNER_TYPES, TOPICS
from mailflow.clock import utc_now
from mailflow.errors import InvalidInput
from mailflow.services import report_facts as facts
from mailflow.services import report_stats as stats
from mailflow.services.report_facts import Period, ThreadRow, period_of
from mailflow.services.report_stats import STEPS, Breach, Measured, StaffLoad, Timing, percentile
from mailflow.workdays import SlaTargets, WorkingCalendar

__all__ = [
    "GROUPINGS",
    "LOG_LIMIT",
    "REPORT_TITLE",
    "STEPS",
    "Breach",
    "Figures",
    "Measured",
    "Period",
    "Report",
    "StaffLoad",
    "ThreadRow",
    "Timing",
    "build_report",
    "percentile",
    "period_of",
]

GROUPINGS = ("partner_type", "topic")
LOG_LIMIT = 200
REPORT_TITLE = "Cooperation activity report"
"""English message id of the documents' title."""

Volume = tuple[list[str], dict[str, list[int]]]
"""The period's columns (``2026-W03`` or ``2026-01``) and a count per column for each value."""


@dataclass(frozen=True, slots=True)
class Figures:
    """The headline numbers of a period (the N and N-1 of the comparison)."""

    period: Period
    threads: int
    """Threads from people received in the period."""
    overall: Timing
    """Over the threads started by a partner."""
    reopenings: int
    reopened_threads: int


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the reports show for one period, computed once."""

    period: Period
    step: str
    """``week`` or ``month`` (``auto`` is resolved by the span)."""
    buckets: list[date]
    """The first day of each week or month of the volumes."""
    rows: list[ThreadRow]
    """Threads from people received in the period, oldest first."""
    volumes: dict[str, Volume]
    """By ``partner_type`` and by ``topic``."""
    times: dict[str, list[Timing]]
    """``all`` (one entry, absent when no thread), by ``partner_type``, by ``topic``."""
    cross: dict[tuple[str, str], Timing]
    """Partner type × topic."""
    staff: list[StaffLoad]
    target_days: int
    """The default target; each thread has its own (``sla_target``)."""
    breaches: list[Breach]
    due_soon: list[Breach]
    """Unanswered open threads (any date) due within the next working day."""
    figures: Figures
    previous: Figures
    """The same days a year earlier."""
    backlog: list[tuple[str, dict[str, int]]]
    """Threads not closed now, by age bucket (days), then by status."""
    log: list[ThreadRow]
    """The latest rows of the period (all of them without a limit), oldest first."""
    responders: dict[int, list[str]]
    """Who answered each thread of the period (authors of its sent replies)."""
    measured: dict[int, stats.Measured]
    """Each thread started by a partner, by id: its times in working days."""
    now: datetime

    @property
    def overall(self) -> Timing | None:
        return self.times["all"][0] if self.times["all"] else None


def build_report(
    session: Session,
    period: Period,
    *,
    calendar: WorkingCalendar,
    sla: SlaTargets,
    step: str = "auto",
    log_limit: int | None = LOG_LIMIT,
    now: datetime | None = None,
) -> Report:
    """The report of ``period``; volumes per week or month (``auto``: by the span)."""
    if step not in STEPS:
        raise InvalidInput("step must be auto, week or month")
    now = now or utc_now()
    step = stats.step_for(period, step)
    rows = facts.human_threads(session, period)
    measured = stats.measure(rows, calendar, sla, now)
    sent = facts.replies(session, period)
    figures = _figures(session, period, rows, measured)
    times = {
        "all": [figures.overall] if rows else [],
        "partner_type": stats.timings(measured, lambda r: r.partner_type),
        "topic": stats.timings(measured, lambda r: r.topic),
    }
    return Report(
        period=period,
        step=step,
        buckets=stats.buckets(period, step),
        rows=rows,
        volumes={field: _volume(rows, field, period, step) for field in GROUPINGS},
        times=times,
        cross=stats.cross_table(measured),
        staff=stats.staff_loads(rows, sent, measured),
        target_days=sla.working_days,
        breaches=stats.breaches(measured, calendar),
        due_soon=stats.due_soon(
            facts.waiting_for_answer(session, stats.unanswered_since(calendar, sla, now)),
            calendar,
            sla,
            now,
        ),
        figures=figures,
        previous=previous_figures(session, period.year_before(), calendar, sla, now),
        backlog=stats.backlog(facts.open_by_age(session, now, stats.BACKLOG_BUCKETS)),
        log=rows[-log_limit:] if log_limit else rows,
        responders={
            thread: list(dict.fromkeys(r.by for r in replies)) for thread, replies in sent.items()
        },
        measured={m.row.id: m for m in measured},
        now=now,
    )


def previous_figures(
    session: Session, period: Period, calendar: WorkingCalendar, sla: SlaTargets, now: datetime
) -> Figures:
    rows = facts.timing_rows(session, period)
    return _figures(session, period, rows, stats.measure(rows, calendar, sla, now))


def _figures(
    session: Session, period: Period, rows: list[ThreadRow], measured: list[stats.Measured]
) -> Figures:
    events, threads = facts.reopenings(session, period)
    return Figures(period, len(rows), stats.timing("all", measured), events, threads)


def _volume(rows: list[ThreadRow], field: str, period: Period, step: str) -> Volume:
    values = PARTNER_TYPES if field == "partner_type" else TOPICS
    keys = [stats.bucket_key(start, step) for start in stats.buckets(period, step)]
    return keys, stats.volume(rows, field, values, period, step)
