"""Accuracy of the default rules on the labelled dev corpus, and kinds on real bounces."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mailflow.classify import default_rules_dir, load_ruleset
from mailflow.parse.mime import parse_message
from tests.conftest import CORPUS

ARRIVAL = datetime(2026, 1, 1, tzinfo=UTC)


def corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.is_dir():
        pytest.skip(f"corpus folder {path} not found: these tests read ../shared/corpus")
    return path


@pytest.mark.corpus
def test_dev_corpus_accuracy() -> None:
    folder = corpus("dev")
    rules = load_ruleset(default_rules_dir())
    labels = [json.loads(line) for line in (folder / "labels.jsonl").read_text().splitlines()]
    right: Counter[str] = Counter()
    wrong: list[str] = []
    for label in labels:
        result = rules.classify(parse_message((folder / label["file"]).read_bytes(), ARRIVAL))
        for key in ("partner_type", "topic", "kind"):
            if getattr(result, key) == label[key]:
                right[key] += 1
            else:
                wrong.append(f"{label['file']} {key}: {label[key]} != {getattr(result, key)}")
    total = len(labels)
    print({key: f"{right[key]}/{total}" for key in ("partner_type", "topic", "kind")}, wrong)
    assert right["partner_type"] >= 0.95 * total, wrong
    assert right["topic"] >= 0.90 * total, wrong
    assert right["kind"] == total, wrong


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["flufl-bounce", "mail-deliverystatus-bounceparser"])
def test_bounce_corpora_are_never_human_mail(name: str) -> None:
    folder = corpus(name)
    rules = load_ruleset(default_rules_dir())
    kinds: Counter[str] = Counter()
    human: list[str] = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".txt", ".msg"):
            continue
        kind = rules.classify(parse_message(path.read_bytes(), ARRIVAL)).kind
        kinds[kind] += 1
        if kind == "human" and not path.name.startswith("spam-"):
            human.append(path.name)  # spam-* are spam messages, not bounces
    print(name, dict(kinds))
    assert human == []
