"""Dry run: what a rule change would change."""

from __future__ import annotations

from pathlib import Path

from mailflow.classify.diff import diff_classifications
from tests.classify.msgs import message, ruleset

BEFORE = """
[[topic]]
name = "training"
topic = "training"
words = ["formation"]
"""


def test_diff_reports_changes_and_counts(tmp_path: Path) -> None:
    old_rules = ruleset(tmp_path / "old", rules=BEFORE)
    new_rules = ruleset(
        tmp_path / "new",
        rules=BEFORE
        + """
[[topic]]
name = "event"
topic = "event"
weight = 3
words = ["colloque"]
""",
    )
    messages = {
        "m1": message(subject="Formation", body="colloque"),
        "m2": message(subject="Colloque et formation"),
        "m3": message(subject="Formation"),
    }
    stored = {key: old_rules.classify(msg).to_dict() for key, msg in messages.items()}
    report = diff_classifications(
        ((key, msg, stored[key]) for key, msg in messages.items()), new_rules
    )
    assert report.total == 3 and report.unchanged == 2
    (change,) = report.changed
    assert change.key == "m2"
    assert change.changes == {"topic": ("training", "event")}
    assert report.transitions == {("topic", "training", "event"): 1}
    data = report.to_dict()
    assert data["transitions"] == [
        {"label": "topic", "old": "training", "new": "event", "count": 1}
    ]


def test_diff_with_missing_old_labels(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, rules=BEFORE)
    report = diff_classifications([(1, message(subject="Formation"), {})], rules)
    assert report.changed[0].changes["topic"] == (None, "training")
