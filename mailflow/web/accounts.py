"""Local user accounts: create, change password, change role, disable. Shared by CLI and admin."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlmodel import Session, col

from mailflow.errors import AccountError
from mailflow.store.models import Event, User, WebSession
from mailflow.web.passwords import hash_password, password_problem

ROLES = ("staff", "supervisor", "admin")
LANGUAGES = ("fr", "en")
ROLE_RANK = {"staff": 1, "supervisor": 2, "admin": 3}
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def find_user(session: Session, username: str) -> User | None:
    return session.execute(select(User).where(col(User.username) == username)).scalars().first()


def list_users(session: Session) -> list[User]:
    return list(session.execute(select(User).order_by(col(User.username))).scalars())


def create_user(
    session: Session,
    username: str,
    password: str,
    *,
    role: str = "staff",
    display_name: str = "",
    email: str = "",
    language: str = "fr",
    actor: str = "cli",
) -> User:
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise AccountError("username: 2-64 characters, lower-case letters, digits, '.', '_' or '-'")
    _check_choice(role, ROLES, "role")
    _check_choice(language, LANGUAGES, "language")
    _check_password(password)
    if find_user(session, username) is not None:
        raise AccountError(f"user {username!r} already exists")
    user = User(
        username=username,
        display_name=display_name.strip()[:255],
        email=email.strip()[:320],
        role=role,
        language=language,
        password_hash=hash_password(password),
        created_at=_now(),
    )
    session.add(user)
    _audit(session, actor, "user.created", username=username, role=role)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str, *, actor: str) -> None:
    """Change the password and end every session of the user."""
    _check_password(password)
    user.password_hash = hash_password(password)
    session.add(user)
    end_sessions(session, user)
    _audit(session, actor, "user.password_changed", username=user.username)


def set_role(session: Session, user: User, role: str, *, actor: str) -> None:
    _check_choice(role, ROLES, "role")
    if user.role != role:
        _audit(session, actor, "user.role_changed", username=user.username, old=user.role, new=role)
        user.role = role
        session.add(user)


def set_disabled(session: Session, user: User, disabled: bool, *, actor: str) -> None:
    """Disable (ending every session) or enable a user."""
    user.disabled = disabled
    session.add(user)
    if disabled:
        end_sessions(session, user)
    _audit(session, actor, "user.disabled" if disabled else "user.enabled", username=user.username)


def set_language(session: Session, user: User, language: str) -> None:
    _check_choice(language, LANGUAGES, "language")
    user.language = language
    session.add(user)


def end_sessions(session: Session, user: User) -> None:
    session.execute(delete(WebSession).where(col(WebSession.user_id) == user.id))


def _check_password(password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)


def _check_choice(value: str, choices: tuple[str, ...], what: str) -> None:
    if value not in choices:
        raise AccountError(f"{what} must be one of: {', '.join(choices)}")


def _audit(session: Session, actor: str, action: str, **data: str) -> None:
    session.add(Event(at=_now(), actor=actor, action=action, data=data))


def _now() -> datetime:
    return datetime.now(UTC)
