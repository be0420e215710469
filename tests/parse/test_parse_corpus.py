"""The shared corpus (../shared/corpus): every message parses; the dev set's labels hold."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from mailflow.parse import ParsedMessage, parse_message
from tests.parse.corpus import CORPUS, DEV, corpus_messages, require_corpus, split_mbox

pytestmark = pytest.mark.corpus


def test_every_corpus_message_parses(arrival: datetime) -> None:
    root = require_corpus(CORPUS)
    names = []
    for name, raw in corpus_messages(root):
        message = parse_message(raw, arrival)
        assert isinstance(message, ParsedMessage), name
        assert message.date.tzinfo is not None, name
        message.body_text.encode("utf-8")  # no lone surrogates anywhere we store text
        for _, value in message.headers:
            value.encode("utf-8")
        names.append(name)
    # Every folder was read, and the mbox files were split into messages.
    assert len(names) > 550
    assert sum(name.startswith("dev/all.mbox#") for name in names) == 50


def _labels() -> list[dict[str, str | None]]:
    lines = (require_corpus(DEV) / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_dev_lang_matches_labels(arrival: datetime) -> None:
    labels = _labels()
    assert len(labels) == 50
    wrong = {
        label["file"]: (
            parse_message((DEV / str(label["file"])).read_bytes(), arrival).lang,
            label["lang"],
        )
        for label in labels
    }
    wrong = {name: pair for name, pair in wrong.items() if pair[0] != pair[1]}
    assert wrong == {}


def test_dev_message_ids_match_labels(arrival: datetime) -> None:
    for label in _labels():
        message = parse_message((DEV / str(label["file"])).read_bytes(), arrival)
        expected = label["message_id"]
        assert message.message_id == (expected.strip("<>") if expected else None), label["file"]


def test_dev_subject_005(arrival: datetime) -> None:
    message = parse_message((require_corpus(DEV) / "005.eml").read_bytes(), arrival)
    assert message.subject == (
        "Invitation to speak – Dublin City Libraries conference "
        '"Libraries for Everyone", 4 June 2026'
    )


def test_dev_mbox_matches_eml_files(arrival: datetime) -> None:
    mbox = split_mbox((require_corpus(DEV) / "all.mbox").read_bytes())
    by_id = {parse_message(raw, arrival).message_id: raw for raw in mbox}
    for label in _labels():
        eml = parse_message((DEV / str(label["file"])).read_bytes(), arrival)
        if eml.message_id is None:
            continue
        from_mbox = parse_message(by_id[eml.message_id], arrival)
        # The mbox copy may end with one more blank line (before the next separator).
        assert (from_mbox.subject, from_mbox.body_text.rstrip("\n"), from_mbox.lang) == (
            eml.subject,
            eml.body_text.rstrip("\n"),
            eml.lang,
        ), label["file"]


def test_dev_bounce_reports(arrival: datetime) -> None:
    bounces = [label for label in _labels() if label["kind"] == "bounce"]
    assert len(bounces) == 2
    for label in bounces:
        report = parse_message((DEV / str(label["file"])).read_bytes(), arrival).delivery_report
        assert report is not None, label["file"]
        assert report.original_message_id, label["file"]
