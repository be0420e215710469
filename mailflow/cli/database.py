"""``mailflow init`` and ``mailflow db``."""

from __future__ import annotations

import typer

from mailflow.cli.common import console, state
from mailflow.store import migrate

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(ctx: typer.Context, revision: str = typer.Argument("head")) -> None:
    """Apply the migrations up to REVISION (default: the latest)."""
    migrate.upgrade(state(ctx).engine, revision)
    console.print(f"database at {revision}: {state(ctx).engine.url.render_as_string()}")


@db_app.command("downgrade")
def downgrade(ctx: typer.Context, revision: str = typer.Argument(...)) -> None:
    """Go back to migration REVISION ("base" empties the database)."""
    migrate.downgrade(state(ctx).engine, revision)
    console.print(f"database at {revision}")


def init(ctx: typer.Context) -> None:
    """Create the data directory and the database (idempotent)."""
    migrate.upgrade(state(ctx).engine, "head")
    console.print(f"ready: {state(ctx).engine.url.render_as_string()}")
