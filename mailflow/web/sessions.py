"""The login cookie: a signed random token (the session itself: :mod:`mailflow.services.sessions`)."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

COOKIE_NAME = "mailflow_session"


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
