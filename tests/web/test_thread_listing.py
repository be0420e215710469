"""One shape for thread listings: ``mailflow threads --json`` prints what ``GET /api/threads``
answers, and ``mailflow show --json`` what ``GET /api/threads/{ref}`` answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mailflow.cli.main import app as cli_app
from tests.web.conftest import TestClient

runner = CliRunner()


@pytest.fixture
def cli(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The command line on the web tests' database."""
    monkeypatch.setenv("MAILFLOW_DATABASE_URL", db_url)
    monkeypatch.setenv("MAILFLOW_DATA_DIR", str(tmp_path / "cli"))
    monkeypatch.setenv("MAILFLOW_OUR_ADDRESSES", '["cooperation@example.org"]')
    monkeypatch.delenv("MAILFLOW_CONFIG", raising=False)
    return runner


def _cli_json(cli: CliRunner, *args: str) -> Any:
    result = cli.invoke(cli_app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "new"},
        {"q": "convention"},
        {"sort": "age", "limit": "2"},
        {"assignee": "-", "sort": "priority"},
        {"kind": "human", "topic": "information"},
    ],
)
def test_cli_and_api_list_threads_alike(
    staff: TestClient, cli: CliRunner, params: dict[str, str]
) -> None:
    api = staff.get("/api/threads", params=params)
    assert api.status_code == 200, api.text
    args = ["threads", "--json"]
    for name, value in params.items():
        args += ["--search" if name == "q" else f"--{name}", value]
    assert _cli_json(cli, *args) == api.json()
    assert api.json()["threads"], "the comparison needs threads"


def test_since_keeps_the_threads_active_from_then(staff: TestClient) -> None:
    def total(**params: str) -> int:
        answer = staff.get("/api/threads", params=params)
        assert answer.status_code == 200, answer.text
        return int(answer.json()["total"])

    assert total(since="2020-01-01T00:00:00+00:00") == total() > 0
    assert total(since="2099-01-01T00:00:00+00:00") == 0


def test_a_since_without_zone_is_local_time_on_both_edges(
    staff: TestClient, cli: CliRunner
) -> None:
    """Typer and a bare ISO date give no zone: both read it in web.timezone, never a 500."""
    for since in ("2020-01-01", "2099-01-01"):
        api = staff.get("/api/threads", params={"since": f"{since}T00:00:00"})
        assert api.status_code == 200, api.text
        assert _cli_json(cli, "threads", "--json", "--since", since) == api.json()
    assert staff.get("/api/threads", params={"since": "2099-01-01T00:00:00"}).json()["total"] == 0


def test_pages_continue_alike(staff: TestClient, cli: CliRunner) -> None:
    first = staff.get("/api/threads", params={"limit": "2"}).json()
    cursor = first["next_cursor"]
    assert cursor
    api = staff.get("/api/threads", params={"limit": "2", "after": cursor}).json()
    assert _cli_json(cli, "threads", "--json", "--limit", "2", "--after", cursor) == api
    assert [t["ref"] for t in api["threads"]] == ["COOP-2026-00001"]


def test_cli_and_api_show_a_thread_alike(staff: TestClient, cli: CliRunner) -> None:
    for ref in ("COOP-2026-00001", "[coop-2026-00002]"):
        api = staff.get(f"/api/threads/{ref}")
        assert api.status_code == 200, api.text
        assert _cli_json(cli, "show", ref, "--json") == api.json()


def test_a_bad_cursor_is_refused_by_both(staff: TestClient, cli: CliRunner) -> None:
    assert staff.get("/api/threads", params={"after": "garbage"}).status_code == 400
    result = cli.invoke(cli_app, ["threads", "--after", "garbage"])
    assert result.exit_code == 2 and "invalid page cursor" in result.output
