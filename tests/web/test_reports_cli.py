"""``mailflow report``: its JSON is the API's on the same data; text and documents."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mailflow.cli.main import app as cli_app
from mailflow.services import reports
from tests.web.conftest import TestClient

runner = CliRunner()
NOW = datetime(2026, 3, 12, 10, tzinfo=UTC)


@pytest.fixture
def cli(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The command line on the web tests' database, at the same instant as the API."""
    monkeypatch.setenv("MAILFLOW_DATABASE_URL", db_url)
    monkeypatch.setenv("MAILFLOW_DATA_DIR", str(tmp_path / "cli"))
    monkeypatch.setenv("MAILFLOW_OUR_ADDRESSES", '["cooperation@example.org"]')
    monkeypatch.delenv("MAILFLOW_CONFIG", raising=False)
    monkeypatch.setattr(reports, "utc_now", lambda: NOW)
    return runner


def _invoke(cli: CliRunner, *args: str) -> str:
    result = cli.invoke(cli_app, ["report", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2026-01-01", "end": "2026-03-31"},
        {"start": "2026-01-01", "end": "2026-03-31", "step": "month"},
        {"start": "2025-01-01", "end": "2026-12-31"},
    ],
)
def test_cli_json_is_the_api_json(
    supervisor: TestClient, cli: CliRunner, params: dict[str, str]
) -> None:
    api = supervisor.get("/api/reports/summary", params=params)
    assert api.status_code == 200, api.text
    args = ["--json", "--from", params["start"], "--to", params["end"]]
    if "step" in params:
        args += ["--step", params["step"]]
    printed: Any = json.loads(_invoke(cli, *args))
    assert printed == api.json()
    assert printed["threads"] == 3


def test_cli_text_tables(cli: CliRunner, supervisor: TestClient) -> None:
    text = _invoke(cli, "--from", "2026-01-01", "--to", "2026-03-31", "--by", "cross")
    assert "Response times" in text and "Threads by partner type and topic" in text
    assert "—" in text  # nothing answered: no median
    bad = cli.invoke(cli_app, ["report", "--by", "nonsense"])
    assert bad.exit_code == 2
    bad = cli.invoke(cli_app, ["report", "--from", "2026-05-01", "--to", "2026-01-01"])
    assert bad.exit_code == 2 and "start date" in bad.output


def test_cli_writes_documents(cli: CliRunner, supervisor: TestClient, tmp_path: Path) -> None:
    target = tmp_path / "bilan.xlsx"
    _invoke(
        cli, "--from", "2026-01-01", "--to", "2026-03-31", "--format", "xlsx", "-o", str(target)
    )
    assert target.read_bytes()[:2] == b"PK"
    assert cli.invoke(cli_app, ["report", "--format", "xlsx"]).exit_code == 2
