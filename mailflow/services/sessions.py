"""Server-side login sessions: the cookie carries a signed random token, the table its hash.

Keeping sessions in the database lets logout, password changes and disabling a user end
them at once, and lets several app processes share them. Signing the cookie is the web
app's business (:class:`mailflow.web.sessions.SessionSigner`).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete
from sqlmodel import Session, col

from mailflow.clock import aware, utc_now
from mailflow.store.models import User, WebSession

IDLE_TIMEOUT = timedelta(hours=12)
MAX_AGE = timedelta(days=7)
_TOUCH_EVERY = timedelta(minutes=5)  # avoid one write per request


@dataclass(frozen=True, slots=True)
class SessionInfo:
    user: User
    csrf_token: str


def start_session(session: Session, user: User) -> str:
    """Create a session row; returns the token to put (signed) in the cookie."""
    token = secrets.token_urlsafe(32)
    now = utc_now()
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
    now = utc_now()
    last_seen, created = aware(row.last_seen_at), aware(row.created_at)
    if now - last_seen > IDLE_TIMEOUT or now - created > MAX_AGE:
        session.delete(row)
        session.commit()
        return None
    user = session.get(User, row.user_id)
    if user is None or user.disabled:
        return None
    if now - last_seen > _TOUCH_EVERY:
        row.last_seen_at = now
        session.add(row)
        session.commit()
    return SessionInfo(user=user, csrf_token=row.csrf_token)


def end_session(session: Session, token: str) -> None:
    session.execute(delete(WebSession).where(col(WebSession.id) == _digest(token)))


def end_user_sessions(session: Session, user_id: int) -> None:
    """Every session of the user (password changed, account disabled)."""
    session.execute(delete(WebSession).where(col(WebSession.user_id) == user_id))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
