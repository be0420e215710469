"""AUTH for submission-style use: a users file of ``user:argon2-hash`` lines."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import AuthResult, LoginPassword
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mailflow.errors import ConfigError
from mailflow.logs import safe

log = logging.getLogger("mailflow.smtp")


def read_users(path: Path) -> dict[str, str]:
    """``user → argon2 hash`` from ``path``; blank lines and ``#`` comments are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"smtp.auth_users_file: cannot read {path}: {exc.strerror}") from exc
    users: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, hashed = line.partition(":")
        if not sep or not hashed.startswith("$argon2"):
            raise ConfigError(f"{path}:{number}: expected user:argon2-hash")
        users[user] = hashed
    return users


class Authenticator:
    """The aiosmtpd ``authenticator`` callback: checks PLAIN/LOGIN against the users file."""

    def __init__(self, users: dict[str, str]) -> None:
        self._users = users
        self._hasher = PasswordHasher()

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user = auth_data.login.decode("utf-8", "replace")
        hashed = self._users.get(user)
        ok = False
        if hashed is not None:
            try:
                ok = self._hasher.verify(hashed, auth_data.password)
            except (VerificationError, InvalidHashError):
                ok = False
        log.info(
            "AUTH %s for %s from %s: %s",
            mechanism,
            safe(user),
            session.peer,
            "accepted" if ok else "refused",
        )
        return AuthResult(success=ok, handled=False, auth_data=user if ok else None)
