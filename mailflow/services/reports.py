"""Supervisor reports: volumes, response times, SLA breaches, backlog, the response log.

:func:`build_report` makes the one :class:`Report` of a period that the page, the CSV
downloads and the API render. Threads of the period are read once (a few columns each) and
aggregated in Python, which keeps the SQL portable between SQLite and PostgreSQL.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel import Session, col

from mailflow.classify.result import PARTNER_TYPES, TOPICS
from mailflow.clock import utc_now
from mailflow.errors import InvalidInput
from mailflow.states import DraftPurpose, DraftState, MessageKind, ThreadStatus
from mailflow.store.models import Draft, Thread

BACKLOG_BUCKETS = (("0-1", 1), ("1-3", 3), ("3-7", 7), ("7-30", 30), ("30+", None))
STEPS = ("week", "month")
GROUPINGS = ("partner_type", "topic")
MAX_DAYS = 3 * 366
DEFAULT_DAYS = 90
LOG_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Period:
    start: datetime
    end: datetime
    """Exclusive: midnight after the last day."""
    tz: ZoneInfo

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        return (self.end - timedelta(days=1)).date()


@dataclass(frozen=True, slots=True)
class ThreadRow:
    id: int
    ref: str
    subject: str
    partner_type: str
    topic: str
    status: str
    created_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None


@dataclass(frozen=True, slots=True)
class Timing:
    group: str
    count: int
    answered: int
    median_hours: float | None
    p90_hours: float | None


@dataclass(frozen=True, slots=True)
class Breach:
    row: ThreadRow
    working_days: int


Volume = tuple[list[str], dict[str, list[int]]]
"""The period's columns (``2026-W03`` or ``2026-01``) and a count per column for each value."""


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the reports show for one period, computed once."""

    period: Period
    step: str
    rows: list[ThreadRow]
    """Threads from people received in the period, oldest first."""
    volumes: dict[str, Volume]
    """By ``partner_type`` and by ``topic``."""
    times: dict[str, list[Timing]]
    """First-response times: ``all`` (one entry), by ``partner_type``, by ``topic``."""
    target_days: int
    breaches: list[Breach]
    backlog: list[tuple[str, dict[str, int]]]
    """Threads not closed now, by age bucket (days), then by status."""
    log: list[ThreadRow]
    """The latest rows of the period (all of them without a limit), oldest first."""
    responders: dict[int, list[str]]
    """Who answered each thread of ``log``."""

    @property
    def overall(self) -> Timing | None:
        return self.times["all"][0] if self.times["all"] else None


def period_of(
    start: date | None, end: date | None, *, tz: ZoneInfo, today: date | None = None
) -> Period:
    """The days from ``start`` to ``end`` included (default: the 90 days up to today)."""
    end = end or today or utc_now().astimezone(tz).date()
    start = start or end - timedelta(days=DEFAULT_DAYS)
    if start > end:
        raise InvalidInput("the start date is after the end date")
    if (end - start).days > MAX_DAYS:
        raise InvalidInput("choose a period of three years at most")
    return Period(
        datetime.combine(start, time(), tz),
        datetime.combine(end + timedelta(days=1), time(), tz),
        tz,
    )


def build_report(
    session: Session,
    period: Period,
    *,
    step: str = "week",
    target_days: int,
    log_limit: int | None = LOG_LIMIT,
    now: datetime | None = None,
) -> Report:
    """The report of ``period``, volumes per ``step`` (week or month)."""
    if step not in STEPS:
        raise InvalidInput("step must be week or month")
    now = now or utc_now()
    rows = human_threads(session, period)
    log = rows[-log_limit:] if log_limit else rows
    times = {"all": response_times(rows, None)}
    times.update({field: response_times(rows, field) for field in GROUPINGS})
    return Report(
        period=period,
        step=step,
        rows=rows,
        volumes={field: volume(rows, field, period, step) for field in GROUPINGS},
        times=times,
        target_days=target_days,
        breaches=sla_breaches(rows, target_days, now, period.tz),
        backlog=backlog(session, now),
        log=log,
        responders=responders(session, [r.id for r in log]),
    )


def human_threads(session: Session, period: Period) -> list[ThreadRow]:
    query = (
        select(
            col(Thread.id),
            col(Thread.ref),
            col(Thread.subject),
            col(Thread.partner_type),
            col(Thread.topic),
            col(Thread.status),
            col(Thread.created_at),
            col(Thread.first_response_at),
            col(Thread.resolved_at),
        )
        .where(
            col(Thread.kind) == MessageKind.HUMAN,
            col(Thread.created_at) >= period.start,
            col(Thread.created_at) < period.end,
        )
        .order_by(col(Thread.created_at), col(Thread.id))
    )
    return [ThreadRow(*row) for row in session.execute(query)]


def responders(session: Session, thread_ids: list[int]) -> dict[int, list[str]]:
    """Who answered each thread: the approvers (or authors) of its sent replies."""
    found: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(thread_ids), 500):
        chunk = thread_ids[start : start + 500]
        query = (
            select(col(Draft.thread_id), col(Draft.approved_by), col(Draft.author))
            .where(
                col(Draft.thread_id).in_(chunk),
                col(Draft.state) == DraftState.SENT,
                col(Draft.purpose) == DraftPurpose.REPLY,
            )
            .order_by(col(Draft.sent_at))
        )
        for thread_id, approved_by, author in session.execute(query):
            name = approved_by or author or "?"
            if name not in found[thread_id]:
                found[thread_id].append(name)
    return found


def volume(rows: list[ThreadRow], field: str, period: Period, step: str) -> Volume:
    """Threads received per week or month, one series per value of ``field``."""
    buckets = _buckets(period, step)
    index = {key: i for i, key in enumerate(buckets)}
    values = PARTNER_TYPES if field == "partner_type" else TOPICS
    series = {value: [0] * len(buckets) for value in values}
    for row in rows:
        key = _bucket(row.created_at.astimezone(period.tz).date(), step)
        value = getattr(row, field)
        if key in index and value in series:
            series[value][index[key]] += 1
    return buckets, {k: v for k, v in series.items() if any(v)}


def response_times(rows: list[ThreadRow], field: str | None) -> list[Timing]:
    """Median and 90th percentile of first-response times, overall or per value of ``field``."""
    groups: dict[str, list[ThreadRow]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, field) if field else "all"].append(row)
    return [_timing(name, group) for name, group in sorted(groups.items())]


def _timing(name: str, rows: list[ThreadRow]) -> Timing:
    hours = sorted(
        (r.first_response_at - r.created_at).total_seconds() / 3600
        for r in rows
        if r.first_response_at is not None
    )
    return Timing(
        name,
        len(rows),
        len(hours),
        statistics.median(hours) if hours else None,
        percentile(hours, 90) if hours else None,
    )


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    rank = max(1, -(-len(sorted_values) * pct // 100))
    return sorted_values[int(rank) - 1]


def working_days_between(start: datetime, end: datetime, tz: ZoneInfo) -> int:
    """Monday-to-Friday days after ``start``'s day up to ``end``'s day (local time)."""
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    if last <= first:
        return 0
    days = (last - first).days
    weeks, extra = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, extra + 1):
        if (first + timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def sla_breaches(
    rows: list[ThreadRow], target_days: int, now: datetime, tz: ZoneInfo
) -> list[Breach]:
    """Threads answered (or still unanswered) after more than ``target_days`` working days."""
    breaches = []
    for row in rows:
        taken = working_days_between(row.created_at, row.first_response_at or now, tz)
        if taken > target_days:
            breaches.append(Breach(row, taken))
    return breaches


def backlog(session: Session, now: datetime) -> list[tuple[str, dict[str, int]]]:
    """Threads not closed, by age bucket (days) and status."""
    query = select(col(Thread.status), col(Thread.created_at)).where(
        col(Thread.status) != ThreadStatus.CLOSED, col(Thread.kind) == MessageKind.HUMAN
    )
    counts: dict[str, Counter[str]] = {name: Counter() for name, _ in BACKLOG_BUCKETS}
    for status, created in session.execute(query):
        counts[_age_bucket((now - created).total_seconds() / 86400)][status] += 1
    return [(name, dict(counts[name])) for name, _ in BACKLOG_BUCKETS]


def _age_bucket(days: float) -> str:
    for name, limit in BACKLOG_BUCKETS:
        if limit is None or days < limit:
            return name
    return BACKLOG_BUCKETS[-1][0]


def _bucket(day: date, step: str) -> str:
    if step == "month":
        return f"{day.year}-{day.month:02d}"
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _buckets(period: Period, step: str) -> list[str]:
    keys: list[str] = []
    day = period.start.astimezone(period.tz).date()
    last = (period.end - timedelta(seconds=1)).astimezone(period.tz).date()
    for current in _days(day, last):
        key = _bucket(current, step)
        if not keys or keys[-1] != key:
            keys.append(key)
    return keys


def _days(first: date, last: date) -> Iterator[date]:
    while first <= last:
        yield first
        first += timedelta(days=1)
