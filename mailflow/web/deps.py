"""Request dependencies: the database session, the signed-in user, role and CSRF checks.

Authentication: the session cookie (browsers) or HTTP Basic (scripts using the API).
CSRF: every state-changing request authenticated by the cookie must carry the session's
token, in the ``csrf_token`` form field or the ``X-CSRF-Token`` header. Basic-authenticated
writes need no token (a browser never sends our Basic credentials on its own: the app never
asks for them with a browser challenge) but must send JSON, which a cross-site form cannot.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from mailflow.errors import Forbidden, NotAuthenticated, TooManyAttempts
from mailflow.services.accounts import ROLE_RANK, User, authenticate
from mailflow.services.db import Session
from mailflow.services.sessions import load_session
from mailflow.states import Role
from mailflow.web.sessions import COOKIE_NAME
from mailflow.web.state import WebState

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class CurrentUser:
    id: int
    username: str
    display_name: str
    role: str
    language: str
    csrf_token: str | None
    via: str
    """``cookie`` or ``basic``."""

    @classmethod
    def of(cls, user: User, *, csrf_token: str | None, via: str) -> CurrentUser:
        return cls(
            user.id or 0,
            user.username,
            user.display_name or user.username,
            user.role,
            user.language,
            csrf_token,
            via,
        )

    def has(self, role: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


def get_state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


def get_db(request: Request) -> Iterator[Session]:
    """A session per request; handlers commit what they change, anything else is rolled back."""
    with Session(get_state(request).engine, expire_on_commit=False) as session:
        try:
            yield session
        finally:
            session.rollback()


Db = Annotated[Session, Depends(get_db)]


def optional_user(request: Request, db: Db) -> CurrentUser | None:
    """The signed-in user, or None. Cached per request by FastAPI; kept for error pages."""
    user = _identify(request, db)
    request.state.user = user
    return user


def _identify(request: Request, db: Session) -> CurrentUser | None:
    state = get_state(request)
    cookie = request.cookies.get(COOKIE_NAME)
    if cookie:
        token = state.signer.loads(cookie)
        info = load_session(db, token) if token else None
        if info is not None:
            return CurrentUser.of(info.user, csrf_token=info.csrf_token, via="cookie")
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("basic ") and request.url.path.startswith("/api/"):
        return _basic_user(request, db, auth[6:])
    return None


def _basic_user(request: Request, db: Session, encoded: str) -> CurrentUser:
    state = get_state(request)
    try:
        username, _, password = (
            base64.b64decode(encoded, validate=True).decode("utf-8").partition(":")
        )
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise NotAuthenticated from exc
    keys = (f"ip:{client_address(request)}", f"user:{username.lower()}")
    if state.limiter.blocked(*keys):
        raise TooManyAttempts("too many failed logins; try again later")
    user = authenticate(db, username, password)
    if user is None:
        state.limiter.failed(*keys)
        raise NotAuthenticated
    state.limiter.succeeded(keys[1])
    return CurrentUser.of(user, csrf_token=None, via="basic")


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def current_user(user: Annotated[CurrentUser | None, Depends(optional_user)]) -> CurrentUser:
    if user is None:
        raise NotAuthenticated
    return user


def require(role: Role) -> Callable[..., Awaitable[CurrentUser]]:
    """A dependency: the user must have ``role`` (or above); writes must pass the CSRF check."""

    async def dependency(
        request: Request, user: Annotated[CurrentUser, Depends(current_user)]
    ) -> CurrentUser:
        if not user.has(role):
            raise Forbidden(f"this needs the {role} role")
        if request.method not in SAFE_METHODS:
            await check_csrf(request, user)
        return user

    return dependency


async def check_csrf(request: Request, user: CurrentUser) -> None:
    if user.via == "basic":
        if not request.headers.get("content-type", "").startswith("application/json"):
            raise HTTPException(415, "API writes take a JSON body (Content-Type: application/json)")
        return
    sent = request.headers.get("x-csrf-token")
    if sent is None and _is_form(request):
        value = (await request.form()).get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not sent or not user.csrf_token or not hmac.compare_digest(sent, user.csrf_token):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


Staff = Annotated[CurrentUser, Depends(require(Role.STAFF))]
Supervisor = Annotated[CurrentUser, Depends(require(Role.SUPERVISOR))]
Admin = Annotated[CurrentUser, Depends(require(Role.ADMIN))]
