"""The ``mailflow`` command."""

from __future__ import annotations

from pathlib import Path

import typer

from mailflow.cli import mail, replies, threads
from mailflow.cli.common import CliState
from mailflow.cli.database import db_app, init

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

try:  # the rules commands arrive with the classify package
    from mailflow.cli.rules import rules_app
except ImportError:  # pragma: no cover
    rules_app = typer.Typer(help="Rule files: check, test, diff.")
mail.register_rules_diff(rules_app)
app.add_typer(rules_app, name="rules")

from mailflow.cli.users import user_app  # noqa: E402

app.add_typer(user_app, name="user")

from mailflow.cli import backup as _backup  # noqa: E402

_backup.register(app)

from mailflow.cli import serve as _serve  # noqa: E402  (registered last: mailflow serve)

_serve.register(app)
