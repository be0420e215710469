"""Fixtures of the web tests: an app on a test database, users of each role, signed-in clients."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from mailflow.pipeline import PipelineContext, process_pending
from mailflow.runtime import RuleHolder
from mailflow.services.accounts import create_user
from mailflow.settings import Settings, load_settings
from mailflow.store.raw import Incoming, store_batch
from mailflow.web.app import create_app
from tests.mailbuilder import attachment, build_message

with warnings.catch_warnings():
    # Starlette asks for the httpx2 package; httpx works the same for these tests.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PASSWORD = "correct horse battery"
ROLES = ("staff", "supervisor", "admin")
ARRIVAL = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
HOSTILE_HTML = """<html><head><style>body{background:url(http://203.0.113.9/css.png)}</style>
<link rel="stylesheet" href="http://203.0.113.9/x.css"></head><body>
<p onclick="alert(1)">Bonjour <b>hostile</b></p>
<script>alert('script')</script>
<img src="http://203.0.113.9/pixel.gif" onerror="alert('onerror')">
<img src="x" onerror="alert('onerror2')">
<a href="javascript:alert('js')">clic</a>
<div style="background-image:url('http://203.0.113.9/bg.png')">bg</div>
<iframe src="http://203.0.113.9/frame"></iframe>
<form action="http://203.0.113.9/steal"><input name=a></form>
<svg><image href="http://203.0.113.9/svg.png"/></svg>
</body></html>"""


def web_settings(tmp_path: Path, **web: object) -> Settings:
    return load_settings(
        None,
        data_dir=tmp_path,
        rules_dir=tmp_path / "rules",
        our_addresses=["cooperation@example.org"],
        web={"secret_key": "k" * 40, **web},
    )


def ingest(engine: Engine, *messages: bytes) -> None:
    store_batch(engine, [Incoming(m, "file", f"test#{i}", ARRIVAL) for i, m in enumerate(messages)])
    process_pending(engine, PipelineContext(our_addresses=frozenset({"cooperation@example.org"})))


def sample_mail() -> list[bytes]:
    return [
        build_message(
            subject="Demande de partenariat",
            from_="Marie Curie <marie@bdp13.fr>",
            message_id="<p1@bdp13.fr>",
            text="Bonjour,\nnous proposons une convention.\n",
            attachments=[attachment(b"%PDF-1.7 test", "convention été.pdf", "application/pdf")],
        ),
        build_message(
            subject="Journée d'étude formation",
            from_="Paul <paul@mediatheque.fr>",
            message_id="<p2@mediatheque.fr>",
            text="Inscription à la formation numérique.\n",
            html="<p>Inscription à la <b>formation</b></p>",
        ),
        build_message(
            subject="Hostile",
            from_="Mallory <mallory@evil.example>",
            message_id="<p3@evil.example>",
            text="hostile text",
            html=HOSTILE_HTML,
        ),
    ]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return web_settings(tmp_path)


@pytest.fixture
def app_engine(engine: Engine) -> Engine:
    """The parametrised engine (SQLite and PostgreSQL) with users and a few threads."""
    with Session(engine) as session:
        for role in ROLES:
            create_user(session, role, PASSWORD, role=role, display_name=role.title())
        create_user(session, "english", PASSWORD, role="staff", language="en")
        session.commit()
    ingest(engine, *sample_mail())
    return engine


@pytest.fixture
def app(settings: Settings, app_engine: Engine):  # type: ignore[no-untyped-def]
    return create_app(settings, engine=app_engine, rules=RuleHolder(settings.rules_dir))


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as test_client:
        yield test_client


def login(client: TestClient, username: str, password: str = PASSWORD) -> TestClient:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, page.text
    response = client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "csrf_token": token.group(1),
            "next": "/",
        },
    )
    assert response.status_code == 303, response.text
    return client


def csrf_of(client: TestClient, path: str = "/") -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert match
    return match.group(1)


@pytest.fixture
def staff(client: TestClient) -> TestClient:
    return login(client, "staff")


@pytest.fixture
def supervisor(client: TestClient) -> TestClient:
    return login(client, "supervisor")


@pytest.fixture
def admin(client: TestClient) -> TestClient:
    return login(client, "admin")


class SmtpSink:
    """An aiosmtpd server on a free loopback port that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.port = free_port()

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))  # type: ignore[attr-defined]
        return "250 OK kept"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    from aiosmtpd.controller import Controller

    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()
