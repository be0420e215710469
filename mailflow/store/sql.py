"""Small SQL helpers every store module shares: the dialect's upsert, Core tables, chunks,
keyset batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Engine, Row, Select, Table
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

T = TypeVar("T")

CHUNK = 500
"""Values per ``IN (...)``: well under SQLite's and PostgreSQL's parameter limits."""


def upsert(bind: Session | Engine, target: Any) -> PgInsert | SqliteInsert:
    """An ``INSERT`` with ``ON CONFLICT`` for the database behind ``bind``."""
    engine = bind.get_bind() if isinstance(bind, Session) else bind
    if engine.dialect.name == "postgresql":
        return pg_insert(target)
    return sqlite_insert(target)


def table_of(model: type[Any]) -> Table:
    """The Core table of a SQLModel class (for executemany without the ORM's overhead)."""
    table: Table = model.__table__
    return table


def chunks(values: Sequence[T], size: int = CHUNK) -> Iterable[list[T]]:
    """``values`` in lists of at most ``size``, for ``IN`` queries."""
    for start in range(0, len(values), size):
        yield list(values[start : start + size])


def keyset_batches(
    bind: Session | Engine, query: Select[*tuple[Any, ...]], key: Any, *, size: int
) -> Iterator[Row[*tuple[Any, ...]]]:
    """The rows of ``query`` in ascending ``key`` (the query's first column), ``size`` at a
    time, read in the session ``bind`` or, given an engine, each batch in a short session of
    its own (so a long walk holds no transaction open)."""
    last: Any = None
    while True:
        batch = (query if last is None else query.where(key > last)).order_by(key).limit(size)
        if isinstance(bind, Session):
            rows = bind.execute(batch).all()
        else:
            with Session(bind) as session:
                rows = session.execute(batch).all()
        if not rows:
            return
        yield from rows
        last = rows[-1][0]
