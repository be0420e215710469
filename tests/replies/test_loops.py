"""The acknowledgement decision (pure): every reason to stay silent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mailflow.draft.loops import Incoming, acknowledgement_refusal, is_robot_address

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _refusal(
    kind: str = "human",
    sender: str = "a@b.fr",
    headers: list[tuple[str, str]] | None = None,
    last: datetime | None = None,
    date: datetime = NOW,
    source: str = "smtp",
) -> str | None:
    return acknowledgement_refusal(
        Incoming(kind, sender, headers or [], date, source),
        our_addresses=["cooperation@bpi.fr"],
        allowed_sources=["smtp", "imap"],
        last_ack_at=last,
        period=timedelta(days=7),
        max_age=timedelta(hours=48),
        now=NOW,
    )


@pytest.mark.parametrize("kind", ["auto_reply", "bounce", "bulk"])
def test_never_to_machines(kind: str) -> None:
    assert _refusal(kind=kind) == f"kind is {kind}"


@pytest.mark.parametrize(
    "header",
    [
        ("auto-submitted", "auto-replied"),
        ("precedence", "junk"),
        ("precedence", "auto_reply"),
        ("precedence", "Auto-Reply"),
        ("list-unsubscribe", "<mailto:x>"),
        ("x-mailchimp-id", "abc"),
        ("return-path", "<>"),
        ("x-auto-response-suppress", "OOF, AutoReply"),
    ],
)
def test_headers_that_forbid_an_answer(header: tuple[str, str]) -> None:
    assert _refusal(headers=[header]) is not None


def test_a_header_saying_human_is_no_refusal() -> None:
    headers = [("precedence", "first-class"), ("x-auto-response-suppress", "DR, RN")]
    assert _refusal(headers=headers) is None
    assert _refusal(headers=[("auto-submitted", "No; comment")]) is None


def test_period_age_source_and_own_addresses() -> None:
    assert _refusal() is None
    assert _refusal(headers=[("auto-submitted", "no")]) is None
    assert _refusal(last=NOW - timedelta(days=2)) is not None
    assert _refusal(last=NOW - timedelta(days=8)) is None
    assert _refusal(date=NOW - timedelta(days=3)) == "message is too old to acknowledge"
    assert _refusal(source="file") is not None
    assert _refusal(sender="Cooperation@BPI.fr") == "sender is one of our addresses"


@pytest.mark.parametrize(
    "addr",
    [
        "noreply@x.fr",
        "no-reply@x.fr",
        "do_not_reply@x.fr",
        "MAILER-DAEMON@x.fr",
        "postmaster@x.fr",
        "list-request@x.fr",
        "owner-abf@x.fr",
        "no-reply+abc@x.fr",
    ],
)
def test_robot_addresses(addr: str) -> None:
    assert is_robot_address(addr)
    assert not is_robot_address("noreen@x.fr")
