"""The audit log (table ``event``), filtered and paginated newest first."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, select
from sqlmodel import Session, col

from mailflow.store.models import Event, Thread


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


def _conditions(session: Session, f: AuditFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if f.actor:
        where.append(col(Event.actor) == f.actor)
    if f.action:
        where.append(col(Event.action).startswith(f.action, autoescape=True))
    if f.ref:
        thread_id = session.execute(
            select(col(Thread.id)).where(col(Thread.ref) == f.ref.strip().upper())
        ).scalar()
        where.append(col(Event.thread_id) == (thread_id or -1))
    if f.start:
        where.append(col(Event.at) >= f.start)
    if f.end:
        where.append(col(Event.at) < f.end)
    return where


def audit_page(
    session: Session, f: AuditFilter, *, before: int | None, limit: int = 100
) -> tuple[list[tuple[Event, str | None]], int | None]:
    """(event, thread ref) rows and the id to continue from."""
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
    before: int | None = None
    while True:
        rows, before = audit_page(session, f, before=before, limit=1000)
        yield from rows
        if before is None:
            return


def audit_actions(session: Session) -> list[str]:
    return list(
        session.execute(select(col(Event.action)).distinct().order_by(col(Event.action))).scalars()
    )
