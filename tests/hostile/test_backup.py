"""Backup and restore: a restored backup holds every message and thread, on both databases."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session
from typer.testing import CliRunner

from mailflow.backup import BackupError, backup, restore
from mailflow.cli.main import app
from mailflow.store import migrate
from mailflow.store.db import make_engine
from mailflow.store.models import RawMessage, Thread
from tests.conftest import _postgres_database
from tests.mailbuilder import attachment, build_message
from tests.pipeline.helpers import exported
from tests.web.conftest import ingest

runner = CliRunner()


@pytest.fixture
def fresh_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """A second empty database of the same kind as ``db_url``."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    else:
        yield from _postgres_database()


def mail() -> list[bytes]:
    first = build_message(
        message_id="<p1@bdp13.fr>", subject="Convention 2026", from_="Marie <marie@bdp13.fr>"
    )
    reply = build_message(
        message_id="<p2@bdp13.fr>",
        subject="Re: Convention 2026",
        from_="Paul <paul@bdp13.fr>",
        headers=[("In-Reply-To", "<p1@bdp13.fr>"), ("References", "<p1@bdp13.fr>")],
        attachments=[attachment(b"%PDF-1.7 x", "convention été.pdf", "application/pdf")],
    )
    other = build_message(message_id="<o@enssib.fr>", subject="Journée d'étude", text="é\n")
    return [first, reply, other, b"\x00\x01 not mail at all"]


def contents(engine: Engine) -> dict[str, object]:
    with Session(engine) as session:
        raw = session.execute(
            select(RawMessage.sha256, RawMessage.data, RawMessage.state).order_by(RawMessage.id)
        ).all()
        threads = session.execute(select(Thread.ref, Thread.subject).order_by(Thread.ref)).all()

    return {
        "raw": [(s, bytes(d), st) for s, d, st in raw],
        "threads": [tuple(t) for t in threads],
        "export": exported(engine),
    }


def test_backup_restores_every_message_and_thread(
    engine: Engine, fresh_url: str, tmp_path: Path
) -> None:
    ingest(engine, *mail())
    before = contents(engine)
    assert len(before["raw"]) == 4 and len(before["threads"]) == 3  # type: ignore[arg-type]
    path = tmp_path / "mailflow.backup"
    done = backup(engine, path)
    assert (done.messages, done.threads) == (4, 3)
    target = make_engine(fresh_url)
    try:
        restored = restore(target, path)
        assert (restored.messages, restored.threads) == (4, 3)
        assert contents(target) == before
        ingest(target, build_message(message_id="<new@x.fr>"))  # usable: ids continue
        with pytest.raises(BackupError, match="not empty"):
            restore(target, path)
    finally:
        target.dispose()


def test_backup_never_overwrites(sqlite_engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "exists.backup"
    path.write_bytes(b"precious")
    with pytest.raises(BackupError, match="already exists"):
        backup(sqlite_engine, path)
    assert path.read_bytes() == b"precious"


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "junk.backup"
    path.write_bytes(b"junk")
    target = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    with pytest.raises(BackupError, match="not a SQLite backup"):
        restore(target, path)
    target.dispose()


def test_cli_backup_and_restore(
    db_url: str, fresh_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAILFLOW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("MAILFLOW_CONFIG", raising=False)
    monkeypatch.setenv("MAILFLOW_DATABASE_URL", db_url)
    source = make_engine(db_url)
    migrate.upgrade(source)
    ingest(source, *mail())
    source.dispose()
    path = tmp_path / "cli.backup"
    result = runner.invoke(app, ["backup", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert '"messages": 4' in result.output
    monkeypatch.setenv("MAILFLOW_DATABASE_URL", fresh_url)
    result = runner.invoke(app, ["restore", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"path": str(path), "messages": 4, "threads": 3}
    result = runner.invoke(app, ["restore", str(path)])
    assert result.exit_code == 1 and "not empty" in " ".join(result.output.split())
