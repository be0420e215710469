"""Errors the web layer turns into responses (pages for browsers, JSON under /api)."""

from __future__ import annotations


class NotAuthenticated(Exception):
    """No valid session or credentials: a redirect to /login, or 401 under /api."""


class UserError(Exception):
    """A request refused with a message for the person who sent it; nothing was changed."""

    def __init__(self, message: str, status_code: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
