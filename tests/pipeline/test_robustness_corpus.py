"""Every message of the public test corpora is stored, or quarantined with its error."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from mailflow.receive.files import read_messages
from mailflow.store.models import RawMessage
from tests.conftest import corpus_dir
from tests.pipeline.helpers import run_import

pytestmark = pytest.mark.corpus


@pytest.mark.parametrize(
    "folder",
    [
        "cpython-email",
        "stalwart-mail-parser",
        "james-mime4j",
        "flufl-bounce",
        "mail-deliverystatus-bounceparser",
        "mailgun-talon",
    ],
)
def test_every_corpus_message_is_stored_or_quarantined(sqlite_engine: Engine, folder: str) -> None:
    path = corpus_dir(folder)
    expected_count = sum(1 for _ in read_messages(path))
    report = run_import(sqlite_engine, path)
    assert report.read == expected_count
    assert report.new + report.duplicates == expected_count
    with Session(sqlite_engine) as session:
        states = dict(
            session.execute(select(RawMessage.state, func.count()).group_by(RawMessage.state)).all()
        )
        unexplained = session.execute(
            select(func.count()).where(
                RawMessage.state == "quarantined", RawMessage.error.is_(None)
            )  # type: ignore[union-attr]
        ).scalar_one()
    assert states.get("received", 0) == 0
    assert sum(states.values()) == report.new
    assert unexplained == 0
