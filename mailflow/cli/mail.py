"""Commands over mail: import, classify, export, quarantine, reprocess, rules diff.

``rules diff`` is registered under ``mailflow rules`` by :func:`register_rules_diff`.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from mailflow.cli.common import JsonOption, console, fail, open_private, print_json, state
from mailflow.clock import utc_now
from mailflow.errors import RuleSetError
from mailflow.parse import parse_message
from mailflow.pipeline import process_pending, reprocess
from mailflow.receive.importer import ImportReport, import_paths
from mailflow.runtime import RuleHolder, load_rules, pipeline_context
from mailflow.services import database
from mailflow.services.db import read_only
from mailflow.services.export import EXPORT_FIELDS, export_rows
from mailflow.services.messages import quarantined, raw_ids
from mailflow.services.relabel import label_changes
from mailflow.states import RawState


def register(app: typer.Typer) -> None:
    for command in (import_, classify, export, quarantine, reprocess_command):
        name = command.__name__.rstrip("_").replace("_command", "")
        app.command(name)(command)


def _rules(ctx: typer.Context, rules_dir: Path | None = None) -> RuleHolder:
    settings = state(ctx).settings
    if rules_dir is not None:
        settings = settings.model_copy(update={"rules_dir": rules_dir})
    try:
        return load_rules(settings)
    except RuleSetError as exc:
        raise fail(f"the rule files have problems (run `mailflow rules check`):\n{exc}") from exc


def import_(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(
        ..., exists=True, help=".eml files, directories, mbox files, Maildirs."
    ),
    draft: bool = typer.Option(
        False,
        "--draft",
        help="Draft replies and acknowledgements as for live mail (off for backfills).",
    ),
    as_json: bool = JsonOption,
) -> None:
    """Import messages from files: stored once, then parsed, threaded and classified.

    A backfill of past mail drafts no replies unless --draft is given.
    """
    cli = state(ctx)
    database.upgrade(cli.engine)
    pipeline = pipeline_context(cli.settings, _rules(ctx), replies=draft)
    show_bar = sys.stderr.isatty() and not as_json
    with Progress(
        TextColumn("importing"),
        BarColumn(),
        TextColumn("{task.completed} messages"),
        TimeElapsedColumn(),
        disable=not show_bar,
        console=console,
    ) as progress:
        task = progress.add_task("import", total=None)
        report = import_paths(
            cli.engine,
            pipeline,
            paths,
            batch_size=cli.settings.import_batch_size,
            on_progress=lambda n, _bytes: progress.update(task, completed=n),
        )
    if as_json:
        print_json(_report_dict(report))
    else:
        _print_report(report)


def _report_dict(report: ImportReport) -> dict[str, object]:
    return {
        "read": report.read,
        "new": report.new,
        "duplicates": report.duplicates,
        "processed": report.pipeline.processed,
        "quarantined": report.pipeline.quarantined,
        "kinds": dict(report.pipeline.kinds),
        "partner_types": dict(report.pipeline.partner_types),
        "topics": dict(report.pipeline.topics),
    }


def _print_report(report: ImportReport) -> None:
    console.print(
        f"read {report.read} messages: {report.new} new, {report.duplicates} duplicates, "
        f"{report.pipeline.processed} processed, {report.pipeline.quarantined} quarantined"
    )
    for title, tally in (
        ("kind", report.pipeline.kinds),
        ("partner type", report.pipeline.partner_types),
        ("topic", report.pipeline.topics),
    ):
        if tally:
            console.print(f"  by {title}: " + ", ".join(f"{k} {v}" for k, v in tally.most_common()))


def classify(
    ctx: typer.Context,
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="One message (.eml)."),
    rules_dir: Path | None = typer.Option(
        None, "--rules", help="Rule directory (default: configured)."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Parse and classify one message without storing it; show the rules that fired."""
    parsed = parse_message(file.read_bytes(), utc_now())
    result = _rules(ctx, rules_dir).get().classify(parsed)
    data = result.to_dict()
    data["lang"] = parsed.lang
    if as_json:
        print_json(data)
        return
    console.print(
        f"kind {result.kind}, partner type {result.partner_type}, topic {result.topic}, "
        f"lang {parsed.lang}, organisation {result.organisation or '-'}"
    )
    for hit in result.explanation:
        console.print(
            f"  {hit.rule} ({hit.file}:{hit.line}) {hit.field}: {hit.matched!r}", highlight=False
        )


