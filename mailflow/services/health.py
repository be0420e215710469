"""Liveness: can the database answer?"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger("mailflow.web")


def database_ok(engine: Engine) -> bool:
    """True when the database answers ``SELECT 1`` (the reason is logged otherwise)."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        log.error("health check: database unavailable: %s", exc)
        return False
    return True
