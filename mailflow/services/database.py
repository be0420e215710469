"""The database itself: its schema (Alembic migrations) and where it is."""

from __future__ import annotations

from sqlalchemy import Engine

from mailflow.store import migrate

__all__ = ["downgrade", "location", "upgrade"]


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the migrations up to ``revision`` (idempotent: creates the database if needed)."""
    migrate.upgrade(engine, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Go back to ``revision`` (``base`` empties the database)."""
    migrate.downgrade(engine, revision)


def location(engine: Engine) -> str:
    """The database URL, password hidden: fit to print."""
    return engine.url.render_as_string()
