"""Backup and restore of the whole database: one file holds every message and thread.

- SQLite: the online backup API (``sqlite3.Connection.backup``), safe while ``serve``
  runs (WAL readers and writers go on); the backup is itself a SQLite database.
- PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore``; the password goes to them
  through ``PGPASSWORD``, never on a command line.

Restore goes into an *empty* database only (refusing beats merging two histories), then
applies pending migrations, so a backup taken by an older release comes up to date.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.engine import URL

from mailflow.errors import BackupError
from mailflow.store import migrate
from mailflow.store.db import create_private
from mailflow.store.models import RawMessage, Thread

__all__ = ["BackupError", "Summary", "backup", "restore", "summary"]

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


@dataclass(frozen=True, slots=True)
class Summary:
    """What a database holds, to print after a backup or restore."""

    messages: int
    threads: int


def summary(engine: Engine) -> Summary:
    with engine.connect() as conn:
        messages = conn.execute(select(func.count()).select_from(RawMessage)).scalar_one()
        threads = conn.execute(select(func.count()).select_from(Thread)).scalar_one()
    return Summary(int(messages), int(threads))


def backup(engine: Engine, path: Path) -> Summary:
    """Write a consistent copy of the database to ``path`` (which must not exist yet).

    The file is created first, mode 0600 whatever the umask (a backup holds every message),
    then filled; it is removed again if the copy fails.
    """
    try:
        create_private(path)
    except FileExistsError as exc:
        raise BackupError(f"{path} already exists: choose a new file name") from exc
    except OSError as exc:
        raise BackupError(f"cannot create {path}: {exc.strerror}") from exc
    try:
        if engine.dialect.name == "sqlite":
            _sqlite_copy(engine, path, into_engine=False)
        else:
            _run_pg("pg_dump", engine.url, ["--format=custom", "--no-owner", f"--file={path}"])
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return summary(engine)


def restore(engine: Engine, path: Path) -> Summary:
    """Load the backup at ``path`` into the empty database of ``engine``, then migrate."""
    if not path.is_file():
        raise BackupError(f"{path} not found")
    tables = inspect(engine).get_table_names()
    if tables:
        raise BackupError("the target database is not empty: restore needs a fresh database")
    with path.open("rb") as stream:
        magic = stream.read(len(SQLITE_MAGIC))
    if engine.dialect.name == "sqlite":
        if magic != SQLITE_MAGIC:
            raise BackupError(f"{path} is not a SQLite backup")
        _sqlite_copy(engine, path, into_engine=True)
    else:
        if not magic.startswith(PGDUMP_MAGIC):
            raise BackupError(f"{path} is not a pg_dump custom-format backup")
        _run_pg("pg_restore", engine.url, ["--no-owner", "--exit-on-error", str(path)])
    engine.dispose()  # connections opened before the restore may cache the empty schema
    migrate.upgrade(engine)
    return summary(engine)


def _sqlite_copy(engine: Engine, path: Path, *, into_engine: bool) -> None:
    """Page-by-page copy with the backup API, from the engine's database or into it."""
    raw = engine.raw_connection()
    try:
        live = raw.driver_connection
        assert isinstance(live, sqlite3.Connection)
        other = sqlite3.connect(path)
        try:
            if into_engine:
                other.backup(live)
            else:
                live.backup(other)
        finally:
            other.close()
    finally:
        raw.close()


def _run_pg(program: str, url: URL, arguments: list[str]) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(f"{program} not found: install the PostgreSQL client tools")
    env = {**os.environ, "PGPASSWORD": url.password or ""} if url.password else None
    command = [executable, f"--dbname={_conninfo(url)}", *arguments]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()[-2000:]}")


def _conninfo(url: URL) -> str:
    """A libpq connection string for ``url``, without its password."""
    parts = {
        "host": url.host,
        "port": str(url.port) if url.port else None,
        "user": url.username,
        "dbname": url.database,
    }
    parts.update({k: str(v) for k, v in url.query.items() if isinstance(v, str)})
    return " ".join(f"{key}={_quote(value)}" for key, value in parts.items() if value)


def _quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"
