"""Acceptance on ../shared/corpus/dev: threads as labelled, dedupe across .eml and mbox."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.conftest import corpus_dir
from tests.pipeline.helpers import exported, run_import

pytestmark = pytest.mark.corpus


def _labels(dev: Path) -> dict[str, dict[str, str]]:
    rows = [
        json.loads(line) for line in (dev / "labels.jsonl").read_text().splitlines() if line.strip()
    ]
    # 050.eml has no Message-ID: it is the only one, so None identifies it.
    return {(row["message_id"] or "").strip("<>") or None: row for row in rows}


def _grouping(rows: list[dict[str, object]], key: str) -> set[frozenset[str]]:
    groups: dict[object, set[str]] = defaultdict(set)
    for row in rows:
        groups[row[key]].add(str(row["message_id"]))  # str(None) for the message without id
    return {frozenset(g) for g in groups.values()}


def _eml_files(dev: Path) -> list[Path]:
    return sorted(dev.glob("*.eml"))


def test_eml_import_threads_like_the_labels_and_twice_adds_nothing(engine: Engine) -> None:
    dev = corpus_dir("dev")
    report = run_import(engine, *_eml_files(dev))
    assert (report.new, report.duplicates, report.pipeline.quarantined) == (50, 0, 0)
    rows = exported(engine)
    labels = _labels(dev)
    assert {r["message_id"] for r in rows} == set(labels)
    expected = _grouping(
        [{"message_id": k, "thread": v["thread"]} for k, v in labels.items()], "thread"
    )
    assert _grouping(rows, "thread") == expected

    again = run_import(engine, *_eml_files(dev))
    assert (again.new, again.duplicates) == (0, 50)
    assert len(exported(engine)) == 50


def test_mbox_gives_the_same_threads_and_adds_nothing_on_top(
    engine: Engine, tmp_path: Path
) -> None:
    dev = corpus_dir("dev")
    report = run_import(engine, dev / "all.mbox")
    assert (report.new, report.pipeline.quarantined) == (50, 0)
    labels = _labels(dev)
    expected = _grouping(
        [{"message_id": k, "thread": v["thread"]} for k, v in labels.items()], "thread"
    )
    assert _grouping(exported(engine), "thread") == expected

    on_top = run_import(engine, *_eml_files(dev))
    assert (on_top.new, on_top.duplicates) == (0, 50)


def test_sha256_is_of_the_bytes_as_received(engine: Engine) -> None:
    import hashlib

    dev = corpus_dir("dev")
    files = _eml_files(dev)[:5]
    run_import(engine, *files)
    assert {r["sha256"] for r in exported(engine)} == {
        hashlib.sha256(f.read_bytes()).hexdigest() for f in files
    }


@pytest.mark.postgres
def test_export_is_identical_on_sqlite_and_postgres(tmp_path: Path) -> None:
    from mailflow.store import migrate
    from mailflow.store.db import make_engine
    from tests.conftest import _postgres_database

    dev = corpus_dir("dev")
    sqlite = make_engine(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    migrate.upgrade(sqlite)
    run_import(sqlite, *_eml_files(dev))
    databases = _postgres_database()
    url = next(databases)
    try:
        postgres = make_engine(url)
        migrate.upgrade(postgres)
        run_import(postgres, *_eml_files(dev))
        assert exported(sqlite) == exported(postgres)
        postgres.dispose()
    finally:
        next(databases, None)
