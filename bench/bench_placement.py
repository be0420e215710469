"""Placement on PostgreSQL: what serialising it costs when two pipelines share a backlog.

    .venv/bin/python bench/bench_placement.py [--count 2000] [--batch 50] [--without-lock]

Stores ``count`` generated messages, half of them inquiries and half answers to an
inquiry ten messages earlier (In-Reply-To, References), in a fresh PostgreSQL database
(the suite's server, ``MAILFLOW_TEST_POSTGRES``). Processes them with one
``process_pending`` process, then (the derived rows reset) with two at once, as two
``serve`` instances would: batches of ``--batch``, reply drafts on. Prints the rate, the
time spent waiting for the placement lock and the answers not in their inquiry's thread.
``--without-lock`` skips the lock, for comparison only: that run splits conversations.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import messages
from mailflow import pipeline
from mailflow.pipeline import process_pending
from mailflow.runtime import load_rules, pipeline_context
from mailflow.settings import load_settings
from mailflow.store import migrate
from mailflow.store.db import make_engine
from mailflow.store.processing import begin_writing
from mailflow.store.raw import Incoming, store_batch

ADMIN = os.environ.get(
    "MAILFLOW_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
MESSAGE_ID = re.compile(rb"^Message-ID: <([^>]+)>", re.MULTILINE)
RESET = """
UPDATE raw_message SET state = 'received', processed_at = NULL, attempts = 0;
DELETE FROM event; DELETE FROM draft; DELETE FROM attachment; DELETE FROM contact;
DELETE FROM partner; DELETE FROM message; DELETE FROM message_key; DELETE FROM thread;
DELETE FROM counter;
"""


def _work(url: str, batch: int, without_lock: bool, start: Any, times: Any) -> None:
    waited = 0.0

    def timed(session: Session) -> None:
        nonlocal waited
        began = time.perf_counter()
        if not without_lock:
            begin_writing(session)
        waited += time.perf_counter() - began

    setattr(pipeline, "begin_writing", timed)  # noqa: B010 (the bench's switch and meter)
    settings = load_settings(None, database_url=url, our_addresses=["cooperation@bpi.fr"])
    engine = make_engine(url)
    ctx = pipeline_context(settings, load_rules(settings))
    start.wait()  # the clock starts when every process is ready
    began = time.time()
    process_pending(engine, ctx, batch_size=batch)
    times.put((began, time.time(), waited))
    engine.dispose()


def _run(url: str, processes: int, batch: int, without_lock: bool) -> tuple[float, float]:
    """Seconds from the first process starting work to the last one finishing, and the
    seconds all of them waited for the placement lock."""
    spawn = multiprocessing.get_context("spawn")
    start, times = spawn.Barrier(processes), spawn.Queue()
    workers = [
        spawn.Process(target=_work, args=(url, batch, without_lock, start, times))
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    spans: list[tuple[float, float, float]] = [times.get() for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = max(end for _, end, _ in spans) - min(began for began, _, _ in spans)
    return elapsed, sum(waited for _, _, waited in spans)


def _backlog(count: int) -> list[bytes]:
    """Inquiries, each answered ``ten messages later."""
    inquiries = list(messages(count // 2))
    answers = [_answer(raw) for raw in inquiries]
    lag = 10
    mixed: list[bytes] = []
    for n, inquiry in enumerate(inquiries):
        mixed.append(inquiry)
        if n >= lag:
            mixed.append(answers[n - lag])
    return mixed + answers[len(answers) - lag :]


def _answer(inquiry: bytes) -> bytes:
    found = MESSAGE_ID.search(inquiry)
    assert found is not None
    parent = found.group(1)
    own = MESSAGE_ID.sub(b"Message-ID: <re-" + parent + b">", inquiry, count=1)
    return b"In-Reply-To: <%s>\nReferences: <%s>\n" % (parent, parent) + own


def _split_threads(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    """Answers not in the thread of the inquiry their In-Reply-To names."""
    row = conn.execute(
        "SELECT count(*) FROM message r JOIN message p ON p.message_id = r.in_reply_to ->> 0"
        " WHERE r.thread_id <> p.thread_id"
    ).fetchone()
    return int(str(row[0])) if row else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--without-lock", action="store_true")
    args = parser.parse_args()
    name = f"mailflow_bench_{uuid.uuid4().hex[:12]}"
    admin = ADMIN.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = ADMIN.rsplit("/", 1)[0] + f"/{name}"
    try:
        engine = make_engine(url)
        migrate.upgrade(engine)
        arrival = datetime.now(UTC)
        raws = _backlog(args.count)
        for start in range(0, len(raws), 500):
            chunk = raws[start : start + 500]
            store_batch(
                engine,
                [Incoming(r, "smtp", f"bench#{start + i}", arrival) for i, r in enumerate(chunk)],
            )
        engine.dispose()
        lock = "without the placement lock" if args.without_lock else "with the placement lock"
        print(f"{args.count} messages, batches of {args.batch}, {lock}")
        for processes in (1, 2):
            with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
                conn.execute(RESET)
            elapsed, waited = _run(url, processes, args.batch, args.without_lock)
            with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
                split = _split_threads(conn)
            rate = args.count / elapsed
            print(
                f"{processes} process(es): {elapsed:6.1f} s, {rate:4.0f} msg/s,"
                f" {waited:5.1f} s waiting for the lock (all processes), {split} answers split"
            )
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
