"""``mailflow backup PATH`` and ``mailflow restore PATH``."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import typer

from mailflow import backup as store_backup
from mailflow.cli.common import JsonOption, console, fail, print_json, state


def backup(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="New file to write (never overwritten)."),
    as_json: bool = JsonOption,
) -> None:
    """Back the whole database up into PATH (SQLite backup API, or pg_dump -Fc)."""
    try:
        done = store_backup.backup(state(ctx).engine, path)
    except store_backup.BackupError as exc:
        raise fail(str(exc)) from exc
    _report("backed up", path, done, as_json)


def restore(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="A file written by `mailflow backup`."),
    as_json: bool = JsonOption,
) -> None:
    """Restore PATH into the configured database, which must be empty; then migrate it."""
    try:
        done = store_backup.restore(state(ctx).engine, path)
    except store_backup.BackupError as exc:
        raise fail(str(exc)) from exc
    _report("restored", path, done, as_json)


def _report(what: str, path: Path, done: store_backup.Summary, as_json: bool) -> None:
    if as_json:
        print_json({"path": str(path), **asdict(done)})
    else:
        console.print(f"{what} {path}: {done.messages} messages, {done.threads} threads")


def register(app: typer.Typer) -> None:
    app.command()(backup)
    app.command()(restore)
