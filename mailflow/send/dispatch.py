"""Process the outbox once: recover interrupted sends, claim due drafts, send, record.

Sending only sends. Threading the sent copies is the pipeline's work, run by the caller
that holds the loaded rules (``outbox.send_and_thread``).

Exactly once, as far as SMTP allows: a draft is claimed (``sending``, committed) before
the relay sees it, and recorded after the relay's 250. A draft found in ``sending`` by a
later run was interrupted: if its sent copy is in the raw store it is marked sent,
otherwise it is *not* sent again but marked failed for a person to check (docs/replies.md).
"""

from __future__ import annotations

import logging
import os
import socket
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine, or_, select, update
from sqlmodel import Session, col

from mailflow.clock import aware, utc_now
from mailflow.errors import PermanentSendError, SendError, TemporarySendError
from mailflow.send import imap
from mailflow.send.message import from_address, new_message_id, outgoing_bytes
from mailflow.send.record import (
    has_sent_copy,
    mark_sent,
    mark_sent_in,
    record_send_event,
    store_sent_copy,
)
from mailflow.send.relay import deliver
from mailflow.settings import Settings
from mailflow.states import DraftPurpose, DraftState
from mailflow.store.events import record_event
from mailflow.store.models import Draft, Event

log = logging.getLogger("mailflow.send")

WORKER = f"{socket.gethostname()}:{os.getpid()}"
UNCERTAIN = (
    "interrupted while sending (claimed by {by} at {at}): the relay may have delivered it. "
    "Check the Sent folder or the relay's log, then approve again to resend"
)


@dataclass
class SendReport:
    """Draft ids by outcome of one pass over the outbox."""

    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    recovered: list[int] = field(default_factory=list)
    uncertain: list[int] = field(default_factory=list)
    imap_drafts: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, list[int]]:
        return asdict(self)


def send_due(
    engine: Engine,
    settings: Settings,
    *,
    now: datetime | None = None,
    limit: int = 100,
) -> SendReport:
    """Send every approved draft that is due (at most ``limit``), once, and copy new drafts
    to IMAP.

    Drafts are claimed one at a time, just before each goes to the relay: a crash leaves
    only the reply really in flight in ``sending``. Sending only sends: the sent copies wait
    in the raw store for the pipeline, which the caller runs (``outbox.send_and_thread``)."""
    now = aware(now or utc_now())
    started = time.monotonic()
    report = SendReport()
    recover_interrupted(engine, settings, now, report)
    for _ in range(limit):
        claimed_at = now + timedelta(seconds=time.monotonic() - started)
        draft_id = claim_next(engine, settings, now, claimed_at)
        if draft_id is None:
            break
        send_claimed(engine, settings, draft_id, now, report)
    if settings.imap.drafts_folder:
        push_imap_drafts(engine, settings, now, report)
    return report


def claim_next(
    engine: Engine, settings: Settings, now: datetime, claimed_at: datetime
) -> int | None:
    """Move the next due draft to ``sending`` and commit, before it reaches the relay."""
    query = (
        select(col(Draft.id))
        .where(
            col(Draft.state) == DraftState.APPROVED,
            or_(col(Draft.next_attempt_at).is_(None), col(Draft.next_attempt_at) <= now),
        )
        .order_by(col(Draft.id))
    )
    if engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)  # other senders take the others
    with Session(engine) as session:
        # A few candidates: on SQLite another sender may win the first one's compare-and-set.
        for draft_id in session.execute(query.limit(5)).scalars().all():
            won = session.execute(
                update(Draft)
                .where(col(Draft.id) == draft_id, col(Draft.state) == DraftState.APPROVED)
                .values(
                    state=DraftState.SENDING,
                    claimed_by=WORKER,
                    claimed_at=claimed_at,
                    attempts=Draft.attempts + 1,
                )
            )
            if won.rowcount != 1:  # type: ignore[attr-defined]
                continue
            draft = session.get(Draft, draft_id)
            assert draft is not None
            draft.outgoing_message_id = draft.outgoing_message_id or new_message_id(
                settings, int(draft_id)
            )
            session.commit()
            return int(draft_id)
    return None


def send_claimed(
    engine: Engine, settings: Settings, draft_id: int, now: datetime, report: SendReport
) -> None:
    with Session(engine) as session:
        draft = session.get(Draft, draft_id)
        assert draft is not None and draft.outgoing_message_id is not None
        try:
            data = outgoing_bytes(session, settings, draft, now)
        except Exception as exc:
            _give_up(engine, draft_id, f"could not build the message: {exc!r}", now, report)
            return
        message_id, purpose, recipients = (
            draft.outgoing_message_id,
            draft.purpose,
            draft.to_addrs + draft.cc_addrs,
        )
    # RFC 3834: acknowledgements go with a null envelope sender, so they bounce nowhere.
    envelope_from = "" if purpose == DraftPurpose.ACK else from_address(settings)
    try:
        answer = deliver(settings.relay, envelope_from, recipients, data)
    except TemporarySendError as exc:
        _retry_later(engine, settings, draft_id, exc, now, report)
        return
    except PermanentSendError as exc:
        _give_up(engine, draft_id, str(exc), now, report)
        return
    # The window: the relay has it, we have not written that down yet (docs/replies.md).
    store_sent_copy(engine, draft_id, message_id, data, now)
    mark_sent(engine, draft_id, answer, now)
    report.sent.append(draft_id)
    log.info("reply %s sent as <%s>: %s", draft_id, message_id, answer[:200])
    if settings.imap.sent_folder:
        folder = settings.imap.sent_folder
        problem = imap.append(settings.imap, folder, data, (b"\\Seen",), now)
        if problem is not None:
            with Session(engine) as session:
                _imap_copy_failed(session, session.get(Draft, draft_id), folder, problem, now)
                session.commit()


