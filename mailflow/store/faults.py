"""Whether a failed write is the store's fault (full disk, lost connection) or the data's.

A storage fault says nothing about the message being written: its batch is rolled back
whole and waits, and no message is quarantined for it. SQLite rolls the whole transaction
back by itself on SQLITE_FULL, SQLITE_IOERR or SQLITE_NOMEM (the next savepoint release
then fails with "no such savepoint"); a transaction gone that way is a storage fault
whatever the error said, because nothing written after it belongs to the batch any more.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator

from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.exc import OperationalError as SQLAlchemyOperationalError
from sqlmodel import Session

SQLITE_STORAGE_CODES = frozenset({5, 6, 7, 8, 10, 11, 13, 14, 15, 26})
"""Primary result codes: BUSY, LOCKED, NOMEM, READONLY, IOERR, CORRUPT, FULL, CANTOPEN,
PROTOCOL, NOTADB. Others (constraints, too big, mismatch) can be a message's own."""

DISK_FULL_SQLSTATE = "53100"
"""PostgreSQL's ``disk_full``: it could not extend a file."""

POSTGRES_STORAGE_CLASSES = frozenset({"08", "40", "53", "57", "58"})
"""SQLSTATE classes: connection, transaction rollback (deadlock, serialization), insufficient
resources (disk full, out of memory), operator intervention (shutdown), system error."""


def storage_cause(exc: BaseException) -> BaseException | None:
    """The database's own trouble behind ``exc`` (``exc`` itself, or an error it was raised
    from or while handling), as the driver reported it; ``None`` when there is none."""
    for error in _chain(exc):
        if _storage_error(error):
            return error.orig if isinstance(error, DBAPIError) else error
    return None


def is_storage_error(exc: BaseException) -> bool:
    return storage_cause(exc) is not None


def is_storage_full(error: BaseException) -> bool:
    """Whether ``error`` (a DBAPI error, or what it wraps) says the disk or database is full."""
    cause = getattr(error, "orig", None) or error
    if isinstance(cause, sqlite3.Error):
        code = getattr(cause, "sqlite_errorcode", None)
        return isinstance(code, int) and code & 0xFF == sqlite3.SQLITE_FULL
    if getattr(cause, "sqlstate", None) == DISK_FULL_SQLSTATE:
        return True
    return isinstance(cause, OSError) and cause.errno == errno.ENOSPC


def transaction_lost(session: Session) -> bool:
    """The database ended ``session``'s transaction by itself (SQLite on a full disk), or
    the session cannot go on in it. Call it inside the transaction, right after the error."""
    try:
        connection = session.connection()
    except SQLAlchemyError:
        return True
    if connection.invalidated:
        return True
    if connection.dialect.name != "sqlite":
        return False
    dbapi = connection.connection.dbapi_connection
    return dbapi is None or not dbapi.in_transaction


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _storage_error(exc: BaseException) -> bool:
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(original, sqlite3.Error):
        code = getattr(original, "sqlite_errorcode", None)
        return isinstance(code, int) and code & 0xFF in SQLITE_STORAGE_CODES
    # psycopg's OperationalError is the server's or the connection's trouble (disk full,
    # shutdown, deadlock, a broken connection without any SQLSTATE), never the data's.
    sqlstate = getattr(original, "sqlstate", None)
    in_class = isinstance(sqlstate, str) and sqlstate[:2] in POSTGRES_STORAGE_CLASSES
    return in_class or isinstance(exc, SQLAlchemyOperationalError)
