"""Admin pages: users, rule files (status, reload), unmatched senders, thread merge and split."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import Field

from mailflow.errors import InvalidInput
from mailflow.services import accounts
from mailflow.services import rules as rule_admin
from mailflow.services.bounds import MAX_ID
from mailflow.services.messages import thread_view
from mailflow.services.regroup import merge_threads, split_thread
from mailflow.services.threads import require_thread
from mailflow.web.csvexport import csv_response
from mailflow.web.deps import Admin, CurrentUser, Db, get_state
from mailflow.web.render import render

router = APIRouter(prefix="/admin")

NOTICES = {
    "created": "User created.",
    "updated": "User updated.",
    "reloaded": "Rules reloaded.",
    "reload_failed": "The rule files have problems: the previous rules stay in use.",
    "merged": "Threads merged.",
    "split": "Thread split.",
}


def _page(
    request: Request, user: CurrentUser, section: str, context: dict[str, Any], done: str = ""
) -> Response:
    """The page ``admin_{section}.html``, with the section's tab and the notice of ``done``."""
    context = {**context, "notice": NOTICES.get(done), "section": section}
    return render(request, f"admin_{section}.html", context, user=user)


@router.get("")
def admin_home(user: Admin) -> Response:
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/users")
def users(request: Request, db: Db, user: Admin, done: str = "") -> Response:
    context = {"users": accounts.list_users(db), "roles": accounts.ROLES}
    return _page(request, user, "users", context, done)


@router.post("/users")
def create_user(
    db: Db,
    user: Admin,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    role: Annotated[str, Form()] = "staff",
    display_name: Annotated[str, Form(max_length=255)] = "",
    email: Annotated[str, Form(max_length=320)] = "",
    language: Annotated[str, Form()] = "fr",
) -> Response:
    accounts.create_user(
        db,
        username,
        password,
        role=role,
        display_name=display_name,
        email=email,
        language=language,
        actor=user.username,
    )
    db.commit()
    return RedirectResponse("/admin/users?done=created", status_code=303)


@router.post("/users/{username}")
def update_user(
    db: Db,
    user: Admin,
    username: str,
    role: Annotated[str | None, Form()] = None,
    disabled: Annotated[str | None, Form()] = None,
    password: Annotated[str | None, Form(max_length=1024)] = None,
) -> Response:
    accounts.update_user(
        db,
        username,
        actor=user.username,
        role=role,
        disabled=None if disabled is None else disabled == "1",
        password=password,
    )
    db.commit()
    return RedirectResponse("/admin/users?done=updated", status_code=303)


@router.get("/rules")
def rules(request: Request, user: Admin, done: str = "") -> Response:
    state = get_state(request)
    status = rule_admin.rules_status(state.rules, state.rules_loaded_at)
    context = {
        "files": status.files,
        "error": status.error,
        "loaded_at": status.loaded_at,
        "directory": status.directory,
    }
    return _page(request, user, "rules", context, done)


@router.post("/rules/reload")
def reload_rules(request: Request, db: Db, user: Admin) -> Response:
    ok = get_state(request).reload_rules(db, actor=user.username)
    db.commit()
    return RedirectResponse(
        f"/admin/rules?done={'reloaded' if ok else 'reload_failed'}", status_code=303
    )


@router.get("/senders")
def senders(request: Request, db: Db, user: Admin) -> Response:
    return _page(request, user, "senders", {"contacts": rule_admin.unmatched_senders(db)})


@router.get("/senders.csv")
def senders_csv(db: Db, user: Admin) -> Response:
    rows = (
        [c.addr, c.name, c.message_count, c.first_seen, c.last_seen, c.suggestion]
        for c in rule_admin.unmatched_senders(db, limit=100_000)
    )
    return csv_response(
        "mailflow-unmatched-senders.csv",
        ["address", "name", "messages", "first_seen", "last_seen", "suggestion"],
        rows,
    )


@router.get("/threads")
def threads(request: Request, db: Db, user: Admin, ref: str = "", done: str = "") -> Response:
    thread = require_thread(db, ref) if ref else None
    context = {"view": thread_view(db, thread) if thread else None, "ref": ref}
    return _page(request, user, "threads", context, done)


@router.post("/threads/merge")
def merge(
    db: Db,
    user: Admin,
    target: Annotated[str, Form(max_length=40)],
    sources: Annotated[str, Form(max_length=2000)],
) -> Response:
    refs = [r for r in sources.replace(",", " ").split() if r]
    if not refs:
        raise InvalidInput("give at least one thread to merge into the target")
    merged = merge_threads(db, target.strip(), refs, actor=user.username)
    db.commit()
    return RedirectResponse(f"/threads/{merged.ref}?done=merged", status_code=303)


@router.post("/threads/split")
def split(
    request: Request,
    db: Db,
    user: Admin,
    ref: Annotated[str, Form(max_length=40)],
    messages: Annotated[list[Annotated[int, Field(ge=1, le=MAX_ID)]], Form()],
) -> Response:
    thread = require_thread(db, ref)
    prefix = get_state(request).settings.reference_prefix
    new = split_thread(db, thread.ref, messages, actor=user.username, prefix=prefix)
    db.commit()
    return RedirectResponse(f"/threads/{new.ref}?done=split", status_code=303)
