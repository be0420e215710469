"""Nothing a signed-in user saw comes back from the browser cache (issue 16, finding 7).

Every answer but the static files says ``Cache-Control: no-store``; in Chromium, Back after
signing out asks the server again and shows the login page, not the thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlmodel import Session

from mailflow.runtime import RuleHolder
from mailflow.services.accounts import create_user
from mailflow.web.app import create_app
from mailflow.web.sessions import COOKIE_NAME
from tests.web.conftest import TestClient, ingest, sample_mail, web_settings
from tests.web.live import launch, live_server
from tests.web.routes_table import REF
from tests.web.test_bounds import session_cookie, signed_in

PAGES = [
    "/",
    f"/threads/{REF}",
    "/threads/COOP-2026-00002/messages/2/body",
    "/attachments/1",
    "/reports",
    "/reports/backlog.csv",
    "/audit",
    "/audit.csv",
    "/admin/users",
    "/admin/senders.csv",
    "/api/threads",
    f"/api/threads/{REF}",
    f"/api/threads/{REF}/drafts",
    "/api/events",
    "/api/reports/summary",
    "/api/users",
    "/threads/COOP-2026-99999",  # an error page
    "/api/threads/COOP-2026-99999",  # an error answer
    "/admin",  # a redirect
]


@pytest.fixture
def admin_client(app: FastAPI, app_engine: Engine) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        yield signed_in(client, app, app_engine, "admin")


def test_every_signed_in_answer_says_no_store(admin_client: TestClient) -> None:
    seen = {}
    for path in PAGES:
        response = admin_client.get(path)
        assert response.status_code < 500, (path, response.text)
        seen[path] = (response.status_code, response.headers.get("cache-control"))
    assert all("no-store" in (header or "") for _status, header in seen.values()), seen
    assert {status for status, _ in seen.values()} >= {200, 303, 404}


def test_unauthenticated_answers_and_the_login_page_say_no_store(client: TestClient) -> None:
    for path in ("/login", "/", f"/threads/{REF}", "/api/threads"):
        assert "no-store" in client.get(path).headers["cache-control"], path


def test_static_files_stay_cacheable(client: TestClient) -> None:
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert "cache-control" not in response.headers


# -- in Chromium ------------------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path, sqlite_engine: Engine) -> Iterator[tuple[str, str]]:
    """A live server with threads; yields its URL and a session cookie of user ``sup``."""
    with Session(sqlite_engine) as session:
        create_user(session, "sup", "correct horse battery", role="supervisor")
        session.commit()
    ingest(sqlite_engine, *sample_mail())
    settings = web_settings(tmp_path)
    app = create_app(settings, engine=sqlite_engine, rules=RuleHolder(settings.rules_dir))
    cookie = session_cookie(app, sqlite_engine, "sup")
    with live_server(app) as base:
        yield base, cookie


@pytest.mark.browser
def test_back_after_sign_out_shows_the_login_page_not_the_thread(
    site: tuple[str, str],
) -> None:
    from playwright.sync_api import sync_playwright

    base, cookie = site
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(base_url=base)
        context.add_cookies([{"name": COOKIE_NAME, "value": cookie, "url": base}])
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            _open_thread_sign_out_go_back(page)
        finally:
            context.close()
            browser.close()


def _open_thread_sign_out_go_back(page: Any) -> None:
    page.goto("/")
    page.get_by_role("link", name=REF).click()
    page.wait_for_url(f"**/threads/{REF}")
    assert "Demande de partenariat" in page.content()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url("**/login**")
    page.go_back()
    page.wait_for_load_state("load")
    assert "/login" in page.url
    assert page.get_by_label("Mot de passe").count() == 1
    assert "Demande de partenariat" not in page.content()
    assert "nous proposons une convention" not in page.content()
