"""The endpoint under faults (issue 19): bare-LF clients, a full store, a locked table, and
a memory budget shared by every session."""

from __future__ import annotations

import asyncio
import re
import smtplib
import socket
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg.errors
import pytest
from sqlalchemy import Engine, event, text

from mailflow.receive.smtpdata import OVER_BUDGET, MemoryBudget, read_data
from mailflow.store.db import make_engine
from mailflow.store.faults import is_storage_full
from tests.intake.conftest import OUR, RunningEndpoint, message, raw_count, raw_data
from tests.intake.dovecot import free_port
from tests.intake.serving import ServeProcess, write_config
from tests.intake.test_smtp import client

Start = Callable[..., RunningEndpoint]


def converse(port: int, data: bytes) -> list[bytes]:
    """A raw SMTP transaction: ``data`` goes after DATA exactly as given (no CRLF fixing,
    unlike smtplib); the server's replies, one per command."""
    replies: list[bytes] = []
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        reader = sock.makefile("rb")

        def reply() -> bytes:
            lines = [reader.readline()]
            while lines[-1][3:4] == b"-":
                lines.append(reader.readline())
            return lines[-1]

        reply()  # the greeting
        for command in (b"EHLO client.test", b"MAIL FROM:<a@example.net>", f"RCPT TO:<{OUR}>"):
            sock.sendall((command if isinstance(command, bytes) else command.encode()) + b"\r\n")
            replies.append(reply())
        sock.sendall(b"DATA\r\n")
        replies.append(reply())
        sock.sendall(data)
        replies.append(reply())
        sock.sendall(b"QUIT\r\n")
    return replies


def test_a_bare_lf_message_of_50_kb_is_stored_as_sent(smtp_server: Start, engine: Engine) -> None:
    server = smtp_server()
    body = b"Ligne de texte sans retour chariot, comme l'envoient certains scripts.\n" * 720
    sent = message(1).replace(b"\r\n", b"\n") + body + b"Fin.\r\n"
    assert len(sent) > 50_000 and b"\r" not in sent[:-2]
    replies = converse(server.port, sent + b".\r\n")
    assert replies[-1].startswith(b"250")
    assert raw_data(engine) == [sent]  # byte for byte, line ends as received


def test_lf_dot_crlf_does_not_end_the_data(smtp_server: Start, engine: Engine) -> None:
    """SMTP smuggling: `<LF>.<CR><LF>` is not an end of data, so nothing after it becomes a
    second message with another sender."""
    server = smtp_server()
    smuggled = (
        message(2)
        + b"\n.\r\nMAIL FROM:<admin@example.org>\r\nRCPT TO:<cooperation@example.org>\r\n"
        + b"DATA\r\nFrom: admin@example.org\r\n\r\nsmuggled\r\n"
    )
    replies = converse(server.port, smuggled + b".\r\n")
    assert replies[-1].startswith(b"250")
    # One message, the would-be second one inside it (its dot line unstuffed like any other).
    assert raw_data(engine) == [smuggled.replace(b"\n.\r\n", b"\n\r\n")]


