"""Classification cost against rule count: 10 vs 1,000 generated rules, same messages.

Run: ``.venv/bin/python bench/bench_rules.py``. Prints the time per message for each rule
set (generated rules alone, and generated rules plus the default set) and the ratio.
The aim (issue 3): 1,000 rules cost no more than 3x 10 rules.

``--pipeline-mix [--count N]`` instead times the default rules on the messages of the
import benchmark (``bench.generate.messages``, parsed once beforehand): the classify share
of ``bench/bench_import.py``. The aim: at most 0.25 ms per message.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mailflow.classify import RuleSet, default_rules_dir, load_ruleset
from mailflow.classify.examples import Example, build_message
from mailflow.classify.result import PARTNER_TYPES, TOPICS
from mailflow.parse.message import ParsedMessage

MESSAGES = 200
REPEATS = 7
VOCABULARY = [
    "bonjour",
    "formation",
    "colloque",
    "bibliothèque",
    "médiathèque",
    "partenariat",
    "convention",
    "ressources",
    "numériques",
    "consortium",
    "licence",
    "stage",
    "journée",
    "étude",
    "réseau",
    "questions",
    "réponses",
    "lecture",
    "publique",
    "département",
    "conseil",
    "visite",
    "international",
    "échange",
    "programme",
    "inscription",
    "library",
    "training",
    "conference",
    "partnership",
    "digital",
    "resources",
    "study",
    "visit",
    "exchange",
]


def word(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(5, 9)))


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(value, ensure_ascii=False) for value in values) + "]"


def generated_rules(count: int, rng: random.Random) -> str:
    """``count`` rules: 70% topic rules (words and phrases, one in ten with a regex),
    20% partner entries (domains, patterns, names), 10% kind rules."""
    parts = []
    for number in range(count):
        roll = rng.random()
        if roll < 0.7:
            words = [word(rng) for _ in range(4)] + [f"{word(rng)} {word(rng)}", f"{word(rng)}*"]
            regex = f"regex = ['\\b{word(rng)}\\d+']\n" if number % 10 == 0 else ""
            parts.append(
                f'[[topic]]\nname = "gen-topic-{number}"\ntopic = "{rng.choice(TOPICS)}"\n'
                f"words = {toml_list(words)}\n{regex}"
            )
        elif roll < 0.9:
            domains = [f"{word(rng)}.fr", f"{word(rng)}.org"]
            parts.append(
                f'[[partner]]\nname = "gen-partner-{number}"\n'
                f'type = "{rng.choice(PARTNER_TYPES)}"\ndomains = {toml_list(domains)}\n'
                f'domain_patterns = ["{word(rng)}-*.fr"]\nnames = ["{word(rng)} {word(rng)}"]\n'
            )
        else:
            words = [f"{word(rng)} {word(rng)}", word(rng)]
            parts.append(
                f'[[kind]]\nname = "gen-kind-{number}"\nkind = "bulk"\nwords = {toml_list(words)}\n'
            )
    return "\n".join(parts)


def messages(rng: random.Random) -> list[ParsedMessage]:
    result = []
    for number in range(MESSAGES):
        body = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(150, 400)))
        lines = [body[i : i + 72] for i in range(0, len(body), 72)]
        signature = "\nBien cordialement,\nMarie Martin\nMédiathèque départementale de l'Ain\n"
        example = Example(
            name=str(number),
            file="",
            line=0,
            expect={},
            subject=" ".join(rng.choice(VOCABULARY) for _ in range(6)),
            sender=f"Marie <m{number}@{rng.choice(['ain.fr', 'gmail.com', 'ville-x.fr'])}>",
            body="\n".join(lines) + signature,
        )
        result.append(build_message(example))
    return result


def load(directory: Path, text: str, with_defaults: bool) -> RuleSet:
    if with_defaults:
        shutil.copytree(default_rules_dir(), directory)
    else:
        directory.mkdir()
    (directory / "zz-generated.toml").write_text(text, "utf-8")
    return load_ruleset(directory)


def per_message(
    rulesets: dict[int, RuleSet], sample: list[ParsedMessage], repeats: int = REPEATS
) -> dict[int, float]:
    """Best time per message for each rule set; runs alternate so that machine load
    drifts affect both sides alike."""
    best = dict.fromkeys(rulesets, float("inf"))
    for _ in range(repeats):
        for count, ruleset in rulesets.items():
            start = time.perf_counter()
            for msg in sample:
                ruleset.classify(msg)
            best[count] = min(best[count], (time.perf_counter() - start) / len(sample))
    return best


def pipeline_mix(count: int) -> None:
    """Default rules on the import benchmark's messages: best time per message."""
    from datetime import UTC, datetime

    from bench.generate import messages as raw_messages
    from mailflow.parse import parse_message

    arrival = datetime(2026, 4, 7, tzinfo=UTC)
    sample = [parse_message(raw, arrival) for raw in raw_messages(count)]
    ruleset = load_ruleset(default_rules_dir())
    repeats = 3 * REPEATS  # a shared machine: the best of more runs is steadier
    best = per_message({0: ruleset}, sample, repeats)[0]
    print(f"pipeline mix: {count} messages, default rules, best of {repeats} runs")
    print(f"  classify: {best * 1e3:.3f} ms/message (aim: <= 0.25 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pipeline-mix", action="store_true", help="time the import mix")
    parser.add_argument("--count", type=int, default=2000, help="messages for --pipeline-mix")
    args = parser.parse_args()
    if args.pipeline_mix:
        pipeline_mix(args.count)
        return
    rng = random.Random(3)
    sample = messages(rng)
    rules = {count: generated_rules(count, rng) for count in (10, 1000)}
    print(f"{MESSAGES} messages, best of {REPEATS} alternating runs, time per message")
    with tempfile.TemporaryDirectory() as tmp:
        for with_defaults in (False, True):
            label = "generated + default set" if with_defaults else "generated only"
            rulesets = {
                count: load(Path(tmp) / f"{count}-{with_defaults}", text, with_defaults)
                for count, text in rules.items()
            }
            times = per_message(rulesets, sample)
            for count, seconds in times.items():
                print(f"  {label:24} {count:5} rules: {seconds * 1e6:8.1f} µs")
            print(f"  {label:24} ratio 1000/10: {times[1000] / times[10]:.2f}x (aim: <= 3x)")


if __name__ == "__main__":
    main()
