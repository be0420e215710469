"""``mailflow backup PATH`` and ``mailflow restore PATH``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import typer

from mailflow import backup as store_backup
from mailflow.cli.common import JsonOption, console, fail, print_json, state
from mailflow.errors import BackupError
from mailflow.services.db import Engine


def backup(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="New file to write (never overwritten)."),
    as_json: bool = JsonOption,
) -> None:
    """Back the whole database up into PATH (SQLite backup API, or pg_dump -Fc)."""
    _run(store_backup.backup, "backed up", ctx, path, as_json)


def restore(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="A file written by `mailflow backup`."),
    as_json: bool = JsonOption,
) -> None:
    """Restore PATH into the configured database, which must be empty; then migrate it."""
    _run(store_backup.restore, "restored", ctx, path, as_json)


def _run(
    action: Callable[[Engine, Path], store_backup.Summary],
    what: str,
    ctx: typer.Context,
    path: Path,
    as_json: bool,
) -> None:
    try:
        done = action(state(ctx).engine, path)
    except BackupError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        print_json({"path": str(path), **asdict(done)})
    else:
        console.print(f"{what} {path}: {done.messages} messages, {done.threads} threads")


def register(app: typer.Typer) -> None:
    app.command()(backup)
    app.command()(restore)
