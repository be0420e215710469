"""Fixtures shared by the whole suite: databases (SQLite and the real PostgreSQL), corpus paths."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from mailflow.store import migrate
from mailflow.store.db import make_engine

REPO = Path(__file__).resolve().parent.parent


def _find_corpus() -> Path:
    """../shared/corpus beside the checkout; MAILFLOW_TEST_CORPUS or the workplace's
    /work/shared/corpus for a clone made elsewhere (CI clones into a temporary folder)."""
    candidates = [REPO.parent / "shared" / "corpus", Path("/work/shared/corpus")]
    if os.environ.get("MAILFLOW_TEST_CORPUS"):
        candidates.insert(0, Path(os.environ["MAILFLOW_TEST_CORPUS"]))
    return next((c for c in candidates if c.is_dir()), candidates[0])


CORPUS = _find_corpus()
POSTGRES_ADMIN_URL = os.environ.get(
    "MAILFLOW_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def corpus_dir(name: str = "") -> Path:
    """A folder of ../shared/corpus, or a skip with the reason printed (absent in a user's clone)."""
    path = CORPUS / name
    if not path.is_dir():
        pytest.skip(
            f"corpus folder {path} not found: these tests read ../shared/corpus beside the repo"
        )
    return path


def _postgres_database() -> Iterator[str]:
    import psycopg

    name = f"mailflow_test_{uuid.uuid4().hex[:12]}"
    admin = POSTGRES_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: every storage test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'mailflow.sqlite3'}"
    else:
        yield from _postgres_database()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a fresh database migrated to the latest schema."""
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'mailflow.sqlite3'}")
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_engine() -> Iterator[Engine]:
    """An engine on a fresh PostgreSQL database, for what only PostgreSQL shows."""
    for url in _postgres_database():
        engine = make_engine(url)
        migrate.upgrade(engine)
        yield engine
        engine.dispose()
