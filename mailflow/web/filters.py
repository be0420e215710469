"""Query parameters read once for the pages and the API that share them.

- :data:`ThreadQuery`: the thread filter of the inbox page and ``GET /api/threads``;
- :data:`ReportQuery`: the period and step of the reports page, its CSV tables and
  ``GET /api/reports/summary``;
- :data:`AuditQuery`: the filter of the audit log page and its CSV.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import Depends, Query, Request

from mailflow.clock import in_zone
from mailflow.services.audit import AuditFilter, audit_filter
from mailflow.services.db import Session
from mailflow.services.listing import ThreadFilter
from mailflow.services.report_cache import cached_report
from mailflow.services.reports import STEPS, Report, period_of
from mailflow.web.deps import get_state
from mailflow.workdays import SlaTargets, WorkingCalendar


def thread_filter(
    request: Request,
    status: str = "",
    partner_type: str = "",
    topic: str = "",
    kind: str = "",
    assignee: str = "",
    q: Annotated[str, Query(max_length=200)] = "",
    sort: str = "activity",
    since: datetime | None = None,
) -> ThreadFilter:
    """``since`` keeps the threads active on or after it (ISO 8601; local time if no zone)."""
    if since is not None:
        since = in_zone(since, get_state(request).tz)
    return ThreadFilter(status, partner_type, topic, kind, assignee, q, sort, since)  # its order


ThreadQuery = Annotated[ThreadFilter, Depends(thread_filter)]


@dataclass(frozen=True, slots=True)
class ReportRange:
    """The days a report covers (the 90 days up to today by default), its step (auto, week
    or month) and the service's working calendar and SLA targets."""

    start: date | None
    end: date | None
    step: str
    tz: ZoneInfo
    calendar: WorkingCalendar
    sla: SlaTargets

    def build(self, db: Session, **options: Any) -> Report:
        """The report, kept a minute while the data does not change (``options`` as
        :func:`~mailflow.services.report_cache.cached_report`'s);
        an impossible period or an unknown step is refused here (HTTP 400)."""
        period = period_of(self.start, self.end, tz=self.tz)
        return cached_report(
            db, period, calendar=self.calendar, sla=self.sla, step=self.step, **options
        )


def report_range(
    request: Request,
    start: date | None = None,
    end: date | None = None,
    step: Annotated[str, Query(json_schema_extra={"enum": list(STEPS)})] = "auto",
) -> ReportRange:
    state = get_state(request)
    settings = state.settings
    return ReportRange(start, end, step, state.tz, settings.working_calendar(), settings.sla)


ReportQuery = Annotated[ReportRange, Depends(report_range)]


def audit_query(
    request: Request,
    actor: Annotated[str, Query(max_length=255)] = "",
    action: Annotated[str, Query(max_length=64)] = "",
    ref: Annotated[str, Query(max_length=40)] = "",
    start: date | None = None,
    end: date | None = None,
) -> AuditFilter:
    return audit_filter(
        actor=actor, action=action, ref=ref, start=start, end=end, tz=get_state(request).tz
    )


AuditQuery = Annotated[AuditFilter, Depends(audit_query)]
