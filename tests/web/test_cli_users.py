"""``mailflow user add|passwd|disable|enable|list``."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

from sqlmodel import Session
from typer.testing import CliRunner

from mailflow.cli.main import app
from mailflow.services.accounts import ROLE_RANK, ROLES, find_user, verify_password
from mailflow.states import Role
from mailflow.store import migrate
from mailflow.store.db import make_engine


def test_user_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    runner = CliRunner()
    env = {"MAILFLOW_DATABASE_URL": url, "MAILFLOW_PASSWORD": "a long password"}
    with warnings.catch_warnings():
        result = runner.invoke(
            app, ["user", "add", "Alice", "--role", "supervisor", "--json"], env=env
        )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"username": "alice", "role": "supervisor"}
    assert runner.invoke(app, ["user", "add", "alice"], env=env).exit_code == 2
    assert runner.invoke(app, ["user", "add", "bob", "--role", "king"], env=env).exit_code == 2
    short = {**env, "MAILFLOW_PASSWORD": "short"}
    assert runner.invoke(app, ["user", "passwd", "alice"], env=short).exit_code == 2
    new = {**env, "MAILFLOW_PASSWORD": "another long one"}
    assert runner.invoke(app, ["user", "passwd", "alice"], env=new).exit_code == 0
    assert runner.invoke(app, ["user", "disable", "alice"], env=env).exit_code == 0
    assert runner.invoke(app, ["user", "disable", "ghost"], env=env).exit_code == 1
    listed = json.loads(runner.invoke(app, ["user", "list", "--json"], env=env).output)
    assert listed[0]["username"] == "alice" and listed[0]["disabled"] is True
    with Session(engine) as session:
        alice = find_user(session, "alice")
        assert alice is not None and verify_password(alice.password_hash, "another long one")
    engine.dispose()


def test_roles_follow_the_role_enum_and_the_cli_is_nobody(tmp_path: Path) -> None:
    assert ROLES == ("staff", "supervisor", "admin")
    assert ROLE_RANK[Role.STAFF] < ROLE_RANK[Role.SUPERVISOR] < ROLE_RANK[Role.ADMIN]
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    env = {"MAILFLOW_DATABASE_URL": url, "MAILFLOW_PASSWORD": "a long password"}
    runner = CliRunner()
    assert runner.invoke(app, ["user", "add", "cli", "--role", "admin"], env=env).exit_code == 0
    # "cli" is the actor of every command line change, not the account named cli.
    assert runner.invoke(app, ["user", "disable", "cli"], env=env).exit_code == 0
    with Session(engine) as session:
        account = find_user(session, "cli")
        assert account is not None and account.disabled
    engine.dispose()
