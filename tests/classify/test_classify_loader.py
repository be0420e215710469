"""Loading and validating rule files: every problem reported with file, line and rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailflow.classify import default_rules_dir, load_ruleset
from mailflow.errors import Problem, RuleSetError
from mailflow.parse.addresses import WEBMAIL_DOMAINS
from tests.classify.msgs import message, ruleset, write_rules

GOOD_TOPIC = """
[[topic]]
name = "training"
topic = "training"
words = ["formation"]
"""


def problems(directory: Path) -> list[Problem]:
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(directory)
    return caught.value.problems


def test_default_rules_load() -> None:
    ruleset = load_ruleset(default_rules_dir())
    assert ruleset.topics and ruleset.partners.rules and ruleset.examples
    assert {f.path.name for f in ruleset.files} >= {"partners.toml", "topics.toml"}
    assert all(len(f.sha256) == 64 for f in ruleset.files)


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    write_rules(tmp_path, broken='[[topic]]\nname = "x"\ntopic = "training\n')
    (found,) = problems(tmp_path)
    assert found.file.endswith("broken.toml")
    assert found.line == 3
    assert "TOML syntax" in found.message


def test_unknown_key_points_at_its_line(tmp_path: Path) -> None:
    write_rules(
        tmp_path,
        topics="""
        [[topic]]
        name = "training"
        topic = "training"
        wrods = ["formation"]
        words = ["formation"]
        """,
    )
    (found,) = problems(tmp_path)
    assert (found.line, found.name) == (5, "training")
    assert "unknown key 'wrods'" in found.message
    assert str(found).startswith(f"{tmp_path / 'topics.toml'}:5: [training]")


def test_bad_regex_points_at_the_pattern_line(tmp_path: Path) -> None:
    write_rules(
        tmp_path,
        topics="""
        [[topic]]
        name = "event"
        topic = "event"
        regex = [
            'colloque',
            'congr(es',
        ]
        """,
    )
    (found,) = problems(tmp_path)
    assert (found.line, found.name) == (7, "event")
    assert "bad regex" in found.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[partner]]\nname = "p"\ntype = "library2"\ndomains = ["a.fr"]\n',
            "unknown partner type 'library2'",
        ),
        ('[[topic]]\nname = "t"\ntopic = "sports"\nwords = ["x"]\n', "unknown topic 'sports'"),
        ('[[kind]]\nname = "k"\nkind = "spam"\nwords = ["x"]\n', "unknown kind 'spam'"),
        ('[[action]]\nname = "a"\npriority = "asap"\n', "unknown priority 'asap'"),
        ('[[action]]\nname = "a"\nwhen = { topic = "sport" }\nteam = "x"\n', "unknown topic"),
        (
            '[[topic]]\nname = "t"\ntopic = "event"\nfields = ["bdy"]\nwords = ["x"]\n',
            "unknown field 'bdy'",
        ),
        ('[[partner]]\nname = "p"\ntype = "bdp"\ndomains = ["*.fr"]\n', "bad domain"),
        ('[[topic]]\nname = "t"\ntopic = "event"\n', "unreachable"),
        ('[[partner]]\nname = "p"\ntype = "bdp"\n', "unreachable"),
        ('[[partner]]\nname = "p"\ntype = "bdp"\nwebmail = false\n', "unreachable"),
        ('[[example]]\nname = "e"\nsubject = "x"\n', "missing 'expect'"),
        ('[[example]]\nname = "e"\neml = "nope.eml"\nexpect = { kind = "human" }\n', "not found"),
        ('[[topics]]\nname = "t"\n', "unknown entry 'topics'"),
        ('[[topic]]\ntopic = "event"\nwords = ["x"]\n', "needs a name"),
    ],
)
def test_each_problem_type(tmp_path: Path, text: str, message: str) -> None:
    write_rules(tmp_path, rules=text)
    found = problems(tmp_path)
    assert any(message in p.message for p in found), found
    assert all(p.line >= 1 for p in found)


def test_webmail_must_be_true_or_false_at_its_line(tmp_path: Path) -> None:
    write_rules(
        tmp_path,
        partners="""
        [[partner]]
        name = "personal"
        type = "unknown"
        webmail = "yes"
        """,
    )
    (found,) = problems(tmp_path)
    assert (found.line, found.name) == (5, "personal")
    assert "'webmail' must be true or false" in found.message


def test_webmail_true_means_the_builtin_webmail_domains(tmp_path: Path) -> None:
    rules = ruleset(
        tmp_path,
        partners="""
        [[partner]]
        name = "personal"
        type = "unknown"
        webmail = true
        domains = ["example.org"]

        [[partner]]
        name = "germany"
        type = "international"
        domain_patterns = ["*.de"]
        """,
    )
    personal = rules.partners.rules[0]
    assert set(personal.domains) == WEBMAIL_DOMAINS | {"example.org"}
    assert rules.classify(message(sender="anna@gmx.de")).partner_type == "unknown"
    assert rules.classify(message(sender="anna@stadtbibliothek.de")).partner_type == (
        "international"
    )


def test_a_webmail_domain_listed_again_is_unreachable(tmp_path: Path) -> None:
    write_rules(
        tmp_path,
        partners="""
        [[partner]]
        name = "personal"
        type = "unknown"
        webmail = true

        [[partner]]
        name = "late"
        type = "bdp"
        domains = ["gmail.com"]
        """,
    )
    found = problems(tmp_path)
    assert {p.name for p in found} == {"late"}
    assert any("unreachable" in p.message for p in found)


def test_duplicate_names_across_files(tmp_path: Path) -> None:
    write_rules(tmp_path, a=GOOD_TOPIC, b=GOOD_TOPIC)
    (found,) = problems(tmp_path)
    assert found.file.endswith("b.toml")
    assert "duplicate rule name (first defined at a.toml:2)" in found.message


def test_rule_shadowed_by_an_earlier_stop_rule(tmp_path: Path) -> None:
    write_rules(
        tmp_path,
        topics="""
        [[topic]]
        name = "stop-training"
        topic = "training"
        stop = true
        words = ["formation", "stage"]

        [[topic]]
        name = "never"
        topic = "event"
        words = ["stage"]
        """,
    )
    (found,) = problems(tmp_path)
    assert (found.name, found.line) == ("never", 8)
    assert "unreachable" in found.message and "stop-training" in found.message


def test_partner_shadowed_by_earlier_entries(tmp_path: Path) -> None:
    write_rules(
        tmp_path,
        partners="""
        [[partner]]
        name = "first"
        type = "bdp"
        domains = ["ain.fr"]

        [[partner]]
        name = "second"
        type = "library"
        domains = ["ain.fr"]
        """,
    )
    found = problems(tmp_path)
    assert {p.name for p in found} == {"second"}
    assert any("unreachable" in p.message for p in found)


def test_all_problems_are_collected_and_nothing_is_loaded(tmp_path: Path) -> None:
    write_rules(
        tmp_path,
        a='[[topic]]\nname = "t"\ntopic = "nope"\nwords = ["x"]\n',
        b='[[topic]]\nname = "u"\ntopic = "event"\nregex = ["("]\n',
        c="not toml at all = = =\n",
    )
    found = problems(tmp_path)
    assert [Path(p.file).name for p in found] == ["a.toml", "b.toml", "c.toml"]


def test_empty_directory_is_a_problem(tmp_path: Path) -> None:
    (found,) = problems(tmp_path)
    assert "no rule files" in found.message
