"""The web app factory: ``create_app(settings)`` builds everything from the settings it is given."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mailflow.clock import utc_now
from mailflow.i18n import load_translations
from mailflow.metrics import metrics_endpoint
from mailflow.runtime import RuleHolder, load_rules, open_engine
from mailflow.services.db import Engine
from mailflow.settings import Settings
from mailflow.web.handlers import install_handlers
from mailflow.web.ratelimit import LoginLimiter
from mailflow.web.routes import (
    admin,
    api,
    api_admin,
    api_replies,
    auth,
    health,
    inbox,
    profile,
    reply,
    report_files,
    reports,
    thread,
)
from mailflow.web.security import SecurityHeaders
from mailflow.web.sessions import SessionSigner
from mailflow.web.state import WebState

log = logging.getLogger("mailflow.web")
STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(
    settings: Settings, *, engine: Engine | None = None, rules: RuleHolder | None = None
) -> FastAPI:
    """The FastAPI app; ``engine`` and ``rules`` default to the ones ``settings`` describe."""
    state = _build_state(settings, engine, rules)
    app = FastAPI(
        title="mailflow API",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        description=api.DESCRIPTION,
    )
    app.state.web = state
    install_handlers(app)
    for module in (health, auth, profile, inbox, thread, reply, report_files, reports, admin):
        app.include_router(module.router, include_in_schema=False)
    for api_module in (api, api_replies, api_admin):
        app.include_router(api_module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_route("/metrics", metrics_endpoint(settings.web.metrics_token, state.engine))
    app.add_middleware(SecurityHeaders, hsts=settings.web.behind_tls)
    app.add_middleware(NoStore)
    return app


def _build_state(settings: Settings, engine: Engine | None, rules: RuleHolder | None) -> WebState:
    secret = settings.web.secret_key
    if not secret:
        # Loopback only (settings refuse otherwise): sessions last as long as this process.
        log.warning("web.secret_key is not set: sessions end when the app restarts")
        secret = secrets.token_urlsafe(32)
    holder = rules if rules is not None else load_rules(settings, strict=False)
    state = WebState(
        settings=settings,
        engine=engine or open_engine(settings),
        rules=holder,
        translations=load_translations(),
        signer=SessionSigner(secret),
        limiter=LoginLimiter.from_settings(settings.web),
        tz=ZoneInfo(settings.web.timezone),
    )
    if rules is None:
        state.rules_loaded_at = utc_now()
    return state


class NoStore:
    """``Cache-Control: no-store`` on every answer but the static files: pages, API answers,
    downloads and redirects show mail and names, and Back after signing out must ask the
    server again (which answers with the login page) instead of showing them from the
    browser's cache. An answer that already says ``no-store`` keeps its own header.
    Pure ASGI, like :class:`~mailflow.web.security.SecurityHeaders`: streaming untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return

        async def send_no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() != b"cache-control" or b"no-store" in v.lower()
                ]
                if not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_no_store)
