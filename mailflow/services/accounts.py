"""Local user accounts: create, sign in, change password, role or language, disable.

Passwords are hashed with argon2id (argon2-cffi defaults, RFC 9106 low-memory profile:
64 MiB and tens of milliseconds per check). Sign-ins from the network check passwords in a
:class:`PasswordChecker`: a small thread pool that refuses at once when it is full, so a
burst of logins can neither take all the memory nor wait on the event loop.
Shared by ``mailflow user`` and the admin pages; every change is written to the audit log.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlmodel import Session, col

from mailflow.clock import utc_now
from mailflow.errors import AccountError, NotFound, TooManyAttempts
from mailflow.services.sessions import end_user_sessions
from mailflow.states import Role
from mailflow.store.events import record_event
from mailflow.store.models import User

__all__ = [
    "LANGUAGES",
    "MIN_LENGTH",
    "ROLES",
    "ROLE_RANK",
    "PasswordChecker",
    "User",
    "authenticate",
    "create_user",
    "find_user",
    "hash_password",
    "list_users",
    "password_problem",
    "require_user",
    "set_disabled",
    "set_language",
    "set_password",
    "set_role",
    "update_user",
    "verify_password",
]

ROLES: tuple[str, ...] = tuple(Role)
ROLE_RANK: dict[str, int] = {role: rank for rank, role in enumerate(Role, start=1)}
"""``staff`` < ``supervisor`` < ``admin``: the order in which :class:`Role` lists them."""
LANGUAGES = ("fr", "en")
MIN_LENGTH = 10
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_hasher = PasswordHasher()
# Verified against when the user does not exist, so timing does not reveal usernames.
_DUMMY_HASH = _hasher.hash("mailflow-dummy-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; always costs one argon2 verification."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


class PasswordChecker:
    """Runs password checks in a pool of ``max_concurrent`` threads; beyond, refuses at once."""

    def __init__(self, max_concurrent: int = 4) -> None:
        self._slots = threading.BoundedSemaphore(max_concurrent)
        self._pool = ThreadPoolExecutor(max_concurrent, thread_name_prefix="mailflow-argon2")

    def verify(self, password_hash: str | None, password: str) -> bool:
        """As :func:`verify_password`; raises :class:`TooManyAttempts` when every slot is taken."""
        if not self._slots.acquire(blocking=False):
            raise TooManyAttempts("the server is busy checking passwords; try again in a moment")
        try:
            return self._pool.submit(verify_password, password_hash, password).result()
        finally:
            self._slots.release()


def password_problem(password: str) -> str | None:
    """Why ``password`` is refused, or None."""
    if len(password) < MIN_LENGTH:
        return f"password must have at least {MIN_LENGTH} characters"
    if len(password) > 1024:
        return "password is too long (1024 characters at most)"
    return None


def find_user(session: Session, username: str) -> User | None:
    name = username.strip().lower()
    return session.execute(select(User).where(col(User.username) == name)).scalars().first()


def require_user(session: Session, username: str) -> User:
    user = find_user(session, username)
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def list_users(session: Session) -> list[User]:
    return list(session.execute(select(User).order_by(col(User.username))).scalars())


def authenticate(
    session: Session, username: str, password: str, *, checker: PasswordChecker | None = None
) -> User | None:
    """The enabled user whose password this is, or None; a stale hash is renewed.

    With ``checker``, the check runs in its pool (and may raise :class:`TooManyAttempts`)."""
    user = find_user(session, username)
    stored = user.password_hash if user else None
    ok = checker.verify(stored, password) if checker else verify_password(stored, password)
    if not ok:
        return None
    if user is None or user.disabled:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.add(user)
    return user


def create_user(
    session: Session,
    username: str,
    password: str,
    *,
    role: str = Role.STAFF,
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
        created_at=utc_now(),
    )
    session.add(user)
    _audit(session, actor, "user.created", username=username, role=role)
    session.flush()
    return user


def update_user(
    session: Session,
    username: str,
    *,
    actor: str,
    role: str | None = None,
    disabled: bool | None = None,
    password: str | None = None,
    actor_is_account: bool = True,
) -> User:
    """Change what is given; nobody disables themselves or gives up their own admin role.

    ``actor`` is the username of whoever does it, unless ``actor_is_account`` is False
    (the command line: ``cli``)."""
    user = require_user(session, username)
    yourself = actor_is_account and user.username == actor
    if yourself and (disabled or (role and role != Role.ADMIN)):
        raise AccountError("you cannot disable yourself or give up your own admin role")
    if role is not None:
        set_role(session, user, role, actor=actor)
    if disabled is not None:
        set_disabled(session, user, disabled, actor=actor)
    if password:
        set_password(session, user, password, actor=actor)
    return user


def set_password(session: Session, user: User, password: str, *, actor: str) -> None:
    """Change the password and end every session of the user."""
    _check_password(password)
    user.password_hash = hash_password(password)
    session.add(user)
    end_user_sessions(session, user.id or 0)
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
        end_user_sessions(session, user.id or 0)
    _audit(session, actor, "user.disabled" if disabled else "user.enabled", username=user.username)


def set_language(session: Session, username: str, language: str) -> None:
    """The user's language for pages and mail (no audit: a preference)."""
    _check_choice(language, LANGUAGES, "language")
    user = find_user(session, username)
    if user is not None:
        user.language = language
        session.add(user)


def _check_password(password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)


def _check_choice(value: str, choices: tuple[str, ...], what: str) -> None:
    if value not in choices:
        raise AccountError(f"{what} must be one of: {', '.join(choices)}")


def _audit(session: Session, actor: str, action: str, **data: str) -> None:
    record_event(session, action, actor=actor, data=data)
