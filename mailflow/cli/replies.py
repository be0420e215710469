"""Commands over replies: templates check, drafts, draft show|edit|approve|regenerate, outbox, send."""

from __future__ import annotations

import getpass
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click
import typer
from sqlmodel import Session

from mailflow.cli.common import JsonOption, console, fail, print_json, state
from mailflow.draft.render import check_templates, list_template_names
from mailflow.send import outbox
from mailflow.send.states import APPROVED, FAILED, PENDING, SENDING
from mailflow.store.models import Draft, Thread
from mailflow.store.queries import thread_by_ref

templates_app = typer.Typer(help="Reply templates: check and list.", no_args_is_help=True)
draft_app = typer.Typer(
    help="One thread's reply draft: show, edit, approve, regenerate.", no_args_is_help=True
)
ActorOption = typer.Option(None, "--actor", help="Who does it (default: your login name).")
ThreadArgument = typer.Argument(..., help="COOP-2026-00042 or a thread id.")


def register(app: typer.Typer) -> None:
    app.add_typer(templates_app, name="templates")
    app.add_typer(draft_app, name="draft")
    app.command("drafts")(drafts)
    app.command("outbox")(outbox_list)
    app.command("send")(send)


@templates_app.command("check")
def templates_check(
    ctx: typer.Context,
    directory: Path | None = typer.Option(None, "--dir"),
    as_json: bool = JsonOption,
) -> None:
    """Render every template against a sample context; report problems with file and line."""
    folder = (directory or state(ctx).settings.templates_dir).resolve()
    problems = check_templates(folder)
    if as_json:
        print_json({"ok": not problems, "problems": [asdict(p) for p in problems]})
    else:
        for problem in problems:
            console.print(str(problem), markup=False, highlight=False)
        if not problems:
            console.print(f"{len(list_template_names(folder))} templates OK", highlight=False)
    if problems:
        raise typer.Exit(1)


@templates_app.command("list")
def templates_list(ctx: typer.Context, as_json: bool = JsonOption) -> None:
    """Templates a reply can be made from (``lang/name``)."""
    names = outbox.list_templates(state(ctx).settings)
    if as_json:
        print_json(names)
    else:
        console.print("\n".join(names), markup=False, highlight=False)


def drafts(
    ctx: typer.Context,
    draft_state: list[str] = typer.Option([], "--state"),
    purpose: str | None = typer.Option(None, help="reply or ack."),
    limit: int = typer.Option(100, min=1),
    as_json: bool = JsonOption,
) -> None:
    """List drafts, most recently changed first."""
    with Session(state(ctx).engine) as session:
        rows = [
            _row(session, d)
            for d in outbox.list_drafts(session, states=draft_state, purpose=purpose, limit=limit)
        ]
    _print_rows(rows, as_json)


def outbox_list(ctx: typer.Context, as_json: bool = JsonOption) -> None:
    """Replies waiting for approval, waiting to go, going, or failed."""
    with Session(state(ctx).engine) as session:
        rows = [
            _row(session, d)
            for d in outbox.list_drafts(
                session, states=(PENDING, APPROVED, SENDING, FAILED), limit=1000
            )
        ]
    _print_rows(rows, as_json)


def send(ctx: typer.Context, as_json: bool = JsonOption) -> None:
    """Process the outbox once: send what is approved and due."""
    settings = state(ctx).settings
    if not settings.relay.enabled:
        raise fail("the relay is not configured ([relay] enabled = true)")
    report = outbox.send_due(state(ctx).engine, settings)
    if as_json:
        print_json(report.to_dict())
        return
    for outcome, ids in report.to_dict().items():
        if ids:
            console.print(f"{outcome}: {', '.join(map(str, ids))}", highlight=False)
    if report.failed or report.uncertain:
        raise typer.Exit(1)


@draft_app.command("show")
def draft_show(ctx: typer.Context, ref: str = ThreadArgument, as_json: bool = JsonOption) -> None:
    """Show the thread's reply draft, headers and text."""
    with Session(state(ctx).engine) as session:
        draft = _current(session, ref)
        row = _row(session, draft)
    if as_json:
        print_json({**row, "body_text": draft.body_text, "body_html": draft.body_html})
        return
    for key in ("thread", "id", "state", "template", "to", "subject", "last_error"):
        if row[key]:
            console.print(f"{key}: {row[key]}", markup=False, highlight=False)
    console.rule()
    console.print(draft.body_text, markup=False, highlight=False)


