"""After the relay said 250: keep the exact bytes sent, then mark the draft sent.

The copy goes through the raw store (source ``sent``), so the pipeline threads it like any
message (direction ``out``, Message-ID recorded: the partner's answer joins by header), and
so a restart can tell "sent, not yet marked" from "maybe sent" (see docs/replies.md).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from mailflow.states import DraftState
from mailflow.store.events import record_event
from mailflow.store.models import Draft, RawMessage
from mailflow.store.raw import Incoming, store_batch


def sent_detail(draft_id: int, message_id: str) -> str:
    return f"draft {draft_id} <{message_id}>"


def store_sent_copy(
    engine: Engine, draft_id: int, message_id: str, data: bytes, now: datetime
) -> None:
    store_batch(engine, [Incoming(data, "sent", sent_detail(draft_id, message_id), now)])


def has_sent_copy(session: Session, draft_id: int, message_id: str) -> bool:
    found = session.execute(
        select(col(RawMessage.id)).where(
            col(RawMessage.source) == "sent",
            col(RawMessage.source_detail) == sent_detail(draft_id, message_id),
        )
    ).first()
    return found is not None


def mark_sent(
    engine: Engine, draft_id: int, answer: str, now: datetime, *, recovered: bool = False
) -> None:
    with Session(engine) as session:
        draft = session.get(Draft, draft_id)
        assert draft is not None
        mark_sent_in(session, draft, answer, now, recovered=recovered)
        session.commit()


def mark_sent_in(
    session: Session, draft: Draft, answer: str, now: datetime, *, recovered: bool
) -> None:
    draft.state, draft.sent_at, draft.next_attempt_at = DraftState.SENT, now, None
    draft.last_error = answer if "refused" in answer else None
    draft.updated_at = now
    session.add(draft)
    record_send_event(
        session,
        "draft.sent",
        draft,
        now,
        relay=answer,
        recovered=recovered,
        approved_by=draft.approved_by,
    )


def record_send_event(
    session: Session, action: str, draft: Draft, now: datetime, **data: object
) -> None:
    """An event about sending ``draft``: its id and Message-ID, then ``data``."""
    about = {"draft": draft.id, "message_id": draft.outgoing_message_id, **data}
    record_event(session, action, thread_id=draft.thread_id, at=now, data=about)
