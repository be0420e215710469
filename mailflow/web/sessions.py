"""The login cookie and the login form's pre-session (the session itself: :mod:`mailflow.services.sessions`).

The login form is protected against login CSRF (a victim signed into the attacker's account)
by a pre-session: a random id in its own cookie, and a form token that is the server's
signature over that id, the client address and the time. A cookie an attacker plants,
even one the server issued to the attacker, does not come with a token the victim's
browser can send from the victim's address; a token older than ``LOGIN_TOKEN_MAX_AGE``
is refused too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

COOKIE_NAME = "mailflow_session"
PRESESSION_COOKIE = "mailflow_login"
LOGIN_TOKEN_MAX_AGE = 3600


class SessionSigner:
    """Signs session tokens with the secret key (a cookie that fails the signature is ignored)."""

    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeSerializer(secret_key, salt="mailflow.session")
        self._login = URLSafeTimedSerializer(secret_key, salt="mailflow.login-csrf")

    def dumps(self, token: str) -> str:
        return str(self._serializer.dumps(token))

    def loads(self, cookie: str) -> str | None:
        try:
            value = self._serializer.loads(cookie)
        except BadSignature:
            return None
        return value if isinstance(value, str) else None

    def login_token(self, presession: str, address: str) -> str:
        """The login form's CSRF token for this pre-session and client address."""
        return str(self._login.dumps(_binding(presession, address)))

    def login_token_ok(self, token: str, presession: str, address: str) -> bool:
        """True when ``token`` was issued for this pre-session and address, within the hour."""
        if not token or not presession:
            return False
        try:
            value = self._login.loads(token, max_age=LOGIN_TOKEN_MAX_AGE)
        except BadSignature:  # SignatureExpired is one
            return False
        return isinstance(value, str) and hmac.compare_digest(value, _binding(presession, address))


def new_presession() -> str:
    return secrets.token_urlsafe(32)


def _binding(presession: str, address: str) -> str:
    return hashlib.sha256(f"{presession}\n{address}".encode()).hexdigest()
