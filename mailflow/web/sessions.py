"""Server-side login sessions: the cookie carries a signed random token, the table its hash.

Keeping sessions in the database lets logout, password changes and disabling a user end
them at once, and lets several app processes share them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select
from sqlmodel import Session, col

from mailflow.store.models import User, WebSession

COOKIE_NAME = "mailflow_session"
IDLE_TIMEOUT = timedelta(hours=12)
MAX_AGE = timedelta(days=7)
_TOUCH_EVERY = timedelta(minutes=5)  # avoid one write per request


@dataclass(frozen=True, slots=True)
class SessionInfo:
    user: User
    csrf_token: str


class SessionSigner:
    """Signs session tokens with the secret key (a cookie that fails the signature is ignored)."""

    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeSerializer(secret_key, salt="mailflow.session")

    def dumps(self, token: str) -> str:
        return str(self._serializer.dumps(token))

    def loads(self, cookie: str) -> str | None:
        try:
            value = self._serializer.loads(cookie)
        except BadSignature:
            return None
        return value if isinstance(value, str) else None


def start_session(session: Session, user: User) -> str:
    """Create a session row; returns the token to put (signed) in the cookie."""
    token = secrets.token_urlsafe(32)
    now = _now()
    session.add(
        WebSession(
            id=_digest(token),
            user_id=user.id or 0,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
        )
    )
    return token


def load_session(session: Session, token: str) -> SessionInfo | None:
    """The live session for ``token``, or None (unknown, expired, or user disabled)."""
    row = session.get(WebSession, _digest(token))
    if row is None:
        return None
    now = _now()
    if now - row.last_seen_at > IDLE_TIMEOUT or now - row.created_at > MAX_AGE:
        session.delete(row)
        session.commit()
        return None
    user = session.get(User, row.user_id)
    if user is None or user.disabled:
        return None
    if now - row.last_seen_at > _TOUCH_EVERY:
        row.last_seen_at = now
        session.add(row)
        session.commit()
    return SessionInfo(user=user, csrf_token=row.csrf_token)


def end_session(session: Session, token: str) -> None:
    session.execute(delete(WebSession).where(col(WebSession.id) == _digest(token)))


def purge_expired(session: Session) -> None:
    cutoff = _now() - IDLE_TIMEOUT
    session.execute(delete(WebSession).where(col(WebSession.last_seen_at) < cutoff))


def users_with_sessions(session: Session) -> set[int]:
    return set(session.execute(select(col(WebSession.user_id))).scalars())


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)
