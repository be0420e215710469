"""``mailflow user add|passwd|disable|enable|list``: web app accounts."""

from __future__ import annotations

import os

import typer

from mailflow.cli.common import JsonOption, console, fail, print_json, refusals, state
from mailflow.services import accounts
from mailflow.services.db import read_only, unit_of_work

user_app = typer.Typer(
    help="Web app accounts: add, change password, disable, list.", no_args_is_help=True
)
ACTOR = "cli"


def _password(prompt: bool) -> str:
    """From MAILFLOW_PASSWORD (scripts) or typed twice (people); never from the command line."""
    from_env = os.environ.get("MAILFLOW_PASSWORD")
    if from_env:
        return from_env
    if not prompt:
        raise fail("set MAILFLOW_PASSWORD or run in a terminal to type the password", 2)
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@user_app.command("add")
def add(
    ctx: typer.Context,
    username: str = typer.Argument(..., help="Lower-case login name."),
    role: str = typer.Option("staff", help="staff, supervisor or admin."),
    name: str = typer.Option("", "--name", help="Display name."),
    email: str = typer.Option(""),
    language: str = typer.Option("fr", help="fr or en."),
    as_json: bool = JsonOption,
) -> None:
    """Create a user (password from MAILFLOW_PASSWORD or typed)."""
    password = _password(prompt=True)
    with refusals(invalid=2), unit_of_work(state(ctx).engine) as session:
        user = accounts.create_user(
            session,
            username,
            password,
            role=role,
            display_name=name,
            email=email,
            language=language,
            actor=ACTOR,
        )
        created = {"username": user.username, "role": user.role}
    _report(f"user {created['username']} created ({created['role']})", as_json, **created)


@user_app.command("passwd")
def passwd(ctx: typer.Context, username: str, as_json: bool = JsonOption) -> None:
    """Change a password; the user's open sessions end."""
    password = _password(prompt=True)
    with refusals(invalid=2), unit_of_work(state(ctx).engine) as session:
        accounts.update_user(
            session, username, password=password, actor=ACTOR, actor_is_account=False
        )
    _report(f"password of {username} changed", as_json, username=username)


@user_app.command("disable")
def disable(ctx: typer.Context, username: str, as_json: bool = JsonOption) -> None:
    """Disable a user: no more sign-in, open sessions end."""
    _set_disabled(ctx, username, True, as_json)


@user_app.command("enable")
def enable(ctx: typer.Context, username: str, as_json: bool = JsonOption) -> None:
    """Enable a disabled user again."""
    _set_disabled(ctx, username, False, as_json)


@user_app.command("list")
def list_users(ctx: typer.Context, as_json: bool = JsonOption) -> None:
    """Every user with role, language and state."""
    with read_only(state(ctx).engine) as session:
        users = accounts.list_users(session)
    rows = [
        {
            "username": u.username,
            "display_name": u.display_name,
            "email": u.email,
            "role": u.role,
            "language": u.language,
            "disabled": u.disabled,
        }
        for u in users
    ]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        flag = " (disabled)" if row["disabled"] else ""
        console.print(
            f"{row['username']:<20} {row['role']:<11} {row['language']}  {row['display_name']}{flag}",
            highlight=False,
            markup=False,
        )


def _set_disabled(ctx: typer.Context, username: str, disabled: bool, as_json: bool) -> None:
    with refusals(invalid=2), unit_of_work(state(ctx).engine) as session:
        accounts.update_user(
            session, username, disabled=disabled, actor=ACTOR, actor_is_account=False
        )
    _report(
        f"user {username} {'disabled' if disabled else 'enabled'}",
        as_json,
        username=username,
        disabled=disabled,
    )


def _report(text: str, as_json: bool, **data: object) -> None:
    if as_json:
        print_json(data)
    else:
        console.print(text, highlight=False, markup=False)
