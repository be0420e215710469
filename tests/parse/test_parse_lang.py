"""Language guess: fr / en / und, on the new text only."""

from __future__ import annotations

from datetime import datetime

import pytest

from mailflow.parse import parse_message
from mailflow.parse.lang import guess_lang, new_text
from tests.mailbuilder import build_message

FR = "Bonjour, nous souhaiterions organiser avec vous une journée d'étude sur la médiation."
EN = "Dear colleagues, we would like to invite you to speak at our conference in June."


@pytest.mark.parametrize(
    ("subject", "body", "lang"),
    [
        ("", FR, "fr"),
        ("", EN, "en"),
        ("Demande de partenariat pour les bibliothèques", "", "fr"),
        ("", "", "und"),
        ("", "12345 !!! ---", "und"),
        ("", "Merci", "und"),  # too little to tell
        ("", "Guten Tag, wir möchten Sie einladen.", "und"),
        ("", f"{FR} {EN}", "und"),  # as much of each
    ],
)
def test_guess_lang(subject: str, body: str, lang: str) -> None:
    assert guess_lang(subject, body) == lang


def test_quoted_text_does_not_count() -> None:
    body = f"{EN}\n\nOn Mon, 2 Feb 2026, Jean wrote:\n> {FR}\n> {FR}\n> {FR}\n"
    assert guess_lang("Re: Demande de partenariat", body) == "en"
    body = f"{FR}\n\n> {EN}\n> {EN}\n> {EN}\n"
    assert guess_lang("", body) == "fr"


@pytest.mark.parametrize(
    "header",
    [
        "Le lun. 2 févr. 2026 à 10:00, Jean Dupont <j@x.fr> a écrit :",
        "-----Original Message-----",
        "-------- Message d'origine --------",
        "De : Jean Dupont\nEnvoyé : lundi 2 février 2026",
        "From: Jean Dupont\nSent: Monday",
    ],
)
def test_new_text_stops_at_reply_headers(header: str) -> None:
    assert new_text(f"new text\n{header}\nold text\n") == "new text"


def test_only_the_sample_is_read() -> None:
    assert guess_lang("", EN + " " + FR * 200, sample_chars=len(EN)) == "en"


def test_parse_message_sets_lang(arrival: datetime) -> None:
    assert parse_message(build_message(subject="Invitation", text=FR), arrival).lang == "fr"
    assert parse_message(build_message(subject="Invitation", text=EN), arrival).lang == "en"
