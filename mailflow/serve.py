"""``mailflow serve``: every long-running part in one process and one event loop.

Runs, each switchable in the configuration: the web app (``web.enabled``), the SMTP/LMTP
endpoint (``smtp.enabled``), the IMAP watchers (``imap.enabled``), the pipeline loop
(``serve.pipeline``) and the outbox sender (``relay.enabled``). SIGTERM/SIGINT stop it
gracefully: stop accepting, finish the transactions and batches in flight, then exit.
SIGHUP reloads the rule files (a broken set is refused and the last good one kept).

Several instances may share one PostgreSQL: the raw store dedupes, the pipeline takes
messages with ``FOR UPDATE SKIP LOCKED``, and each IMAP folder is leased to one instance.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Iterator

import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine, text

from mailflow.errors import StoreUnavailable
from mailflow.pipeline import PipelineContext, process_pending
from mailflow.receive.imap import ImapIntakeService
from mailflow.receive.lease import instance_name
from mailflow.receive.smtp import SmtpEndpoint
from mailflow.receive.writer import GroupWriter
from mailflow.runtime import RuleHolder, load_rules, open_engine, pipeline_context
from mailflow.send.outbox import send_and_thread
from mailflow.settings import Settings
from mailflow.store import migrate
from mailflow.web.app import create_app

log = logging.getLogger("mailflow.serve")

PIPELINE_BATCH = 50  # short write transactions, so intake commits are not kept waiting
STORE_BACKOFF_MAX = 300.0  # seconds between passes at most while the store refuses writes
MIGRATION_LOCK = 0x6D61696C  # PostgreSQL advisory lock id: one instance migrates at a time


class _Uvicorn(uvicorn.Server):
    """uvicorn without its own signal handlers: ``serve`` owns the signals."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def prepare_schema(engine: Engine) -> None:
    """Bring the schema to the latest revision; on PostgreSQL one instance at a time."""
    if engine.dialect.name != "postgresql":
        migrate.upgrade(engine)
        return
    with engine.connect() as lock:
        lock.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
        try:
            migrate.upgrade(engine)
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
            lock.commit()


def web_app(settings: Settings, engine: Engine, rules: RuleHolder) -> FastAPI:
    """The web app, sharing the process's engine and rule holder."""
    return create_app(settings, engine=engine, rules=rules)


async def _every(
    name: str,
    interval: float,
    stop: asyncio.Event,
    wake: asyncio.Event | None,
    work: Callable[[], Awaitable[bool]],
) -> None:
    """Run ``work`` until ``stop``; again at once while it says there is more, else after
    ``interval`` or when ``wake`` is set. While the store cannot take writes (a full disk,
    a lost database), wait longer each time and ignore ``wake``: the work is left waiting."""
    refusals = 0
    while not stop.is_set():
        more = False
        try:
            more = await work()
            refusals = 0
        except StoreUnavailable as exc:
            refusals += 1
            delay = store_backoff(interval, refusals)
            log.warning("%s loop: %s; trying again in %.1f s", name, exc, delay)
            await _wait(stop, None, delay)
            continue
        except Exception:
            log.exception("%s loop: a pass failed; trying again in %.0f s", name, interval)
        if not more:
            await _wait(stop, wake, interval)


def store_backoff(interval: float, refusals: int) -> float:
    """Seconds to wait after the store refused ``refusals`` passes in a row: doubling."""
    return float(min(interval * 2 ** min(refusals - 1, 30), STORE_BACKOFF_MAX))


async def _wait(stop: asyncio.Event, wake: asyncio.Event | None, timeout: float) -> None:
    """Until ``stop`` or ``wake`` is set, or ``timeout`` seconds have passed."""
    waiters = [asyncio.ensure_future(stop.wait())]
    if wake is not None:
        waiters.append(asyncio.ensure_future(wake.wait()))
    _, pending = await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    for waiter in pending:
        waiter.cancel()
    if wake is not None:
        wake.clear()


def _pipeline_pass(engine: Engine, ctx: PipelineContext) -> Callable[[], Awaitable[bool]]:
    async def work() -> bool:
        report = await asyncio.to_thread(process_pending, engine, ctx, batch_size=PIPELINE_BATCH)
        if report.processed or report.quarantined:
            log.info(
                "processed %d message(s), %d quarantined", report.processed, report.quarantined
            )
        return False

    return work


