"""The JSON API for replies: drafts, edits, approvals."""

from __future__ import annotations

from fastapi import APIRouter, Request

from mailflow.services import replies
from mailflow.services.schemas import DraftIn, DraftOut, RegenerateIn
from mailflow.web.deps import Db, Staff, get_state

router = APIRouter(prefix="/api")


@router.get("/threads/{ref}/drafts", response_model=list[DraftOut], tags=["replies"])
def drafts(db: Db, user: Staff, ref: str) -> list[DraftOut]:
    return [DraftOut.model_validate(d) for d in replies.thread_drafts(db, ref)]


@router.post("/threads/{ref}/drafts", response_model=DraftOut, tags=["replies"])
def regenerate(request: Request, db: Db, user: Staff, ref: str, body: RegenerateIn) -> DraftOut:
    """Write the draft again from a template (the rules' choice when ``template`` is null)."""
    settings = get_state(request).settings
    draft = replies.regenerate(
        db, ref, settings=settings, template=body.template, actor=user.username
    )
    db.commit()
    return DraftOut.model_validate(draft)


@router.put("/drafts/{draft_id}", response_model=DraftOut, tags=["replies"])
def update_draft(db: Db, user: Staff, draft_id: int, body: DraftIn) -> DraftOut:
    draft = replies.update(
        db, draft_id, subject=body.subject, body_text=body.body_text, actor=user.username
    )
    db.commit()
    return DraftOut.model_validate(draft)


@router.post("/drafts/{draft_id}/approve", response_model=DraftOut, tags=["replies"])
def approve(request: Request, db: Db, user: Staff, draft_id: int) -> DraftOut:
    """Approve for sending; the outbox sends it and records the delivery state."""
    settings = get_state(request).settings
    draft = replies.approve(db, draft_id, actor=user.username, role=user.role, settings=settings)
    db.commit()
    return DraftOut.model_validate(draft)
