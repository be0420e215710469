"""The JSON API: a bearer token or the session, JSON writes, OpenAPI, validation."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from sqlalchemy import Engine
from sqlmodel import Session

from mailflow.services.accounts import require_user
from mailflow.services.threads import find_thread
from mailflow.services.tokens import create_token
from tests.web.conftest import TestClient, csrf_of

REF = "COOP-2026-00001"


def bearer(engine: Engine, username: str) -> Callable[[httpx.Request], httpx.Request]:
    """An httpx ``auth`` sending a new API token of ``username``."""
    with Session(engine) as session:
        user = require_user(session, username)
        secret = create_token(session, user, name="test", actor="test").secret
        session.commit()

    def sign(request: httpx.Request) -> httpx.Request:
        request.headers["Authorization"] = f"Bearer {secret}"
        return request

    return sign


def test_token_reads_and_writes_json(client: TestClient, app_engine: Engine) -> None:
    auth = bearer(app_engine, "staff")
    page = client.get("/api/threads", params={"limit": 2}, auth=auth).json()
    assert len(page["threads"]) == 2 and page["total"] == 3 and page["next_cursor"]
    rest = client.get("/api/threads", params={"after": page["next_cursor"]}, auth=auth).json()
    assert len(rest["threads"]) == 1
    detail = client.get(f"/api/threads/{REF}", auth=auth).json()
    assert detail["messages"][0]["attachments"][0]["url"] == "/attachments/1"
    response = client.post(
        f"/api/threads/{REF}/classification", json={"partner_type": "srl"}, auth=auth
    )
    assert response.status_code == 200 and response.json()["partner_type"] == "srl"
    form = client.post(f"/api/threads/{REF}/notes", data={"body": "x"}, auth=auth)
    assert form.status_code == 415  # a cross-site form cannot call the API
    assert (
        client.get("/api/threads", headers={"Authorization": "Bearer mf_wrong"}).status_code == 401
    )
    assert client.get("/api/users", auth=auth).status_code == 403


def test_session_cookie_writes_need_the_csrf_header(staff: TestClient) -> None:
    assert staff.post(f"/api/threads/{REF}/notes", json={"body": "hello"}).status_code == 403
    response = staff.post(
        f"/api/threads/{REF}/notes",
        json={"body": "hello"},
        headers={"X-CSRF-Token": csrf_of(staff)},
    )
    assert response.status_code == 201 and response.json()["author"] == "staff"


def test_validation_errors_change_nothing(client: TestClient, app_engine: Engine) -> None:
    auth = bearer(app_engine, "staff")
    response = client.post(
        f"/api/threads/{REF}/classification", json={"topic": "astrology"}, auth=auth
    )
    assert response.status_code == 422 and "topic" in str(response.json()["detail"])
    assert (
        client.post(f"/api/threads/{REF}/status", json={"action": "reopen"}, auth=auth).status_code
        == 409
    )
    assert (
        client.post(
            f"/api/threads/{REF}/assignee", json={"assignee": "nobody"}, auth=auth
        ).status_code
        == 400
    )
    assert client.post(f"/api/threads/{REF}/notes", json={"body": ""}, auth=auth).status_code == 422
    assert (
        client.post(
            f"/api/threads/{REF}/notes", json={"body": "x", "extra": 1}, auth=auth
        ).status_code
        == 422
    )
    assert client.get("/api/threads/NOPE-1", auth=auth).status_code == 404
    with Session(app_engine) as session:
        thread = find_thread(session, REF)
        assert thread is not None and (thread.topic, thread.status, thread.assignee) == (
            "information",
            "new",
            None,
        )


def test_openapi_needs_login_and_lists_the_api_only(client: TestClient, app_engine: Engine) -> None:
    assert client.get("/api/openapi.json").status_code == 401
    schema = client.get("/api/openapi.json", auth=bearer(app_engine, "staff")).json()
    assert "/api/threads" in schema["paths"]
    assert not any(not path.startswith("/api/") for path in schema["paths"])
    assert client.get("/docs").status_code in (303, 404)
