"""The arithmetic of the reports, over the rows :mod:`report_facts` read. No I/O.

Every time is in working days (``mailflow.workdays``, defined in docs/reports.md): each
thread is measured once (:func:`measure`), then grouped. A group where nothing was answered
has ``None`` for its medians (shown « — », never 0).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from mailflow.services.report_facts import Period, Reply, ThreadRow
from mailflow.workdays import SlaTargets, WorkingCalendar, sla_target

STEPS = ("auto", "week", "month")
WEEKS_UP_TO = 16 * 7
"""``auto``: weeks for a period up to 16 weeks, months beyond."""
BACKLOG_BUCKETS = (("0-1", 1), ("1-3", 3), ("3-7", 7), ("7-30", 30), ("30+", None))


@dataclass(frozen=True, slots=True)
class Measured:
    """One thread's times, in working days (None: not answered, not resolved)."""

    row: ThreadRow
    first_response: float | None
    resolution: float | None
    taken: int
    """Working days taken to answer, up to now (or to its closing) when unanswered."""
    target: int


@dataclass(frozen=True, slots=True)
class Timing:
    group: str
    count: int
    answered: int
    median_days: float | None
    p90_days: float | None
    resolved: int
    resolution_median_days: float | None
    resolution_p90_days: float | None
    breaches: int


@dataclass(frozen=True, slots=True)
class Breach:
    row: ThreadRow
    working_days: int
    target: int
    due: datetime


@dataclass(frozen=True, slots=True)
class StaffLoad:
    name: str
    assigned: int
    """Threads of the period assigned to this person now."""
    answered: int
    """Threads of the period in which this person sent at least one reply."""
    replies: int
    first_responses: int
    """Threads whose first reply sent from mailflow is this person's."""
    median_days: float | None
    """Median first response of those threads."""


class WorkingClock:
    """The calendar's working time as a running total: working microseconds since a fixed
    day, so that the working time between two instants is a subtraction. Gives exactly
    :meth:`WorkingCalendar.working_time` (wall-clock hours of working days), much faster
    over thousands of threads: one zone conversion and one dictionary look-up per instant."""

    def __init__(self, calendar: WorkingCalendar) -> None:
        self.calendar = calendar
        config = calendar.config
        self._open = _micros(config.day_start.hour, config.day_start.minute)
        self._close = _micros(config.day_end.hour, config.day_end.minute)
        self.day = self._close - self._open
        self._before: dict[date, int] = {}
        self._working: set[date] = set()
        self._first: date | None = None
        self._next, self._running = date.min, 0

    def total(self, instant: datetime) -> int:
        """Working microseconds from the clock's first day to ``instant``."""
        local = instant.astimezone(self.calendar.tz)
        day = local.date()
        before = self._before.get(day)
        if before is None:
            before = self._extend(day)
        if day not in self._working:
            return before
        clock = _micros(local.hour, local.minute, local.second) + local.microsecond
        return before + min(max(clock, self._open), self._close) - self._open

    def between(self, start: datetime, end: datetime) -> int:
        return max(0, self.total(end) - self.total(start))

    def _extend(self, day: date) -> int:
        """Count the working days up to ``day`` (from 400 days before the first one asked)."""
        if self._first is None or day < self._first:
            self._first = day - timedelta(days=400)
            self._before.clear()
            self._working.clear()
            self._next, self._running = self._first, 0
        while self._next <= day:
            self._before[self._next] = self._running
            if self.calendar.is_working_day(self._next):
                self._working.add(self._next)
                self._running += self.day
            self._next += timedelta(days=1)
        return self._before[day]


def _micros(hours: int, minutes: int, seconds: int = 0) -> int:
    return ((hours * 60 + minutes) * 60 + seconds) * 1_000_000


