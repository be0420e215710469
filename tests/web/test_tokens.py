"""API bearer tokens (issue 16, finding 10): created and revoked in the profile and by
``mailflow user token``; stored hashed, shown once; HTTP Basic is refused."""

from __future__ import annotations

import json
import re

import httpx
from sqlalchemy import Engine, select
from sqlmodel import Session
from typer.testing import CliRunner

from mailflow.cli.main import app as cli
from mailflow.services.accounts import find_user, set_disabled
from mailflow.store.models import ApiToken
from tests.web.conftest import PASSWORD, TestClient, csrf_of

REF = "COOP-2026-00001"


def _create(client: TestClient, name: str = "backup script") -> str:
    page = client.post("/profile/tokens", data={"name": name, "csrf_token": csrf_of(client)})
    assert page.status_code == 200, page.text
    match = re.search(r'<code id="new-token">(mf_[^<]+)</code>', page.text)
    assert match, page.text
    return match.group(1)


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_token_created_in_the_profile_reads_and_writes_then_is_revoked(
    staff: TestClient, app_engine: Engine
) -> None:
    secret = _create(staff)
    profile = staff.get("/profile").text
    assert secret not in profile and secret[:10] in profile  # shown once, then only its start
    with Session(app_engine) as session:
        stored = session.execute(select(ApiToken)).scalars().one()
        assert secret not in stored.token_hash and len(stored.token_hash) == 64
    anonymous = TestClient(staff.app, follow_redirects=False)
    assert anonymous.get("/api/threads", headers=_bearer(secret)).status_code == 200
    answer = anonymous.post(
        f"/api/threads/{REF}/classification", json={"topic": "event"}, headers=_bearer(secret)
    )
    assert answer.status_code == 200, answer.text
    form = anonymous.post(f"/api/threads/{REF}/notes", data={"body": "x"}, headers=_bearer(secret))
    assert form.status_code == 415  # writes take JSON
    assert anonymous.get("/api/users", headers=_bearer(secret)).status_code == 403  # staff role
    assert anonymous.get("/", headers=_bearer(secret)).status_code == 303  # pages: cookie only
    token_id = re.search(r'action="/profile/tokens/(\d+)/revoke"', profile)
    assert token_id
    revoked = staff.post(
        f"/profile/tokens/{token_id.group(1)}/revoke", data={"csrf_token": csrf_of(staff)}
    )
    assert revoked.status_code == 303
    refused = anonymous.get("/api/threads", headers=_bearer(secret))
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith("Bearer")


def test_profile_writes_need_csrf_and_tokens_are_per_user(
    staff: TestClient, app_engine: Engine
) -> None:
    assert staff.post("/profile/tokens", data={"name": "x"}).status_code == 403
    _create(staff)
    with Session(app_engine) as session:
        theirs = session.execute(select(ApiToken)).scalars().one().id
    staff.cookies.clear()
    page = staff.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    staff.post(
        "/login", data={"username": "supervisor", "password": PASSWORD, "csrf_token": token[1]}
    )
    other = staff.post(f"/profile/tokens/{theirs}/revoke", data={"csrf_token": csrf_of(staff)})
    assert other.status_code == 404  # another user's token is not found


def test_basic_auth_is_refused(client: TestClient) -> None:
    answer = client.get("/api/threads", auth=httpx.BasicAuth("staff", PASSWORD))
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == 'Bearer realm="mailflow API"'
    assert client.get("/api/threads", headers=_bearer("mf_guess")).status_code == 401


def test_a_disabled_users_tokens_stop(staff: TestClient, app_engine: Engine) -> None:
    secret = _create(staff)
    with Session(app_engine) as session:
        user = find_user(session, "staff")
        assert user is not None
        set_disabled(session, user, True, actor="test")
        session.commit()
    assert staff.get("/api/threads", headers=_bearer(secret)).status_code == 401


def test_user_token_commands(client: TestClient, app_engine: Engine) -> None:
    runner = CliRunner()
    env = {"MAILFLOW_DATABASE_URL": app_engine.url.render_as_string(hide_password=False)}
    made = runner.invoke(
        cli, ["user", "token", "create", "admin", "--name", "ci", "--json"], env=env
    )
    assert made.exit_code == 0, made.output
    created = json.loads(made.output)
    assert client.get("/api/users", headers=_bearer(created["token"])).status_code == 200
    listed = json.loads(
        runner.invoke(cli, ["user", "token", "list", "admin", "--json"], env=env).output
    )
    assert [t["name"] for t in listed] == ["ci"] and created["token"] not in json.dumps(listed)
    assert (
        runner.invoke(
            cli, ["user", "token", "revoke", "staff", str(created["id"])], env=env
        ).exit_code
        == 1
    )
    gone = runner.invoke(cli, ["user", "token", "revoke", "admin", str(created["id"])], env=env)
    assert gone.exit_code == 0, gone.output
    assert client.get("/api/users", headers=_bearer(created["token"])).status_code == 401
    assert (
        runner.invoke(cli, ["user", "token", "create", "admin", "--name", ""], env=env).exit_code
        == 2
    )
