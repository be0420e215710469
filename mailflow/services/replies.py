"""Replies as the edges use them: templates, a thread's draft, edits, approval, the outbox.

The outbox (:mod:`mailflow.send.outbox`) moves drafts between their states and writes the
audit log; this module finds what the request names (a thread by reference, a draft by id),
checks the input and refuses with a :class:`~mailflow.errors.Refused` subclass.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from mailflow.errors import Conflict, InvalidInput, MailflowError, NotFound
from mailflow.runtime import RuleHolder, pipeline_context
from mailflow.send import outbox
from mailflow.send.dispatch import SendReport
from mailflow.services.bounds import is_id
from mailflow.services.messages import thread_drafts as drafts_of
from mailflow.services.schemas import DraftRow
from mailflow.services.threads import require_thread
from mailflow.settings import Settings
from mailflow.states import DraftPurpose, DraftState
from mailflow.store.models import Draft, Thread

__all__ = [
    "EDITABLE",
    "OUTBOX_STATES",
    "Draft",
    "Preview",
    "SendReport",
    "approve",
    "current_draft",
    "draft_rows",
    "editable_reply",
    "list_templates",
    "outbox_rows",
    "preview",
    "regenerate",
    "require_draft",
    "send_now",
    "template_choices",
    "thread_drafts",
    "update",
]

log = logging.getLogger("mailflow.replies")
EDITABLE = (DraftState.DRAFT, DraftState.PENDING, DraftState.FAILED)
"""A reply whose text can still change (an edit withdraws any approval)."""
OUTBOX_STATES = (DraftState.PENDING, DraftState.APPROVED, DraftState.SENDING, DraftState.FAILED)
"""Waiting for approval, waiting to go, going, or failed."""


@dataclass(frozen=True, slots=True)
class Preview:
    draft: Draft
    thread: Thread
    text: str
    html: str


def list_templates(settings: Settings) -> list[str]:
    """Reply templates that can be chosen, e.g. ``fr/training``."""
    return outbox.list_templates(settings)


def template_choices(settings: Settings) -> list[str]:
    """The templates for a picker; none (logged) when the template folder has problems."""
    try:
        return list_templates(settings)
    except MailflowError as exc:
        log.warning("reply templates unavailable: %s", exc)
        return []


def require_draft(session: Session, draft_id: int) -> tuple[Draft, Thread]:
    draft = session.get(Draft, draft_id) if is_id(draft_id) else None
    thread = session.get(Thread, draft.thread_id) if draft else None
    if draft is None or thread is None:
        raise NotFound("no such draft")
    return draft, thread


def thread_drafts(session: Session, ref: str) -> list[Draft]:
    """Every draft of the thread (replies and acknowledgements), oldest first."""
    return drafts_of(session, require_thread(session, ref).id or 0)


def editable_reply(drafts: Sequence[Draft]) -> Draft | None:
    """The reply a person works on: the latest one not yet approved or sent."""
    editable = [d for d in drafts if d.state in EDITABLE and d.purpose == DraftPurpose.REPLY]
    return editable[-1] if editable else None


def current_draft(session: Session, ref: str) -> Draft:
    """The thread's latest reply, in any state."""
    thread = require_thread(session, ref)
    draft = outbox.current_draft(session, thread.id or 0)
    if draft is None:
        raise NotFound(f"{thread.ref} has no reply draft (mailflow draft regenerate {thread.ref})")
    return draft


def regenerate(
    session: Session, ref: str, *, settings: Settings, template: str | None = None, actor: str
) -> Draft:
    """Write the thread's reply again from ``template`` (``fr/training`` or ``training``;
    the rules' choice when None)."""
    thread = require_thread(session, ref)
    if template:
        names = list_templates(settings)
        if template not in names and template not in {n.partition("/")[2] for n in names}:
            raise InvalidInput(f"unknown template {template!r}")
    return outbox.regenerate_draft(
        session, thread.id or 0, settings=settings, template=template or None, actor=actor
    )


def update(session: Session, draft_id: int, *, subject: str, body_text: str, actor: str) -> Draft:
    """Staff's subject and text; withdraws any approval."""
    draft, _thread_row = require_draft(session, draft_id)
    if not subject.strip():
        raise InvalidInput("the subject is empty")
    if not body_text.strip():
        raise InvalidInput("the message is empty")
    return outbox.update_draft(
        session, draft.id or 0, subject=subject, body_text=body_text, actor=actor
    )


def approve(session: Session, draft_id: int, *, actor: str, role: str, settings: Settings) -> Draft:
    """Approve for sending; with four-eyes, a staff approval waits for a supervisor's."""
    draft, _thread_row = require_draft(session, draft_id)
    if draft.state not in EDITABLE:
        raise Conflict(f"this reply is already {draft.state}")
    return outbox.approve_draft(session, draft.id or 0, actor=actor, role=role, settings=settings)


def preview(session: Session, draft_id: int, *, settings: Settings) -> Preview:
    """The text and HTML parts as they will be sent."""
    draft, thread = require_draft(session, draft_id)
    text, html = outbox.preview(session, draft.id or 0, settings=settings)
    return Preview(draft, thread, text, html)


def draft_rows(
    session: Session, *, states: Sequence[str] = (), purpose: str | None = None, limit: int = 100
) -> list[DraftRow]:
    """Drafts, most recently changed first, with their thread's reference."""
    drafts = outbox.list_drafts(session, states=states, purpose=purpose, limit=limit)
    return _rows(session, drafts)


def outbox_rows(session: Session) -> list[DraftRow]:
    return draft_rows(session, states=OUTBOX_STATES, limit=1000)


def draft_row(session: Session, draft: Draft) -> DraftRow:
    return _rows(session, [draft])[0]


def send_now(engine: Engine, settings: Settings, rules: RuleHolder) -> SendReport:
    """One pass over the outbox; the sent copies are threaded with the rules ``rules`` holds."""
    return outbox.send_and_thread(engine, settings, pipeline_context(settings, rules))


def _rows(session: Session, drafts: Sequence[Draft]) -> list[DraftRow]:
    ids = {d.thread_id for d in drafts}
    query = select(col(Thread.id), col(Thread.ref)).where(col(Thread.id).in_(ids))
    refs: dict[int | None, str] = {i: r for i, r in session.execute(query)} if ids else {}
    return [
        DraftRow(
            id=d.id,
            thread=refs.get(d.thread_id),
            purpose=d.purpose,
            state=d.state,
            template=d.template,
            lang=d.lang,
            to=d.to_addrs,
            subject=d.subject,
            author=d.author,
            approved_by=d.approved_by,
            attempts=d.attempts,
            next_attempt_at=d.next_attempt_at,
            message_id=d.outgoing_message_id,
            sent_at=d.sent_at,
            delivery_failed=d.delivery_failed,
            last_error=d.last_error,
            updated_at=d.updated_at,
        )
        for d in drafts
    ]
