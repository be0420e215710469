"""Bounces of our replies: flag the reply, and keep the bounce in the reply's thread."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, update
from sqlmodel import Session, col

from mailflow.pipeline import Processed
from mailflow.store.events import record_event
from mailflow.store.models import Draft, MessageKey, Thread
from mailflow.store.regroup import merge_into

log = logging.getLogger("mailflow.send")


def flag_bounce(session: Session, done: Processed, now: datetime) -> Draft | None:
    """The reply ``done`` (a DSN) reports as undelivered, flagged; None when it is not ours."""
    original = (done.message.bounce_of or "").strip().strip("<>")
    if not original:
        return None
    draft: Draft | None = (
        session.execute(select(Draft).where(col(Draft.outgoing_message_id) == original))
        .scalars()
        .first()
    )
    if draft is None:
        return None
    error = f"bounce: {_diagnostic(done)}"
    if not (draft.delivery_failed and draft.last_error == error):
        draft.delivery_failed = True
        draft.last_error = error
        draft.updated_at = now
        session.add(draft)
        record_event(
            session,
            "draft.bounced",
            thread_id=draft.thread_id,
            message_id=done.message.id,
            at=now,
            data={"draft": draft.id, "error": error},
        )
        log.warning("reply <%s> bounced: %s", original, error[:300])
    if done.new_thread and done.thread.id != draft.thread_id:
        _attach(session, done.thread, draft.thread_id)
    return draft


def _diagnostic(done: Processed) -> str:
    report = done.parsed.delivery_report
    if report is None:
        return "delivery failed"
    parts = [report.status, report.diagnostic, ", ".join(report.recipients)]
    return " ".join(p for p in parts if p)[:2000] or "delivery failed"


def _attach(session: Session, bounce_thread: Thread, reply_thread_id: int) -> None:
    """Move the bounce into the reply's thread (kept on re-processing); drop its empty thread."""
    target = session.get(Thread, reply_thread_id)
    if target is None:
        return
    merge_into(session, target, [bounce_thread], actor="system")
    session.execute(
        update(MessageKey)
        .where(col(MessageKey.thread_id) == bounce_thread.id)
        .values(thread_id=target.id)
    )
    session.delete(bounce_thread)
    session.flush()
