"""``mailflow user add|passwd|disable|enable|list|token``: web app accounts and API tokens."""

from __future__ import annotations

import os
from typing import Any

import typer

from mailflow.cli.common import (
    JsonOption,
    console,
    fail,
    print_json,
    print_plain,
    print_rows,
    refusals,
    state,
)
from mailflow.services import accounts, tokens
from mailflow.services.db import read_only, unit_of_work

user_app = typer.Typer(
    help="Web app accounts: add, change password, disable, list.", no_args_is_help=True
)
token_app = typer.Typer(
    help="API tokens (Authorization: Bearer): create, list, revoke.", no_args_is_help=True
)
user_app.add_typer(token_app, name="token")
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
    print_rows(rows, as_json, _user_line)


def _user_line(row: dict[str, Any]) -> str:
    flag = " (disabled)" if row["disabled"] else ""
    return f"{row['username']:<20} {row['role']:<11} {row['language']}  {row['display_name']}{flag}"


@token_app.command("create")
def token_create(
    ctx: typer.Context,
    username: str,
    name: str = typer.Option(..., "--name", help="What the token is for."),
    as_json: bool = JsonOption,
) -> None:
    """Create a token for USERNAME; it is printed once and never stored."""
    with refusals(invalid=2), unit_of_work(state(ctx).engine) as session:
        user = accounts.require_user(session, username)
        new = tokens.create_token(session, user, name=name, actor=ACTOR)
    if as_json:
        print_json({"id": new.info.id, "name": new.info.name, "token": new.secret})
        return
    print_plain(new.secret)
    print_plain(
        f"token {new.info.id} ({new.info.name}) for {username}: shown once, keep it now",
        style="dim",
    )


@token_app.command("list")
def token_list(ctx: typer.Context, username: str, as_json: bool = JsonOption) -> None:
    """The tokens of USERNAME (never the secrets)."""
    with refusals(invalid=2), read_only(state(ctx).engine) as session:
        listed = tokens.list_tokens(session, accounts.require_user(session, username))
    rows = [
        {
            "id": t.id,
            "name": t.name,
            "prefix": t.prefix,
            "created_at": t.created_at.isoformat(),
            "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
        }
        for t in listed
    ]
    print_rows(rows, as_json, _token_line)


def _token_line(row: dict[str, Any]) -> str:
    return f"{row['id']:>4}  {row['prefix']}…  {row['name']:<24} used {row['last_used_at'] or '-'}"


@token_app.command("revoke")
def token_revoke(
    ctx: typer.Context, username: str, token_id: int, as_json: bool = JsonOption
) -> None:
    """Revoke token TOKEN_ID of USERNAME: scripts using it get 401 at once."""
    with refusals(invalid=2), unit_of_work(state(ctx).engine) as session:
        user = accounts.require_user(session, username)
        tokens.revoke_token(session, user, token_id, actor=ACTOR)
    _report(f"token {token_id} of {username} revoked", as_json, id=token_id, username=username)


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
