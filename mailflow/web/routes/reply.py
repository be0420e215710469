"""Replies: edit the draft, pick a template, regenerate, preview, approve and send."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Annotated, Any, Protocol

from fastapi import APIRouter, BackgroundTasks, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mailflow.runtime import RuleHolder
from mailflow.services import replies
from mailflow.services.db import Engine, Session
from mailflow.settings import Settings
from mailflow.web.deps import Db, Staff, get_state
from mailflow.web.mailhtml import frame_csp, frame_document, sanitise
from mailflow.web.render import render

router = APIRouter()
log = logging.getLogger("mailflow.web")


class WithDrafts(Protocol):
    @property
    def drafts(self) -> Sequence[replies.Draft]: ...


def reply_context(request: Request, db: Session, view: WithDrafts) -> dict[str, Any]:
    """What the reply panel of the thread page needs."""
    return {
        "templates": replies.template_choices(get_state(request).settings),
        "draft": replies.editable_reply(view.drafts),
    }


@router.post("/threads/{ref}/draft")
def regenerate(
    request: Request,
    db: Db,
    user: Staff,
    ref: str,
    template: Annotated[str, Form(max_length=255)] = "",
) -> Response:
    settings = get_state(request).settings
    draft = replies.regenerate(
        db, ref, settings=settings, template=template or None, actor=user.username
    )
    db.commit()
    _draft, thread = replies.require_draft(db, draft.id or 0)
    return RedirectResponse(f"/threads/{thread.ref}?done=regenerated#reply", status_code=303)


@router.post("/drafts/{draft_id}")
def save(
    db: Db,
    user: Staff,
    draft_id: int,
    subject: Annotated[str, Form(max_length=998)],
    body_text: Annotated[str, Form(max_length=200_000)],
) -> Response:
    replies.update(db, draft_id, subject=subject, body_text=body_text, actor=user.username)
    db.commit()
    _draft, thread = replies.require_draft(db, draft_id)
    return RedirectResponse(f"/threads/{thread.ref}?done=saved#reply", status_code=303)


@router.get("/drafts/{draft_id}/preview")
def preview(request: Request, db: Db, user: Staff, draft_id: int) -> Response:
    shown = replies.preview(db, draft_id, settings=get_state(request).settings)
    return render(
        request,
        "preview.html",
        {"draft": shown.draft, "t": shown.thread, "text": shown.text},
        user=user,
    )


@router.get("/drafts/{draft_id}/preview/html")
def preview_html(request: Request, db: Db, user: Staff, draft_id: int) -> Response:
    shown = replies.preview(db, draft_id, settings=get_state(request).settings)
    return HTMLResponse(
        frame_document(sanitise(shown.html or "")),
        headers={
            "Content-Security-Policy": frame_csp(allow_images=False),
            "X-Frame-Options": "SAMEORIGIN",
        },
    )


@router.post("/drafts/{draft_id}/approve")
def approve(
    request: Request, db: Db, user: Staff, draft_id: int, tasks: BackgroundTasks
) -> Response:
    state = get_state(request)
    replies.approve(db, draft_id, actor=user.username, role=user.role, settings=state.settings)
    db.commit()
    _draft, thread = replies.require_draft(db, draft_id)
    tasks.add_task(send_after_approval, state.engine, state.settings, state.rules)
    return RedirectResponse(f"/threads/{thread.ref}?done=approved#reply", status_code=303)


def send_after_approval(engine: Engine, settings: Settings, rules: RuleHolder) -> None:
    """Send what is due right after an approval (``serve`` also sends on its own schedule)."""
    try:
        replies.send_now(engine, settings, rules)
    except Exception:  # the reply stays approved and is retried by the sender loop
        log.exception("sending after approval failed; the outbox will retry")
