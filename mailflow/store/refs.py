"""Thread references (``COOP-2026-00042``), issued from a counter per prefix and year."""

from __future__ import annotations

from sqlmodel import Session, col

from mailflow.store.models import Counter
from mailflow.store.sql import upsert
from mailflow.thread import format_reference


def next_reference(session: Session, prefix: str, year: int) -> str:
    """Issue the next thread reference of ``year``, e.g. ``COOP-2026-00042``."""
    return format_reference(prefix, year, advance_counter(session, f"ref:{prefix}:{year}", 1))


def advance_counter(session: Session, name: str, step: int) -> int:
    """Add ``step`` to the counter ``name`` (created at 0); its new value."""
    statement = (
        upsert(session, Counter)
        .values(name=name, value=step)
        .on_conflict_do_update(index_elements=["name"], set_={"value": col(Counter.value) + step})
        .returning(col(Counter.value))
    )
    return int(session.execute(statement).scalar_one())
