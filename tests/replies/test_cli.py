"""The reply commands end to end, with --json: drafts, draft show|edit|approve|regenerate, outbox, send."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mailflow.cli.main import app
from mailflow.store import migrate
from mailflow.store.db import make_engine
from tests.replies.conftest import OURS, CaptureHandler, context, ingest, make_settings
from tests.replies.test_send import INQUIRY


def test_draft_workflow_from_the_command_line(tmp_path: Path, relay: CaptureHandler) -> None:
    config = tmp_path / "mailflow.toml"
    config.write_text(
        f'data_dir = "{tmp_path}"\nour_addresses = ["{OURS}"]\n'
        f'[relay]\nenabled = true\nhost = "127.0.0.1"\nport = {relay.port}\n'  # type: ignore[attr-defined]
    )
    settings = make_settings(tmp_path, relay.port)  # type: ignore[attr-defined]
    engine = make_engine(settings.effective_database_url)
    migrate.upgrade(engine)
    ingest(engine, context(settings), INQUIRY)
    engine.dispose()

    def run(*args: str, stdin: str | None = None) -> object:
        result = CliRunner().invoke(app, ["--config", str(config), *args], input=stdin)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    [row] = run("drafts", "--json")  # type: ignore[misc]
    ref = row["thread"]
    shown = run("draft", "show", ref, "--json")
    assert shown["state"] == "draft" and "[[" in shown["body_text"]  # type: ignore[index]
    edited = run(
        "draft",
        "edit",
        ref,
        "--body-file",
        "-",
        "--actor",
        "claire",
        "--json",
        stdin="Bonjour,\n\nC'est noté.\n",
    )
    assert edited["state"] == "draft"  # type: ignore[index]
    approved = run("draft", "approve", ref, "--actor", "claire", "--json")
    assert (approved["state"], approved["approved_by"]) == ("approved", "claire")  # type: ignore[index]
    assert [r["id"] for r in run("outbox", "--json")] == [row["id"]]  # type: ignore[union-attr, index]
    assert run("send", "--json")["sent"] == [row["id"]]  # type: ignore[index]
    assert len(relay.delivered) == 1
    again = run("draft", "regenerate", ref, "--template", "information", "--json")
    assert again["state"] == "draft" and again["id"] != row["id"]  # type: ignore[index]
