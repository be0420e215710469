"""The audit log (table ``event``), filtered and paginated newest first.

Rows are written by :func:`mailflow.store.events.record_event`; this module only reads them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from itertools import chain
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, select
from sqlmodel import Session, col

from mailflow.errors import InvalidInput
from mailflow.services.bounds import check_id, check_period
from mailflow.services.threads import find_thread
from mailflow.store.models import Event, Thread

__all__ = ["AuditFilter", "Event", "audit_actions", "audit_filter", "audit_page", "audit_rows"]
_CHUNK = 1000
"""Rows read per query for the CSV."""


@dataclass(frozen=True, slots=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    ref: str = ""
    start: datetime | None = None
    end: datetime | None = None

    def params(self) -> dict[str, str]:
        return {
            k: (v.date().isoformat() if isinstance(v, datetime) else v)
            for k, v in asdict(self).items()
            if v
        }


def audit_filter(
    *,
    actor: str = "",
    action: str = "",
    ref: str = "",
    start: date | None = None,
    end: date | None = None,
    tz: ZoneInfo,
) -> AuditFilter:
    """The filter of the days from ``start`` to ``end`` included (in ``tz``), blanks stripped;
    days out of :mod:`~mailflow.services.bounds` are refused."""
    check_period(start, end)
    if start and end and start > end:
        raise InvalidInput("the start date is after the end date")
    return AuditFilter(
        actor=actor.strip(),
        action=action.strip(),
        ref=ref.strip(),
        start=datetime.combine(start, time(), tz) if start else None,
        end=datetime.combine(end + timedelta(days=1), time(), tz) if end else None,
    )


def _conditions(session: Session, f: AuditFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if f.actor:
        where.append(col(Event.actor) == f.actor)
    if f.action:
        where.append(col(Event.action).startswith(f.action, autoescape=True))
    if f.ref:
        thread = find_thread(session, f.ref)
        where.append(col(Event.thread_id) == (thread.id if thread else -1))
    if f.start:
        where.append(col(Event.at) >= f.start)
    if f.end:
        where.append(col(Event.at) < f.end)
    return where


def audit_page(
    session: Session, f: AuditFilter, *, before: int | None, limit: int = 100
) -> tuple[list[tuple[Event, str | None]], int | None]:
    """(event, thread ref) rows and the id to continue from (``before``, if given, is an id)."""
    if before is not None:
        check_id(before, "position in the audit log (before)")
    query = (
        select(Event, col(Thread.ref))
        .outerjoin(Thread, col(Thread.id) == col(Event.thread_id))
        .where(*_conditions(session, f))
        .order_by(col(Event.id).desc())
        .limit(limit + 1)
    )
    if before is not None:
        query = query.where(col(Event.id) < before)
    rows = [(event, ref) for event, ref in session.execute(query)]
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1][0].id if more and rows else None)


def audit_rows(session: Session, f: AuditFilter) -> Iterator[tuple[Event, str | None]]:
    """Every matching row, newest first, read a thousand at a time (for the CSV).

    The first page is read now, before the caller starts a download: a refused filter or a
    failing query is an error answer, not a file cut short after its headers were sent.
    """
    first, before = audit_page(session, f, before=None, limit=_CHUNK)
    return chain(first, _rest(session, f, before))


def _rest(
    session: Session, f: AuditFilter, before: int | None
) -> Iterator[tuple[Event, str | None]]:
    while before is not None:
        rows, before = audit_page(session, f, before=before, limit=_CHUNK)
        yield from rows


def audit_actions(session: Session) -> list[str]:
    """Every action name in the log, for the filter's picker."""
    return list(
        session.execute(select(col(Event.action)).distinct().order_by(col(Event.action))).scalars()
    )