def test_a_full_store_answers_452_and_takes_the_message_once_space_returns(
    smtp_server: Start, engine: Engine
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("a full PostgreSQL disk cannot be made here; SQLite's page limit can")
    full = make_engine(engine.url.render_as_string(hide_password=False))
    pages = {"limit": 1}

    @event.listens_for(full, "connect")
    def _limit(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={pages['limit']}")  # type: ignore[attr-defined]

    with full.connect() as conn:
        used = int(conn.execute(text("PRAGMA page_count")).scalar_one())
    full.dispose()
    pages["limit"] = used + 2  # room for nothing the size of a message
    server = smtp_server(engine_=full)
    big = message(3, size=200_000)
    with client(server) as smtp:
        smtp.ehlo()
        smtp.mail("alice@example.net")
        smtp.rcpt(OUR)
        code, reply = smtp.data(big)
    assert (code, reply[:5]) == (452, b"4.3.1")
    assert raw_count(engine) == 0
    pages["limit"] = 1_000_000  # space is back: the sending MTA's retry is stored
    full.dispose()
    with client(server) as smtp:
        assert smtp.sendmail("alice@example.net", [OUR], big) == {}
    assert raw_data(engine) == [big]
    full.dispose()


def test_storage_full_is_told_apart_from_other_database_errors() -> None:
    full = sqlite3.connect(":memory:")
    full.execute("CREATE TABLE t (x BLOB)")
    full.execute("PRAGMA max_page_count=2")
    with pytest.raises(sqlite3.OperationalError) as filled:
        full.execute("INSERT INTO t VALUES (?)", (b"x" * 100_000,))
    assert is_storage_full(filled.value)
    assert is_storage_full(psycopg.errors.DiskFull("could not extend file"))
    assert not is_storage_full(sqlite3.OperationalError("database is locked"))
    assert not is_storage_full(psycopg.errors.LockNotAvailable("lock timeout"))


def test_a_locked_table_answers_451_before_the_lock_is_released(
    smtp_server: Start, engine: Engine
) -> None:
    impatient = make_engine(engine.url.render_as_string(hide_password=False), lock_timeout=1)
    server = smtp_server(engine_=impatient)
    locker = make_engine(engine.url.render_as_string(hide_password=False))
    with locker.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("BEGIN"))
            conn.execute(text("LOCK TABLE raw_message IN ACCESS EXCLUSIVE MODE"))
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # SQLite's write lock
        with client(server) as smtp:
            smtp.ehlo()
            smtp.mail("alice@example.net")
            smtp.rcpt(OUR)
            code, reply = smtp.data(message(4))  # answered while the lock is still held
        conn.rollback()
    assert (code, reply[:5]) == (451, b"4.3.0")
    with client(server) as smtp:
        assert smtp.sendmail("alice@example.net", [OUR], message(4)) == {}
    assert raw_count(engine) == 1
    locker.dispose()
    impatient.dispose()


def test_the_memory_budget_refuses_what_does_not_fit_and_gives_back_what_was_taken() -> None:
    async def scenario() -> tuple[list[str | None], int]:
        budget = MemoryBudget(20_000)
        first, second = asyncio.StreamReader(), asyncio.StreamReader()
        first.feed_data(b"a" * 3_000 + b"\r\n.\r\n")
        second.feed_data(b"b" * 3_000 + b"\r\n.\r\n")
        one = await read_data(first, size_limit=None, budget=budget)  # holds HELD_COPIES x 3,002
        two = await read_data(second, size_limit=None, budget=budget)  # does not fit beside it
        budget.give(one.held)
        third = asyncio.StreamReader()
        third.feed_data(b"c" * 3_000 + b"\r\n.\r\n")
        three = await read_data(third, size_limit=None, budget=budget)  # fits again
        budget.give(three.held)
        return [one.refusal, two.refusal, three.refusal], budget.held

    refusals, held = asyncio.run(scenario())
    assert refusals == [None, OVER_BUDGET, None]
    assert held == 0


def _peak_rss(pid: int) -> int:
    """Bytes: the process's peak resident set so far (VmHWM)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE).group(1)) * 1024  # type: ignore[union-attr]


class PatientClient(threading.Thread):
    """Sends one message, again after a 4xx, until it gets a 250."""

    def __init__(self, port: int, data: bytes) -> None:
        super().__init__(daemon=True)
        self.port, self.data, self.deferred, self.stored = port, data, 0, False

    def run(self) -> None:
        deadline = time.monotonic() + 600
        while not self.stored and time.monotonic() < deadline:
            try:
                with smtplib.SMTP("127.0.0.1", self.port, timeout=120) as smtp:
                    smtp.sendmail("alice@example.net", [OUR], self.data)
                    self.stored = True
            except smtplib.SMTPDataError as refused:
                assert refused.smtp_code == 452, refused
                self.deferred += 1
                time.sleep(0.2)


@pytest.mark.slow
def test_ten_concurrent_24_mb_messages_stay_within_the_memory_budget(tmp_path: Path) -> None:
    budget, port = 192 * 1024 * 1024, free_port()
    db = f"sqlite:///{tmp_path / 'mailflow.sqlite3'}"
    config = write_config(
        tmp_path / "mailflow.toml",
        {"database_url": db, "data_dir": str(tmp_path), "our_addresses": [OUR]},
        {
            "smtp": {
                "enabled": True,
                "port": port,
                "memory_budget": budget,
                "max_message_size": 25_000_000,
            },
            "web": {"enabled": False},
            "serve": {"pipeline": False},
        },
    )
    serve = ServeProcess(config, tmp_path / "serve.log").start(wait_port=port)
    try:
        idle = _peak_rss(serve.proc.pid)  # type: ignore[union-attr]
        clients = [PatientClient(port, message(n, tag="big", size=24_000_000)) for n in range(10)]
        for one in clients:
            one.start()
        for one in clients:
            one.join(660)
        peak = _peak_rss(serve.proc.pid)  # type: ignore[union-attr]
    finally:
        serve.stop()
    engine = make_engine(db)
    stored = raw_count(engine)
    engine.dispose()
    deferred = sum(one.deferred for one in clients)
    print(f"idle {idle / 2**20:.0f} MiB, peak {peak / 2**20:.0f} MiB, deferred {deferred}")
    assert all(one.stored for one in clients) and stored == 10
    assert deferred > 0  # the budget was reached: some senders were told to come back
    assert peak - idle <= budget
