"""Admin pages: users, rule files (status, reload), unmatched senders, thread merge and split."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from mailflow.errors import AccountError, InvalidInput, NotFound, ThreadError
from mailflow.pipeline import next_reference
from mailflow.store.models import Event
from mailflow.store.threadops import merge_threads, split_thread
from mailflow.web import accounts
from mailflow.web.csvexport import csv_response
from mailflow.web.deps import Admin, Db, get_state
from mailflow.web.queries.admin import rule_files, suggested_entry, unmatched_senders
from mailflow.web.queries.thread import load_thread, thread_view
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


@router.get("")
def admin_home(user: Admin) -> Response:
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/users")
def users(request: Request, db: Db, user: Admin, done: str = "") -> Response:
    return render(
        request,
        "admin_users.html",
        {
            "users": accounts.list_users(db),
            "roles": accounts.ROLES,
            "notice": NOTICES.get(done),
            "section": "users",
        },
        user=user,
    )


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
    try:
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
    except AccountError as exc:
        raise InvalidInput(str(exc)) from exc
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
    account = accounts.find_user(db, username)
    if account is None:
        raise HTTPException(404, f"no user {username!r}")
    if account.username == user.username and (disabled == "1" or (role and role != "admin")):
        raise InvalidInput("you cannot disable yourself or give up your own admin role")
    try:
        if role is not None:
            accounts.set_role(db, account, role, actor=user.username)
        if disabled is not None:
            accounts.set_disabled(db, account, disabled == "1", actor=user.username)
        if password:
            accounts.set_password(db, account, password, actor=user.username)
    except AccountError as exc:
        raise InvalidInput(str(exc)) from exc
    db.commit()
    return RedirectResponse("/admin/users?done=updated", status_code=303)


@router.get("/rules")
def rules(request: Request, user: Admin, done: str = "") -> Response:
    state = get_state(request)
    return render(
        request,
        "admin_rules.html",
        {
            "files": rule_files(state.rules),
            "error": state.rules.last_error,
            "loaded_at": state.rules_loaded_at,
            "directory": state.rules.directory,
            "notice": NOTICES.get(done),
            "section": "rules",
        },
        user=user,
    )


@router.post("/rules/reload")
def reload_rules(request: Request, db: Db, user: Admin) -> Response:
    ok = get_state(request).reload_rules()
    db.add(
        Event(at=datetime.now(UTC), actor=user.username, action="rules.reloaded", data={"ok": ok})
    )
    db.commit()
    return RedirectResponse(
        f"/admin/rules?done={'reloaded' if ok else 'reload_failed'}", status_code=303
    )


@router.get("/senders")
def senders(request: Request, db: Db, user: Admin) -> Response:
    contacts = unmatched_senders(db)
    return render(
        request,
        "admin_senders.html",
        {"contacts": contacts, "suggest": suggested_entry, "section": "senders", "notice": None},
        user=user,
    )


@router.get("/senders.csv")
def senders_csv(db: Db, user: Admin) -> Response:
    rows = (
        [c.addr, c.name, c.message_count, c.first_seen, c.last_seen, suggested_entry(c)]
        for c in unmatched_senders(db, limit=100_000)
    )
    return csv_response(
        "mailflow-unmatched-senders.csv",
        ["address", "name", "messages", "first_seen", "last_seen", "suggestion"],
        rows,
    )


@router.get("/threads")
def threads(request: Request, db: Db, user: Admin, ref: str = "", done: str = "") -> Response:
    thread = load_thread(db, ref) if ref else None
    if ref and thread is None:
        raise HTTPException(404, f"no thread {ref}")
    return render(
        request,
        "admin_threads.html",
        {
            "view": thread_view(db, thread) if thread else None,
            "ref": ref,
            "notice": NOTICES.get(done),
            "section": "threads",
        },
        user=user,
    )


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
    try:
        merged = merge_threads(db, target.strip(), refs, actor=user.username)
    except ThreadError as exc:
        raise InvalidInput(str(exc)) from exc
    db.commit()
    return RedirectResponse(f"/threads/{merged.ref}?done=merged", status_code=303)


@router.post("/threads/split")
def split(
    request: Request,
    db: Db,
    user: Admin,
    ref: Annotated[str, Form(max_length=40)],
    messages: Annotated[list[int], Form()],
) -> Response:
    thread = load_thread(db, ref)
    if thread is None:
        raise NotFound(f"no thread {ref}")
    prefix = get_state(request).settings.reference_prefix
    try:
        with db.begin_nested():
            new = split_thread(
                db,
                thread.ref,
                messages,
                actor=user.username,
                new_ref=next_reference(db, prefix, datetime.now(UTC).year),
            )
    except ThreadError as exc:
        raise InvalidInput(str(exc)) from exc
    db.commit()
    return RedirectResponse(f"/threads/{new.ref}?done=split", status_code=303)
