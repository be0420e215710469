"""``/healthz`` stays fast while SMTP sessions loop wrong AUTH (issue 16, finding 4).

Against a real ``mailflow serve`` (web app and SMTP endpoint in one event loop), with the
users file hashed at argon2's default cost. Before the fix each verification ran on the
loop, and 4 sessions looping wrong ``AUTH PLAIN`` took ``/healthz`` from 1.3 ms to 2.9 s.

How it is measured, so that it holds on a busy machine: the p95 of 100 ``/healthz``
requests (one keep-alive connection, 40 ms apart) first without load, then while 4
sessions loop wrong AUTH with the per-session and per-address limits raised (so argon2
keeps both threads busy). The loaded p95 must be under 50 ms; if the machine is so busy that even the
unloaded p95 is above 25 ms, the test is skipped rather than guessing. The metric
``mailflow_smtp_refused_total{reason="auth_failed"}`` shows that the load was real.
``pytest -s`` prints the figures.
"""

from __future__ import annotations

import http.client
import re
import smtplib
import ssl
import statistics
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from tests.intake.conftest import OUR
from tests.intake.dovecot import free_port
from tests.intake.serving import ServeProcess, write_config
from tests.intake.test_smtp_auth import auth_plain, self_signed

TOKEN = "metrics-token-0123456789abcdef"
SESSIONS = 4
REQUESTS = 100
PAUSE = 0.04  # 100 requests over about 4 s: many verifications long


def healthz_p95(port: int, requests: int = REQUESTS, pause: float = PAUSE) -> float:
    """p95 of ``requests`` GET /healthz ``pause`` s apart, in milliseconds."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    took = []
    try:
        for _ in range(requests):
            start = time.perf_counter()
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            response.read()
            took.append((time.perf_counter() - start) * 1000)
            assert response.status == 200
            time.sleep(pause)
    finally:
        conn.close()
    return statistics.quantiles(took, n=20)[-1]


def refused_auth(port: int) -> float:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
    match = re.search(r'^mailflow_smtp_refused_total\{reason="auth_failed"\} (\S+)$', text, re.M)
    assert match, text
    return float(match.group(1))


def wrong_auth_loop(port: int, stop: threading.Event, answers: list[int]) -> None:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    while not stop.is_set():
        with smtplib.SMTP("127.0.0.1", port, local_hostname="load.test", timeout=30) as smtp:
            smtp.starttls(context=context)
            smtp.ehlo()
            while not stop.is_set():
                code = auth_plain(smtp, "sender", "wrong")[0]
                answers.append(code)
                if code != 535:
                    break


@pytest.mark.slow
def test_healthz_stays_under_50ms_while_sessions_loop_wrong_auth(tmp_path: Path) -> None:
    smtp_port, web_port = free_port(), free_port()
    cert, key = self_signed(tmp_path)
    users = tmp_path / "users"
    users.write_text(f"sender:{PasswordHasher().hash('s3cret-pw')}\n")  # the default cost
    config = write_config(
        tmp_path / "mailflow.toml",
        {"database_url": f"sqlite:///{tmp_path / 'm.sqlite3'}", "our_addresses": [OUR]},
        {
            "smtp": {
                "enabled": True,
                "port": smtp_port,
                "tls_cert": str(cert),
                "tls_key": str(key),
                "auth_required": True,
                "auth_users_file": str(users),
                "auth_attempts_per_session": 1_000_000,
                "auth_failures_per_client": 1_000_000,
            },
            "web": {"enabled": True, "port": web_port, "metrics_token": TOKEN},
            "serve": {"pipeline": False},
        },
    )
    serve = ServeProcess(config, tmp_path / "serve.log").start(wait_port=smtp_port)
    stop = threading.Event()
    answers: list[int] = []
    loops = [
        threading.Thread(target=wrong_auth_loop, args=(smtp_port, stop, answers), daemon=True)
        for _ in range(SESSIONS)
    ]
    try:
        deadline = time.monotonic() + 30
        while not _healthz_ok(web_port) and time.monotonic() < deadline:
            time.sleep(0.1)
        healthz_p95(web_port, 20, 0)  # warm up
        idle = healthz_p95(web_port)
        if idle > 25:
            pytest.skip(f"machine too busy to measure: /healthz p95 {idle:.1f} ms without load")
        for loop in loops:
            loop.start()
        time.sleep(1)  # let the sessions reach their AUTH loop
        refused_before = refused_auth(web_port)
        loaded = healthz_p95(web_port)
        refused = refused_auth(web_port) - refused_before
    finally:
        stop.set()
        for loop in loops:
            loop.join(30)
        serve.stop()
    print(
        f"\n/healthz p95: {idle:.1f} ms idle, {loaded:.1f} ms under load; "
        f"{refused:.0f} wrong AUTH verified meanwhile, answers {sorted(set(answers))}"
    )
    assert refused >= SESSIONS  # argon2 really ran during the measurement
    assert set(answers) <= {535, 454}
    assert loaded < 50, f"/healthz p95 {loaded:.1f} ms under AUTH load ({idle:.1f} ms without)"


def _healthz_ok(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return bool(response.status == 200)
    except OSError:
        return False
