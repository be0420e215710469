"""What a report reads from the store: the period, its threads, the replies staff sent,
reopenings, the open threads (backlog, about to breach).

A few columns per row, portable SQL (SQLite and PostgreSQL); the arithmetic is done by
:mod:`mailflow.services.report_stats` on what these functions return.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Executable, case, distinct, func, select
from sqlmodel import Session, col

from mailflow.clock import utc_now
from mailflow.errors import InvalidInput
from mailflow.services.bounds import check_period
from mailflow.states import DraftPurpose, DraftState, MessageKind, ThreadStatus
from mailflow.store.models import Draft, Event, Thread

MAX_DAYS = 3 * 366
DEFAULT_DAYS = 90
REOPENED = "thread.reopened"


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

    def year_before(self) -> Period:
        """The same days one year earlier (29 February becomes the 28th)."""
        return _period(_year_before(self.first_day), _year_before(self.last_day), self.tz)


@dataclass(frozen=True, slots=True)
class ThreadRow:
    id: int
    ref: str
    subject: str
    partner_type: str
    topic: str
    status: str
    assignee: str | None
    created_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None

    @property
    def started_by_partner(self) -> bool:
        """A thread we started has its first response at its creation (docs/reports.md)."""
        return self.first_response_at is None or self.first_response_at > self.created_at


@dataclass(frozen=True, slots=True)
class Reply:
    """A reply staff sent from mailflow (the outbox): who wrote it, when it left."""

    thread_id: int
    by: str
    sent_at: datetime | None


def period_of(
    start: date | None, end: date | None, *, tz: ZoneInfo, today: date | None = None
) -> Period:
    """The days from ``start`` to ``end`` included (default: the 90 days up to today)."""
    check_period(start, end)
    end = end or today or utc_now().astimezone(tz).date()
    start = start or end - timedelta(days=DEFAULT_DAYS)
    if start > end:
        raise InvalidInput("the start date is after the end date")
    if (end - start).days > MAX_DAYS:
        raise InvalidInput("choose a period of three years at most")
    return _period(start, end, tz)


def _period(first: date, last: date, tz: ZoneInfo) -> Period:
    return Period(
        datetime.combine(first, time(), tz),
        datetime.combine(last + timedelta(days=1), time(), tz),
        tz,
    )


def _year_before(day: date) -> date:
    if day.month == 2 and day.day == 29:
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


_COLUMNS = (
    col(Thread.id),
    col(Thread.ref),
    col(Thread.subject),
    col(Thread.partner_type),
    col(Thread.topic),
    col(Thread.status),
    col(Thread.assignee),
    col(Thread.created_at),
    col(Thread.first_response_at),
    col(Thread.resolved_at),
)


def human_threads(session: Session, period: Period) -> list[ThreadRow]:
    """Threads from people received in ``period``, oldest first."""
    query = (
        select(*_COLUMNS)
        .where(*_in_period(period))
        .order_by(col(Thread.created_at), col(Thread.id))
    )
    return [ThreadRow(*row) for row in _rows(session, query)]


def timing_rows(session: Session, period: Period) -> list[ThreadRow]:
    """:func:`human_threads` with only what the times need (no reference, subject...)."""
    query = select(
        col(Thread.id),
        col(Thread.partner_type),
        col(Thread.topic),
        col(Thread.created_at),
        col(Thread.first_response_at),
        col(Thread.resolved_at),
    ).where(*_in_period(period))
    return [
        ThreadRow(i, "", "", partner_type, topic, "", None, created, first, resolved)
        for i, partner_type, topic, created, first, resolved in _rows(session, query)
    ]


def waiting_for_answer(session: Session, since: datetime | None = None) -> list[ThreadRow]:
    """Threads from people, not closed, that nobody has answered yet, received at or after
    ``since`` (any date without it)."""
    query = select(*_COLUMNS).where(
        col(Thread.kind) == MessageKind.HUMAN,
        col(Thread.status) != ThreadStatus.CLOSED,
        col(Thread.first_response_at).is_(None),
    )
    if since is not None:
        query = query.where(col(Thread.created_at) >= since)
    return [ThreadRow(*row) for row in _rows(session, query)]


def _in_period(period: Period) -> tuple[ColumnElement[bool], ...]:
    return (
        col(Thread.kind) == MessageKind.HUMAN,
        col(Thread.created_at) >= period.start,
        col(Thread.created_at) < period.end,
    )


def replies(session: Session, period: Period) -> dict[int, list[Reply]]:
    """The replies sent from mailflow in the period's threads, in sending order, by thread.

    Who answered is the reply's author (whose name signs it), else its approver."""
    query = (
        select(col(Draft.thread_id), col(Draft.author), col(Draft.approved_by), col(Draft.sent_at))
        .join(Thread, col(Thread.id) == col(Draft.thread_id))
        .where(
            *_in_period(period),
            col(Draft.state) == DraftState.SENT,
            col(Draft.purpose) == DraftPurpose.REPLY,
        )
        .order_by(col(Draft.thread_id), col(Draft.sent_at), col(Draft.id))
    )
    found: dict[int, list[Reply]] = defaultdict(list)
    for thread_id, author, approved_by, sent_at in _rows(session, query):
        found[thread_id].append(Reply(thread_id, author or approved_by or "?", sent_at))
    return found


def reopenings(session: Session, period: Period) -> tuple[int, int]:
    """Reopenings recorded in the period (``thread.reopened`` events) and how many threads."""
    query = select(func.count(), func.count(distinct(col(Event.thread_id)))).where(
        col(Event.action) == REOPENED,
        col(Event.at) >= period.start,
        col(Event.at) < period.end,
    )
    events, threads = session.connection().execute(query).one()
    return int(events), int(threads)


def open_by_age(
    session: Session, now: datetime, buckets: tuple[tuple[str, int | None], ...]
) -> list[tuple[str, str, int]]:
    """Threads from people not closed now, counted by age bucket and status, in SQL: the
    bucket of a thread is the first whose limit (days) its age ``now - created_at`` is under,
    the last (no limit) otherwise."""
    limits = [(name, limit) for name, limit in buckets if limit is not None]
    last = next(name for name, limit in buckets if limit is None)
    age = case(
        *((col(Thread.created_at) > now - timedelta(days=limit), name) for name, limit in limits),
        else_=last,
    )
    query = (
        select(age, col(Thread.status), func.count())
        .where(*_open())
        .group_by(age, col(Thread.status))
    )
    return [(str(name), str(status), int(count)) for name, status, count in _rows(session, query)]


def _open() -> tuple[ColumnElement[bool], ...]:
    return col(Thread.status) != ThreadStatus.CLOSED, col(Thread.kind) == MessageKind.HUMAN


def _rows(session: Session, query: Executable) -> Iterable[Any]:
    """The rows of ``query`` read on the session's connection: plain rows, without the
    ORM's result machinery (a third of a report's read time over 40,000 threads)."""
    return session.connection().execute(query)
