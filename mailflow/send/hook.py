"""The pipeline hook: every processed message may get a draft, an acknowledgement, or
flag a bounce of one of our replies. Runs inside the processing transaction, so it only
writes rows; the network is the outbox's business (``send_due``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlmodel import Session, col

from mailflow.clock import aware, utc_now
from mailflow.draft.loops import Incoming, acknowledgement_refusal
from mailflow.pipeline import Processed
from mailflow.send.bounces import flag_bounce
from mailflow.send.drafting import new_draft
from mailflow.settings import Settings
from mailflow.states import Direction, DraftPurpose, DraftState, MessageKind
from mailflow.store.events import record_event
from mailflow.store.models import Draft

log = logging.getLogger("mailflow.draft")


class ReplyHook:
    """``PipelineContext.after_message`` hook; ``clock`` is injectable for tests."""

    def __init__(self, settings: Settings, clock: Callable[[], datetime] = utc_now) -> None:
        self.settings = settings
        self.clock = clock

    def __call__(self, session: Session, done: Processed) -> None:
        now = self.clock()
        if done.message.direction != Direction.IN or _seen_before(session, done):
            return
        if done.message.kind == MessageKind.BOUNCE:
            flag_bounce(session, done, now)
            return
        self.acknowledge(session, done, now)
        if done.message.kind == MessageKind.HUMAN:
            self.draft(session, done, now)

    def acknowledge(self, session: Session, done: Processed, now: datetime) -> Draft | None:
        """Queue an acknowledgement when the rules ask for one and nothing forbids it."""
        if not done.classification.actions.acknowledge or not (done.new_thread or done.reopened):
            return None
        sender = done.message.from_addr.lower()
        reason = acknowledgement_refusal(
            Incoming(
                done.message.kind, sender, done.parsed.headers, done.parsed.date, done.raw.source
            ),
            our_addresses=self.settings.our_addresses,
            allowed_sources=self.settings.replies.acknowledge_sources,
            last_ack_at=last_acknowledgement(session, sender),
            period=timedelta(hours=self.settings.acknowledge_period_hours),
            max_age=timedelta(hours=self.settings.replies.acknowledge_max_age_hours),
            now=now,
        )
        if reason is None:
            ack = new_draft(
                session,
                done.thread,
                done.message,
                self.settings,
                wanted="ack",
                now=now,
                purpose=DraftPurpose.ACK,
            )
            reason = "template problem" if not ack.body_text else None
        if reason is not None:
            _event(session, done, now, "ack.skipped", {"to": sender, "reason": reason})
            return None
        ack.to_addrs, ack.ack_to, ack.four_eyes = (
            [sender],
            sender,
            False,
        )  # RFC 3834: the sender only
        ack.state, ack.author = DraftState.APPROVED, "system"
        ack.approved_by, ack.approved_at = "system", now
        session.add(ack)
        session.flush()
        _event(session, done, now, "ack.queued", {"draft": ack.id, "to": sender})
        return ack

    def draft(self, session: Session, done: Processed, now: datetime) -> Draft | None:
        """A draft for a new inquiry, or for a partner's reply when no answer is being written."""
        replies = self.settings.replies
        if not replies.drafts_enabled:
            return None
        if now - aware(done.message.date) > timedelta(days=replies.draft_max_age_days):
            return None  # a backfill of old mail: nobody will answer it now
        if not done.new_thread and open_reply(session, done.thread.id or 0) is not None:
            return None  # staff are already writing; keep their text
        wanted = done.classification.actions.template or done.thread.topic
        draft = new_draft(session, done.thread, done.message, self.settings, wanted=wanted, now=now)
        if not draft.to_addrs:
            return None
        session.add(draft)
        session.flush()
        _event(session, done, now, "draft.created", {"draft": draft.id, "template": draft.template})
        return draft


def _seen_before(session: Session, done: Processed) -> bool:
    """Re-processing: the drafts of this raw message exist; point them at its new row."""
    drafts = session.execute(select(Draft).where(col(Draft.raw_id) == done.raw.id)).scalars().all()
    for draft in drafts:
        draft.in_reply_to_message = done.message.id
        session.add(draft)
    return bool(drafts)


def last_acknowledgement(session: Session, sender: str) -> datetime | None:
    latest = session.execute(
        select(func.max(Draft.created_at)).where(
            col(Draft.ack_to) == sender, col(Draft.purpose) == DraftPurpose.ACK
        )
    ).scalar()
    return aware(latest) if latest else None


def open_reply(session: Session, thread_id: int) -> Draft | None:
    """The reply being written in the thread (not yet approved), if any."""
    return (
        session.execute(
            select(Draft)
            .where(
                col(Draft.thread_id) == thread_id,
                col(Draft.purpose) == DraftPurpose.REPLY,
                col(Draft.state).in_((DraftState.DRAFT, DraftState.PENDING)),
            )
            .order_by(col(Draft.id).desc())
        )
        .scalars()
        .first()
    )


def _event(
    session: Session, done: Processed, now: datetime, action: str, data: dict[str, object]
) -> None:
    record_event(
        session, action, thread_id=done.thread.id, message_id=done.message.id, at=now, data=data
    )
