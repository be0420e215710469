"""Reports built once per change of the data: the page, its downloads and the API ask for the
same period again and again, and a year of 100,000 threads takes seconds to measure.

A report is kept while the store's *version* is the same and for :data:`TTL` seconds at most
(what depends on the clock, unanswered threads' working days and « about to breach », is then
at most that old; the report carries the instant it was computed at, ``Report.now``). The
version is read with one aggregate over the thread table and two index lookups: new mail,
a reply, a closing, a reopening, a reclassification or an assignment (every staff change is
in the audit log) changes it.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from mailflow.services.reports import Period, Report, build_report
from mailflow.store.models import Draft, Event, Thread
from mailflow.workdays import SlaTargets, WorkingCalendar

TTL = 60.0
MAX_ENTRIES = 8


def data_version(session: Session) -> tuple[object, ...]:
    """What changes whenever a number of a report may change."""
    threads = session.execute(
        select(
            func.count(),
            func.max(col(Thread.last_activity_at)),
            func.max(col(Thread.first_response_at)),
            func.max(col(Thread.resolved_at)),
        )
    ).one()
    events = session.execute(select(func.max(col(Event.id)))).scalar_one()
    drafts = session.execute(select(func.max(col(Draft.id)), func.count())).one()
    return (*threads, events, *drafts)


class ReportCache:
    """The latest reports, by what they were built from (thread-safe, bounded)."""

    def __init__(self, ttl: float = TTL, max_entries: int = MAX_ENTRIES) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._data: OrderedDict[Hashable, tuple[float, Report]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], Report]) -> Report:
        now = time.monotonic()
        with self._lock:
            found = self._data.get(key)
            if found and found[0] > now:
                self._data.move_to_end(key)
                return found[1]
        report = build()
        with self._lock:
            self._data[key] = (now + self.ttl, report)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)
        return report

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


REPORTS = ReportCache()
"""The process's reports (the web app's; one command line builds one report)."""


def cached_report(
    session: Session,
    period: Period,
    *,
    calendar: WorkingCalendar,
    sla: SlaTargets,
    cache: ReportCache = REPORTS,
    **options: Any,
) -> Report:
    """:func:`~mailflow.services.reports.build_report` (``options``: its ``step`` and
    ``log_limit``), or the same report built less than :data:`TTL` seconds ago from the same
    data."""
    key = (
        str(session.get_bind().engine.url),
        period,
        tuple(sorted(options.items())),
        calendar.config.model_dump_json(),
        str(calendar.tz),
        sla.model_dump_json(),
        data_version(session),
    )

    def build() -> Report:
        return build_report(session, period, calendar=calendar, sla=sla, **options)

    return cache.get(key, build)
