"""The outbox as the web app, the CLI and ``serve`` use it.

States: ``draft`` → (``pending_approval``) → ``approved`` → ``sending`` → ``sent`` | ``failed``.
An edit withdraws any approval; a failed reply goes back to ``approved`` only when a person
approves it again. Every change is written to the audit log (``Event``) with its actor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from mailflow.clock import utc_now
from mailflow.draft.html import html_from_text
from mailflow.draft.render import list_template_names
from mailflow.errors import DraftStateError
from mailflow.pipeline import PipelineContext, process_pending
from mailflow.send.dispatch import SendReport, send_due
from mailflow.send.drafting import fill, latest_inquiry, needs_four_eyes, staff_name
from mailflow.send.hook import ReplyHook, open_reply
from mailflow.send.states import APPROVABLE, EDITABLE, SUPERVISORS
from mailflow.settings import Settings
from mailflow.states import DraftPurpose, DraftState, Role
from mailflow.store.events import record_event
from mailflow.store.models import Draft, Thread

__all__ = [
    "DraftStateError",
    "ReplyHook",
    "SendReport",
    "approve_draft",
    "current_draft",
    "list_drafts",
    "list_templates",
    "preview",
    "regenerate_draft",
    "send_and_thread",
    "send_due",
    "update_draft",
]

PLACEHOLDER = re.compile(r"\[\[.*?\]\]", re.DOTALL)
"""Template text staff must replace (``[[ Votre réponse ici ]]``): approval refuses it."""
ROLES = (Role.STAFF, *SUPERVISORS)


def send_and_thread(
    engine: Engine,
    settings: Settings,
    pipeline: PipelineContext,
    *,
    now: datetime | None = None,
    limit: int = 100,
) -> SendReport:
    """One pass over the outbox (:func:`send_due`), then the pipeline with the caller's rules,
    so the sent copies join their threads, this pass's and any an interrupted pass left."""
    report = send_due(engine, settings, now=now, limit=limit)
    process_pending(engine, pipeline)
    return report


def list_templates(settings: Settings) -> list[str]:
    """Reply templates that can be chosen, e.g. ``fr/training``."""
    return list_template_names(settings.templates_dir)


def regenerate_draft(
    session: Session, thread_id: int, *, settings: Settings, template: str | None = None, actor: str
) -> Draft:
    """Make the thread's reply draft again from a template (the rules' choice by default)."""
    thread = session.get(Thread, thread_id)
    if thread is None:
        raise DraftStateError(f"no thread {thread_id}")
    message = latest_inquiry(session, thread_id)
    if message is None:
        raise DraftStateError(f"{thread.ref}: no message from a person to answer")
    now = utc_now()
    draft = open_reply(session, thread_id) or Draft(
        thread_id=thread_id, created_at=now, updated_at=now
    )
    wanted = template or message.actions.get("template") or thread.topic
    fill(
        draft,
        session,
        thread,
        message,
        settings,
        wanted=wanted,
        staff=staff_name(session, actor),
        now=now,
    )
    draft.state, draft.author = DraftState.DRAFT, actor
    draft.approved_by, draft.approved_at = None, None
    session.add(draft)
    session.flush()
    _log(session, draft, actor, "draft.regenerated", template=draft.template)
    return draft


def update_draft(
    session: Session, draft_id: int, *, subject: str, body_text: str, actor: str
) -> Draft:
    """Staff's text; the HTML part is made again from it. Withdraws any approval."""
    draft = _get(session, draft_id)
    if draft.state not in EDITABLE:
        raise DraftStateError(f"draft {draft_id} is {draft.state}: it can no longer be edited")
    draft.subject = " ".join(subject.split())
    draft.body_text = body_text.replace("\r\n", "\n")
    draft.body_html = html_from_text(draft.body_text, draft.lang)
    draft.state, draft.author = DraftState.DRAFT, actor
    draft.approved_by, draft.approved_at = None, None
    draft.updated_at = utc_now()
    session.add(draft)
    _log(session, draft, actor, "draft.edited")
    return draft


def approve_draft(
    session: Session, draft_id: int, *, actor: str, role: str, settings: Settings | None = None
) -> Draft:
    """Approve for sending; with four-eyes, a staff approval waits for a supervisor's."""
    draft = _get(session, draft_id)
    if role not in ROLES:
        raise DraftStateError(f"unknown role {role!r}")
    _check_sendable(draft)
    thread = session.get(Thread, draft.thread_id)
    four_eyes = needs_four_eyes(settings, thread.topic) if settings and thread else draft.four_eyes
    now = utc_now()
    if four_eyes and role not in SUPERVISORS:
        if draft.state == DraftState.PENDING:
            raise DraftStateError(f"draft {draft_id} already waits for a supervisor's approval")
        draft.state, draft.author = DraftState.PENDING, draft.author or actor
        _log(session, draft, actor, "draft.submitted", role=role)
    else:
        draft.state, draft.approved_by, draft.approved_at = DraftState.APPROVED, actor, now
        draft.author = draft.author or actor
        draft.attempts, draft.next_attempt_at, draft.last_error = 0, None, None
        _log(session, draft, actor, "draft.approved", role=role, four_eyes=four_eyes)
    draft.updated_at = now
    session.add(draft)
    return draft


def _check_sendable(draft: Draft) -> None:
    if draft.state not in APPROVABLE:
        raise DraftStateError(f"draft {draft.id} is {draft.state}: nothing to approve")
    if not draft.to_addrs:
        raise DraftStateError(f"draft {draft.id} has no recipient")
    if not draft.body_text.strip():
        raise DraftStateError(f"draft {draft.id} is empty")
    left = PLACEHOLDER.findall(draft.body_text)
    if left:
        raise DraftStateError(f"draft {draft.id} still has text to complete: {left[0]}")


def preview(session: Session, draft_id: int, *, settings: Settings) -> tuple[str, str]:
    """The text and HTML parts as they will be sent."""
    draft = _get(session, draft_id)
    return draft.body_text, draft.body_html or html_from_text(draft.body_text, draft.lang)


def current_draft(session: Session, thread_id: int) -> Draft | None:
    """The thread's latest reply (any state), what ``draft show`` shows."""
    return (
        session.execute(
            select(Draft)
            .where(col(Draft.thread_id) == thread_id, col(Draft.purpose) == DraftPurpose.REPLY)
            .order_by(col(Draft.id).desc())
        )
        .scalars()
        .first()
    )


def list_drafts(
    session: Session, *, states: Sequence[str] = (), purpose: str | None = None, limit: int = 100
) -> list[Draft]:
    query = select(Draft).order_by(col(Draft.updated_at).desc(), col(Draft.id).desc()).limit(limit)
    if states:
        query = query.where(col(Draft.state).in_(list(states)))
    if purpose:
        query = query.where(col(Draft.purpose) == purpose)
    return list(session.execute(query).scalars().all())


def _get(session: Session, draft_id: int) -> Draft:
    draft = session.get(Draft, draft_id)
    if draft is None:
        raise DraftStateError(f"no draft {draft_id}")
    return draft


def _log(session: Session, draft: Draft, actor: str, action: str, **data: object) -> None:
    record_event(
        session, action, actor=actor, thread_id=draft.thread_id, data={"draft": draft.id, **data}
    )
