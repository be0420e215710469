"""Reports benchmark: the report page and ``mailflow report --json`` over 1,000 and 100,000
threads, in the same run.

    .venv/bin/python bench/bench_reports.py [--small 1000] [--large 100000] [--requests 30]
        [--cli-runs 10] [--start 2025-01-01 --end 2025-12-31]

Builds both SQLite databases with bulk inserts: threads from people spread over 2024 and
2025 (nine in ten answered after a few working hours or days, most resolved, one in twenty
reopened), a sent reply from the outbox for most answered threads, eight staff members.
The page is timed in this process through the ASGI app (no network); the command as a new
process each time (``mailflow report --json``), as a supervisor runs it.
The figure that matters is the large/small ratio of p95 latencies, with the report built
(the page with the process's reports dropped before each request, and the command).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, insert
from sqlmodel import Session

from bench.bench_web import PASSWORD, p95, signed_in_client
from mailflow.classify.result import PARTNER_TYPES, TOPICS
from mailflow.services.accounts import create_user
from mailflow.services.report_cache import REPORTS
from mailflow.store import migrate
from mailflow.store.db import make_engine
from mailflow.store.models import Draft, Event, Thread

STAFF = ("alice", "bruno", "chloe", "david", "emma", "farid", "gael", "hugo")
ROOT = Path(__file__).resolve().parent.parent


def build(path: Path, count: int, seed: int = 11) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    with engine.begin() as connection:
        for first in range(0, count, 5000):
            threads, drafts, events = [], [], []
            for i in range(first, min(count, first + 5000)):
                threads.append(_thread(rng, i, start))
                answered = threads[-1]["first_response_at"]
                if answered is not None and rng.random() < 0.8:
                    drafts.append(_draft(rng, i, answered))
                if threads[-1]["status"] != "closed" and rng.random() < 0.05:
                    at = threads[-1]["created_at"] + timedelta(days=rng.randrange(1, 40))
                    events.append(
                        {
                            "at": at,
                            "actor": "system",
                            "action": "thread.reopened",
                            "thread_id": i + 1,
                            "data": {"by": "message"},
                        }
                    )
            connection.execute(insert(Thread), threads)
            if drafts:
                connection.execute(insert(Draft), drafts)
            if events:
                connection.execute(insert(Event), events)
    with Session(engine) as session:
        create_user(session, "bench", PASSWORD, role="supervisor")
        session.commit()
    return engine


def _thread(rng: random.Random, i: int, start: datetime) -> dict[str, object]:
    at = start + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
    answered = at + timedelta(hours=rng.expovariate(1 / 30)) if rng.random() < 0.9 else None
    closed = answered is not None and rng.random() < 0.7
    resolved = answered + timedelta(hours=rng.expovariate(1 / 60)) if closed and answered else None
    status = "closed" if closed else ("waiting" if answered else rng.choice(("new", "open")))
    return {
        "id": i + 1,
        "ref": f"COOP-2025-{i + 1:06d}",
        "subject": f"Demande {i}",
        "subject_key": f"demande {i}",
        "status": status,
        "partner_type": rng.choice(PARTNER_TYPES),
        "topic": rng.choice(TOPICS),
        "kind": "human" if rng.random() < 0.85 else "auto_reply",
        "lang": "fr",
        "priority": "normal",
        "assignee": rng.choice(STAFF) if rng.random() < 0.8 else None,
        "tags": [],
        "created_at": at,
        "last_activity_at": resolved or answered or at,
        "first_response_at": answered,
        "resolved_at": resolved,
        "message_count": 2 if answered else 1,
    }


def _draft(rng: random.Random, i: int, sent: datetime) -> dict[str, object]:
    return {
        "thread_id": i + 1,
        "purpose": "reply",
        "state": "sent",
        "author": rng.choice(STAFF),
        "approved_by": rng.choice(STAFF),
        "sent_at": sent,
        "outgoing_message_id": f"<r{i}@bench>",
        "to_addrs": [],
        "cc_addrs": [],
        "subject": "",
        "body_text": "",
        "body_html": "",
        "created_at": sent,
        "updated_at": sent,
    }


def measure_page(
    clients: dict[int, object], requests: int, params: dict[str, str]
) -> dict[int, float]:
    """p95 of the page once its report is built; the first (cold) request is printed apart."""
    samples: dict[int, list[float]] = {count: [] for count in clients}
    for i in range(requests + 3):
        for count, client in clients.items():
            began = time.perf_counter()
            response = client.get("/reports", params=params)  # type: ignore[attr-defined]
            elapsed = time.perf_counter() - began
            assert response.status_code == 200, response.status_code
            if i == 0:
                print(
                    f"report page, first request (report built): {count:>7} threads "
                    f"{elapsed * 1000:.0f} ms",
                    flush=True,
                )
            if i >= 3:  # warm-up
                samples[count].append(elapsed)
    return {count: p95(values) for count, values in samples.items()}


def measure_page_built(
    clients: dict[int, object], requests: int, params: dict[str, str]
) -> dict[int, float]:
    """p95 of the page when it builds its report: the process's reports are dropped before
    each request (``services/report_cache.py``), so the cache takes no part in the figure."""
    samples: dict[int, list[float]] = {count: [] for count in clients}
    for _ in range(requests):
        for count, client in clients.items():
            REPORTS.clear()
            began = time.perf_counter()
            response = client.get("/reports", params=params)  # type: ignore[attr-defined]
            samples[count].append(time.perf_counter() - began)
            assert response.status_code == 200, response.status_code
    return {count: p95(values) for count, values in samples.items()}


def measure_cli(
    urls: dict[int, str], runs: int, workdir: Path, args: list[str]
) -> dict[int, float]:
    samples: dict[int, list[float]] = {count: [] for count in urls}
    command = [str(Path(sys.executable).parent / "mailflow"), "report", "--json", *args]
    for _ in range(runs):
        for count, url in urls.items():
            env = {**os.environ, "MAILFLOW_DATABASE_URL": url, "MAILFLOW_DATA_DIR": str(workdir)}
            env.pop("MAILFLOW_CONFIG", None)
            began = time.perf_counter()
            subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True)
            samples[count].append(time.perf_counter() - began)
    return {
        count: p95(values) if len(values) > 1 else values[0] * 1000
        for count, values in samples.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--cli-runs", type=int, default=10)
    parser.add_argument("--start", default="2025-01-01")
    parser.add_argument("--end", default="2025-12-31")
    options = parser.parse_args()
    params = {"start": options.start, "end": options.end}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        urls, clients = {}, {}
        for count in (options.small, options.large):
            began = time.perf_counter()
            path = workdir / f"reports-{count}.sqlite3"
            engine = build(path, count)
            print(f"built {count:>7} threads in {time.perf_counter() - began:.1f} s", flush=True)
            urls[count] = f"sqlite:///{path}"
            clients[count] = signed_in_client(engine, workdir / f"web-{count}")
        page = measure_page(clients, options.requests, params)
        built = measure_page_built(clients, options.requests, params)
        cli = measure_cli(
            urls, options.cli_runs, workdir, ["--from", options.start, "--to", options.end]
        )
    small, large = options.small, options.large
    print(f"period {options.start} → {options.end}")
    print(f"{'case':<30}{small:>10}{large:>10}  ratio (p95, ms)")
    cases = (
        ("report page (report kept)", page),
        ("report page (report built)", built),
        ("mailflow report --json", cli),
    )
    for name, result in cases:
        ratio = result[large] / result[small]
        print(f"{name:<30}{result[small]:>10.1f}{result[large]:>10.1f}  {ratio:.2f}x")


if __name__ == "__main__":
    main()
