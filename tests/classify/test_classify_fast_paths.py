"""The fast paths of the classifier give exactly what the plain definitions give.

Each test holds an optimised piece to a straightforward reference (the code it replaced)
on hand-picked edge cases and on many random inputs.
"""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest

from mailflow.classify import default_rules_dir, load_ruleset
from mailflow.classify.fields import MessageText, signature_lines
from mailflow.classify.fold import WORD_RE, fold, words
from mailflow.classify.kinds import CHECKS, Headers
from mailflow.classify.matchers import RegexSet, Term, WordIndex
from mailflow.classify.signature import _QUOTE_START, _SIGN_OFF, SIGNATURE_LINES
from tests.classify.msgs import message, ruleset

LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o", "Ø": "o"}
LIGATURES |= {"ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i", "’": "'", "‘": "'", "`": "'"}
DIACRITICS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
# Latin-1, the characters that fold specially, and some from other scripts.
ALPHABET = [chr(code) for code in range(256)] + list(
    "’‘œŒłŁđĐı–—…€«»“”•ﬁĳǆΣσςİ\u0301\u0308\u0327\u05b8\u0651\u094d\u2028\u2029\x85"
)


def reference_fold(text: str) -> str:
    if text.isascii():
        return text.casefold()
    spelled = "".join(LIGATURES.get(char, char) for char in text)
    return DIACRITICS.sub("", unicodedata.normalize("NFKD", spelled)).casefold()


def random_text(rng: random.Random, length: int) -> str:
    pool = ALPHABET + list("abc de\n\r\n ") * 8
    return "".join(rng.choice(pool) for _ in range(length))


@pytest.mark.parametrize("code", range(256))
def test_fold_of_each_latin1_character(code: int) -> None:
    for text in (chr(code), f"é{chr(code)}", f"{chr(code)}Ab\u2019"):
        assert fold(text) == reference_fold(text)
        assert words(fold(text)) == WORD_RE.findall(fold(text))


def test_fold_and_words_on_random_text() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        text = random_text(rng, rng.randint(0, 40))
        assert fold(text) == reference_fold(text), repr(text)
        assert words(fold(text)) == WORD_RE.findall(fold(text)), repr(text)


def reference_search(index: WordIndex[int], tokens: list[str]) -> list[tuple[int, str]]:
    """Every term at every place, by trying every term at every word."""
    found = []
    for start in range(len(tokens)):
        for payload_terms in (index.exact.values(), index.prefix.values()):
            for entries in payload_terms:
                for term, payload in entries:
                    if term.matches_at(tokens, start):
                        found.append(
                            (start, payload, " ".join(tokens[start : start + len(term.tokens)]))
                        )
    return [(payload, matched) for _, payload, matched in sorted(found, key=lambda hit: hit[0])]


def test_word_index_distinct_search_matches_the_plain_definition() -> None:
    rng = random.Random(11)
    vocabulary = ["a", "ab", "abc", "abd", "b", "ba", "bab", "c", "cab", "d"]
    for _ in range(400):
        index: WordIndex[int] = WordIndex()
        terms = []
        for number in range(rng.randint(1, 8)):
            parts = [rng.choice(vocabulary) for _ in range(rng.randint(1, 3))]
            parts = [part + "*" if rng.random() < 0.3 else part for part in parts]
            terms.append(" ".join(parts))
            index.add(Term.parse(terms[-1]), number)
        tokens = [rng.choice(vocabulary) for _ in range(rng.randint(0, 15))]
        every = index.search(tokens)
        assert sorted(every) == sorted(reference_search(index, tokens)), (terms, tokens)
        assert index.search(tokens, distinct=True) == list(dict.fromkeys(every)), (terms, tokens)


def reference_signature(body: str) -> list[str]:
    """The signature as first written: own lines, then the lines after the last sign-off."""
    raw, folded = body.splitlines(), fold(body).splitlines()
    if len(folded) != len(raw):
        folded = [fold(line) for line in raw]
    own = []
    for line, folded_line in zip(raw, folded, strict=True):
        if _QUOTE_START.match(folded_line):
            break
        if not folded_line.lstrip().startswith(">") and line.strip():
            own.append((line.strip(), folded_line.strip()))
    sign_offs = [i for i, (_, folded_line) in enumerate(own) if _SIGN_OFF.match(folded_line)]
    if sign_offs:
        own = own[sign_offs[-1] + 1 :]
    return [line for line, _ in own[-SIGNATURE_LINES:]]


