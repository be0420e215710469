"""Users as the pages list them (assignee pickers)."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from mailflow.store.models import User


def assignee_names(session: Session) -> list[tuple[str, str]]:
    """(username, display name) of every enabled user, for assignee pickers."""
    query = (
        select(col(User.username), col(User.display_name))
        .where(col(User.disabled).is_(False))
        .order_by(col(User.username))
    )
    return [(name, display or name) for name, display in session.execute(query)]
