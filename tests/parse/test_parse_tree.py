"""The fast MIME tree (tree.py, boundaries.py) is the feedparser's tree, or it steps aside.

For every input, :func:`fast_tree` must return None or a tree equal to the one
``BytesParser(policy=POLICY)`` builds: same classes, headers, payloads, preamble, epilogue,
defects and default types. The cases below also check that well-formed mail does take the
fast path, so the equality tests are not vacuous.
"""

from __future__ import annotations

from email.message import Message
from email.parser import BytesParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import messages as generated_messages
from mailflow.parse.boundaries import split_multipart
from mailflow.parse.tree import POLICY, fast_tree
from tests.mailbuilder import attachment, build_message, html_part, multipart, render, text_part
from tests.parse.corpus import CORPUS, corpus_messages, require_corpus

SETTINGS = settings(
    max_examples=400,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def shape(message: Message) -> tuple[object, ...]:
    """Everything the parser sets on a message, recursively."""
    payload = vars(message).get("_payload")
    if isinstance(payload, list):
        payload = [shape(p) if isinstance(p, Message) else p for p in payload]
    return (
        type(message),
        message.policy,
        list(message.raw_items()),
        message.get_unixfrom(),
        payload,
        message.preamble,
        message.epilogue,
        [(type(d), str(d)) for d in message.defects],
        message.get_default_type(),
        message.get_charset(),
    )


def same_or_none(raw: bytes) -> Message | None:
    """The fast tree, after checking it equals the feedparser's when there is one."""
    fast = fast_tree(raw)
    if fast is not None:
        assert shape(fast) == shape(BytesParser(policy=POLICY).parsebytes(raw)), raw[:300]
    return fast


def _nested(newline: str) -> bytes:
    related = multipart(
        "related",
        html_part("<p>Bonjour <img src='cid:logo'></p>", newline=newline),
        attachment(b"\x89PNG data", "logo.png", "image/png", newline=newline),
        preamble=b"This is a multi-part message in MIME format.",
        epilogue=b"bye" + newline.encode(),
    )
    alternative = multipart("alternative", text_part("Bonjour", newline=newline), related)
    return build_message(
        body=multipart(
            "mixed",
            alternative,
            attachment(b"%PDF-1.7" * 500, "a.pdf", "application/pdf", newline=newline),
            epilogue=newline.encode() * 2,
        ),
        newline=newline,
    )


WELL_FORMED = {
    "plain crlf": build_message(text="Bonjour\r\nà tous\r\n", charset="utf-8"),
    "plain lf": build_message(text="Bonjour\nà tous\n", newline="\n"),
    "alternative": build_message(text="Hi", html="<p>Hi</p>", charset="windows-1252"),
    "attachment": build_message(
        text="See attached", attachments=[attachment(b"x" * 3000, "n\xb0.pdf", "application/pdf")]
    ),
    "nested crlf": _nested("\r\n"),
    "nested lf": _nested("\n"),
    "headers only": b"Subject: no body\r\nFrom: a@x.fr",
    "empty body": b"Subject: x\n\n",
    "8-bit headers": b"Subject: caf\xe9\nX-Long: a\n\tb\n c\n\nd\xe9j\xe0\n",
    "no headers": b"\nbody only\n",
    "empty": b"",
    "boundary with spaces and tabs": (
        b'Content-Type: multipart/mixed; boundary="b"\n\n--b \t\n\nOne\n--b  \nX: y\n\nTwo\n'
        b"--b-- \t\nepilogue\n--b\nnot a part\n"
    ),
    "boundary-like lines": (
        b'Content-Type: multipart/mixed; boundary="b"\n\npreamble\n--b\n\n--bx\n -- b\n'
        b"text --b\n--b--\n"
    ),
    "boundary prefix of an inner one": (
        b'Content-Type: multipart/mixed; boundary="b"\n\n--b\n'
        b'Content-Type: multipart/alternative; boundary="b2"\n\n--b2\n\ninner\n--b2--\n\n'
        b"--b--\n"
    ),
    "close without line end": b"Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n--b--",
    "empty first line of part": b"Content-Type: multipart/mixed; boundary=b\n\n--b\n\n\n--b--\n",
    "rfc2231 boundary": (
        b"Content-Type: multipart/mixed; boundary*=utf-8''b%41\n\n--bA\n\nx\n--bA--\n"
    ),
}


@pytest.mark.parametrize("name", sorted(WELL_FORMED))
def test_well_formed_mail_takes_the_fast_path(name: str) -> None:
    assert same_or_none(WELL_FORMED[name]) is not None


# Each is something the feedparser handles its own way (a defect, a special content type).
LEFT_TO_THE_FEEDPARSER = {
    "bare CR": b"Subject: x\rFrom: a@x.fr\r\n\r\nbody\r",
    "unix from": b"From someone Tue Feb  3 12:00:00 2026\nSubject: x\n\nbody\n",
    "no separator line": b"Subject: x\nthis is not a header\n\nbody\n",
    "first line continuation": b" folded: x\nSubject: y\n\nbody\n",
    "missing header name": b": x\nSubject: y\n\nbody\n",
    "message/rfc822": b"Content-Type: message/rfc822\n\nSubject: inner\n\nbody\n",
    "delivery-status": b"Content-Type: message/delivery-status\n\nStatus: 5.0.0\n",
    "digest": b"Content-Type: multipart/digest; boundary=b\n\n--b\n\nx\n--b--\n",
    "no boundary parameter": b"Content-Type: multipart/mixed\n\n--b\n\nx\n--b--\n",
    "empty boundary": b'Content-Type: multipart/mixed; boundary=""\n\n--\n\nx\n----\n',
    "base64 multipart": (
        b"Content-Type: multipart/mixed; boundary=b\nContent-Transfer-Encoding: base64\n\n"
        b"--b\n\nx\n--b--\n"
    ),
    "no start boundary": b"Content-Type: multipart/mixed; boundary=b\n\nx\n--b--\n",
    "no close boundary": b"Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n",
    "close first": b"Content-Type: multipart/mixed; boundary=b\n\n--b--\n--b\n\nx\n--b--\n",
    "repeated boundary": b"Content-Type: multipart/mixed; boundary=b\n\n--b\n--b\n\nx\n--b--\n",
    "outer boundary inside inner part": (
        b"Content-Type: multipart/mixed; boundary=a\n\n--a\n"
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n--a\n\ny\n--a--\n"
    ),
    "non-ascii rfc2231 boundary": (
        b"Content-Type: multipart/mixed; boundary*=utf-8''%C3%A9\n\n--\xc3\xa9\n\nx\n--\xc3\xa9--\n"
    ),
    "too deep": (
        b"".join(
            b"Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" % (i, i) for i in range(40)
        )
        + b"\nx\n"
        + b"".join(b"--b%d--\n" % i for i in reversed(range(40)))
    ),
}


@pytest.mark.parametrize("name", sorted(LEFT_TO_THE_FEEDPARSER))
def test_damaged_or_special_mail_is_left_to_the_feedparser(name: str) -> None:
    assert same_or_none(LEFT_TO_THE_FEEDPARSER[name]) is None


def test_split_keeps_preamble_parts_and_epilogue_spans() -> None:
    data = b"pre\r\n--b\r\nX: 1\r\n\r\none\r\n--b\r\n\r\ntwo\r\n--b--\r\nepi\r\n"
    split = split_multipart(data, 0, len(data), b"b")
    assert split is not None
    assert split.preamble is not None and data[slice(*split.preamble)] == b"pre\r\n"
    assert [data[a:b] for a, b in split.parts] == [b"X: 1\r\n\r\none\r\n", b"\r\ntwo\r\n"]
    assert data[slice(*split.epilogue)] == b"epi\r\n"


def test_generated_benchmark_mail_all_takes_the_fast_path() -> None:
    for raw in generated_messages(60):
        assert same_or_none(raw) is not None


def test_corpus_trees_are_the_feedparsers() -> None:
    fast = 0
    for _name, raw in corpus_messages(require_corpus(CORPUS)):
        fast += same_or_none(raw) is not None
    assert fast > 100  # most well-formed corpus mail goes the fast way


_SHAPES = [
    WELL_FORMED["nested crlf"],
    WELL_FORMED["nested lf"],
    WELL_FORMED["attachment"],
    WELL_FORMED["boundary with spaces and tabs"],
]
# Bytes that matter to a MIME parser, so mutations hit boundaries and header rules.
_TOKENS = [
    b"\r\n", b"\n", b"\r", b"--", b"-- ", b"\t", b" ", b":", b"From ", b"\xe9", b"=?",
    b"--b", b"--b--", b"\n--b\n", b"\n--b--\n", b"boundary=b", b"; boundary=\"b\"",
    b"Content-Type: multipart/mixed; boundary=b\n", b"Content-Type: message/rfc822\n",
    b"Content-Type: multipart/alternative; boundary=\"b2\"\r\n", b"\n\n", b"\r\n\r\n",
]  # fmt: skip


@st.composite
def _mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(_SHAPES)))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data)))
        chunk = draw(st.sampled_from(_TOKENS) | st.binary(min_size=1, max_size=3))
        action = draw(st.sampled_from(["insert", "replace", "delete"]))
        if action == "insert":
            data[position:position] = chunk
        elif action == "replace":
            data[position : position + len(chunk)] = chunk
        else:
            del data[position : position + draw(st.integers(1, 40))]
    return bytes(data)


@SETTINGS
@given(_mutated())
def test_mutated_mail_gives_the_feedparsers_tree_or_none(raw: bytes) -> None:
    same_or_none(raw)


@SETTINGS
@given(st.lists(st.sampled_from(_TOKENS) | st.binary(max_size=6), max_size=60))
def test_token_soup_gives_the_feedparsers_tree_or_none(tokens: list[bytes]) -> None:
    same_or_none(b"Content-Type: multipart/mixed; boundary=b\n\n" + b"".join(tokens))
    same_or_none(b"".join(tokens))


def test_render_round_trip_shapes_take_the_fast_path() -> None:
    inner = multipart("alternative", text_part("a"), html_part("<b>a</b>"), boundary="b2")
    outer = multipart("mixed", inner, text_part("tail"), boundary="b", preamble=b"pre")
    raw = render(outer)
    assert same_or_none(raw) is not None