def recover_interrupted(
    engine: Engine, settings: Settings, now: datetime, report: SendReport
) -> None:
    """Drafts left in ``sending`` by a crash: sent if we kept a copy, else flagged, never resent."""
    stale = now - timedelta(seconds=settings.relay.claim_timeout_seconds)
    with Session(engine) as session:
        drafts = (
            session.execute(
                select(Draft).where(
                    col(Draft.state) == DraftState.SENDING, col(Draft.claimed_at) <= stale
                )
            )
            .scalars()
            .all()
        )
        for draft in drafts:
            if draft.outgoing_message_id and has_sent_copy(
                session, draft.id or 0, draft.outgoing_message_id
            ):
                mark_sent_in(session, draft, "sent before an interruption", now, recovered=True)
                report.recovered.append(draft.id or 0)
                continue
            claimed_at = aware(draft.claimed_at).isoformat(timespec="seconds")
            draft.state, draft.updated_at = DraftState.FAILED, now
            draft.last_error = UNCERTAIN.format(by=draft.claimed_by, at=claimed_at)
            record_send_event(
                session,
                "draft.send_uncertain",
                draft,
                now,
                claimed_by=draft.claimed_by,
                claimed_at=claimed_at,
            )
            report.uncertain.append(draft.id or 0)
            log.error("reply %s was interrupted while sending; flagged for a person", draft.id)
        session.commit()


def retry_delay(settings: Settings, attempts: int) -> timedelta:
    seconds = settings.relay.retry_base_seconds * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.relay.retry_max_seconds))


def _retry_later(
    engine: Engine,
    settings: Settings,
    draft_id: int,
    exc: SendError,
    now: datetime,
    report: SendReport,
) -> None:
    with Session(engine) as session:
        draft = session.get(Draft, draft_id)
        assert draft is not None
        if draft.attempts >= settings.relay.max_attempts:
            session.close()
            _give_up(
                engine, draft_id, f"gave up after {draft.attempts} attempts: {exc}", now, report
            )
            return
        draft.state, draft.claimed_by, draft.last_error = DraftState.APPROVED, None, str(exc)
        draft.next_attempt_at, draft.updated_at = now + retry_delay(settings, draft.attempts), now
        record_event(
            session,
            "draft.retry",
            thread_id=draft.thread_id,
            at=now,
            data={"draft": draft_id, "error": str(exc), "next": str(draft.next_attempt_at)},
        )
        session.commit()
    report.retrying.append(draft_id)
    log.warning("reply %s: relay said %s; retrying later", draft_id, exc)


def _give_up(engine: Engine, draft_id: int, error: str, now: datetime, report: SendReport) -> None:
    with Session(engine) as session:
        draft = session.get(Draft, draft_id)
        assert draft is not None
        draft.state, draft.claimed_by = DraftState.FAILED, None
        draft.last_error, draft.updated_at = error, now
        record_event(
            session,
            "draft.failed",
            thread_id=draft.thread_id,
            at=now,
            data={"draft": draft_id, "error": error},
        )
        session.commit()
    report.failed.append(draft_id)
    log.error("reply %s failed: %s", draft_id, error[:300])


def push_imap_drafts(engine: Engine, settings: Settings, now: datetime, report: SendReport) -> None:
    """Copy new reply drafts to the mailbox's Drafts folder, so staff can finish them there."""
    folder = settings.imap.drafts_folder
    assert folder is not None
    with Session(engine) as session:
        drafts = (
            session.execute(
                select(Draft)
                .where(
                    col(Draft.state) == DraftState.DRAFT,
                    col(Draft.purpose) == DraftPurpose.REPLY,
                    col(Draft.imap_draft_appended_at).is_(None),
                )
                .limit(50)
            )
            .scalars()
            .all()
        )
        for draft in drafts:
            draft.outgoing_message_id = draft.outgoing_message_id or new_message_id(
                settings, draft.id or 0
            )
            data = outgoing_bytes(session, settings, draft, now)
            problem = imap.append(settings.imap, folder, data, (b"\\Draft",), now)
            if problem is not None:
                # Left for a later pass (recorded once); the others would fail the same way.
                _imap_copy_failed(session, draft, folder, problem, now, once=True)
                break
            draft.imap_draft_appended_at = now
            report.imap_drafts.append(draft.id or 0)
        session.commit()


def _imap_copy_failed(
    session: Session,
    draft: Draft | None,
    folder: str,
    problem: str,
    now: datetime,
    *,
    once: bool = False,
) -> None:
    """Record a copy the IMAP server did not take (``imap.append`` has logged it);
    ``once``: not again for a draft already recorded (drafts are tried at every pass)."""
    if once and draft is not None:
        earlier = session.execute(
            select(col(Event.data)).where(
                col(Event.action) == "imap.copy_failed", col(Event.thread_id) == draft.thread_id
            )
        ).scalars()
        if any(e.get("draft") == draft.id and e.get("folder") == folder for e in earlier):
            return
    record_event(
        session,
        "imap.copy_failed",
        thread_id=draft.thread_id if draft else None,
        at=now,
        data={"draft": draft.id if draft else None, "folder": folder, "error": problem[:500]},
    )
