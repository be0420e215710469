"""Full-text search over message subjects, senders and bodies.

SQLite: the FTS5 table ``message_fts``; PostgreSQL: the GIN expression index ``ix_message_fts``
(both created by migration 0002). The PostgreSQL expression below must stay identical to the
indexed one, or the planner cannot use the index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Integer, Select, column, or_, select, text
from sqlmodel import Session, col

from mailflow.store.models import Message, Thread

PG_DOCUMENT = (
    "to_tsvector('simple', subject || ' ' || from_addr || ' ' || from_name || ' ' "
    "|| left(body_text, 200000))"
)
_REFERENCE = re.compile(r"^\[?([A-Za-z0-9]+-\d{4}-\d+)\]?$")
_WORD = re.compile(r"\w+", re.UNICODE)
_ADDRESS = re.compile(r"^[^\s@\"]+@[^\s@\"]+\.\w+$")
MAX_TERMS = 12
MATCH_CAP = 1000
"""Matching messages read per search; beyond, counts per filter are lower bounds."""


def fts5_query(q: str) -> str | None:
    """The user's words as FTS5 prefix terms, all required; None when there is no word.

    A complete e-mail address (``name@domain.tld``) becomes one phrase of whole words, as
    PostgreSQL matches it as one lexeme: exact, and cheap even when its domain is in every
    message (FTS5 reads a prefix term's whole posting list; a whole word it reads only
    where the rarer words of the phrase point)."""
    words = _WORD.findall(q)[:MAX_TERMS]
    if not words:
        return None
    if _ADDRESS.match(q.strip()):
        return '"' + " ".join(words) + '"'
    return " ".join(f'"{word}"*' for word in words)


@dataclass(frozen=True, slots=True)
class SearchMatches:
    """Threads whose messages match a search, read once per request (``session.info``)."""

    thread_ids: tuple[int, ...]
    """Threads of the ``MATCH_CAP`` most recent matching messages (or of all of them)."""
    complete: bool
    """False when more messages match than ``MATCH_CAP``: ``thread_ids`` is then a subset."""


def search_matches(session: Session, q: str) -> SearchMatches:
    """Threads of the most recent ``MATCH_CAP`` matching messages, newest first.

    One full-text query per request and search text: its result is kept in the
    session's ``info`` for the inbox page and the counts of the same request.
    """
    q = q.strip()
    cache: dict[str, SearchMatches] = session.info.setdefault("mailflow.search", {})
    if q not in cache:
        rows = session.execute(_matching_messages(session, q, newest=MATCH_CAP + 1)).all()
        ids = dict.fromkeys(thread_id for _, thread_id in rows[:MATCH_CAP])
        cache[q] = SearchMatches(tuple(ids), complete=len(rows) <= MATCH_CAP)
    return cache[q]


def search_condition(session: Session, q: str, *, bounded: bool = False) -> ColumnElement[bool]:
    """A WHERE condition on ``thread``: the reference, or any message matching ``q``.

    When at most ``MATCH_CAP`` messages match, the condition is the list of their threads
    (the full-text index is read once per request). Otherwise it is the exact full-text
    subquery, or with ``bounded`` the threads of the ``MATCH_CAP`` most recent matches only
    (for counts shown as lower bounds).
    """
    q = q.strip()
    ref = _REFERENCE.match(q)
    by_ref = col(Thread.ref) == ref.group(1).upper() if ref else None
    found = search_matches(session, q)
    if found.complete or bounded:
        matches = col(Thread.id).in_(found.thread_ids)
    else:
        matches = col(Thread.id).in_(select(_matching_messages(session, q).subquery().c.thread_id))
    return or_(by_ref, matches) if by_ref is not None else matches


def _matching_messages(
    session: Session, q: str, *, newest: int | None = None
) -> Select[int | None, int]:
    """(message id, thread id) of the messages matching ``q``; with ``newest``, only that
    many, newest first (SQLite: the limit is applied inside the full-text query, which then
    stops early when its terms are whole words)."""
    dialect = session.get_bind().dialect.name
    query = select(col(Message.id), col(Message.thread_id))
    if dialect == "sqlite":
        expression = fts5_query(q)
        if expression is None:
            return query.where(col(Message.id) < 0)
        sql = "SELECT rowid FROM message_fts WHERE message_fts MATCH :fts"
        if newest is not None:
            sql += f" ORDER BY rowid DESC LIMIT {int(newest)}"
        rowids = text(sql).bindparams(fts=expression).columns(column("rowid", Integer))
        query = query.where(col(Message.id).in_(rowids))
    elif dialect == "postgresql":
        # Whole words (e-mail addresses are one lexeme) or every word as a prefix.
        words = _WORD.findall(q)[:MAX_TERMS] or ["_"]
        prefix = " & ".join(f"{word}:*" for word in words)
        condition = text(
            f"{PG_DOCUMENT} @@ (plainto_tsquery('simple', :q) || to_tsquery('simple', :prefix))"
        ).bindparams(q=q, prefix=prefix)
        query = query.where(condition)
    else:  # pragma: no cover - other databases: a slow but correct fallback
        pattern = f"%{q}%"
        query = query.where(
            or_(
                col(Message.subject).ilike(pattern),
                col(Message.body_text).ilike(pattern),
                col(Message.from_addr).ilike(pattern),
            )
        )
    if newest is not None:
        query = query.order_by(col(Message.id).desc()).limit(newest)
    return query
