"""From, Sender, Reply-To, To, Cc to Address objects."""

from __future__ import annotations

from datetime import datetime
from email.utils import getaddresses

import pytest

from mailflow.parse import Address, parse_message
from mailflow.parse.addresses import _pairs
from tests.mailbuilder import build_message


def _parse(arrival: datetime, **headers: str | bytes) -> tuple[list[Address], list[str]]:
    raw = build_message(headers=[(name, value) for name, value in headers.items()])
    message = parse_message(raw, arrival)
    return message.to + message.cc, message.defects


def test_from_is_decoded_and_lower_cased(arrival: datetime) -> None:
    raw = build_message(from_="=?UTF-8?Q?Agn=C3=A8s_Duclos?= <Agnes.Duclos@Enssib.FR>")
    message = parse_message(raw, arrival)
    assert message.from_ == Address(name="Agnès Duclos", addr="agnes.duclos@enssib.fr")
    assert message.from_.domain == "enssib.fr"


def test_encoded_name_folded_mid_word(arrival: datetime) -> None:
    raw = build_message(
        from_=b"=?UTF-8?Q?Gwena=C3=ABl_le_?=\r\n =?UTF-8?Q?Berre?= <g.leberre@x.fr>"
    )
    assert parse_message(raw, arrival).from_ == Address("Gwenaël le Berre", "g.leberre@x.fr")


def test_encoded_comma_in_name_does_not_split(arrival: datetime) -> None:
    raw = build_message(to="=?utf-8?q?Dupont=2C_Jean?= <jean@x.fr>, Paul <paul@y.fr>")
    message = parse_message(raw, arrival)
    assert message.to == [Address("Dupont, Jean", "jean@x.fr"), Address("Paul", "paul@y.fr")]


def test_raw_8bit_display_name(arrival: datetime) -> None:
    raw = build_message(from_=b"H\xe9l\xe8ne Lef\xe8vre <helene@x.fr>")
    assert parse_message(raw, arrival).from_ == Address("Hélène Lefèvre", "helene@x.fr")


def test_lists_combine_headers_and_skip_invalid(arrival: datetime) -> None:
    raw = build_message(
        to="a@x.fr, not an address, b@y.fr",
        headers=[("Cc", '"Team, Ops" <ops@x.fr>'), ("Cc", "undisclosed-recipients:;")],
    )
    message = parse_message(raw, arrival)
    assert [a.addr for a in message.to] == ["a@x.fr", "b@y.fr"]
    assert message.cc == [Address("Team, Ops", "ops@x.fr")]
    assert "address-invalid:to" in message.defects


def test_sender_reply_to_and_participants(arrival: datetime) -> None:
    raw = build_message(
        from_="Alice <alice@x.fr>",
        to="coop@bpi.fr",
        headers=[("Sender", "list@x.fr"), ("Reply-To", "Alice <ALICE@x.fr>, bob@x.fr")],
    )
    message = parse_message(raw, arrival)
    assert message.sender == Address("", "list@x.fr")
    assert [a.addr for a in message.reply_to] == ["alice@x.fr", "bob@x.fr"]
    assert [a.addr for a in message.participants] == ["alice@x.fr", "bob@x.fr", "coop@bpi.fr"]


def test_missing_or_unusable_from_is_none(arrival: datetime) -> None:
    assert parse_message(build_message(from_=None), arrival).from_ is None
    message = parse_message(build_message(from_="MAILER-DAEMON"), arrival)
    assert message.from_ is None
    assert "address-invalid:from" in message.defects


def test_control_characters_removed_from_names(arrival: datetime) -> None:
    raw = build_message(from_="=?utf-8?q?Eve=1B[31m=E2=80=AE?= <eve@x.fr>")
    assert parse_message(raw, arrival).from_ == Address("Eve[31m", "eve@x.fr")


@pytest.mark.parametrize(
    "value",
    [
        "a@b.c",
        "  Jean  Dupont <J@B.fr> ",
        '"Dupont, Jean" <j@b.fr>',
        '"a\\"b" <x@y>',
        "(comment) x@y",
        "x@y (Jean)",
        "<x@y>",
        "Jean.Dupont <x@y>",
        "Jean <j@b>, Paul <p@c>",
        "=?utf-8?q?X?= =?utf-8?q?Y?= <x@y.z>",
    ],
)
def test_fast_path_agrees_with_getaddresses(value: str) -> None:
    assert _pairs([value]) == getaddresses([value])
