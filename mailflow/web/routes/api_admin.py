"""The JSON API for supervisors and admins: reports, audit log, users, rules, senders."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from mailflow.services import accounts
from mailflow.services import rules as rule_admin
from mailflow.services.audit import AuditFilter, Event, audit_page
from mailflow.services.report_json import report_out
from mailflow.services.schemas import (
    EventOut,
    ReportOut,
    RulesOut,
    SenderOut,
    UserOut,
)
from mailflow.web.deps import Admin, Db, Supervisor, get_state
from mailflow.web.filters import ReportQuery

router = APIRouter(prefix="/api")


@router.get("/reports/summary", response_model=ReportOut, tags=["reports"])
def report(db: Db, user: Supervisor, wanted: ReportQuery) -> ReportOut:
    """The report of a period (docs/reports.md); ``mailflow report --json`` prints the same."""
    return report_out(wanted.build(db))


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
    state = get_state(request)
    return rule_admin.rules_status(state.rules, state.rules_loaded_at)


@router.post("/rules/reload", response_model=RulesOut, tags=["admin"])
def reload_rules(request: Request, db: Db, user: Admin) -> RulesOut:
    state = get_state(request)
    state.reload_rules(db, actor=user.username)
    db.commit()
    return rule_admin.rules_status(state.rules, state.rules_loaded_at)


@router.get("/senders/unmatched", response_model=list[SenderOut], tags=["admin"])
def senders(
    db: Db, user: Admin, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> list[SenderOut]:
    return list(rule_admin.unmatched_senders(db, limit))
