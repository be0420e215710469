"""The JSON API for supervisors and admins: reports, audit log, users, rules, senders."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from mailflow.services.schemas import (
    EventOut,
    ReportOut,
    RuleFileOut,
    RulesOut,
    SenderOut,
    TimingOut,
    UserOut,
)
from mailflow.store.models import Event
from mailflow.web import accounts
from mailflow.web.deps import Admin, Db, Supervisor, get_state
from mailflow.web.queries import reports as rq
from mailflow.web.queries.admin import rule_files, suggested_entry, unmatched_senders
from mailflow.web.queries.audit import AuditFilter, audit_page
from mailflow.web.routes.reports import period_of

router = APIRouter(prefix="/api")


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
