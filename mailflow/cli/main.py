"""The ``mailflow`` command."""

from __future__ import annotations

from pathlib import Path

import typer

from mailflow.cli import backup, mail, replies, report, serve, threads
from mailflow.cli.common import CliState
from mailflow.cli.database import db_app, init
from mailflow.cli.rules import rules_app
from mailflow.cli.users import user_app

app = typer.Typer(
    help="mailflow: receive, keep, thread, classify and answer a cooperation inbox.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def main(
    ctx: typer.Context,
    config: Path | None = typer.Option(
        None, "--config", "-c", envvar="MAILFLOW_CONFIG", help="TOML configuration file."
    ),
) -> None:
    ctx.obj = CliState(config=config)
    ctx.call_on_close(ctx.obj.close)


app.command()(init)
app.add_typer(db_app, name="db")
mail.register(app)
threads.register(app)
replies.register(app)
report.register(app)

mail.register_rules_diff(rules_app)
app.add_typer(rules_app, name="rules")
app.add_typer(user_app, name="user")
backup.register(app)
serve.register(app)  # registered last: mailflow serve
