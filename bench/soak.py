"""Soak test: ``mailflow serve`` under SMTP load for a set time, with IMAP intake and the web app.

    nice -n 5 .venv/bin/python bench/soak.py [--minutes 15] [--clients 8] [--warmup-seconds 120]

Starts a private Dovecot (tests/intake/dovecot.py) and ``mailflow serve`` as a subprocess
(SQLite in a temporary directory; SMTP endpoint, IMAP watcher on the Dovecot INBOX, web app
and pipeline on, all on free loopback ports). Then, for ``--minutes``:

- ``--clients`` threads send French (and some English) messages of varied sizes from
  bench/generate.py over SMTP, several transactions per connection; latency is timed from
  MAIL FROM to the reply to the end of DATA;
- a thread APPENDs a few messages to the Dovecot INBOX every ``--imap-interval`` seconds;
- a thread GETs ``/healthz`` and ``/api/threads`` (a bearer token of an admin user made first)
  every ``--web-interval`` seconds;
- the serve process's RSS (VmRSS) is sampled every 10 seconds.

Reports messages sent, throughput, p50/p99 transaction latency, errors by kind, RSS at
start, after warm-up and at the end (end/warm-up ratio: memory must not grow once warm),
and what the database holds once ``serve`` has stopped. Everything is stopped by PID.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import os
import random
import shutil
import signal
import smtplib
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from imapclient import IMAPClient  # noqa: E402

from bench.generate import message  # noqa: E402
from tests.intake.dovecot import PASSWORD, free_port, start_dovecot  # noqa: E402
from tests.intake.serving import ServeProcess, port_open, write_config  # noqa: E402

OUR = "cooperation@example.org"
WEB_USER = "soak"
WEB_PASSWORD = "soak-password-0123456789"
SECRET = "soak-secret-key-" + "x" * 32
IMAP_USER = "soak"
# Body padding in characters: most mail is small, some is long; 10% also carry a 50 KB PDF.
PADDINGS = [0] * 6 + [2_000] * 2 + [20_000, 200_000]


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Soak:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.token = ""
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.counter = itertools.count()
        self.latencies: list[float] = []
        self.sent = 0
        self.bytes_sent = 0
        self.errors: collections.Counter[str] = collections.Counter()
        self.web: collections.Counter[str] = collections.Counter()
        self.web_latencies: dict[str, list[float]] = collections.defaultdict(list)
        self.imap_appended = 0
        self.rss: list[tuple[float, int]] = []

    # -- load -------------------------------------------------------------------------------

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] += 1

    def smtp_client(self, port: int, seed: int) -> None:
        rng = random.Random(seed)
        while not self.stop.is_set():
            try:
                with smtplib.SMTP("127.0.0.1", port, timeout=60) as smtp:
                    smtp.ehlo("client.example.net")
                    for _ in range(rng.randint(1, 20)):
                        if self.stop.is_set():
                            break
                        self.one_transaction(smtp, rng)
            except (smtplib.SMTPException, OSError) as exc:
                self.error(f"connection: {type(exc).__name__} {getattr(exc, 'smtp_code', '')}")
                time.sleep(0.5)

    def one_transaction(self, smtp: smtplib.SMTP, rng: random.Random) -> None:
        n = next(self.counter)
        padding = rng.choice(PADDINGS)
        if n % 4 == 1:  # the HTML part is one line: keep it under smtp.max_line_length
            padding = min(padding, 2_000)
        data = message(rng, n, padding).replace(b"\n", b"\r\n")
        start = time.perf_counter()
        code, _ = smtp.mail("sender@example.net", ["BODY=8BITMIME"])
        if code != 250:
            self.error(f"MAIL {code}")
            smtp.rset()
            return
        code, _ = smtp.rcpt(OUR)
        if code not in (250, 251):
            self.error(f"RCPT {code}")
            smtp.rset()
            return
        code, _ = smtp.data(data)
        elapsed = time.perf_counter() - start
        if code != 250:
            self.error(f"DATA {code}")
            return
        with self.lock:
            self.sent += 1
            self.bytes_sent += len(data)
            self.latencies.append(elapsed)

    def imap_appender(self, port: int) -> None:
        rng = random.Random(99)
        n = 10_000_000
        while not self.stop.wait(self.args.imap_interval):
            try:
                client = IMAPClient("127.0.0.1", port=port, ssl=False, timeout=30)
                client.login(IMAP_USER, PASSWORD)
                for _ in range(3):
                    client.append("INBOX", message(rng, n, rng.choice(PADDINGS)))
                    n += 1
                    self.imap_appended += 1
                client.logout()
            except Exception as exc:  # counted and reported
                self.error(f"imap append: {type(exc).__name__}")

    def web_poller(self, port: int) -> None:
        pages = {
            "/healthz": {},
            "/api/threads": {"Authorization": f"Bearer {self.token}"},
        }
        while not self.stop.wait(self.args.web_interval):
            for path, headers in pages.items():
                request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
                start = time.perf_counter()
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        response.read()
                        status = response.status
                except urllib.error.HTTPError as exc:
                    status = exc.code
                except OSError as exc:
                    status = type(exc).__name__
                with self.lock:
                    self.web[f"{path} {status}"] += 1
                    self.web_latencies[path].append(time.perf_counter() - start)

    def sampler(self, pid: int, t0: float) -> None:
        while True:
            try:
                self.rss.append((time.monotonic() - t0, rss_kb(pid)))
            except (OSError, RuntimeError):
                return
            if self.stop.wait(10):
                return

    # -- run --------------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        args = self.args
        work = Path(tempfile.mkdtemp(prefix="mailflow-soak-"))
        dovecot = start_dovecot(users=[IMAP_USER])
        serve: ServeProcess | None = None
        try:
            smtp_port, web_port = free_port(), free_port()
            config = write_config(
                work / "mailflow.toml",
                {"data_dir": str(work / "data"), "our_addresses": [OUR], "log_level": "INFO"},
                {
                    "smtp": {"enabled": True, "port": smtp_port, "hostname": "mx.soak.test"},
                    "imap": {
                        "enabled": True,
                        "host": "127.0.0.1",
                        "port": dovecot.port,
                        "security": "none",
                        "username": IMAP_USER,
                        "password": PASSWORD,
                    },
                    "web": {"enabled": True, "port": web_port, "secret_key": SECRET},
                    "serve": {"instance_name": "soak"},
                },
            )
            (work / "data").mkdir()
            env = {k: v for k, v in os.environ.items() if not k.startswith("MAILFLOW_")}
            env["MAILFLOW_CONFIG"] = str(config)
            mailflow = str(Path(sys.executable).parent / "mailflow")
            subprocess.run([mailflow, "db", "upgrade"], env=env, cwd=REPO, check=True)
            subprocess.run(
                [mailflow, "user", "add", WEB_USER, "--role", "admin"],
                env={**env, "MAILFLOW_PASSWORD": WEB_PASSWORD},
                cwd=REPO,
                check=True,
            )
            created = subprocess.run(
                [mailflow, "user", "token", "create", WEB_USER, "--name", "soak", "--json"],
                env=env,
                cwd=REPO,
                check=True,
                capture_output=True,
                text=True,
            )
            self.token = json.loads(created.stdout)["token"]
            serve = ServeProcess(config, work / "serve.log").start(wait_port=smtp_port)
            assert serve.proc is not None
            pid = serve.proc.pid
            deadline = time.monotonic() + 60
            while not port_open(web_port) and time.monotonic() < deadline:
                time.sleep(0.1)
            t0 = time.monotonic()
            threads = [threading.Thread(target=self.sampler, args=(pid, t0), daemon=True)]
            threads += [
                threading.Thread(target=self.smtp_client, args=(smtp_port, i), daemon=True)
                for i in range(args.clients)
            ]
            threads.append(
                threading.Thread(target=self.imap_appender, args=(dovecot.port,), daemon=True)
            )
            threads.append(threading.Thread(target=self.web_poller, args=(web_port,), daemon=True))
            for thread in threads:
                thread.start()
            duration = args.minutes * 60
            last = 0
            while (elapsed := time.monotonic() - t0) < duration:
                time.sleep(1)
                if serve.proc.poll() is not None:
                    self.error("serve exited")
                    break
                if int(elapsed) // 60 > last:
                    last = int(elapsed) // 60
                    rss = self.rss[-1][1] if self.rss else 0
                    print(
                        f"{last:3d} min: sent {self.sent}, errors {sum(self.errors.values())},"
                        f" RSS {rss / 1024:.1f} MiB",
                        flush=True,
                    )
            self.stop.set()
            load_seconds = time.monotonic() - t0
            for thread in threads:
                thread.join(90)
            self.rss.append((time.monotonic() - t0, rss_kb(pid)))
            stop_start = time.monotonic()
            code = serve.stop(timeout=120)
            stop_seconds = time.monotonic() - stop_start
            database = self.database(work / "data" / "mailflow.sqlite3")
        finally:
            self.stop.set()
            if serve is not None and serve.proc is not None and serve.proc.poll() is None:
                serve.kill()
            dovecot.stop()
            shutil.rmtree(dovecot.base, ignore_errors=True)
        log = (work / "serve.log").read_text(errors="replace")
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        return self.report(load_seconds, code, stop_seconds, database, log, work)

    def database(self, path: Path) -> dict[str, Any]:
        conn = sqlite3.connect(path)
        try:
            raw = dict(
                conn.execute(
                    "SELECT source || ' ' || state, count(*) FROM raw_message GROUP BY 1"
                ).fetchall()
            )
            return {
                "raw_message": raw,
                "message": conn.execute("SELECT count(*) FROM message").fetchone()[0],
                "thread": conn.execute("SELECT count(*) FROM thread").fetchone()[0],
            }
        finally:
            conn.close()

    def report(
        self,
        load_seconds: float,
        code: int,
        stop_seconds: float,
        database: dict[str, Any],
        log: str,
        work: Path,
    ) -> dict[str, Any]:
        warm = next((kb for t, kb in self.rss if t >= self.args.warmup_seconds), None)
        start_kb, end_kb = self.rss[0][1], self.rss[-1][1]
        return {
            "minutes": self.args.minutes,
            "clients": self.args.clients,
            "smtp_sent": self.sent,
            "smtp_mib": round(self.bytes_sent / 2**20, 1),
            "throughput_per_s": round(self.sent / load_seconds, 1),
            "latency_ms": {
                "p50": round(percentile(self.latencies, 0.50) * 1000, 1),
                "p99": round(percentile(self.latencies, 0.99) * 1000, 1),
                "max": round(max(self.latencies, default=0) * 1000, 1),
                "mean": round(statistics.fmean(self.latencies) * 1000, 1)
                if self.latencies
                else None,
            },
            "errors": dict(self.errors),
            "imap_appended": self.imap_appended,
            "web": dict(self.web),
            "web_p99_ms": {
                path: round(percentile(values, 0.99) * 1000, 1)
                for path, values in self.web_latencies.items()
            },
            "rss_mib": {
                "start": round(start_kb / 1024, 1),
                "warm": round(warm / 1024, 1) if warm else None,
                "end": round(end_kb / 1024, 1),
                "max": round(max(kb for _, kb in self.rss) / 1024, 1),
                "end_over_warm": round(end_kb / warm, 3) if warm else None,
            },
            "rss_samples_mib": [(round(t), round(kb / 1024, 1)) for t, kb in self.rss],
            "serve_exit": code,
            "serve_stop_seconds": round(stop_seconds, 1),
            "database": database,
            "log_errors": sum(
                1 for line in log.splitlines() if " ERROR " in line or "Traceback" in line
            ),
            "workdir": str(work) if self.args.keep else None,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=15)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--warmup-seconds", type=float, default=120)
    parser.add_argument("--imap-interval", type=float, default=20)
    parser.add_argument("--web-interval", type=float, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the work dir (log, database)")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    result = Soak(args).run()
    samples = result.pop("rss_samples_mib")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print("RSS samples (s, MiB):", " ".join(f"{t}:{m}" for t, m in samples))
    if args.json:
        args.json.write_text(json.dumps({**result, "rss_samples_mib": samples}, indent=2))


if __name__ == "__main__":
    main()
