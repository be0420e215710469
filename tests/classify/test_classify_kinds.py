"""Kind detection: bounce > auto_reply > bulk > human."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mailflow.classify import default_rules_dir, load_ruleset
from mailflow.parse.mime import parse_message
from tests.classify.msgs import message
from tests.mailbuilder import build_message

RULES = load_ruleset(default_rules_dir())


@pytest.mark.parametrize(
    ("subject", "sender", "headers", "kind"),
    [
        ("Bonjour", "a@b.fr", {}, "human"),
        ("Undelivered Mail Returned to Sender", "MAILER-DAEMON@mx.fr", {}, "bounce"),
        ("Delivery Status Notification (Failure)", "mailer-daemon@googlemail.com", {}, "bounce"),
        ("x", "postmaster@ain.fr", {}, "bounce"),
        ("Non remis : Programme", "Microsoft Outlook <x@y.fr>", {}, "bounce"),
        (
            "x",
            "a@b.fr",
            {"Content-Type": "multipart/report; report-type=delivery-status"},
            "bounce",
        ),
        ("Re: demande", "a@b.fr", {"Auto-Submitted": "auto-replied"}, "auto_reply"),
        ("Re: demande", "a@b.fr", {"Auto-Submitted": "no"}, "human"),
        ("Re: demande", "a@b.fr", {"X-Autoreply": "yes"}, "auto_reply"),
        ("Re: demande", "a@b.fr", {"X-Autorespond": "x"}, "auto_reply"),
        ("Re: demande", "a@b.fr", {"Precedence": "auto_reply"}, "auto_reply"),
        ("Re: demande", "a@b.fr", {"Precedence": "Auto-Reply"}, "auto_reply"),
        ("Automatic reply: demande", "a@b.fr", {"X-Auto-Response-Suppress": "All"}, "auto_reply"),
        ("Demande", "a@b.fr", {"X-Auto-Response-Suppress": "All"}, "human"),
        ("Réponse automatique : demande", "a@b.fr", {}, "auto_reply"),
        ("Absence du bureau", "a@b.fr", {}, "auto_reply"),
        ("Out of Office: demande", "a@b.fr", {}, "auto_reply"),
        ("Abwesenheitsnotiz: Anfrage", "a@b.de", {}, "auto_reply"),
        ("Absence – Re: programme", "a@b.fr", {}, "auto_reply"),
        ("Absence de réponse", "a@b.fr", {}, "human"),
        ("Lettre", "a@b.fr", {"List-Id": "<x.b.fr>"}, "bulk"),
        ("Lettre", "a@b.fr", {"List-Unsubscribe": "<https://b.fr/u>"}, "bulk"),
        ("Lettre", "a@b.fr", {"Precedence": "bulk"}, "bulk"),
        ("Lettre", "a@b.fr", {"Precedence": "junk"}, "bulk"),
        ("Out of office", "a@b.fr", {"List-Id": "<x.b.fr>"}, "auto_reply"),
        (
            "Undeliverable: Out of office",
            "postmaster@b.fr",
            {"Auto-Submitted": "auto-replied"},
            "bounce",
        ),
    ],
)
def test_kinds(subject: str, sender: str, headers: dict[str, str], kind: str) -> None:
    assert RULES.classify(message(subject=subject, sender=sender, headers=headers)).kind == kind


def test_newsletter_footer_is_bulk_but_a_forwarded_one_is_not() -> None:
    footer = "Programme...\n\nVous recevez ce message car vous êtes inscrit.\nSe désinscrire"
    assert RULES.classify(message(body=footer)).kind == "bulk"
    forwarded = "Pour info.\n\n-------- Message transféré --------\n" + footer
    assert RULES.classify(message(body=forwarded)).kind == "human"


def test_automatic_messages_get_topic_information_and_no_acknowledgement() -> None:
    result = RULES.classify(
        message(
            subject="Réponse automatique : Formation et stage",
            headers={"Auto-Submitted": "auto-replied"},
        )
    )
    assert (result.kind, result.topic) == ("auto_reply", "information")
    assert result.actions.acknowledge is False and result.actions.template is None


def test_rfc3464_report_built_and_parsed() -> None:
    msg = parse_message(
        b"From: Mail Delivery System <mail@mx.example.net>\r\nTo: cooperation@bpi.fr\r\n"
        b"Subject: Notice\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; "
        b'report-type=delivery-status; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n'
        b"\r\nSorry.\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; a@b.fr\r\n"
        b"Action: failed\r\nStatus: 5.1.1\r\n\r\n--b--\r\n",
        datetime(2026, 1, 1, tzinfo=UTC),
    )
    result = RULES.classify(msg)
    assert result.kind == "bounce"
    assert any(h.rule == "builtin:dsn-report" for h in result.explanation)


def test_built_message_with_list_headers_is_bulk() -> None:
    raw = build_message(
        subject="Lettre pro",
        text="Bonjour,\nles nouvelles du mois.",
        headers=[("List-Id", "<lettre.ciclic.fr>")],
    )
    assert RULES.classify(parse_message(raw, datetime(2026, 1, 1, tzinfo=UTC))).kind == "bulk"
