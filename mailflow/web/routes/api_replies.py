"""The JSON API for replies: drafts, edits, approvals."""

from __future__ import annotations

from fastapi import APIRouter, Request

from mailflow.services.schemas import (
    DraftIn,
    DraftOut,
    RegenerateIn,
)
from mailflow.web.deps import Db, Staff, get_state
from mailflow.web.queries.thread import thread_drafts
from mailflow.web.routes.api import _thread
from mailflow.web.routes.reply import _call, _draft, _require_outbox

router = APIRouter(prefix="/api")


@router.get("/threads/{ref}/drafts", response_model=list[DraftOut], tags=["replies"])
def drafts(db: Db, user: Staff, ref: str) -> list[DraftOut]:
    return [DraftOut.model_validate(d) for d in thread_drafts(db, _thread(db, ref).id or 0)]


@router.post("/threads/{ref}/drafts", response_model=DraftOut, tags=["replies"])
def regenerate(request: Request, db: Db, user: Staff, ref: str, body: RegenerateIn) -> DraftOut:
    """Write the draft again from a template (the rules' choice when ``template`` is null)."""
    module = _require_outbox()
    thread = _thread(db, ref)
    draft = _call(
        module.regenerate_draft,
        db,
        thread.id,
        settings=get_state(request).settings,
        template=body.template,
        actor=user.username,
    )
    db.commit()
    return DraftOut.model_validate(draft)


@router.put("/drafts/{draft_id}", response_model=DraftOut, tags=["replies"])
def update_draft(db: Db, user: Staff, draft_id: int, body: DraftIn) -> DraftOut:
    module = _require_outbox()
    draft, _thread_row = _draft(db, draft_id)
    _call(
        module.update_draft,
        db,
        draft.id,
        subject=body.subject,
        body_text=body.body_text,
        actor=user.username,
    )
    db.commit()
    db.refresh(draft)
    return DraftOut.model_validate(draft)


@router.post("/drafts/{draft_id}/approve", response_model=DraftOut, tags=["replies"])
def approve(request: Request, db: Db, user: Staff, draft_id: int) -> DraftOut:
    """Approve for sending; the outbox sends it and records the delivery state."""
    module = _require_outbox()
    draft, _thread_row = _draft(db, draft_id)
    _call(
        module.approve_draft,
        db,
        draft.id,
        actor=user.username,
        role=user.role,
        settings=get_state(request).settings,
    )
    db.commit()
    db.refresh(draft)
    return DraftOut.model_validate(draft)
