"""Save screenshots of the main pages of the web app to docs/screenshots/.

    .venv/bin/python scripts/screenshots.py

Builds a throw-away SQLite database with a few messages, serves the app on a loopback port,
and drives Debian's chromium through Playwright (no browser download).
"""

from __future__ import annotations

import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import Session  # noqa: E402

from mailflow.runtime import RuleHolder  # noqa: E402
from mailflow.services.accounts import create_user  # noqa: E402
from mailflow.store import migrate  # noqa: E402
from mailflow.store.db import make_engine  # noqa: E402
from mailflow.web.app import create_app  # noqa: E402
from tests.mailbuilder import build_message  # noqa: E402
from tests.web.conftest import PASSWORD, ingest, sample_mail, web_settings  # noqa: E402
from tests.web.live import launch, live_server  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PAGES = [
    ("inbox", "/"),
    ("thread", "/threads/COOP-2026-00001"),
    ("thread-html", "/threads/COOP-2026-00002"),
    ("hostile-mail", "/threads/COOP-2026-00003"),
    ("reports", "/reports?start=2026-01-01&end=2026-12-31&step=month"),
    ("audit", "/audit"),
    ("admin-users", "/admin/users"),
    ("admin-rules", "/admin/rules"),
    ("admin-senders", "/admin/senders"),
]


def demo_mail() -> list[bytes]:
    extra = [
        build_message(
            subject=f"Question réseau {n}",
            from_=f"Agent {n} <agent{n}@bm-lyon.fr>",
            message_id=f"<q{n}@bm-lyon.fr>",
            date=f"Mon, {n + 2:02d} Mar 2026 10:00:00 +0100",
            text="Bonjour,\nComment rejoindre le réseau de questions-réponses ?\n",
        )
        for n in range(1, 9)
    ]
    return [*sample_mail(), *extra]


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        engine = make_engine(f"sqlite:///{work / 'demo.sqlite3'}")
        migrate.upgrade(engine)
        with Session(engine) as session:
            create_user(session, "admin", PASSWORD, role="admin", display_name="Camille Admin")
            create_user(session, "lea", PASSWORD, role="staff", display_name="Léa Martin")
            session.commit()
        ingest(engine, *demo_mail())
        settings = web_settings(work)
        app = create_app(settings, engine=engine, rules=RuleHolder(settings.rules_dir))
        with live_server(app) as base, sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page(base_url=base, viewport={"width": 1366, "height": 860})
            page.goto("/login")
            page.screenshot(path=str(OUT / "login.png"))
            page.get_by_label("Identifiant").fill("admin")
            page.get_by_label("Mot de passe").fill(PASSWORD)
            page.get_by_role("button", name="Se connecter").click()
            page.wait_for_url("**/")
            for name, path in PAGES:
                page.goto(path)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
                print(f"saved docs/screenshots/{name}.png")
            browser.close()
        engine.dispose()


if __name__ == "__main__":
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        main()
