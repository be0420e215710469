"""The inbox: filtered, searched, sorted threads with keyset pagination and counts per filter."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select, tuple_
from sqlmodel import Session, col

from mailflow.errors import InvalidInput
from mailflow.store.models import Thread
from mailflow.web.queries.search import search_condition, search_matches

FACETS = ("status", "partner_type", "topic", "kind", "assignee")
SORTS = ("activity", "age", "priority")
PAGE_SIZE = 50
UNASSIGNED = "-"
"""Filter value for threads nobody is assigned to."""

_PRIORITY_RANK = case(
    {"urgent": 3, "high": 2, "normal": 1, "low": 0}, value=col(Thread.priority), else_=1
)


@dataclass(frozen=True, slots=True)
class InboxFilter:
    status: str = ""
    partner_type: str = ""
    topic: str = ""
    kind: str = ""
    assignee: str = ""
    q: str = ""
    sort: str = "activity"

    def params(self) -> dict[str, str]:
        return {
            k: v for k, v in asdict(self).items() if v and not (k == "sort" and v == "activity")
        }

    def without(self, facet: str) -> InboxFilter:
        return replace(self, **{facet: ""})


@dataclass(frozen=True, slots=True)
class InboxPage:
    threads: list[Thread]
    next_cursor: str | None


def conditions(session: Session, f: InboxFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    for name in FACETS:
        value = getattr(f, name)
        if name == "assignee" and value == UNASSIGNED:
            where.append(col(Thread.assignee).is_(None))
        elif value:
            where.append(getattr(Thread, name) == value)
    if f.q.strip():
        where.append(search_condition(session, f.q))
    return where


def inbox_page(
    session: Session, f: InboxFilter, *, cursor: str | None = None, limit: int = PAGE_SIZE
) -> InboxPage:
    """One page of threads; ``cursor`` comes from the previous page's ``next_cursor``."""
    if f.sort not in SORTS:
        raise InvalidInput(f"unknown sort {f.sort!r}: use one of {', '.join(SORTS)}")
    query: Select[Any] = select(Thread).where(*conditions(session, f))
    keys = _sort_keys(f.sort)
    if cursor:
        query = query.where(_after(f.sort, keys, decode_cursor(cursor, f.sort)))
    query = query.order_by(*[k.desc() if desc else k.asc() for k, desc in keys]).limit(limit + 1)
    rows = list(session.execute(query).scalars())
    more = len(rows) > limit
    rows = rows[:limit]
    return InboxPage(rows, encode_cursor(f.sort, rows[-1]) if more and rows else None)


def _sort_keys(sort: str) -> list[tuple[Any, bool]]:
    """(expression, descending) pairs; the thread id always breaks ties."""
    if sort == "age":
        return [(col(Thread.created_at), False), (col(Thread.id), False)]
    if sort == "priority":
        return [
            (_PRIORITY_RANK, True),
            (col(Thread.last_activity_at), True),
            (col(Thread.id), True),
        ]
    return [(col(Thread.last_activity_at), True), (col(Thread.id), True)]


def _after(sort: str, keys: list[tuple[Any, bool]], values: list[Any]) -> ColumnElement[bool]:
    exprs = [k for k, _ in keys]
    if sort == "priority":
        rank, ts, ident = values
        return or_(
            rank > _PRIORITY_RANK,
            and_(rank == _PRIORITY_RANK, tuple_(exprs[1], exprs[2]) < tuple_(ts, ident)),
        )
    if sort == "age":
        return tuple_(*exprs) > tuple_(*values)
    return tuple_(*exprs) < tuple_(*values)


def encode_cursor(sort: str, last: Thread) -> str:
    rank = {"urgent": 3, "high": 2, "normal": 1, "low": 0}.get(last.priority, 1)
    if sort == "age":
        values: list[Any] = [last.created_at.isoformat(), last.id]
    elif sort == "priority":
        values = [rank, last.last_activity_at.isoformat(), last.id]
    else:
        values = [last.last_activity_at.isoformat(), last.id]
    return base64.urlsafe_b64encode(json.dumps([sort, *values]).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> list[Any]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if data[0] != sort:
            raise ValueError("cursor of another sort")
        values = data[1:]
        if sort == "priority":
            return [int(values[0]), datetime.fromisoformat(values[1]), int(values[2])]
        return [datetime.fromisoformat(values[0]), int(values[1])]
    except (
        ValueError,
        TypeError,
        IndexError,
        KeyError,
        binascii.Error,
        json.JSONDecodeError,
    ) as exc:
        raise InvalidInput("invalid page cursor: go back to the first page") from exc


class FacetCounts(dict[str, dict[str, int]]):
    """Threads per value of each filter; ``capped`` when a search matched more messages than
    :data:`~mailflow.web.queries.search.MATCH_CAP` and only the most recent were counted
    (the figures are then lower bounds, shown with a "+")."""

    capped: bool = False


def facet_counts(session: Session, f: InboxFilter) -> FacetCounts:
    """For each filter, how many threads each value would give (the other filters applied).

    One ``GROUP BY`` over the five facet columns (read from the covering index
    ``ix_thread_facets``; at most a few thousand groups whatever the number of threads),
    then each facet is summed here over the groups the other filters keep.
    """
    columns = [getattr(Thread, name) for name in FACETS]
    query = select(*columns, func.count()).group_by(*columns)
    capped = False
    if f.q.strip():
        capped = not search_matches(session, f.q).complete
        query = query.where(search_condition(session, f.q, bounded=True))
    result = FacetCounts({facet: {} for facet in FACETS})
    result.capped = capped
    for *values, n in session.execute(query):
        row = dict(zip(FACETS, values, strict=True))
        kept = [_keeps(f, name, row[name]) for name in FACETS]
        for i, facet in enumerate(FACETS):
            if all(kept[:i]) and all(kept[i + 1 :]):
                value = row[facet] if row[facet] is not None else UNASSIGNED
                result[facet][value] = result[facet].get(value, 0) + int(n)
    return result


def _keeps(f: InboxFilter, facet: str, value: str | None) -> bool:
    """Whether the filter on ``facet`` keeps a thread whose value is ``value`` (as in SQL)."""
    wanted = getattr(f, facet)
    if not wanted:
        return True
    if facet == "assignee" and wanted == UNASSIGNED:
        return value is None
    return bool(value == wanted)


def total_count(counts: dict[str, dict[str, int]], f: InboxFilter) -> int:
    """Threads matching every filter, read off the status counts (no extra query)."""
    by_status = counts["status"]
    return by_status.get(f.status, 0) if f.status else sum(by_status.values())
