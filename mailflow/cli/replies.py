"""Commands over replies: templates check, drafts, draft show|edit|approve|regenerate, outbox, send."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import click
import typer

from mailflow.cli.common import JsonOption, console, fail, print_json, refusals, state
from mailflow.draft.render import check_templates, list_template_names
from mailflow.runtime import load_rules
from mailflow.services import replies
from mailflow.services.db import Session, read_only, unit_of_work
from mailflow.services.schemas import DraftRow
from mailflow.states import DraftState

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
    names = replies.list_templates(state(ctx).settings)
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
    with read_only(state(ctx).engine) as session:
        rows = replies.draft_rows(session, states=draft_state, purpose=purpose, limit=limit)
    _print_rows(rows, as_json)


def outbox_list(ctx: typer.Context, as_json: bool = JsonOption) -> None:
    """Replies waiting for approval, waiting to go, going, or failed."""
    with read_only(state(ctx).engine) as session:
        rows = replies.outbox_rows(session)
    _print_rows(rows, as_json)


def send(ctx: typer.Context, as_json: bool = JsonOption) -> None:
    """Process the outbox once: send what is approved and due, then thread the sent copies."""
    settings = state(ctx).settings
    if not settings.relay.enabled:
        raise fail("the relay is not configured ([relay] enabled = true)")
    report = replies.send_now(state(ctx).engine, settings, load_rules(settings, strict=False))
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
    with refusals(), read_only(state(ctx).engine) as session:
        draft = replies.current_draft(session, ref)
        row = replies.draft_row(session, draft).model_dump()
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

    def edit(session: Session) -> replies.Draft:
        draft = replies.current_draft(session, ref)
        text = _new_text(draft.body_text, body_file)
        return replies.update(
            session,
            draft.id or 0,
            subject=subject or draft.subject,
            body_text=text,
            actor=actor or _me(),
        )

    _change_draft(ctx, edit, as_json)


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

    def approve(session: Session) -> replies.Draft:
        draft_id = replies.current_draft(session, ref).id or 0
        return replies.approve(
            session, draft_id, actor=actor or _me(), role=role, settings=settings
        )

    _change_draft(ctx, approve, as_json)


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
    _change_draft(
        ctx,
        lambda session: replies.regenerate(
            session, ref, settings=settings, template=template, actor=actor or _me()
        ),
        as_json,
    )


def _change_draft(
    ctx: typer.Context, change: Callable[[Session], replies.Draft], as_json: bool
) -> None:
    """Make ``change`` in one transaction, then print the draft as it left it."""
    with refusals(), unit_of_work(state(ctx).engine) as session:
        row = replies.draft_row(session, change(session))
    _done(row, as_json)


def _new_text(current: str, body_file: Path | None) -> str:
    if body_file is None:
        edited = click.edit(current, extension=".txt")
        return current if edited is None else edited
    if str(body_file) == "-":
        return sys.stdin.read()
    return body_file.read_text(encoding="utf-8")


def _print_rows(rows: list[DraftRow], as_json: bool) -> None:
    if as_json:
        print_json([r.model_dump() for r in rows])
        return
    for r in rows:
        flag = " DELIVERY FAILED" if r.delivery_failed else ""
        console.print(
            f"#{r.id:<5} [{r.thread}] {r.purpose:<5} {r.state:<16} "
            f"{', '.join(r.to)[:40]:<40} {r.subject[:60]}{flag}",
            markup=False,
            highlight=False,
        )
        if r.last_error and r.state in (DraftState.FAILED, DraftState.APPROVED):
            console.print(f"       {r.last_error[:200]}", markup=False, highlight=False)


def _done(row: DraftRow, as_json: bool) -> None:
    if as_json:
        print_json(row.model_dump())
    else:
        console.print(f"draft #{row.id} of [{row.thread}] is {row.state}", highlight=False)


def _me() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"
