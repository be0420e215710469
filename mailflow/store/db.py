"""Database engine and sessions: SQLite by default, PostgreSQL by URL.

Files: a SQLite database this module creates is mode 0600 whatever the umask (the file is
made here, empty, before SQLite opens it), and SQLite gives its ``-wal``, ``-shm`` and
``-journal`` files the database's own mode (``robust_open`` in ``os_unix.c`` sets it with
``fchmod``), so they are 0600 too. Nothing here touches the process umask: it is shared
by every thread, and changing it around a creation races with the others.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session

from mailflow.store import models as _models  # noqa: F401  (registers every table)

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def make_engine(url: str, *, lock_timeout: float = 30, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout.

    ``lock_timeout`` (seconds): how long a statement waits for a lock another connection
    holds before it fails (SQLite's busy timeout, PostgreSQL's ``lock_timeout``), so that
    intake answers "try later" instead of holding the sending MTA.
    """
    millis = max(1, int(lock_timeout * 1000))
    if url.startswith("sqlite"):
        _create_database_file(url)
        engine = create_engine(url, connect_args={"timeout": lock_timeout}, **kwargs)

        def pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            # FULL: a commit survives power loss, which a 250 to the sending MTA promises.
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={millis}")
            cursor.close()

        event.listen(engine, "connect", pragmas)
        return engine
    options = {"options": f"-c lock_timeout={millis}"} if url.startswith("postgresql") else {}
    return create_engine(url, pool_pre_ping=True, connect_args=options, **kwargs)


def create_private(path: Path) -> None:
    """Create ``path``, empty, readable and writable by its owner only (0600, whatever the
    umask); :class:`FileExistsError` if it exists (never follows a symlink)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)  # the umask may have taken bits off; put them back
    finally:
        os.close(fd)


def _create_database_file(url: str) -> None:
    """The SQLite file of ``url``, created private if it does not exist yet (an empty file
    is a valid new database). A missing folder is left for SQLite to report as before."""
    parsed = make_url(url)
    name = parsed.database
    if not name or name == ":memory:" or name.startswith("file:") or "uri" in parsed.query:
        return
    path = Path(name)
    if path.parent.is_dir():
        with suppress(FileExistsError):
            create_private(path)


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
