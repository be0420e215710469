"""``mailflow rules check`` and ``rules test`` through Typer's runner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mailflow.cli.rules import rules_app
from tests.classify.msgs import write_rules

runner = CliRunner()

GOOD = """
[[topic]]
name = "training"
topic = "training"
words = ["formation"]

[[example]]
name = "formation"
subject = "Formation"
expect = { topic = "training" }
"""


def test_check_default_rules() -> None:
    result = runner.invoke(rules_app, ["check"])
    assert result.exit_code == 0, result.output
    assert "OK:" in result.output


def test_check_broken_file_prints_file_line_rule(tmp_path: Path) -> None:
    write_rules(
        tmp_path, topics=GOOD.replace('topic = "training"\nwords', 'topic = "trainig"\nwords')
    )
    result = runner.invoke(rules_app, ["check", "--rules", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path / 'topics.toml'}:4: [training] unknown topic 'trainig'" in result.output


def test_check_json(tmp_path: Path) -> None:
    write_rules(tmp_path, topics=GOOD)
    result = runner.invoke(rules_app, ["check", "--rules", str(tmp_path), "--json"])
    data = json.loads(result.output)
    assert data["ok"] is True and data["counts"]["topic"] == 1
    assert len(data["files"][0]["sha256"]) == 64
    write_rules(tmp_path, more="[[topic]]\nname = 'x'\n")
    result = runner.invoke(rules_app, ["check", "--rules", str(tmp_path), "--json"])
    assert result.exit_code == 1
    problems = json.loads(result.output)["problems"]
    assert {(Path(p["file"]).name, p["line"], p["name"]) for p in problems} == {
        ("more.toml", 1, "x")
    }


def test_test_command_passes_and_fails(tmp_path: Path) -> None:
    write_rules(tmp_path, topics=GOOD)
    result = runner.invoke(rules_app, ["test", "--rules", str(tmp_path)])
    assert result.exit_code == 0 and "1 of 1 examples passed" in result.output
    write_rules(
        tmp_path,
        topics=GOOD.replace('expect = { topic = "training" }', 'expect = { topic = "event" }'),
    )
    result = runner.invoke(rules_app, ["test", "--rules", str(tmp_path)])
    assert result.exit_code == 1
    assert "topics.toml:7: [formation] FAILED" in result.output
    assert "topic: expected 'event', got 'training'" in result.output
    assert "topic=training" in result.output and "subject: 'formation'" in result.output
    data = json.loads(runner.invoke(rules_app, ["test", "--rules", str(tmp_path), "--json"]).output)
    assert data["failed"] == 1 and data["failures"][0]["explanation"][0]["rule"] == "training"


def test_default_examples_pass_through_the_cli() -> None:
    result = runner.invoke(rules_app, ["test"])
    assert result.exit_code == 0, result.output
