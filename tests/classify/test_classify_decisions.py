"""How the topic and the partner type are decided, and what the explanation says."""

from __future__ import annotations

from pathlib import Path

from mailflow.classify.rules import LEVEL_SIGNATURE
from tests.classify.msgs import message, ruleset

TOPICS = """
[[topic]]
name = "training"
topic = "training"
words = ["formation", "stage"]

[[topic]]
name = "event"
topic = "event"
words = ["colloque", "rencontre"]

[[topic]]
name = "event-ranked"
topic = "event"
rank = 1
words = ["salon"]
"""


def test_more_different_words_win(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, topics=TOPICS)
    result = rules.classify(message(body="Un colloque, une formation et un stage."))
    assert result.topic == "training"


def test_a_word_repeated_counts_once(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, topics=TOPICS)
    body = "formation formation formation, colloque et rencontre"
    assert rules.classify(message(body=body)).topic == "event"


def test_subject_counts_three_times(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, topics=TOPICS)
    result = rules.classify(message(subject="Colloque", body="formation et stage"))
    assert result.topic == "event"


def test_weights(tmp_path: Path) -> None:
    rules = ruleset(
        tmp_path, topics=TOPICS.replace('words = ["colloque"', 'weight = 5\nwords = ["colloque"')
    )
    assert rules.classify(message(body="colloque, formation, stage")).topic == "event"


def test_ties_go_to_rank_then_file_order(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, topics=TOPICS)
    assert rules.classify(message(body="formation et colloque")).topic == "training"
    assert rules.classify(message(body="formation et salon")).topic == "event"


def test_stop_rule_decides(tmp_path: Path) -> None:
    rules = ruleset(
        tmp_path,
        topics=TOPICS
        + """
[[topic]]
name = "eurekoi"
topic = "reference_network"
stop = true
fields = ["subject", "body"]
words = ["eurekoi"]
""",
    )
    result = rules.classify(message(subject="Formation et stage", body="Eurêkoi"))
    assert result.topic == "reference_network"


def test_defaults_when_nothing_matches(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, topics=TOPICS)
    result = rules.classify(message(subject="Bonjour", lang="en"))
    assert (result.partner_type, result.topic, result.kind, result.lang) == (
        "unknown",
        "information",
        "human",
        "en",
    )
    assert result.explanation == []


def test_explanation_names_rule_file_line_field_and_text(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, topics=TOPICS)
    (hit,) = rules.classify(message(subject="Un Colloque")).explanation
    assert (hit.rule, hit.file, hit.line, hit.field, hit.matched, hit.label) == (
        "event",
        "topics.toml",
        7,
        "subject",
        "colloque",
        "topic=event",
    )


PARTNERS = """
[[partner]]
name = "own"
type = "unknown"
domains = ["bpi.fr"]

[[partner]]
name = "webmail"
type = "unknown"
look_at_names = true
domains = ["gmail.com"]

[[partner]]
name = "ain"
type = "bdp"
organisation = "Médiathèque départementale de l'Ain"
addresses = ["direction@ville-x.fr"]
domains = ["ain.fr"]
domain_patterns = ["cd##.fr"]
names = ["bibliothèque départementale"]

[[partner]]
name = "cities"
type = "library"
domains = ["mediatheque.ain.fr"]
domain_patterns = ["ville-*.fr"]
names = ["médiathèque*"]
"""


def test_partner_specificity(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, partners=PARTNERS)

    def partner(sender: str, body: str = "") -> str:
        return rules.classify(message(sender=sender, body=body)).partner_type

    assert partner("direction@ville-x.fr") == "bdp"  # address beats pattern
    assert partner("someone@ville-x.fr") == "library"
    assert partner("someone@culture.ain.fr") == "bdp"  # domain with sub-domain
    assert partner("someone@mediatheque.ain.fr") == "library"  # longest domain wins
    assert partner("someone@cd01.fr") == "bdp"
    assert partner("someone@cdxx.fr") == "unknown"  # '#' is one digit
    body = "Bonjour\nCordialement,\nJean\nMédiathèque de Bourg"
    assert partner("jean@cd01.fr", body) == "bdp"  # pattern beats signature
    assert partner("x@bpi.fr", body) == "unknown"  # our own domain stops there


def test_signature_and_display_name(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, partners=PARTNERS)
    body = "Bonjour\nCordialement,\nJean Martin\nMédiathèque Louis-Aragon – Ville de Bourg"
    result = rules.classify(message(sender="Jean <jean@gmail.com>", body=body))
    assert result.partner_type == "library"
    assert result.organisation == "Médiathèque Louis-Aragon – Ville de Bourg"
    hit = result.explanation[0]
    assert (hit.rule, hit.field, hit.matched) == ("cities", "signature", "mediatheque")
    by_name = rules.classify(message(sender="Bibliothèque départementale <x@gmail.com>", body=body))
    assert (by_name.partner_type, by_name.organisation) == (
        "bdp",
        "Médiathèque départementale de l'Ain",
    )
    alone = rules.classify(message(sender="x@gmail.com", body="Bonjour"))
    assert alone.partner_type == "unknown"
    assert alone.explanation[0].rule == "webmail"
    assert LEVEL_SIGNATURE == 1


def test_bounce_partner_comes_from_the_address_only(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, partners=PARTNERS)
    body = "Cordialement,\nMédiathèque de Bourg"
    result = rules.classify(message(sender="MAILER-DAEMON@mx.example.net", body=body))
    assert (result.kind, result.partner_type) == ("bounce", "unknown")
    assert rules.classify(message(sender="postmaster@ain.fr")).partner_type == "bdp"