def export(
    ctx: typer.Context,
    export_format: str = typer.Option("jsonl", "--format", help="jsonl or csv."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (default: stdout)."
    ),
) -> None:
    """Export one line per stored message (sha256, message_id, thread, labels, ...)."""
    if export_format not in ("jsonl", "csv"):
        raise fail("--format must be jsonl or csv", 2)
    handle = open_private(output) if output else sys.stdout
    try:
        with read_only(state(ctx).engine) as session:
            rows = export_rows(session)
            if export_format == "jsonl":
                for row in rows:
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            else:
                writer = csv.DictWriter(handle, fieldnames=EXPORT_FIELDS)
                writer.writeheader()
                writer.writerows(rows)
    finally:
        if output:
            handle.close()


def quarantine(ctx: typer.Context, as_json: bool = JsonOption) -> None:
    """List quarantined messages with their error."""
    with read_only(state(ctx).engine) as session:
        rows = quarantined(session)
    if as_json:
        print_json([row.model_dump(mode="json") for row in rows])
        return
    if not rows:
        console.print("no message in quarantine")
    for r in rows:
        console.print(f"{r.raw_id}\t{r.source}\t{r.origin}\n\t{r.error}", highlight=False)


def reprocess_command(
    ctx: typer.Context,
    given: list[int] = typer.Argument(
        None, metavar="RAW_IDS", help="Raw message ids (see `quarantine`)."
    ),
    all_quarantined: bool = typer.Option(False, "--quarantined", help="Every quarantined message."),
    everything: bool = typer.Option(False, "--all", help="Every stored message."),
    rules_changed: bool = typer.Option(
        False,
        "--rules-changed",
        help="Every message whose classification the current rules change.",
    ),
    as_json: bool = JsonOption,
) -> None:
    """Run the pipeline again on stored messages (after a fix or a rule change)."""
    cli = state(ctx)
    holder = _rules(ctx)
    pipeline = pipeline_context(cli.settings, holder)
    ids = list(given or [])
    with read_only(cli.engine) as session:
        if all_quarantined:
            ids += raw_ids(session, state=RawState.QUARANTINED)
        if everything:
            ids += raw_ids(session)
    if rules_changed:
        ids += [c["raw_id"] for c in label_changes(cli.engine, holder.get())]
    if not ids:
        raise fail("nothing to reprocess: give raw ids, --quarantined, --all or --rules-changed", 2)
    report = reprocess(cli.engine, pipeline, sorted(set(ids)))
    report.add(process_pending(cli.engine, pipeline))
    data = {"processed": report.processed, "quarantined": report.quarantined}
    if as_json:
        print_json(data)
    else:
        console.print(f"reprocessed {report.processed}, quarantined {report.quarantined}")


def register_rules_diff(rules_app: typer.Typer) -> None:
    rules_app.command("diff")(rules_diff)


def rules_diff(
    ctx: typer.Context,
    rules_dir: Path | None = typer.Option(None, "--rules", help="Working copy of the rules."),
    since: datetime | None = typer.Option(None, help="Only messages dated on or after this."),
    as_json: bool = JsonOption,
) -> None:
    """Re-classify stored messages with a working copy of the rules; list what would change."""
    found = label_changes(state(ctx).engine, _rules(ctx, rules_dir).get(), since)
    counts: dict[str, int] = {}
    for change in found:
        for label, (old, new) in change["changes"].items():
            key = f"{label}: {old} → {new}"
            counts[key] = counts.get(key, 0) + 1
    if as_json:
        print_json({"changed": len(found), "counts": counts, "messages": found})
        return
    _print_changes(found, counts)


def _print_changes(found: list[dict[str, Any]], counts: dict[str, int]) -> None:
    for change in found:
        what = "; ".join(f"{k} {o} → {n}" for k, (o, n) in change["changes"].items())
        console.print(
            f"{change['raw_id']}\t{what}\t{change['subject'][:60]}", markup=False, highlight=False
        )
    for key, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        console.print(f"{n:>6}  {key}", markup=False, highlight=False)
    console.print(f"{len(found)} messages would change", highlight=False)
