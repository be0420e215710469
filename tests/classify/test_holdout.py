"""Accuracy of the default rules on mail they were NOT tuned on.

* ``holdout/``  — 120 messages written before the rules were read, used to improve them
  (so it is no longer fully independent: treat its score as a training score);
* ``holdout2/`` — 40 messages written afterwards and never tuned on (the honest estimate);
* ``examples/demo-mailbox`` — 18 messages labelled in examples/README.md.

Run with ``pytest -q -s tests/classify/test_holdout.py`` to see the per-label misses.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mailflow.classify.loader import load_ruleset
from mailflow.parse import parse_message

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ARRIVAL = datetime(2026, 1, 1, tzinfo=UTC)
KEYS = ("partner_type", "topic", "kind")


def _labels(folder: Path) -> list[dict]:
    return [
        json.loads(line)
        for line in (folder / "labels.jsonl").read_text().splitlines()
        if line.strip()
    ]


def _demo_labels() -> list[dict]:
    rows = []
    for line in (ROOT / "examples" / "README.md").read_text().splitlines():
        m = re.match(r"\|\s*`([^`]+\.eml)`\s*\|\s*`(\w+)`\s*\|\s*`(\w+)`\s*\|\s*(\w+)\s*\|", line)
        if m:
            rows.append({"file": m[1], "partner_type": m[2], "topic": m[3], "kind": m[4]})
    return rows


def measure(folder: Path, labels: list[dict]) -> tuple[Counter[str], list[str], int]:
    rules = load_ruleset(ROOT / "rules")
    right: Counter[str] = Counter()
    misses: list[str] = []
    confusion: dict[str, Counter[str]] = {k: Counter() for k in KEYS}
    for label in labels:
        result = rules.classify(parse_message((folder / label["file"]).read_bytes(), ARRIVAL))
        for key in KEYS:
            got = getattr(result, key)
            if got == label[key]:
                right[key] += 1
            else:
                confusion[key][f"{label[key]} -> {got}"] += 1
                misses.append(f"{label['file']} {key}: want {label[key]}, got {got}")
    total = len(labels)
    print(f"\n{folder.name}: " + ", ".join(f"{k} {right[k]}/{total}" for k in KEYS))
    for key in KEYS:
        if confusion[key]:
            print(f"  {key} confusion: {dict(confusion[key].most_common())}")
    for miss in misses:
        print("   ", miss)
    return right, misses, total


def _check(folder: Path, labels: list[dict], partner: float, topic: float) -> None:
    right, misses, total = measure(folder, labels)
    assert right["partner_type"] >= partner * total, misses
    assert right["topic"] >= topic * total, misses
    assert right["kind"] == total, misses


def test_holdout_batch1() -> None:
    folder = HERE / "holdout"
    _check(folder, _labels(folder), partner=0.95, topic=0.92)


def test_holdout_batch2_untuned() -> None:
    folder = HERE / "holdout2"
    if not (folder / "labels.jsonl").exists():
        pytest.skip("holdout2 not written yet")
    _check(folder, _labels(folder), partner=0.90, topic=0.85)


def test_demo_mailbox() -> None:
    folder = ROOT / "examples" / "demo-mailbox"
    labels = _demo_labels()
    assert len(labels) == 18
    _check(folder, labels, partner=0.94, topic=0.88)
