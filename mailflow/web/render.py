"""Server-side pages: one Jinja2 environment (autoescaped) and the context every page gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from mailflow.clock import utc_now
from mailflow.htmlpages import html_environment
from mailflow.i18n import Formatter
from mailflow.labels import CHOICES, LABELS
from mailflow.web.deps import CurrentUser, get_state

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
LANG_COOKIE = "mailflow_lang"

_env = html_environment(TEMPLATES_DIR)


def request_language(request: Request, user: CurrentUser | None) -> str:
    if user is not None:
        return user.language
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in ("fr", "en"):
        return chosen
    return get_state(request).settings.web.default_language


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    user: CurrentUser | None,
    status_code: int = 200,
) -> HTMLResponse:
    state = get_state(request)
    lang = request_language(request, user)
    gettext = state.gettext(lang)

    def label(group: str, value: str | None) -> str:
        if value is None:
            return "—"
        text = LABELS.get(group, {}).get(value)
        return gettext(text) if text else value

    page = {
        "request": request,
        "user": user,
        "lang": lang,
        "_": gettext,
        "label": label,
        "fmt": Formatter(lang, state.tz),
        "choices": CHOICES,
        "csrf_token": user.csrf_token if user else None,
        "query": _query,
        "now": utc_now(),
        **context,
    }
    html = _env.get_template(name).render(page)
    return HTMLResponse(html, status_code=status_code)


def _query(base: dict[str, Any], **changes: Any) -> str:
    """A query string from ``base`` with ``changes``; empty values are left out."""
    merged = {**base, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})
