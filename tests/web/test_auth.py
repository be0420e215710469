"""Sign-in, sessions, cookies, rate limiting, logout, language, health."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from mailflow.runtime import RuleHolder
from mailflow.services.accounts import find_user, set_disabled
from mailflow.web.app import create_app
from tests.web.conftest import PASSWORD, TestClient, csrf_of, login, web_settings


def _login_token(client: TestClient) -> str:
    return client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]


def test_healthz_is_public(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_login_sets_a_safe_cookie_and_logout_ends_the_session(client: TestClient) -> None:
    token = _login_token(client)
    response = client.post(
        "/login",
        data={
            "username": "staff",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "/threads/COOP-2026-00001",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/threads/COOP-2026-00001"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    stolen = dict(client.cookies)
    assert client.get("/").status_code == 200
    assert client.post("/logout", data={"csrf_token": csrf_of(client)}).status_code == 303
    assert client.get("/").status_code == 303
    client.cookies.update(stolen)  # the old cookie no longer opens a session
    assert client.get("/").status_code == 303


def test_secure_cookie_behind_tls(tmp_path: Path, app_engine: Engine) -> None:
    settings = web_settings(tmp_path, behind_tls=True)
    app = create_app(settings, engine=app_engine, rules=RuleHolder(settings.rules_dir))
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        token = _login_token(client)
        response = client.post(
            "/login", data={"username": "staff", "password": PASSWORD, "csrf_token": token}
        )
        assert "secure" in response.headers["set-cookie"].lower()
        assert "strict-transport-security" in client.get("/").headers


def test_wrong_password_then_rate_limit(client: TestClient) -> None:
    token = _login_token(client)
    for _ in range(5):
        response = client.post(
            "/login", data={"username": "staff", "password": "wrong password", "csrf_token": token}
        )
        assert response.status_code == 401
        assert "Identifiant ou mot de passe incorrect" in response.text
    response = client.post(
        "/login", data={"username": "staff", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 429
    assert "mailflow_session" not in response.headers.get("set-cookie", "")


def test_open_redirect_is_refused(client: TestClient) -> None:
    token = _login_token(client)
    response = client.post(
        "/login",
        data={
            "username": "staff",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example/",
        },
    )
    assert response.headers["location"] == "/"


def test_disabled_user_is_signed_out_and_cannot_sign_in(
    client: TestClient, app_engine: Engine
) -> None:
    login(client, "staff")
    with Session(app_engine) as session:
        user = find_user(session, "staff")
        assert user is not None
        set_disabled(session, user, True, actor="test")
        session.commit()
    assert client.get("/").status_code == 303
    token = _login_token(client)
    response = client.post(
        "/login", data={"username": "staff", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 401


def test_french_by_default_and_per_user_english(client: TestClient) -> None:
    assert "Se connecter" in client.get("/login").text
    login(client, "english")
    assert ">Inbox" in client.get("/").text
    client.post("/language", data={"language": "fr", "csrf_token": csrf_of(client), "next": "/"})
    assert "Boîte de réception" in client.get("/").text


def test_language_switch_needs_csrf_when_signed_in(staff: TestClient) -> None:
    assert staff.post("/language", data={"language": "en"}).status_code == 403
    assert (
        staff.post("/language", data={"language": "xx", "csrf_token": csrf_of(staff)}).status_code
        == 400
    )


def test_security_headers(staff: TestClient) -> None:
    headers = staff.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
