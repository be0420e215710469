"""Threads: found by their reference one way, and the staff's decisions on them.

Reclassify, assign, close or reopen, add a note: each checks its input before changing
anything (raising a :class:`~mailflow.errors.Refused` subclass) and writes the audit log.
Listings are in :mod:`mailflow.services.listing`, merge and split in
:mod:`mailflow.services.regroup`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from mailflow.classify.result import PARTNER_TYPES, TOPICS
from mailflow.clock import utc_now
from mailflow.errors import Conflict, InvalidInput, NotFound
from mailflow.services.accounts import find_user
from mailflow.states import ThreadStatus
from mailflow.store.events import record_event
from mailflow.store.models import Note, Thread, User

__all__ = [
    "MAX_NOTE",
    "MAX_REF",
    "Note",
    "Thread",
    "add_note",
    "assign",
    "assignee_names",
    "find_thread",
    "reclassify",
    "require_thread",
    "set_status",
]

MAX_NOTE = 10_000
MAX_REF = 40
"""Longer "references" are refused without a query."""


def find_thread(session: Session, ref: str) -> Thread | None:
    """The thread of reference ``ref`` (``COOP-2026-00042``, with or without brackets, any
    case) or of id ``ref`` (digits only); None when there is none."""
    ref = ref.strip().strip("[]").strip()
    if not ref or len(ref) > MAX_REF:
        return None
    if ref.isdigit():
        return session.get(Thread, int(ref))
    query = select(Thread).where(col(Thread.ref).in_({ref, ref.upper()}))
    return session.execute(query).scalars().first()


def require_thread(session: Session, ref: str) -> Thread:
    """Like :func:`find_thread`, raising :class:`~mailflow.errors.NotFound` (HTTP 404)."""
    thread = find_thread(session, ref)
    if thread is None:
        raise NotFound(f"no thread {ref.strip()[:MAX_REF]}")
    return thread


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
        old = thread.partner_type
        _audit(
            session,
            thread,
            actor,
            "thread.reclassified",
            field="partner_type",
            old=old,
            new=partner_type,
        )
        thread.partner_type = thread.partner_type_override = partner_type
    if topic is not None and topic != thread.topic:
        old = thread.topic
        _audit(session, thread, actor, "thread.reclassified", field="topic", old=old, new=topic)
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
        _audit(session, thread, actor, "thread.assigned", old=thread.assignee, new=new)
        thread.assignee = new
        session.add(thread)


def set_status(session: Session, thread: Thread, action: str, *, actor: str) -> None:
    """``close`` or ``reopen``."""
    if action == "close":
        if thread.status == ThreadStatus.CLOSED:
            raise Conflict("the thread is already closed")
        thread.status, thread.resolved_at = ThreadStatus.CLOSED, utc_now()
        _audit(session, thread, actor, "thread.closed")
    elif action == "reopen":
        if thread.status != ThreadStatus.CLOSED:
            raise Conflict("the thread is not closed")
        thread.status, thread.resolved_at = ThreadStatus.OPEN, None
        _audit(session, thread, actor, "thread.reopened")
    else:
        raise InvalidInput("action must be close or reopen")
    session.add(thread)


def add_note(session: Session, thread: Thread, body: str, *, actor: str) -> Note:
    """An internal note on the thread (never sent)."""
    body = body.strip()
    if not body:
        raise InvalidInput("the note is empty")
    if len(body) > MAX_NOTE:
        raise InvalidInput(f"the note is too long ({MAX_NOTE} characters at most)")
    note = Note(thread_id=thread.id or 0, author=actor, body=body, created_at=utc_now())
    session.add(note)
    _audit(session, thread, actor, "note.added")
    return note


def assignee_names(session: Session) -> list[tuple[str, str]]:
    """(username, display name) of every enabled user, for assignee pickers."""
    query = (
        select(col(User.username), col(User.display_name))
        .where(col(User.disabled).is_(False))
        .order_by(col(User.username))
    )
    return [(name, display or name) for name, display in session.execute(query)]


def _audit(session: Session, thread: Thread, actor: str, action: str, **data: Any) -> None:
    record_event(session, action, actor=actor, thread_id=thread.id, data=data)
