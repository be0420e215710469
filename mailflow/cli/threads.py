"""Commands over threads: list, show, merge, split."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import typer

from mailflow.cli.common import JsonOption, console, fail, print_json, state
from mailflow.clock import in_zone
from mailflow.errors import Refused
from mailflow.services.db import read_only, unit_of_work
from mailflow.services.listing import SORTS, ThreadFilter, thread_page
from mailflow.services.messages import ThreadView, thread_detail, thread_view
from mailflow.services.regroup import merge_threads, split_thread
from mailflow.services.schemas import ThreadSummary
from mailflow.services.threads import require_thread

thread_app = typer.Typer(
    help="Fix threading: merge and split (kept on re-processing).", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.command("threads")(threads)
    app.command("show")(show)
    app.add_typer(thread_app, name="thread")


def threads(
    ctx: typer.Context,
    status: str = typer.Option("", help="new, open, waiting or closed."),
    partner_type: str = typer.Option("", "--partner-type"),
    topic: str = typer.Option(""),
    kind: str = typer.Option(""),
    assignee: str = typer.Option("", help="A username, or - for unassigned threads."),
    q: str = typer.Option("", "--search", "-q", help="Words, address or reference."),
    sort: str = typer.Option("activity", help=", ".join(SORTS) + "."),
    since: datetime | None = typer.Option(None, help="Last activity on or after this date."),
    after: str | None = typer.Option(None, help="The next_cursor of the previous page."),
    limit: int = typer.Option(50, min=1, max=10000),
    as_json: bool = JsonOption,
) -> None:
    """List threads, most recent activity first (the JSON is that of GET /api/threads)."""
    f = ThreadFilter.of(ctx.params)  # the filter options are named as its fields
    if since is not None:  # typer's datetimes have no zone: the service's local time
        f = replace(f, since=in_zone(since, ZoneInfo(state(ctx).settings.web.timezone)))
    with read_only(state(ctx).engine) as session:
        try:
            page = thread_page(session, f, after=after, limit=limit)
        except Refused as exc:
            raise fail(str(exc), 2) from exc
    if as_json:
        print_json(page.model_dump(mode="json"))
        return
    for t in page.threads:
        _print_summary(t)
    if page.next_cursor:
        console.print(f"more: --after {page.next_cursor}", markup=False, highlight=False)


def _print_summary(t: ThreadSummary) -> None:
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
    with read_only(state(ctx).engine) as session:
        try:
            view = thread_view(session, require_thread(session, ref))
        except Refused as exc:
            raise fail(str(exc)) from exc
    if as_json:
        print_json(thread_detail(view).model_dump(mode="json"))
        return
    _print_view(view)


def _print_view(view: ThreadView) -> None:
    thread = view.thread
    console.print(f"[{thread.ref}] {thread.subject}", markup=False, highlight=False)
    console.print(
        f"status {thread.status} · partner type {thread.partner_type} · topic {thread.topic} · "
        f"kind {thread.kind} · organisation {thread.organisation or '-'}",
        highlight=False,
    )
    for m in view.messages:
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
        for a in view.attachments.get(m.id or 0, []):
            console.print(
                f"  attachment: {a.filename} ({a.content_type}, {a.size} bytes)",
                markup=False,
                highlight=False,
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
    with unit_of_work(state(ctx).engine) as session:
        try:
            thread = merge_threads(session, target, sources, actor=actor)
        except Refused as exc:
            raise fail(str(exc)) from exc
        ref, count = thread.ref, thread.message_count
    console.print(f"merged into [{ref}] ({count} messages)", markup=False)


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
    prefix = state(ctx).settings.reference_prefix
    with unit_of_work(state(ctx).engine) as session:
        try:
            thread = split_thread(session, ref, message_ids, actor=actor, prefix=prefix)
        except Refused as exc:
            raise fail(str(exc)) from exc
        new_ref, count = thread.ref, thread.message_count
    console.print(f"new thread [{new_ref}] with {count} messages", markup=False)
