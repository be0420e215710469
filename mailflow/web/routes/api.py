"""The JSON API under /api: threads, replies, reports, audit log, admin. Same roles as the pages.

Authentication: the browser session (send ``X-CSRF-Token`` on writes) or HTTP Basic with a
mailflow username and password (writes must send JSON). OpenAPI: ``GET /api/openapi.json``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from mailflow.services import threads
from mailflow.services.listing import facet_counts, thread_page
from mailflow.services.messages import thread_detail, thread_view
from mailflow.services.schemas import (
    AssigneeIn,
    ClassificationIn,
    NoteIn,
    NoteOut,
    StatusIn,
    ThreadDetail,
    ThreadPage,
    ThreadSummary,
)
from mailflow.services.threads import Thread, require_thread
from mailflow.web.deps import Db, Staff, get_state
from mailflow.web.filters import ThreadQuery

DESCRIPTION = __doc__ or ""
router = APIRouter(prefix="/api")


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, user: Staff) -> JSONResponse:
    return JSONResponse(request.app.openapi())


@router.get("/threads", response_model=ThreadPage, tags=["threads"])
def list_threads(
    request: Request,
    db: Db,
    user: Staff,
    f: ThreadQuery,
    after: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ThreadPage:
    """Threads, filtered like the inbox; ``after`` is the previous page's ``next_cursor``.

    ``since`` keeps the threads active on or after it (ISO 8601). ``mailflow threads --json``
    prints the same document.
    """
    counts = get_state(request).counts.get_or_compute(f, lambda: facet_counts(db, f))
    return thread_page(db, f, after=after, limit=limit, counts=counts)


@router.get("/threads/{ref}", response_model=ThreadDetail, tags=["threads"])
def get_thread(db: Db, user: Staff, ref: str) -> ThreadDetail:
    """The thread with its messages, attachments, notes and drafts (``mailflow show --json``)."""
    return thread_detail(thread_view(db, require_thread(db, ref)))


@router.post("/threads/{ref}/classification", response_model=ThreadSummary, tags=["threads"])
def reclassify(
    request: Request, db: Db, user: Staff, ref: str, body: ClassificationIn
) -> ThreadSummary:
    """Set the partner type and/or topic; kept when the thread is processed again."""
    thread = require_thread(db, ref)
    threads.reclassify(
        db, thread, actor=user.username, partner_type=body.partner_type, topic=body.topic
    )
    return _saved(request, db, thread)


@router.post("/threads/{ref}/assignee", response_model=ThreadSummary, tags=["threads"])
def assign(request: Request, db: Db, user: Staff, ref: str, body: AssigneeIn) -> ThreadSummary:
    thread = require_thread(db, ref)
    threads.assign(db, thread, body.assignee, actor=user.username)
    return _saved(request, db, thread)


@router.post("/threads/{ref}/status", response_model=ThreadSummary, tags=["threads"])
def set_status(request: Request, db: Db, user: Staff, ref: str, body: StatusIn) -> ThreadSummary:
    thread = require_thread(db, ref)
    threads.set_status(db, thread, body.action, actor=user.username)
    return _saved(request, db, thread)


@router.post("/threads/{ref}/notes", response_model=NoteOut, status_code=201, tags=["threads"])
def add_note(db: Db, user: Staff, ref: str, body: NoteIn) -> NoteOut:
    note = threads.add_note(db, require_thread(db, ref), body.body, actor=user.username)
    db.commit()
    return NoteOut.model_validate(note)


def _saved(request: Request, db: Db, thread: Thread) -> ThreadSummary:
    db.commit()
    get_state(request).counts.clear()
    return ThreadSummary.model_validate(thread)
