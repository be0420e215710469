"""``mailflow serve`` as a subprocess: /healthz, SMTP in, processing, signals, JSON logs."""

from __future__ import annotations

import json
import signal
import smtplib
import urllib.request
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import select

from mailflow.store.db import make_engine
from mailflow.store.models import RawMessage
from tests.intake.conftest import OUR, message, wait_until
from tests.intake.dovecot import free_port
from tests.intake.serving import ServeProcess, write_config

SECRET = "never-log-this-0123456789abcdefghijklmnop"


_wait = partial(wait_until, timeout=30)


@pytest.mark.slow
def test_serve_runs_web_smtp_and_pipeline_and_stops_gracefully(tmp_path: Path) -> None:
    smtp_port, web_port = free_port(), free_port()
    db = tmp_path / "mailflow.sqlite3"
    config = write_config(
        tmp_path / "mailflow.toml",
        {
            "database_url": f"sqlite:///{db}",
            "data_dir": str(tmp_path),
            "log_format": "json",
            "our_addresses": [OUR],
        },
        {
            "smtp": {"enabled": True, "port": smtp_port, "hostname": "mx.test"},
            "web": {"enabled": True, "port": web_port, "secret_key": SECRET},
            "serve": {"pipeline_interval_seconds": 1, "instance_name": "serve-test"},
        },
    )
    log = tmp_path / "serve.log"
    serve = ServeProcess(config, log).start(wait_port=smtp_port)
    try:
        assert _wait(lambda: _healthz(web_port) == 200)
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=30) as smtp:
            smtp.sendmail("alice@example.net", [OUR], message(1, tag="serve"))
        engine = make_engine(f"sqlite:///{db}")
        assert _wait(lambda: _states(engine) == ["processed"] or _states(engine) == ["quarantined"])
        engine.dispose()
        serve.signal(signal.SIGHUP)
        assert _wait(lambda: "SIGHUP: rules" in log.read_text())
    finally:
        code = serve.stop()
    assert code == 0
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    messages = [entry["msg"] for entry in lines]
    assert any("SIGTERM received" in m for m in messages)
    assert messages[-1] == "mailflow serve stopped"
    assert all({"ts", "level", "logger", "msg"} <= set(entry) for entry in lines)
    assert SECRET not in log.read_text()


def _healthz(port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return int(response.status)
    except OSError:
        return 0


def _states(engine) -> list[str]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return list(conn.execute(select(RawMessage.state)).scalars())
