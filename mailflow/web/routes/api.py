"""The JSON API under /api: threads, replies, reports, audit log, admin. Same roles as the pages.

Authentication: the browser session (send ``X-CSRF-Token`` on writes) or HTTP Basic with a
mailflow username and password (writes must send JSON). OpenAPI: ``GET /api/openapi.json``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from mailflow.services.schemas import (
    AssigneeIn,
    AttachmentOut,
    ClassificationIn,
    DraftOut,
    MessageOut,
    NoteIn,
    NoteOut,
    StatusIn,
    ThreadDetail,
    ThreadPage,
    ThreadSummary,
)
from mailflow.store.models import Thread
from mailflow.web import actions
from mailflow.web.deps import Db, Staff, get_state
from mailflow.web.queries.inbox import InboxFilter, facet_counts, inbox_page, total_count
from mailflow.web.queries.thread import load_thread, thread_view

DESCRIPTION = __doc__ or ""
router = APIRouter(prefix="/api")


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, user: Staff) -> JSONResponse:
    return JSONResponse(request.app.openapi())


def _thread(db: Db, ref: str) -> Thread:
    thread = load_thread(db, ref)
    if thread is None:
        raise HTTPException(404, f"no thread {ref}")
    return thread


@router.get("/threads", response_model=ThreadPage, tags=["threads"])
def list_threads(
    request: Request,
    db: Db,
    user: Staff,
    status: str = "",
    partner_type: str = "",
    topic: str = "",
    kind: str = "",
    assignee: str = "",
    q: Annotated[str, Query(max_length=200)] = "",
    sort: str = "activity",
    after: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ThreadPage:
    """Threads, filtered like the inbox; ``after`` is the previous page's ``next_cursor``."""
    f = InboxFilter(
        status=status,
        partner_type=partner_type,
        topic=topic,
        kind=kind,
        assignee=assignee,
        q=q,
        sort=sort,
    )
    page = inbox_page(db, f, cursor=after, limit=limit)
    counts = get_state(request).counts.get_or_compute(f, lambda: facet_counts(db, f))
    return ThreadPage(
        threads=[ThreadSummary.model_validate(t) for t in page.threads],
        next_cursor=page.next_cursor,
        total=total_count(counts, f),
        counts=counts,
        counts_capped=counts.capped,
    )


@router.get("/threads/{ref}", response_model=ThreadDetail, tags=["threads"])
def get_thread(db: Db, user: Staff, ref: str) -> ThreadDetail:
    view = thread_view(db, _thread(db, ref))
    messages = [
        MessageOut.model_validate(
            {
                **m.model_dump(),
                "has_html": bool(m.body_html),
                "attachments": [
                    AttachmentOut(
                        id=a.id,
                        filename=a.filename,
                        content_type=a.content_type,
                        size=a.size,
                        url=f"/attachments/{a.id}",
                    )
                    for a in view.attachments.get(m.id or 0, [])
                ],
            }
        )
        for m in view.messages
    ]
    return ThreadDetail.model_validate(
        {
            **view.thread.model_dump(),
            "messages": messages,
            "notes": [NoteOut.model_validate(n) for n in view.notes],
            "drafts": [DraftOut.model_validate(d) for d in view.drafts],
        }
    )


@router.post("/threads/{ref}/classification", response_model=ThreadSummary, tags=["threads"])
def reclassify(
    request: Request, db: Db, user: Staff, ref: str, body: ClassificationIn
) -> ThreadSummary:
    """Set the partner type and/or topic; kept when the thread is processed again."""
    thread = _thread(db, ref)
    actions.reclassify(
        db, thread, actor=user.username, partner_type=body.partner_type, topic=body.topic
    )
    return _saved(request, db, thread)


@router.post("/threads/{ref}/assignee", response_model=ThreadSummary, tags=["threads"])
def assign(request: Request, db: Db, user: Staff, ref: str, body: AssigneeIn) -> ThreadSummary:
    thread = _thread(db, ref)
    actions.assign(db, thread, body.assignee, actor=user.username)
    return _saved(request, db, thread)


@router.post("/threads/{ref}/status", response_model=ThreadSummary, tags=["threads"])
def set_status(request: Request, db: Db, user: Staff, ref: str, body: StatusIn) -> ThreadSummary:
    thread = _thread(db, ref)
    actions.set_status(db, thread, body.action, actor=user.username)
    return _saved(request, db, thread)


@router.post("/threads/{ref}/notes", response_model=NoteOut, status_code=201, tags=["threads"])
def add_note(db: Db, user: Staff, ref: str, body: NoteIn) -> NoteOut:
    note = actions.add_note(db, _thread(db, ref), body.body, actor=user.username)
    db.commit()
    return NoteOut.model_validate(note)


def _saved(request: Request, db: Db, thread: Thread) -> ThreadSummary:
    db.commit()
    get_state(request).counts.clear()
    return ThreadSummary.model_validate(thread)
