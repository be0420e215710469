"""Sessions for the edges: the one way the CLI and the web app reach the store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlmodel import Session

from mailflow.store.db import session_scope as unit_of_work

__all__ = ["Engine", "Session", "read_only", "unit_of_work"]


@contextmanager
def read_only(engine: Engine) -> Iterator[Session]:
    """A session for reading; nothing it does is committed."""
    with Session(engine, expire_on_commit=False) as session:
        yield session