def _outbox_pass(
    engine: Engine, settings: Settings, ctx: PipelineContext
) -> Callable[[], Awaitable[bool]]:
    """Send what is due, then thread the sent copies with the rules this process holds."""

    async def work() -> bool:
        report = await asyncio.to_thread(send_and_thread, engine, settings, ctx)
        log.debug("outbox pass: %s", report)
        return False

    return work


class Server:
    """What ``mailflow serve`` runs; :meth:`run` returns after a graceful shutdown."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = open_engine(settings)
        self.stop = asyncio.Event()
        self.wake = asyncio.Event()
        self.rules: RuleHolder | None = None
        self.smtp: SmtpEndpoint | None = None
        self.imap: ImapIntakeService | None = None
        self.web: _Uvicorn | None = None
        self.owner = instance_name(settings.serve.instance_name, settings.data_dir)

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        self._signals(loop)
        await asyncio.to_thread(prepare_schema, self.engine)
        self.rules = await asyncio.to_thread(load_rules, self.settings, strict=True)
        writer = GroupWriter(self.engine, on_commit=self.wake.set)
        writer.start()
        tasks = await self._start(loop, writer, self.rules)
        log.info("mailflow serve running as %s", self.owner)
        await self.stop.wait()
        await self._shutdown(writer, tasks)

    def _signals(self, loop: asyncio.AbstractEventLoop) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._request_stop, sig)
        loop.add_signal_handler(signal.SIGHUP, lambda: loop.create_task(self._reload()))

    def _request_stop(self, sig: int) -> None:
        log.info("%s received: shutting down", signal.Signals(sig).name)
        self.stop.set()

    async def _reload(self) -> None:
        if self.rules is not None:
            ok = await asyncio.to_thread(self.rules.reload)
            log.info("SIGHUP: rules %s", "reloaded" if ok else "kept (the new set has problems)")

    async def _start(
        self, loop: asyncio.AbstractEventLoop, writer: GroupWriter, rules: RuleHolder
    ) -> list[asyncio.Task[None]]:
        s = self.settings
        tasks: list[asyncio.Task[None]] = []
        if s.smtp.enabled:
            self.smtp = SmtpEndpoint(s, writer)
            await self.smtp.start()
        if s.imap.enabled:

            def wake() -> None:
                loop.call_soon_threadsafe(self.wake.set)

            self.imap = ImapIntakeService(self.engine, s.imap, self.owner, on_commit=wake)
            self.imap.start()
        ctx = pipeline_context(s, rules)
        if s.serve.pipeline:
            work = _pipeline_pass(self.engine, ctx)
            tasks.append(
                loop.create_task(
                    _every(
                        "pipeline", s.serve.pipeline_interval_seconds, self.stop, self.wake, work
                    )
                )
            )
        if s.relay.enabled:
            work = _outbox_pass(self.engine, s, ctx)
            tasks.append(
                loop.create_task(
                    _every("outbox", s.serve.outbox_interval_seconds, self.stop, None, work)
                )
            )
        if s.web.enabled:
            app = web_app(s, self.engine, rules)
            config = uvicorn.Config(
                app,
                host=s.web.host,
                port=s.web.port,
                log_config=None,
                access_log=False,
                proxy_headers=s.web.behind_tls,
            )
            self.web = _Uvicorn(config)
            tasks.append(loop.create_task(self.web.serve()))
        return tasks

    async def _shutdown(self, writer: GroupWriter, tasks: list[asyncio.Task[None]]) -> None:
        grace = self.settings.serve.shutdown_grace_seconds
        if self.smtp is not None:
            await self.smtp.stop(grace)
        if self.imap is not None:
            await asyncio.to_thread(self.imap.stop, grace)
        await writer.stop()
        if self.web is not None:
            self.web.should_exit = True
        await asyncio.wait(tasks, timeout=grace) if tasks else None
        for task in tasks:
            task.cancel()
        self.engine.dispose()
        log.info("mailflow serve stopped")


def serve(settings: Settings) -> None:
    """Run until SIGTERM/SIGINT."""
    asyncio.run(Server(settings).run())
