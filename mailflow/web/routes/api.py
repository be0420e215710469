"""The JSON API under /api: threads, replies, reports, audit log, admin. Same roles as the pages.

Authentication: the browser session (send ``X-CSRF-Token`` on writes) or HTTP Basic with a
mailflow username and password (writes must send JSON). OpenAPI: ``GET /api/openapi.json``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from mailflow.store.models import Event, Thread
from mailflow.web import accounts, actions
from mailflow.web.deps import Admin, Db, Staff, Supervisor, get_state
from mailflow.web.queries import reports as rq
from mailflow.web.queries.admin import rule_files, suggested_entry, unmatched_senders
from mailflow.web.queries.audit import AuditFilter, audit_page
from mailflow.web.queries.inbox import InboxFilter, facet_counts, inbox_page, total_count
from mailflow.web.queries.thread import load_thread, thread_drafts, thread_view
from mailflow.web.routes.reply import _call, _draft, _require_outbox
from mailflow.web.routes.reports import period_of
from mailflow.web.schemas import (
    AssigneeIn,
    AttachmentOut,
    ClassificationIn,
    DraftIn,
    DraftOut,
    EventOut,
    MessageOut,
    NoteIn,
    NoteOut,
    RegenerateIn,
    ReportOut,
    RuleFileOut,
    RulesOut,
    SenderOut,
    StatusIn,
    ThreadDetail,
    ThreadPage,
    ThreadSummary,
    TimingOut,
    UserOut,
)

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


@router.get("/reports/summary", response_model=ReportOut, tags=["reports"])
def report(
    request: Request,
    db: Db,
    user: Supervisor,
    start: date | None = None,
    end: date | None = None,
    step: str = "week",
) -> ReportOut:
    if step not in ("week", "month"):
        raise HTTPException(422, "step must be week or month")
    state = get_state(request)
    period = period_of(request, start, end)
    rows = rq.human_threads(db, period)
    now = datetime.now(UTC)
    columns, by_partner = rq.volume(rows, "partner_type", period, step)
    _columns, by_topic = rq.volume(rows, "topic", period, step)
    target = state.settings.web.sla_working_days
    return ReportOut(
        start=period.start,
        end=period.end,
        threads=len(rows),
        periods=columns,
        response_times=[_timing(t) for t in rq.response_times(rows, None)],
        by_partner_type=[_timing(t) for t in rq.response_times(rows, "partner_type")],
        by_topic=[_timing(t) for t in rq.response_times(rows, "topic")],
        sla_target_working_days=target,
        sla_breaches=[b.row.ref for b in rq.sla_breaches(rows, target, now, state.tz)],
        backlog=dict(rq.backlog(db, now)),
        volume_by_partner_type=by_partner,
        volume_by_topic=by_topic,
    )


def _timing(t: rq.Timing) -> TimingOut:
    return TimingOut(
        group=t.group,
        count=t.count,
        answered=t.answered,
        median_hours=t.median_hours,
        p90_hours=t.p90_hours,
    )


@router.get("/events", response_model=list[EventOut], tags=["audit"])
def events(
    db: Db,
    user: Supervisor,
    actor: str = "",
    action: str = "",
    ref: str = "",
    before: int | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[EventOut]:
    """The audit log, newest first; pass the last id as ``before`` for the next page."""
    rows, _next = audit_page(
        db, AuditFilter(actor=actor, action=action, ref=ref), before=before, limit=limit
    )
    return [_event(e, r) for e, r in rows]


def _event(event: Event, ref: str | None) -> EventOut:
    return EventOut(
        id=event.id or 0,
        at=event.at,
        actor=event.actor,
        action=event.action,
        thread_ref=ref,
        data=event.data,
    )


@router.get("/users", response_model=list[UserOut], tags=["admin"])
def users(db: Db, user: Admin) -> list[UserOut]:
    return [UserOut.model_validate(u) for u in accounts.list_users(db)]


@router.get("/rules", response_model=RulesOut, tags=["admin"])
def rules(request: Request, user: Admin) -> RulesOut:
    return _rules(request)


@router.post("/rules/reload", response_model=RulesOut, tags=["admin"])
def reload_rules(request: Request, db: Db, user: Admin) -> RulesOut:
    ok = get_state(request).reload_rules()
    db.add(
        Event(at=datetime.now(UTC), actor=user.username, action="rules.reloaded", data={"ok": ok})
    )
    db.commit()
    return _rules(request)


def _rules(request: Request) -> RulesOut:
    state = get_state(request)
    files: list[Any] = [
        RuleFileOut(name=f.name, sha256=f.sha256, loaded=f.loaded) for f in rule_files(state.rules)
    ]
    return RulesOut(
        directory=str(state.rules.directory),
        ok=state.rules.last_error is None,
        error=state.rules.last_error,
        loaded_at=state.rules_loaded_at,
        files=files,
    )


@router.get("/senders/unmatched", response_model=list[SenderOut], tags=["admin"])
def senders(
    db: Db, user: Admin, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> list[SenderOut]:
    return [
        SenderOut(
            addr=c.addr,
            name=c.name,
            message_count=c.message_count,
            last_seen=c.last_seen,
            suggestion=suggested_entry(c),
        )
        for c in unmatched_senders(db, limit)
    ]
