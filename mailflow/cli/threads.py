"""Commands over threads: list, show, merge, split."""

from __future__ import annotations

from datetime import datetime

import typer
from sqlmodel import Session

from mailflow.cli.common import JsonOption, console, fail, print_json, state
from mailflow.errors import ThreadError
from mailflow.pipeline import next_reference
from mailflow.store.queries import (
    ThreadFilter,
    list_threads,
    message_attachments,
    thread_by_ref,
    thread_messages,
)
from mailflow.store.threadops import merge_threads, split_thread

thread_app = typer.Typer(
    help="Fix threading: merge and split (kept on re-processing).", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.command("threads")(threads)
    app.command("show")(show)
    app.add_typer(thread_app, name="thread")


def threads(
    ctx: typer.Context,
    status: str | None = typer.Option(None, help="new, open, waiting or closed."),
    partner_type: str | None = typer.Option(None, "--partner-type"),
    topic: str | None = typer.Option(None),
    kind: str | None = typer.Option(None),
    assignee: str | None = typer.Option(None),
    since: datetime | None = typer.Option(None, help="Last activity on or after this date."),
    limit: int = typer.Option(50, min=1, max=10000),
    as_json: bool = JsonOption,
) -> None:
    """List threads, most recent activity first."""
    filters = ThreadFilter(status, partner_type, topic, kind, assignee, since)
    with Session(state(ctx).engine) as session:
        rows = list_threads(session, filters, limit=limit)
    if as_json:
        print_json([row.model_dump() for row in rows])
        return
    for t in rows:
        console.print(
            f"[{t.ref}] {t.status:<8} {t.partner_type:<13} {t.topic:<18} {t.kind:<10} "
            f"{t.message_count:>3}  {t.last_activity_at:%Y-%m-%d}  {t.subject[:70]}",
            highlight=False,
            markup=False,
        )


def show(
    ctx: typer.Context,
    ref: str = typer.Argument(..., help="COOP-2026-00042 or a thread id."),
    as_json: bool = JsonOption,
) -> None:
    """Show a thread: its messages, classification and the rules that fired."""
    with Session(state(ctx).engine) as session:
        thread = thread_by_ref(session, ref)
        if thread is None:
            raise fail(f"no thread {ref}")
        messages = thread_messages(session, thread.id or 0)
        attachments = {m.id: message_attachments(session, m.id or 0) for m in messages}
    if as_json:
        data = thread.model_dump()
        data["messages"] = [
            {
                **m.model_dump(exclude={"body_html"}),
                "attachments": [
                    {"id": a[0], "filename": a[1], "content_type": a[2], "size": a[3]}
                    for a in attachments[m.id]
                ],
            }
            for m in messages
        ]
        print_json(data)
        return
    console.print(f"[{thread.ref}] {thread.subject}", markup=False, highlight=False)
    console.print(
        f"status {thread.status} · partner type {thread.partner_type} · topic {thread.topic} · "
        f"kind {thread.kind} · organisation {thread.organisation or '-'}",
        highlight=False,
    )
    for m in messages:
        console.rule()
        console.print(
            f"#{m.id} {m.direction} {m.date:%Y-%m-%d %H:%M} {m.from_name} <{m.from_addr}> "
            f"(joined by {m.attached_by})",
            markup=False,
            highlight=False,
        )
        console.print(f"  {m.kind} · {m.partner_type} · {m.topic} · {m.lang}", highlight=False)
        for hit in m.explanation:
            console.print(
                f"  why: {hit['rule']} ({hit['file']}:{hit['line']}) {hit['field']}: "
                f"{hit['matched']!r}",
                markup=False,
                highlight=False,
            )
        for a in attachments[m.id]:
            console.print(
                f"  attachment: {a[1]} ({a[2]}, {a[3]} bytes)", markup=False, highlight=False
            )
        console.print(m.body_text[:3000], markup=False, highlight=False)


@thread_app.command("merge")
def merge(
    ctx: typer.Context,
    target: str = typer.Argument(..., help="Thread that keeps the messages."),
    sources: list[str] = typer.Argument(..., help="Threads merged into TARGET."),
    actor: str = typer.Option("cli", help="Who decides (audit log)."),
) -> None:
    """Merge threads into TARGET."""
    with Session(state(ctx).engine) as session:
        try:
            thread = merge_threads(session, target, sources, actor=actor)
        except ThreadError as exc:
            raise fail(str(exc)) from exc
        session.commit()
        console.print(f"merged into [{thread.ref}] ({thread.message_count} messages)", markup=False)


@thread_app.command("split")
def split(
    ctx: typer.Context,
    ref: str = typer.Argument(..., help="Thread to split."),
    message_ids: list[int] = typer.Argument(
        ..., help="Messages (ids from `show`) moved to a new thread."
    ),
    actor: str = typer.Option("cli", help="Who decides (audit log)."),
) -> None:
    """Move messages of a thread to a new thread."""
    settings = state(ctx).settings
    with Session(state(ctx).engine) as session:
        try:
            source = thread_by_ref(session, ref)
            if source is None:
                raise ThreadError(f"no thread {ref}")
            new_ref = next_reference(session, settings.reference_prefix, source.created_at.year)
            thread = split_thread(session, ref, message_ids, actor=actor, new_ref=new_ref)
        except ThreadError as exc:
            raise fail(str(exc)) from exc
        session.commit()
        console.print(
            f"new thread [{thread.ref}] with {thread.message_count} messages", markup=False
        )
