"""Files readable by their owner only, whatever the umask (issue 16, finding 8).

``mailflow init``, ``serve`` and ``backup`` run as real subprocesses under umask 022 (the
usual default, which made everything 644/755 before); the systemd unit of
docs/operations.md is checked with ``systemd-analyze verify``.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailflow.store.db import make_engine
from tests.documented import documented_block
from tests.intake.dovecot import free_port
from tests.intake.serving import ServeProcess, write_config

REPO = Path(__file__).resolve().parent.parent
MAILFLOW = str(Path(sys.executable).parent / "mailflow")
UNIT_PATH = "/opt/mailflow/.venv/bin/mailflow"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def mailflow(data_dir: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILFLOW_")}
    env["MAILFLOW_DATA_DIR"] = str(data_dir)
    result = subprocess.run(
        [MAILFLOW, *arguments],
        cwd=REPO,
        env=env,
        umask=0o022,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def umask_022() -> Iterator[None]:
    """This process's umask at 022 for the test (subprocesses inherit it), then restored."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_init_and_backup_make_private_files_under_umask_022(tmp_path: Path) -> None:
    data = tmp_path / "data"
    mailflow(data, "init")
    database = data / "mailflow.sqlite3"
    assert mode(data) == 0o700
    assert mode(database) == 0o600

    backups = tmp_path / "backups"
    backups.mkdir()
    mailflow(data, "backup", str(backups / "one.backup"))
    assert mode(backups / "one.backup") == 0o600
    assert sorted(p.name for p in backups.iterdir()) == ["one.backup"]  # no journal left
    refused = subprocess.run(
        [MAILFLOW, "backup", str(backups / "one.backup")],
        env={**os.environ, "MAILFLOW_DATA_DIR": str(data)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode != 0 and "already exists" in refused.stderr


def test_wal_and_shm_take_the_database_mode(tmp_path: Path, umask_022: None) -> None:
    """Any process that opens the database (here this one, under umask 022): SQLite gives
    the -wal and -shm files the database file's mode, 0600."""
    data = tmp_path / "data"
    mailflow(data, "init")
    engine = make_engine(f"sqlite:///{data / 'mailflow.sqlite3'}")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("CREATE TABLE probe (x INTEGER)")
            conn.commit()
            assert mode(data / "mailflow.sqlite3-wal") == 0o600
            assert mode(data / "mailflow.sqlite3-shm") == 0o600
    finally:
        engine.dispose()


def test_a_new_database_file_is_private(tmp_path: Path, umask_022: None) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    engine.dispose()
    assert mode(tmp_path / "fresh.sqlite3") == 0o600


@pytest.mark.slow
def test_serve_keeps_the_database_and_its_wal_private(tmp_path: Path, umask_022: None) -> None:
    data, port = tmp_path / "data", free_port()
    config = write_config(
        tmp_path / "mailflow.toml",
        {"data_dir": str(data)},
        {"web": {"enabled": True, "port": port, "secret_key": "s" * 40}},
    )
    serve = ServeProcess(config, tmp_path / "serve.log").start(wait_port=port)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as answer:
            assert answer.status == 200
        files = {p.name: mode(p) for p in data.iterdir()}
    finally:
        assert serve.stop() == 0
    assert mode(data) == 0o700
    assert files["mailflow.sqlite3"] == 0o600
    assert files.get("mailflow.sqlite3-wal", 0o600) == 0o600
    assert files.get("mailflow.sqlite3-shm", 0o600) == 0o600
    assert all(m & 0o077 == 0 for m in files.values()), files


def test_the_documented_systemd_unit_verifies(tmp_path: Path) -> None:
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze not installed: the unit of docs/operations.md is unchecked")
    unit = documented_block("operations.md", "### A systemd unit", lang="ini")
    for setting in ("UMask=0077", "ProtectSystem=strict", "NoNewPrivileges=yes"):
        assert setting in unit.splitlines(), setting
    path = tmp_path / "mailflow.service"
    path.write_text(unit.replace(UNIT_PATH, MAILFLOW), encoding="utf-8")
    result = subprocess.run(
        [tool, "verify", str(path)], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr  # an unknown key is only a warning
