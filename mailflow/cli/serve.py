"""``mailflow serve``: the web app, SMTP/LMTP endpoint, IMAP watchers, pipeline and outbox."""

from __future__ import annotations

import os

import typer

from mailflow.cli.common import fail, state
from mailflow.errors import ConfigError, RuleSetError
from mailflow.logs import setup_logging
from mailflow.serve import serve


def serve_command(ctx: typer.Context) -> None:
    """Run every enabled part until SIGTERM/SIGINT (SIGHUP reloads the rules)."""
    settings = state(ctx).settings
    setup_logging(settings.log_level, settings.log_format)
    # Whatever serve creates is for its own user only (the database and its WAL are 0600
    # anyway, see store/db.py). Set once here, before any thread starts: the umask is
    # process-wide, so changing it around one creation would race with other threads.
    os.umask(0o077)
    try:
        serve(settings)
    except (ConfigError, RuleSetError) as exc:
        raise fail(f"cannot start: {exc}", 2) from exc
    except OSError as exc:
        raise fail(f"cannot start: {exc}", 1) from exc


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
