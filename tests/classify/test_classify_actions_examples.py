"""Actions merged from every matching [[action]], and the [[example]] runner."""

from __future__ import annotations

from pathlib import Path

from mailflow.classify import default_rules_dir, load_ruleset, run_examples
from tests.classify.msgs import message, ruleset

RULES = """
[[topic]]
name = "training"
topic = "training"
words = ["formation"]

[[partner]]
name = "ain"
type = "bdp"
domains = ["ain.fr"]

[[action]]
name = "everyone"
acknowledge = true
team = "cooperation"
tags = ["inbox"]

[[action]]
name = "training-team"
when = { topic = "training", kind = "human" }
team = "formation"
template = "training"
tags = ["formation"]

[[action]]
name = "bdp-urgent"
when = { partner_type = ["bdp", "bmvr"] }
priority = "urgent"
assignee = "marie"
"""


def test_actions_merge_in_order(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, rules=RULES)
    result = rules.classify(message(sender="x@ain.fr", subject="Formation"))
    actions = result.actions
    assert (actions.priority, actions.assignee, actions.team, actions.template) == (
        "urgent",
        "marie",
        "formation",
        "training",
    )
    assert actions.acknowledge is True
    assert actions.tags == ["inbox", "formation"]
    assert [h.rule for h in result.explanation if h.label == "actions"] == [
        "everyone",
        "training-team",
        "bdp-urgent",
    ]


def test_defaults_and_no_acknowledgement_for_machines(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, rules=RULES)
    plain = rules.classify(message(sender="x@example.com")).actions
    assert (plain.priority, plain.team, plain.template) == ("normal", "cooperation", None)
    bounce = rules.classify(message(sender="MAILER-DAEMON@ain.fr", subject="Formation")).actions
    assert bounce.acknowledge is False and bounce.template is None


def test_classification_to_dict_has_the_documented_shape(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, rules=RULES)
    data = rules.classify(message(sender="x@ain.fr", subject="Formation")).to_dict()
    assert set(data) == {
        "partner_type",
        "topic",
        "kind",
        "lang",
        "organisation",
        "actions",
        "explanation",
    }
    assert set(data["explanation"][0]) >= {"rule", "file", "line", "field", "matched"}


EXAMPLES = (
    RULES
    + """
[[example]]
name = "good"
from = "x@ain.fr"
subject = "Formation"
expect = { partner_type = "bdp", topic = "training", kind = "human" }

[[example]]
name = "bad"
from = "x@ain.fr"
subject = "Formation"
expect = { topic = "event" }
"""
)


def test_examples_runner(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, rules=EXAMPLES)
    good, bad = run_examples(rules, tmp_path)
    assert good.ok and not bad.ok
    assert bad.mismatches == {"topic": ("event", "training")}
    lines = EXAMPLES.splitlines()
    assert bad.example.line == len(lines) - lines[::-1].index("[[example]]")


def test_eml_examples(tmp_path: Path) -> None:
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "one.eml").write_bytes(
        b"From: Jean <jean@ain.fr>\r\nSubject: Formation\r\nMessage-ID: <a@b>\r\n\r\nBonjour\r\n"
    )
    rules = ruleset(
        tmp_path,
        rules=RULES
        + """
[[example]]
name = "eml"
eml = "mail/one.eml"
expect = { partner_type = "bdp", topic = "training" }
""",
    )
    (result,) = run_examples(rules, tmp_path)
    assert result.ok, result


def test_default_examples_pass() -> None:
    directory = default_rules_dir()
    failures = [r for r in run_examples(load_ruleset(directory), directory) if not r.ok]
    assert failures == []
