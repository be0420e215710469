"""Intake fixtures: a private Dovecot, IMAP users and mailboxes, an SMTP endpoint in a thread."""

from __future__ import annotations

import asyncio
import re
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from imapclient import IMAPClient
from sqlalchemy import Engine, func, select

from mailflow.receive.imap import FolderWatcher
from mailflow.receive.smtp import SmtpEndpoint
from mailflow.receive.writer import GroupWriter
from mailflow.settings import Settings, load_settings
from mailflow.store.models import RawMessage
from tests.intake.dovecot import PASSWORD, Dovecot, free_port, start_dovecot
from tests.mailbuilder import build_message

OUR = "cooperation@example.org"


def wait_until(condition: Callable[[], object], timeout: float = 15.0) -> bool:
    """Poll ``condition`` until it is true or ``timeout`` seconds pass (servers settle asynchronously)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    try:
        server = start_dovecot(users=[f"user{n}" for n in range(USERS)])
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield server
    server.stop()
    shutil.rmtree(server.base, ignore_errors=True)


USERS = 200  # created before Dovecot starts: it re-reads a changed passwd-file lazily
_next_user = iter(range(USERS))


@pytest.fixture
def imap_user(dovecot: Dovecot) -> str:
    """A user of its own (an empty mailbox) for each test."""
    return f"user{next(_next_user)}"


def imap_section(dovecot: Dovecot, user: str, **imap: Any) -> dict[str, Any]:
    """The ``[imap]`` section that watches ``user``'s mailbox on the private Dovecot."""
    return {
        "enabled": True,
        "host": "127.0.0.1",
        "port": dovecot.port,
        "security": "none",
        "username": user,
        "password": PASSWORD,
        "lease_seconds": 30,
        **imap,
    }


def imap_settings(dovecot: Dovecot, user: str, **imap: Any) -> Settings:
    return load_settings(None, imap=imap_section(dovecot, user, **imap), web={"enabled": False})


def imap_client(dovecot: Dovecot, user: str) -> IMAPClient:
    client = IMAPClient("127.0.0.1", port=dovecot.port, ssl=False)
    client.login(user, PASSWORD)
    return client


def message(n: int, tag: str = "m", size: int = 0) -> bytes:
    text = f"Message {n}.\n" + ("Lorem ipsum dolor sit amet.\n" * (size // 28))
    return build_message(
        subject=f"Test {tag} {n}", message_id=f"<{tag}-{n}@example.net>", text=text
    )


def seed(dovecot: Dovecot, user: str, folder: str, messages: list[bytes]) -> None:
    """Put ``messages`` in ``folder`` with MULTIAPPEND, a few hundred per command."""
    client = imap_client(dovecot, user)
    try:
        if not client.folder_exists(folder):
            client.create_folder(folder)
        for start in range(0, len(messages), 500):
            client.multiappend(folder, messages[start : start + 500])
    finally:
        client.logout()


def raw_count(engine: Engine, source: str | None = None) -> int:
    query = select(func.count()).select_from(RawMessage)
    if source:
        query = query.where(RawMessage.source == source)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


MESSAGE_ID = re.compile(rb"^Message-ID: <([^>]+)>", re.MULTILINE | re.IGNORECASE)


def stored_ids(engine: Engine) -> Counter[str]:
    """How many times each Message-ID is in the raw store (exactly once is the invariant)."""
    with engine.connect() as conn:
        rows = conn.execute(select(RawMessage.data)).scalars()
        found = (MESSAGE_ID.search(bytes(data)) for data in rows)
        return Counter(m.group(1).decode() for m in found if m)


def raw_data(engine: Engine) -> list[bytes]:
    with engine.connect() as conn:
        return [
            bytes(r)
            for r in conn.execute(select(RawMessage.data).order_by(RawMessage.id)).scalars()
        ]


class WatcherThread:
    """A :class:`FolderWatcher` running in a thread, as ``serve`` runs it."""

    def __init__(self, watcher: FolderWatcher) -> None:
        self.watcher = watcher
        self.thread = threading.Thread(target=watcher.run, daemon=True)

    def __enter__(self) -> FolderWatcher:
        self.thread.start()
        return self.watcher

    def __exit__(self, *exc: object) -> None:
        self.watcher.stop.set()
        self.thread.join(30)
        assert not self.thread.is_alive()


def watch(
    engine: Engine, settings: Settings, folder: str = "INBOX", owner: str = "test", **kwargs: Any
) -> WatcherThread:
    return WatcherThread(FolderWatcher(engine, settings.imap, folder, owner, **kwargs))


class LoopThread:
    """An asyncio loop in a thread, for servers under test that clients call from the test."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def call(self, coro: Any, timeout: float = 60) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coro, self.loop)
        return future.result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


class RunningEndpoint:
    """A started :class:`SmtpEndpoint` with its group writer."""

    def __init__(self, runner: LoopThread, settings: Settings, engine: Engine) -> None:
        self.runner = runner
        self.engine = engine
        self.commits = 0

        async def start() -> tuple[GroupWriter, SmtpEndpoint]:
            writer = GroupWriter(engine, on_commit=self._count)
            writer.start()
            endpoint = SmtpEndpoint(settings, writer)
            await endpoint.start()
            return writer, endpoint

        self.writer, self.endpoint = runner.call(start())
        self.port = self.endpoint.port

    def _count(self) -> None:
        self.commits += 1

    def stop(self, grace: float = 5) -> None:
        async def stop() -> None:
            await self.endpoint.stop(grace)
            await self.writer.stop()

        self.runner.call(stop())


@pytest.fixture
def smtp_server(engine: Engine, tmp_path: Path) -> Iterator[Callable[..., RunningEndpoint]]:
    """Start an endpoint on a free loopback port: ``smtp_server(lmtp=True, ...)``."""
    runner = LoopThread()
    started: list[RunningEndpoint] = []

    def start(engine_: Engine | None = None, **smtp: Any) -> RunningEndpoint:
        section = {
            "enabled": True,
            "host": "127.0.0.1",
            "port": free_port(),
            "hostname": "mx.test.example",
            **smtp,
        }
        settings = load_settings(
            None, our_addresses=[OUR, "contact@example.org"], smtp=section, web={"enabled": False}
        )
        running = RunningEndpoint(runner, settings, engine_ or engine)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop(grace=0)
    runner.close()
