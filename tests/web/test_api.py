"""The JSON API: HTTP Basic or the session, JSON writes, OpenAPI, validation."""

from __future__ import annotations

import httpx
from sqlalchemy import Engine
from sqlmodel import Session

from mailflow.services.threads import find_thread
from tests.web.conftest import PASSWORD, TestClient, csrf_of

REF = "COOP-2026-00001"


def test_basic_auth_reads_and_writes_json(client: TestClient, app_engine: Engine) -> None:
    auth = httpx.BasicAuth("staff", PASSWORD)
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
        client.get("/api/threads", auth=httpx.BasicAuth("staff", "wrong password")).status_code
        == 401
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
    auth = httpx.BasicAuth("staff", PASSWORD)
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


def test_openapi_needs_login_and_lists_the_api_only(client: TestClient) -> None:
    assert client.get("/api/openapi.json").status_code == 401
    schema = client.get("/api/openapi.json", auth=httpx.BasicAuth("staff", PASSWORD)).json()
    assert "/api/threads" in schema["paths"]
    assert not any(not path.startswith("/api/") for path in schema["paths"])
    assert client.get("/docs").status_code in (303, 404)


def test_basic_auth_is_rate_limited(client: TestClient) -> None:
    bad = httpx.BasicAuth("admin", "nope nope nope")
    for _ in range(5):
        assert client.get("/api/threads", auth=bad).status_code == 401
    assert client.get("/api/threads", auth=httpx.BasicAuth("admin", PASSWORD)).status_code == 429
