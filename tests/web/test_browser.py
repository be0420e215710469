"""End to end in headless Chromium: sign in, triage, reclassify, reply, report; hostile mail."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from mailflow.runtime import RuleHolder
from mailflow.services.accounts import create_user
from mailflow.services.threads import find_thread
from mailflow.web.app import create_app
from tests.web.conftest import PASSWORD, SmtpSink, ingest, sample_mail, web_settings
from tests.web.live import launch, live_server

pytestmark = pytest.mark.browser


@pytest.fixture
def site(tmp_path: Path, sqlite_engine: Engine, smtp_sink: SmtpSink) -> Iterator[str]:
    with Session(sqlite_engine) as session:
        create_user(session, "sup", PASSWORD, role="supervisor", display_name="Sophie Superviseure")
        session.commit()
    ingest(sqlite_engine, *sample_mail())
    settings = web_settings(tmp_path)
    settings.relay.enabled, settings.relay.host, settings.relay.port = (
        True,
        "127.0.0.1",
        smtp_sink.port,
    )
    app = create_app(settings, engine=sqlite_engine, rules=RuleHolder(settings.rules_dir))
    with live_server(app) as base:
        yield base


@pytest.fixture
def page(site: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(
            base_url=site, accept_downloads=True, viewport={"width": 1366, "height": 800}
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        context.close()
        browser.close()


def _sign_in(page: Any) -> None:
    page.goto("/")
    assert "/login" in page.url
    page.get_by_label("Identifiant").fill("sup")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")


def test_triage_reply_and_report(
    page: Any, sqlite_engine: Engine, smtp_sink: SmtpSink, tmp_path: Path
) -> None:
    _sign_in(page)
    assert page.locator("table.threads tbody tr").count() == 3
    page.get_by_label("Rechercher dans les objets, les textes et les expéditeurs").fill(
        "convention"
    )
    page.get_by_label("Statut").select_option("new")
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url("**q=convention**")
    rows = page.locator("table.threads tbody tr")
    assert rows.count() == 1
    rows.get_by_role("link", name="COOP-2026-00001").click()
    page.wait_for_url("**/threads/COOP-2026-00001")

    page.locator("summary", has_text="Non identifié").click()
    page.get_by_role("button", name="Bibliothèque départementale").click()
    page.wait_for_url("**done=reclassified**")
    assert page.get_by_role("status").inner_text() == "Classement enregistré."
    with Session(sqlite_engine) as session:
        thread = find_thread(session, "COOP-2026-00001")
        assert thread is not None and thread.partner_type_override == "bdp"

    page.get_by_label("Modèle").select_option("fr/partnership")
    page.get_by_role("button", name="Rédiger un brouillon").click()
    page.wait_for_url("**done=regenerated**")
    page.get_by_label("Message", exact=True).fill(
        "Bonjour,\n\nVotre convention nous intéresse.\n\nCordialement"
    )
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**done=saved**")
    page.get_by_role("button", name="Valider et envoyer").click()
    page.wait_for_url("**done=approved**")
    deadline = time.monotonic() + 10
    while not smtp_sink.messages and time.monotonic() < deadline:
        time.sleep(0.1)
    assert smtp_sink.messages and smtp_sink.messages[0][1] == ["marie@bdp13.fr"]
    # The relay's 250 comes before the outbox records "sent" (a background task): wait for it.
    page.reload()
    while page.locator(".draft-state-sent").count() == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
        page.reload()
    assert page.locator(".draft-state-sent").count() == 1

    page.get_by_role("link", name="Rapports").click()
    page.wait_for_url("**/reports")
    page.get_by_label("Du").fill("2026-01-01")
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url("**start=2026-01-01**")
    # Volumes by partner type and topic, medians by partner type and topic, backlog by age.
    assert page.locator("svg.chart").count() == 5
    page.locator("#response_log summary").click()
    with page.expect_download() as download_info:
        page.locator("#response_log").get_by_role("link", name="Télécharger en CSV").click()
    target = tmp_path / "log.csv"
    download_info.value.save_as(target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    text = raw.decode("utf-8-sig")
    assert text.split("\r\n", 1)[0].count(";") >= 3 and "COOP-2026-00001" in text


def test_hostile_mail_runs_nothing_and_loads_nothing_remote(page: Any, site: str) -> None:
    _sign_in(page)
    dialogs: list[str] = []
    console: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/threads/COOP-2026-00003")
    frame_element = page.locator("iframe.mail")
    frame_element.wait_for()
    frame = frame_element.element_handle().content_frame()
    frame.wait_for_load_state("load")
    page.wait_for_timeout(1000)
    assert "hostile" in frame.inner_text("body")
    assert frame.locator("script, iframe, form, body style, link, object, embed").count() == 0
    frame.get_by_text("clic").click()  # was a javascript: link; now inert text
    page.wait_for_timeout(300)
    assert dialogs == []
    assert [c for c in console if "alert" in c or c.startswith("error")] == []
    hosts = {urlparse(url).hostname for url in requests if not url.startswith(("data:", "about:"))}
    assert hosts == {"127.0.0.1"}, requests
    assert any("/messages/" in url for url in requests)
