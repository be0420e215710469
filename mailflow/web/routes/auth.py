"""Sign in, sign out, and the language switch.

A sign-in is admitted by the login limiter (:mod:`mailflow.web.ratelimit`) before its
password is checked, and the check runs in the bounded pool of the app
(:class:`~mailflow.services.accounts.PasswordChecker`); the form's CSRF token is bound to a
pre-session cookie and the client address (:mod:`mailflow.web.sessions`).
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from mailflow.errors import InvalidInput, TooManyAttempts
from mailflow.services.accounts import LANGUAGES, User, authenticate, set_language
from mailflow.services.sessions import end_session, start_session
from mailflow.states import Role
from mailflow.web.deps import CurrentUser, Db, client_address, get_state, optional_user, require
from mailflow.web.render import LANG_COOKIE, render
from mailflow.web.sessions import COOKIE_NAME, PRESESSION_COOKIE, new_presession
from mailflow.web.state import WebState

router = APIRouter()
TOO_MANY = "Too many failed attempts. Wait a few minutes."
BUSY = "The server is busy. Try again in a moment."
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
    state = get_state(request)
    presession = request.cookies.get(PRESESSION_COOKIE, "")
    if not state.signer.login_token_ok(csrf_token, presession, client_address(request)):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
    account, refusal = _check_password(state, db, client_address(request), username, password)
    if refusal:
        response = _login_page(request, next, error=refusal, status_code=429)
        response.headers["Retry-After"] = "60" if refusal == TOO_MANY else "1"
        return response
    if account is None:
        return _login_page(request, next, error="Wrong username or password.", status_code=401)
    token = start_session(db, account)
    db.commit()
    response = RedirectResponse(_safe_next(next), status_code=303)
    _set_cookie(request, response, COOKIE_NAME, state.signer.dumps(token), samesite="lax")
    response.delete_cookie(PRESESSION_COOKIE, path="/login")
    return response


def _check_password(
    state: WebState, db: Db, address: str, username: str, password: str
) -> tuple[User | None, str | None]:
    """(the account, None) or (None, None) for a wrong password, or (None, why it was refused).

    The attempt is counted before the password is checked, so parallel guesses get no more."""
    name = username.strip().lower()
    try:
        attempt = state.limiter.admit(address, name)
    except TooManyAttempts:
        return None, TOO_MANY
    try:
        account = authenticate(db, name, password, checker=state.checker)
    except TooManyAttempts:
        state.limiter.abandoned(attempt)
        return None, BUSY
    if account is not None:
        state.limiter.succeeded(attempt)
    return account, None


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
    presession = request.cookies.get(PRESESSION_COOKIE, "")
    if not 32 <= len(presession) <= 64:
        presession = new_presession()
    token = get_state(request).signer.login_token(presession, client_address(request))
    response = render(
        request,
        "login.html",
        {"next": _safe_next(next), "error": error, "login_csrf": token},
        user=None,
        status_code=status_code,
    )
    _set_cookie(request, response, PRESESSION_COOKIE, presession, samesite="strict", path="/login")
    return response


def _set_cookie(request: Request, response: Response, name: str, value: str, **where: Any) -> None:
    """An HTTP-only cookie, Secure behind TLS; ``where``: ``samesite``, ``path``, ``max_age``."""
    secure = get_state(request).settings.web.behind_tls
    response.set_cookie(name, value, httponly=True, secure=secure, **where)


def _safe_next(target: str) -> str:
    """Only local paths: never redirect to another site after login."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
