"""Replies from the thread page: draft, template picker, preview, approve, delivery to the relay."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from mailflow.runtime import RuleHolder
from mailflow.store.models import Draft
from mailflow.web.app import create_app
from tests.web.conftest import SmtpSink, TestClient, csrf_of, login, web_settings

REF = "COOP-2026-00001"


@pytest.fixture
def reply_client(tmp_path: Path, app_engine: Engine, smtp_sink: SmtpSink):  # type: ignore[no-untyped-def]
    settings = web_settings(tmp_path)
    settings.relay.enabled, settings.relay.host, settings.relay.port = (
        True,
        "127.0.0.1",
        smtp_sink.port,
    )
    app = create_app(settings, engine=app_engine, rules=RuleHolder(settings.rules_dir))
    with TestClient(app, follow_redirects=False) as client:
        yield login(client, "supervisor")


def _draft(engine: Engine) -> Draft:
    with Session(engine) as session:
        return session.execute(select(Draft).order_by(Draft.id.desc())).scalars().first()  # type: ignore[union-attr]


def test_write_edit_preview_approve_and_send(
    reply_client: TestClient, app_engine: Engine, smtp_sink: SmtpSink
) -> None:
    client = reply_client
    token = csrf_of(client, f"/threads/{REF}")
    page = client.get(f"/threads/{REF}").text
    templates = re.findall(r'<option value="(fr/[a-z_]+)"', page)
    assert "fr/partnership" in templates
    response = client.post(
        f"/threads/{REF}/draft", data={"template": "fr/partnership", "csrf_token": token}
    )
    assert response.status_code == 303, response.text
    draft = _draft(app_engine)
    assert draft.template.startswith("fr/partnership") and draft.to_addrs == ["marie@bdp13.fr"]
    assert (
        client.post(
            f"/threads/{REF}/draft", data={"template": "../../etc/passwd", "csrf_token": token}
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"/drafts/{draft.id}", data={"subject": " ", "body_text": "x", "csrf_token": token}
        ).status_code
        == 400
    )
    body = "Bonjour,\n\nMerci pour votre proposition de convention.\n\nCordialement"
    response = client.post(
        f"/drafts/{draft.id}",
        data={"subject": draft.subject, "body_text": body, "csrf_token": token},
    )
    assert response.status_code == 303
    preview = client.get(f"/drafts/{draft.id}/preview").text
    assert "Merci pour votre proposition" in preview and "/preview/html" in preview
    html = client.get(f"/drafts/{draft.id}/preview/html")
    assert (
        "Merci pour votre proposition" in html.text
        and "default-src 'none'" in html.headers["content-security-policy"]
    )
    response = client.post(f"/drafts/{draft.id}/approve", data={"csrf_token": token})
    assert response.status_code == 303
    assert len(smtp_sink.messages) == 1
    _sender, recipients, data = smtp_sink.messages[0]
    assert recipients == ["marie@bdp13.fr"] and b"Merci pour votre proposition" in data.replace(
        b"=\r\n", b""
    )
    assert _draft(app_engine).state == "sent"
    page = client.get(f"/threads/{REF}").text
    assert "draft-state-sent" in page
    again = client.post(f"/drafts/{draft.id}/approve", data={"csrf_token": token})
    assert again.status_code == 409
    assert len(smtp_sink.messages) == 1


def test_placeholder_blocks_approval(reply_client: TestClient, app_engine: Engine) -> None:
    token = csrf_of(reply_client)
    reply_client.post(f"/threads/{REF}/draft", data={"template": "", "csrf_token": token})
    draft = _draft(app_engine)
    reply_client.post(
        f"/drafts/{draft.id}",
        data={"subject": "Re", "body_text": "[[ à compléter ]]", "csrf_token": token},
    )
    response = reply_client.post(f"/drafts/{draft.id}/approve", data={"csrf_token": token})
    assert response.status_code == 400 and "complete" in response.text
    assert _draft(app_engine).state == "draft"


def test_unknown_draft(reply_client: TestClient) -> None:
    assert reply_client.get("/drafts/999/preview").status_code == 404