BODY_LINES = [
    "Bonjour,",
    "",
    "Nous organisons une journée d’étude.",
    "  > cité",
    "Cordialement,",
    "Bien à vous",
    "Jean Dupont",
    "Médiathèque départementale",
    "--",
    "Le 3 mars 2026, X <x@y.fr> a écrit :",
    "De : Marie <m@bpi.fr>",
    "-----Original Message-----",
    "   ",
    "Tél. +33 1 23 45 67 89",
    "Merci beaucoup",
    "a`b",
    "é\r\u0301",
    "Œuvre\u2028suite",
]


def bodies() -> list[str]:
    rng = random.Random(5)
    # An ASCII start (a backtick stays a backtick) before non-ASCII lines.
    found = ["a`b\n" * 3 + "x\n" * 25 + "é\n", "a`b\n" * 3 + "é\n"]
    for _ in range(1500):
        lines = [rng.choice(BODY_LINES) for _ in range(rng.randint(0, 45))]
        found.append(rng.choice(["\n", "\r\n", "\r"]).join(lines) + rng.choice(["", "\n"]))
    return found


def test_signature_and_body_start_match_the_plain_definitions() -> None:
    for body in bodies():
        assert signature_lines(body) == reference_signature(body), repr(body)
        text = MessageText(message(body=body))
        assert text.raw("signature") == "\n".join(reference_signature(body))
        start = "\n".join(body.splitlines()[:25])
        assert text.text("body_start") == fold(start), repr(body)
        assert text.words("body_start") == words(fold(start)), repr(body)


@pytest.mark.parametrize(("kind", "name", "check", "needs"), [c for c in CHECKS if c[3]])
def test_a_check_skipped_for_want_of_its_headers_finds_nothing(
    kind: str, name: str, check: object, needs: frozenset[str]
) -> None:
    # Every header a check may look at, except the ones it is skipped without.
    others = {key for _, _, _, listed in CHECKS for key in listed} - needs
    headers = {key: "auto_reply" for key in others} | {"X-Boxbe-Id": "1"}
    msg = message(subject="Out of office: absent", headers=headers, sender="x@y.fr")
    assert callable(check)
    assert check(Headers(msg)) is None


def test_plain_domain_patterns_keep_file_order(tmp_path: Path) -> None:
    rules = ruleset(
        tmp_path,
        partners="""
        [[partner]]
        name = "wild"
        type = "library"
        domain_patterns = ["bm-*.fr"]

        [[partner]]
        name = "plain"
        type = "bmvr"
        domain_patterns = ["bm-lyon.fr", "mairie-*.fr"]

        [[partner]]
        name = "plain-first"
        type = "srl"
        domain_patterns = ["mairie-nice.fr"]
        """,
    )
    assert rules.classify(message(sender="a@bm-lyon.fr")).partner_type == "library"
    assert rules.classify(message(sender="a@mairie-nice.fr")).partner_type == "bmvr"
    assert rules.classify(message(sender="a@mairie.fr")).partner_type == "unknown"


def test_repeated_classifications_are_equal_and_independent() -> None:
    rules = load_ruleset(default_rules_dir())
    msg = message(
        subject="Formation : inscription",
        body="Bonjour,\nUne journée d'étude et un stage.\nCordialement,\nMédiathèque de l'Ain\n",
        sender="Marie <m@ain.fr>",
    )
    first, second = rules.classify(msg), rules.classify(msg)
    assert first == second
    first.actions.tags.append("changed")  # actions are the caller's to change
    assert rules.classify(msg).actions == second.actions


def test_regex_literals_looked_for_in_the_words_find_the_same() -> None:
    regexes: RegexSet[int] = RegexSet()
    for number, pattern in enumerate([r"\bab\d+", r"x\.y", r"c d", r"^\s*(?:bcd|e)", r"abc"]):
        regexes.add(pattern, number)
    rng = random.Random(3)
    for _ in range(2000):
        text = fold(random_text(rng, rng.randint(0, 30)) + rng.choice(["ab1", "x.y", "c d", "abc"]))
        distinct = "\n".join(set(words(text)))
        assert list(regexes.search(text, distinct)) == list(regexes.search(text)), repr(text)
