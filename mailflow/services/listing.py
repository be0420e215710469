"""Thread listings: filtered, searched, sorted, in keyset pages, with counts per filter.

One filter for the inbox page, ``GET /api/threads`` and ``mailflow threads``; one answer,
:class:`~mailflow.services.schemas.ThreadPage`.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select, tuple_
from sqlmodel import Session, col

from mailflow.errors import InvalidInput
from mailflow.services.bounds import check_id, check_moment, check_number
from mailflow.services.schemas import ThreadPage, ThreadSummary
from mailflow.services.search import search_condition, search_matches
from mailflow.store.models import Thread

FACETS = ("status", "partner_type", "topic", "kind", "assignee")
SORTS = ("activity", "age", "priority")
PAGE_SIZE = 50
UNASSIGNED = "-"
"""Filter value for threads nobody is assigned to."""

_RANKS = {"urgent": 3, "high": 2, "normal": 1, "low": 0}
_PRIORITY_RANK = case(_RANKS, value=col(Thread.priority), else_=1)


@dataclass(frozen=True, slots=True)
class ThreadFilter:
    """Empty strings filter nothing; ``since`` keeps threads active on or after it."""

    status: str = ""
    partner_type: str = ""
    topic: str = ""
    kind: str = ""
    assignee: str = ""
    q: str = ""
    sort: str = "activity"
    since: datetime | None = None

    def __post_init__(self) -> None:
        check_moment(self.since, "since date")

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> ThreadFilter:
        """The filter from values named as its fields, other names ignored (the options of
        ``mailflow threads``; the web app reads its query with ``web.filters.thread_filter``)."""
        return cls(**{f.name: values[f.name] for f in fields(cls) if f.name in values})

    def params(self) -> dict[str, str]:
        """The filter as query parameters (the defaults left out)."""
        return {
            k: v.isoformat() if isinstance(v, datetime) else v
            for k, v in asdict(self).items()
            if v and not (k == "sort" and v == "activity")
        }

    def without(self, facet: str) -> ThreadFilter:
        """The same filter, except on ``facet`` (one of :data:`FACETS`)."""
        changes: dict[str, Any] = {facet: ""}
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class ThreadRows:
    """One page of threads as rows of the store (for callers that need more than a summary)."""

    threads: list[Thread]
    next_cursor: str | None


class FacetCounts(dict[str, dict[str, int]]):
    """Threads per value of each filter; ``capped`` when a search matched more messages than
    :data:`~mailflow.services.search.MATCH_CAP` and only the most recent were counted
    (the figures are then lower bounds, shown with a "+")."""

    capped: bool = False


def thread_page(
    session: Session,
    f: ThreadFilter,
    *,
    after: str | None = None,
    limit: int = PAGE_SIZE,
    counts: FacetCounts | None = None,
) -> ThreadPage:
    """A page of threads with the total and the counts per filter (computed unless given,
    e.g. from a cache); ``after`` is the previous page's ``next_cursor``."""
    rows = thread_rows(session, f, after=after, limit=limit)
    if counts is None:
        counts = facet_counts(session, f)
    return ThreadPage(
        threads=[ThreadSummary.model_validate(t) for t in rows.threads],
        next_cursor=rows.next_cursor,
        total=total_count(counts, f),
        counts=counts,
        counts_capped=counts.capped,
    )


def thread_rows(
    session: Session, f: ThreadFilter, *, after: str | None = None, limit: int = PAGE_SIZE
) -> ThreadRows:
    """One page of threads; ``after`` comes from the previous page's ``next_cursor``."""
    if f.sort not in SORTS:
        raise InvalidInput(f"unknown sort {f.sort!r}: use one of {', '.join(SORTS)}")
    query: Select[Any] = select(Thread).where(*_conditions(session, f))
    keys = _sort_keys(f.sort)
    if after:
        query = query.where(_after(f.sort, keys, decode_cursor(after, f.sort)))
    query = query.order_by(*[k.desc() if desc else k.asc() for k, desc in keys]).limit(limit + 1)
    rows = list(session.execute(query).scalars())
    more = len(rows) > limit
    rows = rows[:limit]
    return ThreadRows(rows, encode_cursor(f.sort, rows[-1]) if more and rows else None)


def _conditions(session: Session, f: ThreadFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    for name in FACETS:
        value = getattr(f, name)
        if name == "assignee" and value == UNASSIGNED:
            where.append(col(Thread.assignee).is_(None))
        elif value:
            where.append(getattr(Thread, name) == value)
    if f.q.strip():
        where.append(search_condition(session, f.q))
    if f.since is not None:
        where.append(col(Thread.last_activity_at) >= f.since)
    return where


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
    if sort == "age":
        values: list[Any] = [last.created_at.isoformat(), last.id]
    elif sort == "priority":
        values = [_RANKS.get(last.priority, 1), last.last_activity_at.isoformat(), last.id]
    else:
        values = [last.last_activity_at.isoformat(), last.id]
    return base64.urlsafe_b64encode(json.dumps([sort, *values]).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> list[Any]:
    """The values ``encode_cursor`` wrote; anything else (another sort, Infinity or NaN, an id
    or a date out of bounds, a wrong type) is refused with a message, never passed to SQL."""
    try:
        data = json.loads(
            base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)),
            parse_constant=_no_constant,
        )
        if not isinstance(data, list) or not data or data[0] != sort:
            raise ValueError("cursor of another sort")
        values = data[1:]
        if sort == "priority" and len(values) == 3:
            rank = check_number(values[0], "page cursor", low=0, high=max(_RANKS.values()))
            return [rank, _moment(values[1]), check_id(values[2], "page cursor")]
        if sort != "priority" and len(values) == 2:
            return [_moment(values[0]), check_id(values[1], "page cursor")]
        raise ValueError("cursor of another shape")
    except (ValueError, TypeError, binascii.Error) as exc:
        raise InvalidInput("invalid page cursor: go back to the first page") from exc


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} in a page cursor")


def _moment(value: object) -> datetime:
    if not isinstance(value, str):
        raise TypeError("a cursor's time is ISO 8601 text")
    moment = check_moment(datetime.fromisoformat(value), "page cursor's time")
    assert moment is not None
    return moment


def facet_counts(session: Session, f: ThreadFilter) -> FacetCounts:
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
    if f.since is not None:
        query = query.where(col(Thread.last_activity_at) >= f.since)
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


def _keeps(f: ThreadFilter, facet: str, value: str | None) -> bool:
    """Whether the filter on ``facet`` keeps a thread whose value is ``value`` (as in SQL)."""
    wanted = getattr(f, facet)
    if not wanted:
        return True
    if facet == "assignee" and wanted == UNASSIGNED:
        return value is None
    return bool(value == wanted)


def total_count(counts: dict[str, dict[str, int]], f: ThreadFilter) -> int:
    """Threads matching every filter, read off the status counts (no extra query)."""
    by_status = counts["status"]
    return by_status.get(f.status, 0) if f.status else sum(by_status.values())
