"""``/metrics``: off without a token, bearer-protected, counters and queues from the database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from mailflow.metrics import collect, render
from mailflow.runtime import RuleHolder
from mailflow.store.models import Event
from mailflow.store.raw import Incoming, store_batch
from mailflow.web.app import create_app
from tests.mailbuilder import build_message
from tests.web.conftest import ARRIVAL, TestClient, ingest, web_settings

TOKEN = "scrape-token-0123456789abcdef"


def client(tmp_path: Path, engine: Engine, token: str = TOKEN) -> TestClient:
    settings = web_settings(tmp_path, metrics_token=token)
    rules = RuleHolder(tmp_path / "rules")
    return TestClient(create_app(settings, engine=engine, rules=rules))


def value(text: str, sample: str) -> float:
    match = re.search(rf"^{re.escape(sample)} (\S+)$", text, re.MULTILINE)
    assert match, f"{sample} not in\n{text}"
    return float(match.group(1))


def test_metrics_is_404_without_a_configured_token(tmp_path: Path, engine: Engine) -> None:
    with client(tmp_path, engine, token="") as web:
        assert web.get("/metrics").status_code == 404
        assert web.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", TOKEN])
def test_metrics_needs_the_bearer_token(tmp_path: Path, engine: Engine, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    with client(tmp_path, engine) as web:
        response = web.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert TOKEN not in response.text


def test_metrics_counts_from_the_database(tmp_path: Path, engine: Engine) -> None:
    ingest(engine, build_message(message_id="<a@x.fr>"), build_message(message_id="<b@x.fr>"))
    store_batch(engine, [Incoming(build_message(message_id="<c@x.fr>"), "smtp", "t", ARRIVAL)])
    with Session(engine) as session:
        session.add(Event(at=ARRIVAL, actor="system", action="message.quarantined", data={}))
        session.add(Event(at=ARRIVAL, actor="system", action="draft.sent", data={}))
        session.commit()
    with client(tmp_path, engine) as web:
        response = web.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = response.text
    assert value(text, 'mailflow_received_total{source="file"}') == 2
    assert value(text, 'mailflow_received_total{source="smtp"}') == 1
    assert value(text, "mailflow_processed_total") == 2
    assert value(text, "mailflow_quarantined_total") == 1
    assert value(text, "mailflow_sent_total") == 1
    assert value(text, "mailflow_send_failed_total") == 0
    assert value(text, 'mailflow_raw_messages{state="received"}') == 1
    assert value(text, 'mailflow_outbox_drafts{state="approved"}') == 0
    assert value(text, 'mailflow_outbox_drafts{state="pending_approval"}') == 0
    assert "# TYPE mailflow_received_total counter" in text
    assert "# TYPE mailflow_raw_messages gauge" in text


def test_exposition_format_escapes_label_values(sqlite_engine: Engine) -> None:
    store_batch(sqlite_engine, [Incoming(b"x", 'we"ird\\src\n', "t", ARRIVAL)])
    text = render(collect(sqlite_engine))
    assert 'mailflow_received_total{source="we\\"ird\\\\src\\n"} 1' in text
    assert text.endswith("\n")
