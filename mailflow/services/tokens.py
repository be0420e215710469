"""API tokens: how scripts authenticate to ``/api`` (``Authorization: Bearer <token>``).

A token belongs to one user and acts with that user's role. It is 256 random bits, shown
once when created; the table keeps its SHA-256 (a fast hash is enough for a random secret
of that size, and checking it costs no argon2). Users create and revoke their own tokens in
their profile page; ``mailflow user token`` does it for anyone. Disabling a user stops
their tokens; every creation and revocation is written to the audit log.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from mailflow.clock import aware, utc_now
from mailflow.errors import InvalidInput, NotFound
from mailflow.store.events import record_event
from mailflow.store.models import ApiToken, User

PREFIX = "mf_"
MAX_PER_USER = 20
_TOUCH_EVERY = timedelta(minutes=5)  # last_used_at: avoid one write per request


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A token as lists show it (never the secret)."""

    id: int
    username: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True, slots=True)
class NewToken:
    info: TokenInfo
    secret: str
    """The token itself: shown once, never stored."""


def create_token(session: Session, user: User, *, name: str, actor: str) -> NewToken:
    """A new token for ``user``; the returned ``secret`` is the only copy."""
    name = name.strip()
    if not 1 <= len(name) <= 64:
        raise InvalidInput("token name: 1 to 64 characters")
    if len(_rows(session, user.id or 0)) >= MAX_PER_USER:
        raise InvalidInput(f"at most {MAX_PER_USER} tokens per user: revoke one first")
    secret = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id or 0,
        name=name,
        token_hash=_digest(secret),
        prefix=secret[:10],
        created_at=utc_now(),
    )
    session.add(row)
    session.flush()
    record_event(
        session,
        "token.created",
        actor=actor,
        data={"username": user.username, "token": row.prefix, "name": name},
    )
    return NewToken(_info(row, user.username), secret)


def list_tokens(session: Session, user: User) -> list[TokenInfo]:
    return [_info(row, user.username) for row in _rows(session, user.id or 0)]


def revoke_token(session: Session, user: User, token_id: int, *, actor: str) -> None:
    """Delete one of ``user``'s tokens; another user's token is not found."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotFound(f"no token {token_id} for {user.username}")
    session.delete(row)
    record_event(
        session,
        "token.revoked",
        actor=actor,
        data={"username": user.username, "token": row.prefix, "name": row.name},
    )


def user_of_token(session: Session, secret: str) -> User | None:
    """The enabled user a token belongs to, or None; notes when it was last used."""
    if not secret.startswith(PREFIX) or len(secret) > 128:
        return None
    row = (
        session.execute(select(ApiToken).where(col(ApiToken.token_hash) == _digest(secret)))
        .scalars()
        .first()
    )
    if row is None:
        return None
    user = session.get(User, row.user_id)
    if user is None or user.disabled:
        return None
    now = utc_now()
    if row.last_used_at is None or now - aware(row.last_used_at) > _TOUCH_EVERY:
        row.last_used_at = now
        session.add(row)
        session.commit()
    return user


def _rows(session: Session, user_id: int) -> list[ApiToken]:
    query = select(ApiToken).where(col(ApiToken.user_id) == user_id).order_by(col(ApiToken.id))
    return list(session.execute(query).scalars())


def _info(row: ApiToken, username: str) -> TokenInfo:
    used = aware(row.last_used_at) if row.last_used_at else None
    return TokenInfo(row.id or 0, username, row.name, row.prefix, aware(row.created_at), used)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
