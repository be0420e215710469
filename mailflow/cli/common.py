"""What every command shares: the settings, the engine, output as text or JSON."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import typer
from rich.console import Console

from mailflow.errors import ConfigError, InvalidInput, Refused
from mailflow.runtime import open_engine
from mailflow.services.db import Engine
from mailflow.settings import Settings, load_settings

console = Console()
errors = Console(stderr=True, soft_wrap=True)  # one message, one line: no wrapping at 80

JsonOption = typer.Option(False, "--json", help="Print machine-readable JSON.")


@dataclass
class CliState:
    config: Path | None = None
    _settings: Settings | None = None
    _engine: Engine | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            try:
                self._settings = load_settings(self.config)
            except ConfigError as exc:
                errors.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
                raise typer.Exit(2) from exc
        return self._settings

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = open_engine(self.settings)
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def state(ctx: typer.Context) -> CliState:
    obj = ctx.find_root().obj
    assert isinstance(obj, CliState)
    return obj


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_plain(text: str, **style: Any) -> None:
    """Print ``text`` as it is: rich must not read ``[relay]`` or a user's text as markup."""
    console.print(text, highlight=False, markup=False, **style)


def print_rows(
    rows: list[dict[str, Any]], as_json: bool, line: Callable[[dict[str, Any]], str]
) -> None:
    """``rows`` as a JSON list, or one ``line(row)`` each for a person."""
    if as_json:
        print_json(rows)
        return
    for row in rows:
        print_plain(line(row))


def open_private(path: Path) -> TextIO:
    """``path`` opened for writing text, created or truncated, mode 0600 whatever the umask:
    what the CLI writes (exports, reports) holds mail and names."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


def fail(message: str, code: int = 1) -> typer.Exit:
    errors.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    return typer.Exit(code)


@contextmanager
def refusals(*, invalid: int = 1) -> Iterator[None]:
    """A refusal of the domain becomes its message and an exit code: ``invalid`` for wrong
    input (:class:`~mailflow.errors.InvalidInput`), 1 for the others (not found, ...)."""
    try:
        yield
    except Refused as exc:
        raise fail(exc.message, invalid if isinstance(exc, InvalidInput) else 1) from exc
