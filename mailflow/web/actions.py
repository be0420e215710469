"""Staff actions on threads, each checked and written to the audit log. Used by pages and API.

Functions raise :class:`Refused` before changing anything when the input is wrong.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from mailflow.errors import Conflict, InvalidInput
from mailflow.store.models import Event, Note, Thread
from mailflow.web.accounts import find_user
from mailflow.web.labels import PARTNER_TYPES, TOPICS

MAX_NOTE = 10_000


def reclassify(
    session: Session,
    thread: Thread,
    *,
    actor: str,
    partner_type: str | None = None,
    topic: str | None = None,
) -> None:
    """Staff's labels win over the rules, now and on re-processing (the ``*_override`` columns)."""
    if partner_type is None and topic is None:
        raise InvalidInput("give a partner type or a topic")
    if partner_type is not None and partner_type not in PARTNER_TYPES:
        raise InvalidInput(f"unknown partner type {partner_type!r}")
    if topic is not None and topic not in TOPICS:
        raise InvalidInput(f"unknown topic {topic!r}")
    if partner_type is not None and partner_type != thread.partner_type:
        _event(
            session,
            thread,
            actor,
            "thread.reclassified",
            field="partner_type",
            old=thread.partner_type,
            new=partner_type,
        )
        thread.partner_type = thread.partner_type_override = partner_type
    if topic is not None and topic != thread.topic:
        _event(
            session,
            thread,
            actor,
            "thread.reclassified",
            field="topic",
            old=thread.topic,
            new=topic,
        )
        thread.topic = thread.topic_override = topic
    session.add(thread)


def assign(session: Session, thread: Thread, username: str, *, actor: str) -> None:
    """Assign to an enabled user, or unassign with an empty ``username``."""
    username = username.strip().lower()
    if username:
        user = find_user(session, username)
        if user is None or user.disabled:
            raise InvalidInput(f"no active user {username!r}")
    new = username or None
    if new != thread.assignee:
        _event(session, thread, actor, "thread.assigned", old=thread.assignee, new=new)
        thread.assignee = new
        session.add(thread)


def set_status(session: Session, thread: Thread, action: str, *, actor: str) -> None:
    """``close`` or ``reopen``."""
    if action == "close":
        if thread.status == "closed":
            raise Conflict("the thread is already closed")
        thread.status, thread.resolved_at = "closed", _now()
    elif action == "reopen":
        if thread.status != "closed":
            raise Conflict("the thread is not closed")
        thread.status, thread.resolved_at = "open", None
    else:
        raise InvalidInput("action must be close or reopen")
    _event(session, thread, actor, f"thread.{'closed' if action == 'close' else 'reopened'}")
    session.add(thread)


def add_note(session: Session, thread: Thread, body: str, *, actor: str) -> Note:
    body = body.strip()
    if not body:
        raise InvalidInput("the note is empty")
    if len(body) > MAX_NOTE:
        raise InvalidInput(f"the note is too long ({MAX_NOTE} characters at most)")
    note = Note(thread_id=thread.id or 0, author=actor, body=body, created_at=_now())
    session.add(note)
    _event(session, thread, actor, "note.added")
    return note


def _event(session: Session, thread: Thread, actor: str, action: str, **data: Any) -> None:
    session.add(Event(at=_now(), actor=actor, action=action, thread_id=thread.id, data=data))


def _now() -> datetime:
    return datetime.now(UTC)
