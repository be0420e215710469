"""Benchmark: parse_message against the stdlib baseline on typical mail.

Run from the repository root::

    .venv/bin/python tests/parse/bench_parse.py [--rounds N] [--corpus DIR] [--generated N]

The baseline is what a naive pipeline does: ``email.message_from_bytes(raw,
policy=email.policy.default)`` then ``get_body(("plain", "html")).get_content()``.
The mix: plain UTF-8, multipart/alternative, French latin-1 and windows-1252, and mail with
a 50 KB PDF attached. ``--corpus`` adds every ``*.eml`` of a folder to the mix;
``--generated N`` adds the first N messages of ``bench.generate.messages`` (the mix of the
import benchmark, ``bench/bench_import.py``).
"""

from __future__ import annotations

import argparse
import email
import email.policy
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.generate import messages as generated_messages
from mailflow.parse import parse_message
from tests.mailbuilder import attachment, build_message

FRENCH = (
    "Bonjour,\n\nNous souhaiterions organiser une journée d'étude sur la médiation numérique "
    "en bibliothèque. Pourriez-vous nous indiquer les modalités d’un partenariat ? "
    "Les «\xa0rencontres\xa0» auraient lieu à Besançon en décembre.\n\nBien cordialement,\n"
    "Hélène Lefèvre\nMédiathèque départementale du Doubs\n"
) * 3
ENGLISH = "Dear colleagues,\n\nWe would like to invite you to our conference.\n" * 8
HEADERS = [
    ("Return-Path", "<sender@example.org>"),
    ("Received", "from mx.example.org (mx.example.org [192.0.2.1])\r\n\tby mx.bpi.fr"),
    ("Received", "from smtp.example.org by mx.example.org with ESMTPS id 4D6FB9CAF0"),
    ("DKIM-Signature", "v=1; a=rsa-sha256; d=example.org; s=sel; b=" + "A" * 300),
    ("Content-Language", "fr-FR"),
]


def typical_messages() -> list[bytes]:
    """The benchmark mix (see the module docstring)."""
    pdf = b"%PDF-1.7\n" + os.urandom(50 * 1024)
    sender = "Hélène Lefèvre <helene.lefevre@doubs.fr>"
    return [
        build_message(subject="Invitation", text=ENGLISH, headers=HEADERS),
        build_message(
            subject="Journée d'étude « médiation »",
            from_=sender,
            text=FRENCH,
            html="<html><body><p>" + FRENCH.replace("\n", "<br>") + "</p></body></html>",
            headers=HEADERS,
        ),
        build_message(
            subject="Demande de partenariat",
            text=FRENCH.replace("’", "'"),
            charset="iso-8859-1",
        ),
        build_message(
            subject="Réunion",
            from_=sender,
            text=FRENCH,
            html="<p>" + FRENCH + "</p>",
            charset="windows-1252",
            cte="8bit",
            headers=HEADERS,
        ),
        build_message(
            subject="Convention de partenariat",
            from_=sender,
            text=FRENCH,
            headers=HEADERS,
            attachments=[attachment(pdf, "Convention – projet n°2.pdf", "application/pdf")],
        ),
    ]


def baseline(raw: bytes) -> str:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    body = message.get_body(("plain", "html"))  # type: ignore[attr-defined]
    return "" if body is None else str(body.get_content())


def ours(raw: bytes) -> str:
    return parse_message(raw, datetime(2026, 2, 3, tzinfo=UTC)).body_text


def rates(messages: list[bytes], rounds: int, repeats: int = 7) -> tuple[float, float]:
    """Messages per second of the baseline and of parse_message, best of ``repeats``.

    The two are timed alternately so that load from other processes hits both alike.
    """
    best = {baseline: float("inf"), ours: float("inf")}
    for _ in range(repeats):
        for function in best:
            start = time.perf_counter()
            for _ in range(rounds):
                for raw in messages:
                    function(raw)
            best[function] = min(best[function], time.perf_counter() - start)
    count = rounds * len(messages)
    return count / best[baseline], count / best[ours]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--generated", type=int, metavar="N", help="e.g. 3000")
    args = parser.parse_args()
    mixes = {"typical": typical_messages()}
    if args.corpus:
        mixes["corpus"] = [path.read_bytes() for path in sorted(args.corpus.glob("*.eml"))]
    if args.generated:
        mixes["generated"] = list(generated_messages(args.generated))
    for name, messages in mixes.items():
        rounds = max(1, args.rounds // max(1, len(messages) // 5))
        ours(messages[0])  # warm caches and lazy imports
        theirs_rate, ours_rate = rates(messages, rounds, repeats=3 if len(messages) > 500 else 7)
        print(
            f"{name}: {len(messages)} messages x {rounds} rounds | stdlib baseline "
            f"{1000 / theirs_rate:.3f} ms/msg ({theirs_rate:,.0f} msg/s) | parse_message "
            f"{1000 / ours_rate:.3f} ms/msg ({ours_rate:,.0f} msg/s) | "
            f"speed-up x{ours_rate / theirs_rate:.2f}"
        )


if __name__ == "__main__":
    main()
