"""Delivery reports: RFC 3464 DSNs and non-standard bounces."""

from __future__ import annotations

from datetime import datetime

import pytest

from mailflow.parse import parse_message
from tests.mailbuilder import build_message, message_part, multipart, text_part

ORIGINAL = build_message(message_id="<orig-42@bpi.fr>", subject="Programme", text="x")
DSN = (
    b"Reporting-MTA: dns; mx.example.org\n"
    b"Arrival-Date: Tue, 3 Feb 2026 12:00:00 +0100\n"
    b"\n"
    b"Final-Recipient: rfc822; M.Lefebvre@Example.org\n"
    b"Original-Recipient: rfc822; m.lefebvre@example.org\n"
    b"Action: failed\n"
    b"Status: 5.1.1\n"
    b"Diagnostic-Code: smtp; 550 5.1.1 <m.lefebvre@example.org>...\n"
    b"  User unknown\n"
)


def _dsn(original: bytes, original_type: str = "message/rfc822") -> bytes:
    body = multipart(
        "report",
        text_part("This is the mail system. Your message could not be delivered."),
        message_part(DSN, "message/delivery-status"),
        message_part(original, original_type),
        params="; report-type=delivery-status",
    )
    return build_message(
        from_="Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>",
        subject="Returned mail: see transcript for details",
        message_id="<bounce-1@mx.example.org>",
        body=body,
    )


def test_rfc3464_report(arrival: datetime) -> None:
    message = parse_message(_dsn(ORIGINAL), arrival)
    assert message.content_type == "multipart/report"
    report = message.delivery_report
    assert report is not None
    assert report.original_message_id == "orig-42@bpi.fr"
    assert report.recipients == ("m.lefebvre@example.org",)
    assert report.action == "failed"
    assert report.status == "5.1.1"
    assert report.diagnostic == "smtp; 550 5.1.1 <m.lefebvre@example.org>... User unknown"
    assert [a.content_type for a in message.attachments] == [
        "message/delivery-status",
        "message/rfc822",
    ]
    assert b"orig-42@bpi.fr" in message.attachments[1].content
    assert message.body_text.startswith("This is the mail system")


def test_rfc3464_with_headers_only(arrival: datetime) -> None:
    headers = ORIGINAL.split(b"\r\n\r\n")[0] + b"\r\n"
    report = parse_message(_dsn(headers, "text/rfc822-headers"), arrival).delivery_report
    assert report is not None
    assert report.original_message_id == "orig-42@bpi.fr"


@pytest.mark.parametrize(
    ("from_", "subject"),
    [
        (
            "MAILER-DAEMON@mx.example.org (Mail Delivery System)",
            "Undelivered Mail Returned to Sender",
        ),
        ("postmaster@example.org", "Rapport"),
        ("Mail Delivery System <x@example.org>", "Delivery Status Notification (Failure)"),
        ("x@example.org", "Mail delivery failed: returning message to sender"),
        ("x@example.org", "Non remis : Programme"),
        ("x@example.org", "Returned mail: User unknown"),
    ],
)
def test_non_standard_bounce(from_: str, subject: str, arrival: datetime) -> None:
    text = (
        "This message was created automatically by mail delivery software.\n\n"
        "A message that you sent could not be delivered to one or more of its recipients.\n"
        "<gone@example.org>: host mx.example.org said: 550 5.1.1 unknown user\n\n"
        "------ This is a copy of the message, including all the headers. ------\n"
        "From: coop@bpi.fr\nMessage-ID: <orig-7@bpi.fr>\nSubject: Programme\n"
    )
    message = parse_message(
        build_message(from_=from_, subject=subject, text=text, message_id="<b@x>"), arrival
    )
    report = message.delivery_report
    assert report is not None
    assert report.original_message_id == "orig-7@bpi.fr"
    assert report.recipients == ("gone@example.org",)
    assert report.status == "5.1.1"


def test_non_standard_bounce_with_attached_original(arrival: datetime) -> None:
    body = multipart("mixed", text_part("Delivery failed."), message_part(ORIGINAL))
    raw = build_message(from_="postmaster@calvados.fr", subject="Rapport de non-remise", body=body)
    report = parse_message(raw, arrival).delivery_report
    assert report is not None
    assert report.original_message_id == "orig-42@bpi.fr"


def test_bounce_without_original_id(arrival: datetime) -> None:
    raw = build_message(from_="MAILER-DAEMON@x.org", subject="failure notice", text="Sorry.")
    report = parse_message(raw, arrival).delivery_report
    assert report is not None
    assert report.original_message_id is None


def test_ordinary_mail_has_no_report(arrival: datetime) -> None:
    text = "Message-ID: <quoted@x.fr> was mentioned, but this is a person writing."
    assert parse_message(build_message(text=text), arrival).delivery_report is None
