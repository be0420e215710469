"""Request dependencies: the database session, the signed-in user, role and CSRF checks.

Authentication: the session cookie (browsers) or, under ``/api`` only, a bearer token
(``Authorization: Bearer mf_...``, see :mod:`mailflow.services.tokens`). HTTP Basic is not
accepted: browsers cache Basic credentials and send them on cross-site requests by
themselves, which they never do with a bearer token.
CSRF: every state-changing request authenticated by the cookie must carry the session's
token, in the ``csrf_token`` form field or the ``X-CSRF-Token`` header. Token-authenticated
writes need none (no browser adds the header on its own) but must send JSON all the same.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from mailflow.errors import Forbidden, NotAuthenticated
from mailflow.services.accounts import ROLE_RANK, User
from mailflow.services.db import Session
from mailflow.services.sessions import load_session
from mailflow.services.tokens import user_of_token
from mailflow.states import Role
from mailflow.web.sessions import COOKIE_NAME
from mailflow.web.state import WebState

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BEARER_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="mailflow API"'}


@dataclass(frozen=True, slots=True)
class CurrentUser:
    id: int
    username: str
    display_name: str
    role: str
    language: str
    csrf_token: str | None
    via: str
    """``cookie`` or ``token``."""

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
    scheme, _, secret = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and request.url.path.startswith("/api/"):
        user = user_of_token(db, secret.strip())
        return CurrentUser.of(user, csrf_token=None, via="token") if user else None
    return None


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def current_user(
    request: Request, user: Annotated[CurrentUser | None, Depends(optional_user)]
) -> CurrentUser:
    if user is None and request.url.path.startswith("/api/"):
        # A bearer challenge: a Basic one would make browsers prompt for (and cache) a password.
        raise HTTPException(401, "authentication required", headers=BEARER_CHALLENGE)
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
    if user.via == "token":
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
