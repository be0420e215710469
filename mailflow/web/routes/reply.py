"""Replies: edit the draft, pick a template, regenerate, preview, approve and send.

The outbox (``mailflow.send.outbox``) does the work; it is imported inside the handlers so the
rest of the app runs even where it is missing.
"""

from __future__ import annotations

import logging
from types import ModuleType
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Engine
from sqlmodel import Session

from mailflow.errors import Conflict, InvalidInput, MailflowError, Refused
from mailflow.settings import Settings
from mailflow.store.models import Draft, Thread
from mailflow.web.deps import Db, Staff, get_state
from mailflow.web.mailhtml import frame_csp, frame_document, sanitise
from mailflow.web.queries.thread import ThreadView
from mailflow.web.render import render

router = APIRouter()
log = logging.getLogger("mailflow.web")
EDITABLE = ("draft", "pending_approval", "failed")


def outbox() -> ModuleType | None:
    try:
        from mailflow.send import outbox as module
    except ImportError:
        return None
    return module


def reply_context(request: Request, db: Session, view: ThreadView) -> dict[str, Any]:
    """What the reply panel of the thread page needs."""
    module = outbox()
    templates: list[str] = []
    if module is not None:
        try:
            templates = [
                _template_name(t) for t in module.list_templates(get_state(request).settings)
            ]
        except MailflowError as exc:
            log.warning("reply templates unavailable: %s", exc)
    editable = [d for d in view.drafts if d.state in EDITABLE and d.purpose == "reply"]
    return {
        "replies_available": module is not None,
        "templates": templates,
        "draft": editable[-1] if editable else None,
    }


def _template_name(item: object) -> str:
    return item if isinstance(item, str) else str(getattr(item, "name", item))


def _require_outbox() -> ModuleType:
    module = outbox()
    if module is None:
        raise HTTPException(503, "replies are not available in this installation yet")
    return module


def _draft(db: Session, draft_id: int) -> tuple[Draft, Thread]:
    draft = db.get(Draft, draft_id)
    thread = db.get(Thread, draft.thread_id) if draft else None
    if draft is None or thread is None:
        raise HTTPException(404, "no such draft")
    return draft, thread


def _call(function: Any, *args: Any, **kwargs: Any) -> Any:
    """Run an outbox function; its refusals become a 4xx with its message."""
    try:
        return function(*args, **kwargs)
    except (MailflowError, ValueError, LookupError) as exc:
        if isinstance(exc, Refused):
            raise
        raise InvalidInput(str(exc) or exc.__class__.__name__) from exc
    except PermissionError as exc:
        raise HTTPException(403, str(exc) or "not allowed") from exc


@router.post("/threads/{ref}/draft")
def regenerate(
    request: Request,
    db: Db,
    user: Staff,
    ref: str,
    template: Annotated[str, Form(max_length=255)] = "",
) -> Response:
    from mailflow.web.routes.thread import require_thread

    module = _require_outbox()
    thread = require_thread(db, ref)
    settings = get_state(request).settings
    if template and template not in [_template_name(t) for t in module.list_templates(settings)]:
        raise InvalidInput(f"unknown template {template!r}")
    _call(
        module.regenerate_draft,
        db,
        thread.id,
        settings=settings,
        template=template or None,
        actor=user.username,
    )
    db.commit()
    return RedirectResponse(f"/threads/{thread.ref}?done=regenerated#reply", status_code=303)


@router.post("/drafts/{draft_id}")
def save(
    db: Db,
    user: Staff,
    draft_id: int,
    subject: Annotated[str, Form(max_length=998)],
    body_text: Annotated[str, Form(max_length=200_000)],
) -> Response:
    module = _require_outbox()
    draft, thread = _draft(db, draft_id)
    if not subject.strip():
        raise InvalidInput("the subject is empty")
    if not body_text.strip():
        raise InvalidInput("the message is empty")
    _call(
        module.update_draft, db, draft.id, subject=subject, body_text=body_text, actor=user.username
    )
    db.commit()
    return RedirectResponse(f"/threads/{thread.ref}?done=saved#reply", status_code=303)


@router.get("/drafts/{draft_id}/preview")
def preview(request: Request, db: Db, user: Staff, draft_id: int) -> Response:
    module = _require_outbox()
    draft, thread = _draft(db, draft_id)
    text, _html = _call(module.preview, db, draft.id, settings=get_state(request).settings)
    return render(request, "preview.html", {"draft": draft, "t": thread, "text": text}, user=user)


@router.get("/drafts/{draft_id}/preview/html")
def preview_html(request: Request, db: Db, user: Staff, draft_id: int) -> Response:
    module = _require_outbox()
    draft, _thread = _draft(db, draft_id)
    _text, html = _call(module.preview, db, draft.id, settings=get_state(request).settings)
    return HTMLResponse(
        frame_document(sanitise(html or "")),
        headers={
            "Content-Security-Policy": frame_csp(allow_images=False),
            "X-Frame-Options": "SAMEORIGIN",
        },
    )


@router.post("/drafts/{draft_id}/approve")
def approve(
    request: Request, db: Db, user: Staff, draft_id: int, tasks: BackgroundTasks
) -> Response:
    module = _require_outbox()
    draft, thread = _draft(db, draft_id)
    if draft.state not in EDITABLE:
        raise Conflict(f"this reply is already {draft.state}")
    _call(
        module.approve_draft,
        db,
        draft.id,
        actor=user.username,
        role=user.role,
        settings=get_state(request).settings,
    )
    db.commit()
    state = get_state(request)
    tasks.add_task(send_now, module, state.engine, state.settings)
    return RedirectResponse(f"/threads/{thread.ref}?done=approved#reply", status_code=303)


def send_now(module: ModuleType, engine: Engine, settings: Settings) -> None:
    """Send what is due right after an approval (``serve`` also sends on its own schedule)."""
    try:
        module.send_due(engine, settings)
    except Exception:  # the reply stays approved and is retried by the sender loop
        log.exception("sending after approval failed; the outbox will retry")
