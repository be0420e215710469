"""Folding, word boundaries, phrases, prefixes and regexes; the index agrees with check()."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailflow.classify import default_rules_dir, load_ruleset
from mailflow.classify.fields import MessageText, signature_lines
from mailflow.classify.fold import fold, words
from mailflow.classify.matchers import RegexSet, Term, WordIndex, required_literal
from tests.classify.msgs import message, ruleset


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Médiathèque DÉPARTEMENTALE", "mediatheque departementale"),
        ("Œuvre et cœur", "oeuvre et coeur"),
        ("Ægir", "aegir"),
        ("Straße", "strasse"),
        ("Journée d’étude", "journee d'etude"),
        ("ﬁchier", "fichier"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_words_split_on_apostrophes_and_hyphens() -> None:
    assert words(fold("L'Enssib, e-book & co.")) == ["l", "enssib", "e", "book", "co"]


def find(terms: list[str], text: str) -> list[tuple[int, str]]:
    index: WordIndex[int] = WordIndex()
    for number, term in enumerate(terms):
        index.add(Term.parse(term), number)
    return list(index.search(words(fold(text))))


def test_whole_words_only() -> None:
    assert find(["stage"], "Les stagiaires du stage") == [(0, "stage")]
    assert find(["stage"], "Stagiaires") == []


def test_phrases_accents_and_case() -> None:
    assert find(["journée d'étude"], "JOURNEE D'ETUDE régionale") == [(0, "journee d etude")]


def test_prefix_terms() -> None:
    assert find(["format*"], "Formations et formateurs") == [(0, "formations"), (0, "formateurs")]
    assert find(["médiathèque* d*"], "Médiathèques départementales") == [
        (0, "mediatheques departementales")
    ]


def test_regex_is_folded_and_guarded() -> None:
    regexes: RegexSet[str] = RegexSet()
    regexes.add(r"journ[ée]es? d.étude", "study-day")
    assert list(regexes.search(fold("Deux journées d'étude"))) == [
        ("study-day", "journees d'etude")
    ]
    assert list(regexes.search(fold("rien"))) == []


@pytest.mark.parametrize(
    ("pattern", "literal"),
    [
        (r"\bmooc\b", "mooc"),
        ("abc?def", "def"),
        ("foo|bar", None),
        (r"x\.y\.z", "x.y.z"),
        (r"(?:de|du) bibliothèque", " bibliotheque"),
        (r"\d+", None),
    ],
)
def test_required_literal(pattern: str, literal: str | None) -> None:
    assert required_literal(pattern) == literal


def test_signature_starts_after_the_sign_off_and_skips_quotes() -> None:
    body = (
        "Bonjour,\nNous avons une bibliothèque.\nBien cordialement,\nJean Dupont\n"
        "Médiathèque départementale de l'Ain\n\nLe 3 févr. 2026, X <x@bpi.fr> a écrit :\n"
        "> Bibliothèque publique d'information\n"
    )
    assert signature_lines(body) == ["Jean Dupont", "Médiathèque départementale de l'Ain"]


def test_fields_and_headers() -> None:
    text = MessageText(
        message(subject="Sujet", headers={"X-Custom": "Valeur É"}, attachments=("Programme.PDF",))
    )
    assert text.text("header:x-custom") == "valeur e"
    assert text.words("attachment") == ["programme", "pdf"]


def test_attachment_and_header_fields_in_rules(tmp_path: Path) -> None:
    rules = ruleset(
        tmp_path,
        topics="""
        [[topic]]
        name = "programme-file"
        topic = "event"
        fields = ["attachment", "header:x-category"]
        words = ["programme", "colloque"]
        """,
    )
    result = rules.classify(message(attachments=("programme.pdf",)))
    assert result.topic == "event"
    assert [(h.field, h.matched) for h in result.explanation] == [("attachment", "programme")]
    assert rules.classify(message(headers={"X-Category": "Colloque"})).topic == "event"


def test_compiled_index_agrees_with_each_rule_check() -> None:
    rules = load_ruleset(default_rules_dir())
    samples = [
        message(subject="Journée d'étude et formations", body="Stage, webinaire, MOOC."),
        message(subject="Colloque", body="Invitation à intervenir au congrès de l'ABF."),
        message(subject="Ressources numériques", body="Consortium et licences e-books."),
    ]
    for msg in samples:
        text = MessageText(msg)
        compiled = rules._terms.search(text)
        for index, rule in enumerate([*rules.topics, *rules.kinds]):
            expected = {(m.field, m.matched) for m in rule.check(text)}
            assert set(compiled.get(index, [])) == expected, rule.name
