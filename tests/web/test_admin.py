"""Admin: users, rule files and reload, unmatched senders, merge and split."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlmodel import Session

from mailflow.services.accounts import find_user
from mailflow.services.threads import find_thread
from mailflow.store.models import Message
from tests.web.conftest import TestClient, csrf_of, login


def test_create_update_and_disable_users(admin: TestClient, app_engine: Engine) -> None:
    token = csrf_of(admin)
    data = {
        "username": "Lucie",
        "password": "assez longue",
        "role": "supervisor",
        "csrf_token": token,
    }
    assert admin.post("/admin/users", data=data).status_code == 303
    assert admin.post("/admin/users", data=data).status_code == 400  # exists already
    bad = {**data, "username": "x y", "csrf_token": token}
    response = admin.post("/admin/users", data=bad)
    assert response.status_code == 400 and "username" in response.text
    short = {**data, "username": "marc", "password": "short"}
    assert "at least 10 characters" in admin.post("/admin/users", data=short).text
    assert (
        admin.post("/admin/users/lucie", data={"role": "emperor", "csrf_token": token}).status_code
        == 400
    )
    assert (
        admin.post("/admin/users/lucie", data={"disabled": "1", "csrf_token": token}).status_code
        == 303
    )
    assert (
        admin.post("/admin/users/admin", data={"disabled": "1", "csrf_token": token}).status_code
        == 400
    )
    assert (
        admin.post("/admin/users/ghost", data={"role": "staff", "csrf_token": token}).status_code
        == 404
    )
    with Session(app_engine) as session:
        lucie = find_user(session, "lucie")
        assert lucie is not None and lucie.role == "supervisor" and lucie.disabled
        assert find_user(session, "marc") is None


def test_password_reset_ends_sessions(admin: TestClient, app, app_engine: Engine) -> None:  # type: ignore[no-untyped-def]
    other = TestClient(app, follow_redirects=False)
    login(other, "staff")
    token = csrf_of(admin)
    response = admin.post(
        "/admin/users/staff", data={"password": "a brand new one", "csrf_token": token}
    )
    assert response.status_code == 303
    assert other.get("/").status_code == 303
    assert login(other, "staff", "a brand new one").get("/").status_code == 200


def test_rules_page_and_reload(admin: TestClient, settings) -> None:  # type: ignore[no-untyped-def]
    settings.rules_dir.mkdir(exist_ok=True)
    (settings.rules_dir / "broken.toml").write_text("[[topic]\nname = ", encoding="utf-8")
    page = admin.get("/admin/rules").text
    assert "broken.toml" in page
    response = admin.post("/admin/rules/reload", data={"csrf_token": csrf_of(admin)})
    assert response.headers["location"].endswith("reload_failed")
    page = admin.get("/admin/rules").text
    assert "broken.toml" in page and 'role="alert"' in page
    status = admin.get("/api/rules").json()
    assert status["ok"] is False and status["files"][0]["loaded"] is False


def test_unmatched_senders_with_suggestions(admin: TestClient) -> None:
    page = admin.get("/admin/senders").text
    assert "marie@bdp13.fr" in page
    assert "domains = [&#34;bdp13.fr&#34;]" in page or "domains = [&quot;bdp13.fr&quot;]" in page
    senders = admin.get("/api/senders/unmatched").json()
    assert {s["addr"] for s in senders} >= {"marie@bdp13.fr", "paul@mediatheque.fr"}
    assert "[[partner]]" in senders[0]["suggestion"]


def test_merge_and_split(admin: TestClient, app_engine: Engine) -> None:
    token = csrf_of(admin)
    response = admin.post(
        "/admin/threads/merge",
        data={"target": "COOP-2026-00001", "sources": "COOP-2026-00002", "csrf_token": token},
    )
    assert response.status_code == 303
    with Session(app_engine) as session:
        merged = find_thread(session, "COOP-2026-00001")
        assert merged is not None and merged.message_count == 2
        moved = session.execute(
            select(Message.id).where(Message.subject == "Journée d'étude formation")
        ).scalar_one()
    assert admin.get("/admin/threads", params={"ref": "COOP-2026-00001"}).status_code == 200
    response = admin.post(
        "/admin/threads/split",
        data={"ref": "COOP-2026-00001", "messages": [str(moved)], "csrf_token": token},
    )
    assert response.status_code == 303
    new_ref = response.headers["location"].split("/threads/")[1].split("?")[0]
    with Session(app_engine) as session:
        assert find_thread(session, new_ref).message_count == 1  # type: ignore[union-attr]


def test_bad_merge_and_split_change_nothing(admin: TestClient, app_engine: Engine) -> None:
    token = csrf_of(admin)
    bad = admin.post(
        "/admin/threads/merge",
        data={"target": "COOP-2026-00001", "sources": "COOP-2026-00001", "csrf_token": token},
    )
    assert bad.status_code == 400 and "itself" in bad.text
    assert (
        admin.post(
            "/admin/threads/merge",
            data={"target": "COOP-2026-00001", "sources": "NOPE", "csrf_token": token},
        ).status_code
        == 400
    )
    only = admin.post(
        "/admin/threads/split",
        data={"ref": "COOP-2026-00002", "messages": ["2"], "csrf_token": token},
    )
    assert only.status_code == 400
    with Session(app_engine) as session:
        assert find_thread(session, "COOP-2026-00002").message_count == 1  # type: ignore[union-attr]