def measure(
    rows: Iterable[ThreadRow], calendar: WorkingCalendar, sla: SlaTargets, now: datetime
) -> list[Measured]:
    """The times of the threads started by a partner (ours are not answers to anyone)."""
    measured = []
    clock = WorkingClock(calendar)
    total, day = clock.total, clock.day
    now_total = total(now)
    targets: dict[tuple[str, str], int] = {}
    for row in rows:
        if not row.started_by_partner:
            continue
        start, answer, resolved = total(row.created_at), row.first_response_at, row.resolved_at
        first = max(0, total(answer) - start) if answer else None
        resolution = max(0, total(resolved) - start) if resolved else None
        end = (
            first
            if first is not None
            else resolution
            if resolution is not None
            else (max(0, now_total - start))
        )
        pair = (row.topic, row.partner_type)
        if pair not in targets:
            targets[pair] = sla_target(sla, topic=row.topic, partner_type=row.partner_type)
        measured.append(
            Measured(
                row,
                None if first is None else first / day,
                None if resolution is None else resolution / day,
                -(-end // day),
                targets[pair],
            )
        )
    return measured


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    rank = max(1, -(-len(sorted_values) * pct // 100))
    return sorted_values[int(rank) - 1]


def median(values: Iterable[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return statistics.median(found) if found else None


def timing(group: str, items: list[Measured]) -> Timing:
    first = sorted(m.first_response for m in items if m.first_response is not None)
    resolved = sorted(m.resolution for m in items if m.resolution is not None)
    return Timing(
        group,
        len(items),
        len(first),
        statistics.median(first) if first else None,
        percentile(first, 90) if first else None,
        len(resolved),
        statistics.median(resolved) if resolved else None,
        percentile(resolved, 90) if resolved else None,
        sum(m.taken > m.target for m in items),
    )


def timings(items: list[Measured], key: Callable[[ThreadRow], str]) -> list[Timing]:
    groups: dict[str, list[Measured]] = defaultdict(list)
    for m in items:
        groups[key(m.row)].append(m)
    return [timing(name, group) for name, group in sorted(groups.items())]


def cross_table(items: list[Measured]) -> dict[tuple[str, str], Timing]:
    """Partner type × topic: one timing per pair that has threads."""
    groups: dict[tuple[str, str], list[Measured]] = defaultdict(list)
    for m in items:
        groups[m.row.partner_type, m.row.topic].append(m)
    return {pair: timing(f"{pair[0]}/{pair[1]}", group) for pair, group in groups.items()}


def breaches(items: list[Measured], calendar: WorkingCalendar) -> list[Breach]:
    """Threads answered (or still unanswered) after more than their target."""
    return [
        Breach(m.row, m.taken, m.target, calendar.add_working_days(m.row.created_at, m.target))
        for m in items
        if m.taken > m.target
    ]


def due_soon(
    rows: Iterable[ThreadRow], calendar: WorkingCalendar, sla: SlaTargets, now: datetime
) -> list[Breach]:
    """Unanswered threads not yet in breach whose target falls within the next working day."""
    horizon = calendar.add_working_days(now, 1)
    found = []
    for row in rows:
        target = sla_target(sla, topic=row.topic, partner_type=row.partner_type)
        due = calendar.add_working_days(row.created_at, target)
        if now <= due <= horizon:
            found.append(Breach(row, calendar.working_days_taken(row.created_at, now), target, due))
    return sorted(found, key=lambda b: (b.due, b.row.id))


def staff_loads(
    rows: list[ThreadRow], sent: dict[int, list[Reply]], measured: list[Measured]
) -> list[StaffLoad]:
    """Per person: threads assigned, answered, replies sent, median first response."""
    assigned: dict[str, int] = defaultdict(int)
    answered: dict[str, int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    for row in rows:
        if row.assignee:
            assigned[row.assignee] += 1
    for thread_replies in sent.values():
        for name in {r.by for r in thread_replies}:
            answered[name] += 1
        for r in thread_replies:
            count[r.by] += 1
    firsts: dict[str, list[float]] = defaultdict(list)
    for m in measured:
        first = sent.get(m.row.id)
        if first and m.first_response is not None:
            firsts[first[0].by].append(m.first_response)
    names = sorted(set(assigned) | set(answered))
    return [
        StaffLoad(n, assigned[n], answered[n], count[n], len(firsts[n]), median(firsts[n]))
        for n in names
    ]


def bucket_of(day: date, step: str) -> date:
    """The first day of ``day``'s week (Monday) or month."""
    if step == "month":
        return day.replace(day=1)
    return day - timedelta(days=day.weekday())


def step_for(period: Period, step: str) -> str:
    if step != "auto":
        return step
    return "week" if (period.end - period.start).days <= WEEKS_UP_TO else "month"


def buckets(period: Period, step: str) -> list[date]:
    found: list[date] = []
    for day in _days(period.first_day, period.last_day):
        start = bucket_of(day, step)
        if not found or found[-1] != start:
            found.append(start)
    return found


def bucket_key(start: date, step: str) -> str:
    """``2026-01`` for a month, ``2026-W03`` for a week (ISO)."""
    if step == "month":
        return f"{start.year}-{start.month:02d}"
    year, week, _ = start.isocalendar()
    return f"{year}-W{week:02d}"


def volume(
    rows: list[ThreadRow], field: str, values: tuple[str, ...], period: Period, step: str
) -> dict[str, list[int]]:
    """Threads received per bucket, one series per value of ``field`` (empty ones left out)."""
    starts = buckets(period, step)
    index = {start: i for i, start in enumerate(starts)}
    series = {value: [0] * len(starts) for value in values}
    for row in rows:
        i = index.get(bucket_of(row.created_at.astimezone(period.tz).date(), step))
        value = getattr(row, field)
        if i is not None and value in series:
            series[value][i] += 1
    return {k: v for k, v in series.items() if any(v)}


def backlog(counted: Iterable[tuple[str, str, int]]) -> list[tuple[str, dict[str, int]]]:
    """Threads not closed, by age bucket (days) and status, from ``(bucket, status, count)``
    (:func:`~mailflow.services.report_facts.open_by_age` over :data:`BACKLOG_BUCKETS`)."""
    counts: dict[str, dict[str, int]] = {name: {} for name, _ in BACKLOG_BUCKETS}
    for bucket, status, count in counted:
        counts[bucket][status] = counts[bucket].get(status, 0) + count
    return [(name, counts[name]) for name, _ in BACKLOG_BUCKETS]


def unanswered_since(calendar: WorkingCalendar, sla: SlaTargets, now: datetime) -> datetime:
    """An instant before which no unanswered thread can still be within its target: more than
    the largest target of whole working days have run since then (the bound of
    :func:`due_soon`'s read)."""
    days = max([sla.working_days, *sla.by_topic.values(), *sla.by_partner_type.values()])
    day, found = now.astimezone(calendar.tz).date(), 0
    for _ in range(3660):
        if found > days:
            return datetime.combine(day - timedelta(days=1), time(), calendar.tz)
        day -= timedelta(days=1)
        found += calendar.is_working_day(day)
    return datetime.min.replace(tzinfo=UTC)


def _days(first: date, last: date) -> Iterator[date]:
    while first <= last:
        yield first
        first += timedelta(days=1)
