"""The thread page and staff actions on a thread (reclassify, assign, notes, close/reopen)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mailflow.errors import NotFound
from mailflow.services import threads
from mailflow.services.bounds import MAX_ID
from mailflow.services.messages import attachment_file, message_in_thread, thread_view
from mailflow.services.threads import assignee_names, require_thread
from mailflow.web.deps import Db, Staff, get_state
from mailflow.web.mailhtml import frame_csp, frame_document, has_remote_images, sanitise
from mailflow.web.render import render
from mailflow.web.routes.reply import reply_context

router = APIRouter()
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]

NOTICES = {
    "reclassified": "Classification saved.",
    "assigned": "Assignment saved.",
    "closed": "Thread closed.",
    "reopened": "Thread reopened.",
    "noted": "Note added.",
    "saved": "Draft saved.",
    "regenerated": "Draft regenerated.",
    "approved": "Reply approved: it is being sent.",
    "merged": "Threads merged.",
    "split": "Thread split: this is the new thread.",
}


@router.get("/threads/{ref}")
def thread_page(
    request: Request,
    db: Db,
    user: Staff,
    ref: str,
    text: bool = False,
    images: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    done: str = "",
) -> Response:
    thread = require_thread(db, ref)
    view = thread_view(db, thread)
    return render(
        request,
        "thread.html",
        {
            "view": view,
            "t": thread,
            "text_only": text,
            "images_for": images,
            "has_remote_images": has_remote_images,
            "notice": NOTICES.get(done),
            "assignees": assignee_names(db),
            **reply_context(request, db, view),
        },
        user=user,
    )


@router.get("/threads/{ref}/messages/{message_id}/body")
def message_body(
    db: Db, user: Staff, ref: str, message_id: RowId, images: bool = False
) -> Response:
    """The sanitised HTML part, for the sandboxed frame of the thread page."""
    message = message_in_thread(db, require_thread(db, ref), message_id)
    if message is None or not message.body_html:
        raise NotFound("this message has no HTML part")
    html = frame_document(sanitise(message.body_html, allow_images=images))
    return HTMLResponse(
        html,
        headers={
            "Content-Security-Policy": frame_csp(allow_images=images),
            "X-Frame-Options": "SAMEORIGIN",
            "Cache-Control": "private, no-store",
        },
    )


@router.get("/attachments/{attachment_id}")
def attachment(db: Db, user: Staff, attachment_id: RowId) -> Response:
    """Always a download, never shown inline: the browser must not run what a partner sent."""
    name, content = attachment_file(db, attachment_id)
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return Response(
        content,
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, no-store",
        },
    )


@router.post("/threads/{ref}/classification")
def reclassify(
    request: Request,
    db: Db,
    user: Staff,
    ref: str,
    partner_type: Annotated[str | None, Form()] = None,
    topic: Annotated[str | None, Form()] = None,
) -> Response:
    thread = require_thread(db, ref)
    threads.reclassify(
        db, thread, actor=user.username, partner_type=partner_type or None, topic=topic or None
    )
    return _done(request, db, thread.ref, "reclassified")


@router.post("/threads/{ref}/assign")
def assign(
    request: Request,
    db: Db,
    user: Staff,
    ref: str,
    assignee: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    thread = require_thread(db, ref)
    threads.assign(db, thread, assignee, actor=user.username)
    return _done(request, db, thread.ref, "assigned")


@router.post("/threads/{ref}/status")
def status(
    request: Request, db: Db, user: Staff, ref: str, action: Annotated[str, Form()]
) -> Response:
    thread = require_thread(db, ref)
    threads.set_status(db, thread, action, actor=user.username)
    return _done(request, db, thread.ref, "closed" if action == "close" else "reopened")


@router.post("/threads/{ref}/notes")
def add_note(
    request: Request, db: Db, user: Staff, ref: str, body: Annotated[str, Form(max_length=20_000)]
) -> Response:
    thread = require_thread(db, ref)
    threads.add_note(db, thread, body, actor=user.username)
    return _done(request, db, thread.ref, "noted")


def _done(request: Request, db: Db, ref: str, what: str) -> Response:
    db.commit()
    get_state(request).counts.clear()
    return RedirectResponse(f"/threads/{ref}?done={what}", status_code=303)
