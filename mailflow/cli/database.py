"""``mailflow init`` and ``mailflow db``."""

from __future__ import annotations

import typer

from mailflow.cli.common import console, state
from mailflow.services import database

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(ctx: typer.Context, revision: str = typer.Argument("head")) -> None:
    """Apply the migrations up to REVISION (default: the latest)."""
    engine = state(ctx).engine
    database.upgrade(engine, revision)
    console.print(f"database at {revision}: {database.location(engine)}")


@db_app.command("downgrade")
def downgrade(ctx: typer.Context, revision: str = typer.Argument(...)) -> None:
    """Go back to migration REVISION ("base" empties the database)."""
    database.downgrade(state(ctx).engine, revision)
    console.print(f"database at {revision}")


def init(ctx: typer.Context) -> None:
    """Create the data directory and the database (idempotent)."""
    engine = state(ctx).engine
    database.upgrade(engine, "head")
    console.print(f"ready: {database.location(engine)}")
