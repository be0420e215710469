"""Web latency benchmark: inbox and thread pages with 1,000 and with 100,000 threads.

    .venv/bin/python bench/bench_web.py [--small 1000] [--large 100000] [--requests 200]

Builds both SQLite databases with bulk inserts (one message per thread, the full-text
index kept by its triggers), then times the pages in this process through the ASGI app
(no network). The figure that matters is the large/small ratio of p95 latencies.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, insert
from sqlmodel import Session

from mailflow.classify.result import KINDS, PARTNER_TYPES, TOPICS
from mailflow.runtime import RuleHolder
from mailflow.services.accounts import create_user
from mailflow.settings import load_settings
from mailflow.store import migrate
from mailflow.store.db import make_engine
from mailflow.store.models import Message, RawMessage, Thread
from mailflow.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PASSWORD = "benchmark password"
WORDS = (
    "convention",
    "formation",
    "ressources",
    "numérique",
    "journée",
    "étude",
    "partenariat",
    "bibliothèque",
    "prêt",
    "réseau",
    "lecture",
    "public",
    "projet",
    "visite",
    "licence",
)


def build(path: Path, count: int, seed: int = 7) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    with engine.begin() as connection:
        for first in range(0, count, 5000):
            raws, threads, messages = [], [], []
            for i in range(first, min(count, first + 5000)):
                at = start + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
                subject = " ".join(rng.choice(WORDS) for _ in range(5))
                key = hashlib.sha256(f"bench-{i}".encode()).hexdigest()
                raws.append(
                    {
                        "id": i + 1,
                        "sha256": key,
                        "dedupe_key": key,
                        "size": 10,
                        "data": b"x",
                        "source": "file",
                        "source_detail": "",
                        "received_at": at,
                        "state": "processed",
                        "attempts": 1,
                    }
                )
                threads.append(
                    {
                        "id": i + 1,
                        "ref": f"COOP-2025-{i + 1:06d}",
                        "subject": subject,
                        "subject_key": subject,
                        "status": rng.choice(("new", "open", "waiting", "closed")),
                        "partner_type": rng.choice(PARTNER_TYPES),
                        "topic": rng.choice(TOPICS),
                        "kind": rng.choice(KINDS),
                        "lang": "fr",
                        "priority": "normal",
                        "tags": [],
                        "created_at": at,
                        "last_activity_at": at,
                        "message_count": 1,
                    }
                )
                body = " ".join(rng.choice(WORDS) for _ in range(60))
                messages.append(
                    {
                        "id": i + 1,
                        "raw_id": i + 1,
                        "thread_id": i + 1,
                        "direction": "in",
                        "message_id": f"<{key}@bench>",
                        "in_reply_to": [],
                        "references": [],
                        "attached_by": "new",
                        "subject": subject,
                        "from_addr": f"p{i % 997}@example.fr",
                        "from_name": "",
                        "to_addrs": [],
                        "cc_addrs": [],
                        "date": at,
                        "date_source": "header",
                        "body_text": body,
                        "lang": "fr",
                        "kind": "human",
                        "partner_type": "unknown",
                        "topic": "information",
                        "actions": {},
                        "explanation": [],
                        "defects": [],
                    }
                )
            connection.execute(insert(RawMessage), raws)
            connection.execute(insert(Thread), threads)
            connection.execute(insert(Message), messages)
    with Session(engine) as session:
        create_user(session, "bench", PASSWORD, role="staff")
        session.commit()
    return engine


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] * 1000


def signed_in_client(engine: Engine, workdir: Path) -> TestClient:
    settings = load_settings(
        None, data_dir=workdir, rules_dir=workdir / "rules", web={"secret_key": "b" * 40}
    )
    app = create_app(settings, engine=engine, rules=RuleHolder(settings.rules_dir))
    client = TestClient(app)
    client.__enter__()
    page = client.get("/login").text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token})
    return client


def fifth_page(client: TestClient) -> str:
    path = "/"
    for _ in range(4):
        path = (
            "/?after=" + client.get(path).text.split('rel="next" href="/?after=')[1].split('"')[0]
        )
    return path


CASES: dict[str, Callable[[int], str]] = {
    "inbox": lambda i: "/",
    "inbox, counts not cached": lambda i: "/",
    "inbox filtered (status+topic)": lambda i: "/?status=open&topic=training",
    "inbox search (sender, full text)": lambda i: f"/?q=p{(i * 31) % 997}@example.fr",
    "inbox page 5 (keyset)": lambda i: "",
    "thread page": lambda i: f"/threads/COOP-2025-{(i * 7919) % 1000 + 1:06d}",
}


def measure(clients: dict[int, TestClient], requests: int) -> dict[str, dict[int, float]]:
    """p95 per case and database; requests alternate between the databases, so both see the
    same machine load (the figures are ratios on a shared machine)."""
    deep = {count: fifth_page(client) for count, client in clients.items()}
    results: dict[str, dict[int, float]] = {}
    for name, path_of in CASES.items():
        samples: dict[int, list[float]] = {count: [] for count in clients}
        for i in range(requests + 10):
            for count, client in clients.items():
                path = deep[count] if name.startswith("inbox page 5") else path_of(i)
                if name == "inbox, counts not cached":
                    client.app.state.web.counts.clear()  # type: ignore[attr-defined]
                began = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - began
                assert response.status_code == 200, (path, response.status_code)
                if i >= 10:  # warm-up
                    samples[count].append(elapsed)
        results[name] = {count: p95(values) for count, values in samples.items()}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        clients = {}
        for count in (args.small, args.large):
            began = time.perf_counter()
            engine = build(work / f"web-{count}.sqlite3", count)
            print(f"built {count:>7} threads in {time.perf_counter() - began:5.1f} s", flush=True)
            clients[count] = signed_in_client(engine, work)
        figures = measure(clients, args.requests)
        for client in clients.values():
            client.__exit__(None, None, None)
    print(f"\np95 latency, ms ({args.requests} requests each, interleaved)")
    print(f"{'page':<32}{args.small:>10}{args.large:>10}{'ratio':>8}")
    for name, by_count in figures.items():
        small, large = by_count[args.small], by_count[args.large]
        print(f"{name:<32}{small:>10.1f}{large:>10.1f}{large / small:>8.2f}")


if __name__ == "__main__":
    main()
