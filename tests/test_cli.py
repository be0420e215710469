"""The ``mailflow`` command end to end: init, import, threads, show, classify, export, quarantine."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mailflow.cli.main import app
from tests.mailbuilder import build_message

runner = CliRunner()


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MAILFLOW_DATABASE_URL", db_url)
    monkeypatch.setenv("MAILFLOW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MAILFLOW_OUR_ADDRESSES", '["cooperation@example.org"]')
    monkeypatch.delenv("MAILFLOW_CONFIG", raising=False)
    return tmp_path


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _mailbox(folder: Path) -> Path:
    folder.mkdir()
    (folder / "1.eml").write_bytes(
        build_message(
            message_id="<first@mediatheque-exemple.fr>",
            subject="Demande de formation",
            from_="Anne Durand <anne.durand@mediatheque-exemple.fr>",
            text="Bonjour,\nnous souhaitons inscrire deux collègues à une formation.\nCordialement\n",
        )
    )
    (folder / "2.eml").write_bytes(
        build_message(
            message_id="<second@mediatheque-exemple.fr>",
            subject="RE: Demande de formation",
            from_="Anne Durand <anne.durand@mediatheque-exemple.fr>",
            headers=[
                ("In-Reply-To", "<first@mediatheque-exemple.fr>"),
                ("References", "<first@mediatheque-exemple.fr>"),
            ],
            date="Wed, 04 Mar 2026 10:00:00 +0100",
            text="Merci pour votre réponse.\n",
        )
    )
    return folder


def test_help_lists_every_command() -> None:
    output = _run("--help")
    for command in (
        "init",
        "db",
        "import",
        "threads",
        "show",
        "classify",
        "export",
        "quarantine",
        "reprocess",
        "thread",
        "rules",
    ):
        assert command in output


def test_import_threads_show_export(cli_env: Path) -> None:
    _run("init")
    mailbox = _mailbox(cli_env / "mail")
    summary = json.loads(_run("import", "--json", str(mailbox)))
    assert (summary["new"], summary["duplicates"], summary["quarantined"]) == (2, 0, 0)
    again = json.loads(_run("import", "--json", str(mailbox)))
    assert (again["new"], again["duplicates"]) == (0, 2)

    page = json.loads(_run("threads", "--json"))
    assert (page["total"], page["next_cursor"]) == (1, None)
    threads = page["threads"]
    assert len(threads) == 1 and threads[0]["message_count"] == 2
    ref = threads[0]["ref"]
    assert json.loads(_run("threads", "--json", "--search", "formation"))["threads"] == threads
    assert json.loads(_run("threads", "--json", "--status", "closed"))["threads"] == []
    shown = json.loads(_run("show", ref, "--json"))
    assert [m["message_id"] for m in shown["messages"]] == [
        "first@mediatheque-exemple.fr",
        "second@mediatheque-exemple.fr",
    ]
    assert "Demande de formation" in _run("show", ref)

    lines = [json.loads(line) for line in _run("export", "--format", "jsonl").splitlines()]
    assert {line["thread"] for line in lines} == {ref}
    for key in (
        "sha256",
        "message_id",
        "thread",
        "partner_type",
        "topic",
        "kind",
        "lang",
        "subject",
        "from",
        "date",
    ):
        assert key in lines[0]
    rows = list(csv.DictReader(io.StringIO(_run("export", "--format", "csv"))))
    assert [r["message_id"] for r in rows] == [line["message_id"] for line in lines]


def test_classify_one_file_without_storing(cli_env: Path) -> None:
    message = cli_env / "one.eml"
    message.write_bytes(
        build_message(subject="Out of Office: absent", headers=[("Auto-Submitted", "auto-replied")])
    )
    data = json.loads(_run("classify", str(message), "--json"))
    assert data["kind"] == "auto_reply"
    for key in ("partner_type", "topic", "kind", "lang", "organisation", "actions", "explanation"):
        assert key in data
    assert all(
        {"rule", "file", "line", "field", "matched"} <= set(hit) for hit in data["explanation"]
    )


def test_quarantine_and_reprocess_commands(cli_env: Path) -> None:
    _run("init")
    assert "no message in quarantine" in _run("quarantine")
    assert json.loads(_run("quarantine", "--json")) == []
    result = runner.invoke(app, ["reprocess"])
    assert result.exit_code == 2 and "nothing to reprocess" in result.output


def test_thread_merge_and_split_commands(cli_env: Path) -> None:
    _run("init")
    folder = cli_env / "mail"
    folder.mkdir()
    for n, sender in enumerate(["a@bib-one.fr", "b@bib-two.fr"]):
        (folder / f"{n}.eml").write_bytes(
            build_message(
                message_id=f"<m{n}@x.fr>", subject=f"Sujet {n}", from_=sender, text=f"message {n}\n"
            )
        )
    _run("import", str(folder))
    refs = sorted(t["ref"] for t in json.loads(_run("threads", "--json"))["threads"])
    _run("thread", "merge", refs[0], refs[1])
    merged = json.loads(_run("show", refs[0], "--json"))
    assert len(merged["messages"]) == 2
    second = merged["messages"][1]["id"]
    output = _run("thread", "split", refs[0], str(second))
    assert "new thread" in output
    bad = runner.invoke(app, ["thread", "merge", refs[0], "COOP-1999-99999"])
    assert bad.exit_code == 1 and "no thread" in bad.output
    missing = runner.invoke(app, ["show", "COOP-1999-99999"])
    assert missing.exit_code == 1 and "no thread" in missing.output


def test_bad_configuration_stops_with_the_key(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAILFLOW_SMTP__PORT", "not-a-port")
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 2
    assert "smtp.port" in result.output


def test_rules_diff_reports_a_rule_change(cli_env: Path, tmp_path: Path) -> None:
    import shutil

    _run("init")
    folder = cli_env / "mail"
    folder.mkdir()
    (folder / "1.eml").write_bytes(
        build_message(
            subject="Question sur Zorglub", from_="x@bib-one.fr", text="Bonjour, une question.\n"
        )
    )
    _run("import", str(folder))
    working = tmp_path / "rules-copy"
    shutil.copytree(Path(__file__).resolve().parent.parent / "rules", working)
    (working / "zz-local.toml").write_text(
        '[[topic]]\nname = "zorglub-licences"\ntopic = "event"\nwords = ["zorglub"]\nweight = 10\n',
        encoding="utf-8",
    )
    before = json.loads(_run("rules", "diff", "--json"))
    assert before["changed"] == 0
    after = json.loads(_run("rules", "diff", "--rules", str(working), "--json"))
    assert after["changed"] == 1
    assert after["messages"][0]["changes"]["topic"][1] == "event"
    assert "zorglub" not in _run("threads")  # the dry run wrote nothing
    assert json.loads(_run("export", "--format", "jsonl").splitlines()[0])["topic"] != "event"


def test_backfill_import_drafts_nothing_unless_asked(cli_env: Path) -> None:
    from email.utils import format_datetime

    from sqlalchemy import func, select
    from sqlmodel import Session

    from mailflow.store.db import make_engine
    from mailflow.store.models import Draft

    _run("init")
    folder = cli_env / "mail"
    folder.mkdir()
    now = format_datetime(datetime.now(UTC))  # replies are drafted for recent mail only
    for n in (1, 2):
        (folder / f"{n}.eml").write_bytes(
            build_message(
                message_id=f"<recent{n}@mediatheque-exemple.fr>",
                subject=f"Demande {n}",
                date=now,
                from_="Anne Durand <anne.durand@mediatheque-exemple.fr>",
                text="Bonjour,\nune question.\n",
            )
        )
    mailbox = folder
    _run("import", str(mailbox / "1.eml"))
    engine = make_engine(__import__("os").environ["MAILFLOW_DATABASE_URL"])
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(Draft)).scalar_one() == 0
    _run("import", "--draft", str(mailbox / "2.eml"))
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(Draft)).scalar_one() >= 1
    engine.dispose()
