"""Sign in, sign out, and the language switch."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from mailflow.errors import InvalidInput
from mailflow.services.accounts import LANGUAGES, authenticate, set_language
from mailflow.services.sessions import end_session, start_session
from mailflow.states import Role
from mailflow.web.deps import CurrentUser, Db, client_address, get_state, optional_user, require
from mailflow.web.render import LANG_COOKIE, render
from mailflow.web.sessions import COOKIE_NAME

router = APIRouter()
LOGIN_CSRF_COOKIE = "mailflow_login_csrf"
Anyone = Annotated[CurrentUser | None, Depends(optional_user)]
SignedIn = Annotated[CurrentUser, Depends(require(Role.STAFF))]


@router.get("/login")
def login_form(request: Request, user: Anyone, next: str = "/") -> Response:
    if user is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _login_page(request, next, error=None)


@router.post("/login")
def login(
    request: Request,
    db: Db,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(csrf_token, expected):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
    state = get_state(request)
    name = username.strip().lower()
    keys = (f"ip:{client_address(request)}", f"user:{name}")
    if state.limiter.blocked(*keys):
        return _login_page(
            request, next, error="Too many failed attempts. Wait a few minutes.", status_code=429
        )
    account = authenticate(db, name, password)
    if account is None:
        state.limiter.failed(*keys)
        return _login_page(request, next, error="Wrong username or password.", status_code=401)
    state.limiter.succeeded(keys[1])
    token = start_session(db, account)
    db.commit()
    response = RedirectResponse(_safe_next(next), status_code=303)
    _set_cookie(request, response, COOKIE_NAME, state.signer.dumps(token), samesite="lax")
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, db: Db, user: SignedIn) -> Response:
    token = get_state(request).signer.loads(request.cookies.get(COOKIE_NAME, ""))
    if token:
        end_session(db, token)
        db.commit()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/")
    return response


@router.post("/language")
def switch_language(
    request: Request,
    db: Db,
    user: Anyone,
    language: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    if language not in LANGUAGES:
        raise InvalidInput("language must be fr or en")
    if user is not None:
        sent = request.headers.get("x-csrf-token") or csrf_token
        if user.csrf_token is None or not hmac.compare_digest(sent, user.csrf_token):
            raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
        set_language(db, user.username, language)
        db.commit()
    response = RedirectResponse(_safe_next(next), status_code=303)
    _set_cookie(request, response, LANG_COOKIE, language, samesite="lax", max_age=365 * 86400)
    return response


def _login_page(
    request: Request, next: str, *, error: str | None, status_code: int = 200
) -> Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        {"next": _safe_next(next), "error": error, "login_csrf": token},
        user=None,
        status_code=status_code,
    )
    _set_cookie(request, response, LOGIN_CSRF_COOKIE, token, samesite="strict", path="/login")
    return response


def _set_cookie(
    request: Request,
    response: Response,
    name: str,
    value: str,
    *,
    samesite: str,
    path: str = "/",
    max_age: int | None = None,
) -> None:
    secure = get_state(request).settings.web.behind_tls
    response.set_cookie(
        name,
        value,
        httponly=True,
        secure=secure,
        samesite=samesite,  # type: ignore[arg-type]
        path=path,
        max_age=max_age,
    )


def _safe_next(target: str) -> str:
    """Only local paths: never redirect to another site after login."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
