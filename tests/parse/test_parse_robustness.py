"""Property: any bytes give a ParsedMessage (never an exception), and it is deterministic."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailflow.parse import ParsedMessage, parse_message
from tests.mailbuilder import attachment, build_message, encode_word

ARRIVAL = datetime(2026, 2, 3, 12, 0, tzinfo=UTC)
SETTINGS = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

VALID = build_message(
    subject="Réunion « été » – compte rendu",
    from_=f"{encode_word('Hélène Lefèvre')} <helene@doubs.fr>",
    headers=[("References", "<a@x.fr> <b@x.fr>"), ("Cc", "Paul <p@y.fr>")],
    text="Bonjour à tous,\nvoici le compte rendu.\n",
    html="<p>Bonjour à <b>tous</b></p>",
    charset="windows-1252",
    attachments=[attachment(b"%PDF-1.7 data", "compte rendu n°2.pdf", "application/pdf")],
)
# Bytes that mean something to a MIME parser, so mutations hit interesting paths.
TOKENS = [
    b"\r\n", b"\n", b"\r", b"\x00", b"\xff", b"\xe9", b"=?", b"?=", b"?q?", b"?B?", b"--",
    b"boundary=", b"Content-Type: multipart/mixed; boundary=x\r\n", b"charset=utf-7",
    b"charset=x-foo", b"Content-Transfer-Encoding: base64\r\n", b"filename*0*=", b"%", b"'",
    b'"', b";", b":", b"<", b">", b"@", b"\t", b" ", b"message/rfc822", b"=\r\n", b"=XX",
    b"Date: Fri, 31 Dec 9999 23:59:59 +9999\r\n", b"\xe2\x80\xae",
]  # fmt: skip


def _check(raw: bytes) -> ParsedMessage:
    message = parse_message(raw, ARRIVAL)
    assert isinstance(message, ParsedMessage)
    assert message.date.tzinfo is not None
    assert message.lang in ("fr", "en", "und")
    assert all(isinstance(d, str) for d in message.defects)
    message.body_text.encode("utf-8")
    message.subject.encode("utf-8")
    return message


@SETTINGS
@given(st.binary(max_size=4000))
def test_arbitrary_bytes(raw: bytes) -> None:
    _check(raw)


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS) | st.binary(max_size=8), max_size=200))
def test_token_soup(tokens: list[bytes]) -> None:
    _check(b"".join(tokens))


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """VALID with a few bytes replaced, inserted, deleted or a chunk truncated."""
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 12))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["replace", "insert", "delete", "truncate"]))
        chunk = draw(st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=4))
        if action == "replace":
            data[position : position + len(chunk)] = chunk
        elif action == "insert":
            data[position:position] = chunk
        elif action == "delete":
            del data[position : position + draw(st.integers(1, 50))]
        else:
            del data[position:]
    return bytes(data)


@SETTINGS
@given(mutated())
def test_mutations_of_a_valid_message(raw: bytes) -> None:
    first = _check(raw)
    assert parse_message(raw, ARRIVAL) == first  # pure: same bytes, same result


def test_empty_and_tiny_inputs() -> None:
    for raw in (b"", b"\n", b"\r\n\r\n", b"\x00" * 100, b":", b"From ", b"=?utf-8?q?"):
        message = _check(raw)
        assert message.date == ARRIVAL
        assert message.date_source == "arrival"


def test_rfc2231_charset_parameter_with_8bit_body() -> None:
    # email.message.Message.get_payload() raises TypeError on this (charset is a tuple).
    raw = (
        b"From: a@x.fr\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
        b"Content-Type: text/plain; charset*=utf-8''iso-8859-1\r\n\r\nd\xe9j\xe0\r\n--b--\r\n"
    )
    assert _check(raw).body_text == "déjà"


def test_charset_parameter_with_8bit_bytes() -> None:
    raw = b'From: a@x.fr\r\nContent-Type: text/plain; charset="ut\xebf-8"\r\n\r\nd\xe9j\xe0\r\n'
    assert _check(raw).body_text == "déjà\n"
