"""SMTP intake benchmark: our endpoint (group commit into the store) against an aiosmtpd
handler that fsyncs each message to its own file, both fed by 10 concurrent clients.

    .venv/bin/python bench/bench_smtp.py [--count 3000] [--clients 10] [--database-url URL]

Both run in this process, one after the other, on the same messages; the figure that
matters is the ratio, which holds on a noisy machine. Default store: a SQLite file
(synchronous=FULL); pass a PostgreSQL URL to measure that instead.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiosmtpd.smtp import SMTP

from mailflow.receive.smtp import SmtpEndpoint
from mailflow.receive.writer import GroupWriter
from mailflow.settings import load_settings
from mailflow.store import migrate
from mailflow.store.db import make_engine
from tests.intake.dovecot import free_port
from tests.mailbuilder import build_message

OUR = "cooperation@example.org"


def messages(count: int) -> list[bytes]:
    text = "Bonjour,\nNous souhaiterions organiser une journée d'étude.\n" * 20
    return [
        build_message(subject=f"Bench {n}", message_id=f"<bench-{n}@example.net>", text=text)
        for n in range(count)
    ]


def blast(port: int, count: int, clients: int) -> float:
    """Send ``count`` messages over ``clients`` concurrent connections from another
    process (so the client does not share the server's interpreter); seconds taken."""
    command = [
        sys.executable,
        __file__,
        "--client",
        str(port),
        "--count",
        str(count),
        "--clients",
        str(clients),
    ]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return float(done.stdout.strip())


async def _client(port: int, count: int, clients: int) -> float:
    import aiosmtplib

    mails = messages(count)

    async def send(part: list[bytes]) -> None:
        async with aiosmtplib.SMTP(hostname="127.0.0.1", port=port, timeout=60) as smtp:
            for raw in part:
                await smtp.sendmail("sender@example.net", [OUR], raw)

    start = time.perf_counter()
    await asyncio.gather(*(send(mails[c::clients]) for c in range(clients)))
    return time.perf_counter() - start


class FsyncHandler:
    """The peer: one file per message, fsynced before the 250 (in a thread, like we do)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.count = 0

    def _write(self, name: str, data: bytes) -> None:
        fd = os.open(self.directory / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += 1
        name = f"{self.count}.eml"
        await asyncio.get_running_loop().run_in_executor(
            None, self._write, name, envelope.original_content
        )
        return "250 OK"


def run_server(start: Any) -> tuple[asyncio.AbstractEventLoop, threading.Thread, Any]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    result = asyncio.run_coroutine_threadsafe(start(), loop).result(30)
    return loop, thread, result


def bench_ours(mails: list[bytes], clients: int, url: str) -> tuple[float, int]:
    engine = make_engine(url)
    migrate.upgrade(engine)
    port = free_port()
    settings = load_settings(
        None,
        our_addresses=[OUR],
        web={"enabled": False},
        smtp={"enabled": True, "port": port, "hostname": "bench"},
    )
    commits = [0]

    async def start() -> GroupWriter:
        writer = GroupWriter(engine, on_commit=lambda: commits.__setitem__(0, commits[0] + 1))
        writer.start()
        await SmtpEndpoint(settings, writer).start()
        return writer

    loop, _, writer = run_server(start)
    seconds = blast(port, len(mails), clients)
    asyncio.run_coroutine_threadsafe(writer.stop(), loop).result(60)
    loop.call_soon_threadsafe(loop.stop)
    engine.dispose()
    return seconds, commits[0]


def bench_peer(mails: list[bytes], clients: int, directory: Path) -> float:
    port = free_port()
    handler = FsyncHandler(directory)

    async def start() -> None:
        loop = asyncio.get_running_loop()
        await loop.create_server(
            lambda: SMTP(handler, hostname="peer", enable_SMTPUTF8=True), "127.0.0.1", port
        )

    loop, _, _ = run_server(start)
    seconds = blast(port, len(mails), clients)
    loop.call_soon_threadsafe(loop.stop)
    assert handler.count == len(mails)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--client", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        print(asyncio.run(_client(args.client, args.count, args.clients)))
        return
    mails = messages(args.count)
    with tempfile.TemporaryDirectory(dir=Path.cwd() / "bench") as tmp:
        work = Path(tmp)
        url = args.database_url or f"sqlite:///{work / 'bench.sqlite3'}"
        (work / "peer").mkdir()
        peer = bench_peer(mails, args.clients, work / "peer")
        ours, commits = bench_ours(mails, args.clients, url)
    n = len(mails)
    print(
        f"messages: {n}, clients: {args.clients}, size ~{len(mails[0])} bytes, store: {url.split(':')[0]}"
    )
    print(f"aiosmtpd + fsync per message: {n / peer:8.0f} msg/s ({peer:.2f} s)")
    print(f"mailflow group commit:        {n / ours:8.0f} msg/s ({ours:.2f} s, {commits} commits)")
    print(f"ratio mailflow / peer:        {peer / ours:8.2f}")


if __name__ == "__main__":
    main()
