"""Full-text search over message subjects, senders and bodies.

SQLite: the FTS5 table ``message_fts``; PostgreSQL: the GIN expression index ``ix_message_fts``
(both created by migration 0002). The PostgreSQL expression below must stay identical to the
indexed one, or the planner cannot use the index.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, Integer, column, or_, select, text
from sqlmodel import Session, col

from mailflow.store.models import Message, Thread

PG_DOCUMENT = (
    "to_tsvector('simple', subject || ' ' || from_addr || ' ' || from_name || ' ' "
    "|| left(body_text, 200000))"
)
_REFERENCE = re.compile(r"^\[?([A-Za-z0-9]+-\d{4}-\d+)\]?$")
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


def fts5_query(q: str) -> str | None:
    """The user's words as FTS5 prefix terms, all required; None when there is no word."""
    words = _WORD.findall(q)[:MAX_TERMS]
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


def search_condition(session: Session, q: str) -> ColumnElement[bool]:
    """A WHERE condition on ``thread``: the reference, or any message matching ``q``."""
    q = q.strip()
    ref = _REFERENCE.match(q)
    by_ref = col(Thread.ref) == ref.group(1).upper() if ref else None
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        expression = fts5_query(q)
        if expression is None:
            matches = col(Thread.id) < 0
        else:
            rowids = (
                text("SELECT rowid FROM message_fts WHERE message_fts MATCH :fts")
                .bindparams(fts=expression)
                .columns(column("rowid", Integer))
            )
            matches = col(Thread.id).in_(
                select(col(Message.thread_id)).where(col(Message.id).in_(rowids))
            )
    elif dialect == "postgresql":
        # Whole words (e-mail addresses are one lexeme) or every word as a prefix.
        words = _WORD.findall(q)[:MAX_TERMS] or ["_"]
        prefix = " & ".join(f"{word}:*" for word in words)
        condition = text(
            f"{PG_DOCUMENT} @@ (plainto_tsquery('simple', :q) || to_tsquery('simple', :prefix))"
        ).bindparams(q=q, prefix=prefix)
        matches = col(Thread.id).in_(select(col(Message.thread_id)).where(condition))
    else:  # pragma: no cover - other databases: a slow but correct fallback
        pattern = f"%{q}%"
        matches = col(Thread.id).in_(
            select(col(Message.thread_id)).where(
                or_(
                    col(Message.subject).ilike(pattern),
                    col(Message.body_text).ilike(pattern),
                    col(Message.from_addr).ilike(pattern),
                )
            )
        )
    return or_(by_ref, matches) if by_ref is not None else matches