@draft_app.command("edit")
def draft_edit(
    ctx: typer.Context,
    ref: str = ThreadArgument,
    subject: str | None = typer.Option(None),
    body_file: Path | None = typer.Option(None, "--body-file", help="New text ('-' reads stdin)."),
    actor: str | None = ActorOption,
    as_json: bool = JsonOption,
) -> None:
    """Change the draft's subject or text (opens $EDITOR without --body-file)."""
    with Session(state(ctx).engine, expire_on_commit=False) as session:
        draft = _current(session, ref)
        text = _new_text(draft.body_text, body_file)
        try:
            draft = outbox.update_draft(
                session,
                draft.id or 0,
                subject=subject or draft.subject,
                body_text=text,
                actor=actor or _me(),
            )
        except outbox.DraftStateError as exc:
            raise fail(str(exc)) from exc
        session.commit()
        _done(session, draft, as_json)


@draft_app.command("approve")
def draft_approve(
    ctx: typer.Context,
    ref: str = ThreadArgument,
    actor: str | None = ActorOption,
    role: str = typer.Option("staff", help="staff, supervisor or admin."),
    as_json: bool = JsonOption,
) -> None:
    """Approve the draft for sending (four-eyes: a staff approval waits for a supervisor)."""
    settings = state(ctx).settings
    with Session(state(ctx).engine, expire_on_commit=False) as session:
        draft = _current(session, ref)
        try:
            draft = outbox.approve_draft(
                session, draft.id or 0, actor=actor or _me(), role=role, settings=settings
            )
        except outbox.DraftStateError as exc:
            raise fail(str(exc)) from exc
        session.commit()
        _done(session, draft, as_json)


@draft_app.command("regenerate")
def draft_regenerate(
    ctx: typer.Context,
    ref: str = ThreadArgument,
    template: str | None = typer.Option(None, help="e.g. training or en/partnership."),
    actor: str | None = ActorOption,
    as_json: bool = JsonOption,
) -> None:
    """Make the draft again from a template (the rules' choice by default)."""
    settings = state(ctx).settings
    with Session(state(ctx).engine, expire_on_commit=False) as session:
        thread = _thread(session, ref)
        try:
            draft = outbox.regenerate_draft(
                session, thread.id or 0, settings=settings, template=template, actor=actor or _me()
            )
        except outbox.DraftStateError as exc:
            raise fail(str(exc)) from exc
        session.commit()
        _done(session, draft, as_json)


def _thread(session: Session, ref: str) -> Thread:
    thread = thread_by_ref(session, ref)
    if thread is None:
        raise fail(f"no thread {ref}")
    return thread


def _current(session: Session, ref: str) -> Draft:
    thread = _thread(session, ref)
    draft = outbox.current_draft(session, thread.id or 0)
    if draft is None:
        raise fail(f"{thread.ref} has no reply draft (mailflow draft regenerate {thread.ref})")
    return draft


def _new_text(current: str, body_file: Path | None) -> str:
    if body_file is None:
        edited = click.edit(current, extension=".txt")
        return current if edited is None else edited
    if str(body_file) == "-":
        return sys.stdin.read()
    return body_file.read_text(encoding="utf-8")


def _row(session: Session, draft: Draft) -> dict[str, Any]:
    thread = session.get(Thread, draft.thread_id)
    return {
        "id": draft.id,
        "thread": thread.ref if thread else None,
        "purpose": draft.purpose,
        "state": draft.state,
        "template": draft.template,
        "lang": draft.lang,
        "to": draft.to_addrs,
        "subject": draft.subject,
        "author": draft.author,
        "approved_by": draft.approved_by,
        "attempts": draft.attempts,
        "next_attempt_at": draft.next_attempt_at,
        "message_id": draft.outgoing_message_id,
        "sent_at": draft.sent_at,
        "delivery_failed": draft.delivery_failed,
        "last_error": draft.last_error,
        "updated_at": draft.updated_at,
    }


def _print_rows(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print_json(rows)
        return
    for r in rows:
        flag = " DELIVERY FAILED" if r["delivery_failed"] else ""
        console.print(
            f"#{r['id']:<5} [{r['thread']}] {r['purpose']:<5} {r['state']:<16} "
            f"{', '.join(r['to'])[:40]:<40} {r['subject'][:60]}{flag}",
            markup=False,
            highlight=False,
        )
        if r["last_error"] and r["state"] in (FAILED, APPROVED):
            console.print(f"       {r['last_error'][:200]}", markup=False, highlight=False)


def _done(session: Session, draft: Draft, as_json: bool) -> None:
    row = _row(session, draft)
    if as_json:
        print_json(row)
    else:
        console.print(f"draft #{row['id']} of [{row['thread']}] is {row['state']}", highlight=False)


def _me() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"
