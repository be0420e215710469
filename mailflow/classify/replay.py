"""Replay a rule set's examples (``mailflow rules test``): what each one got, and what differed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mailflow.classify.engine import RuleSet
from mailflow.classify.examples import Example, load_example_message
from mailflow.classify.result import Classification


@dataclass(slots=True)
class ExampleResult:
    """One example run: what differed from the expectation, and the classification."""

    example: Example
    classification: Classification | None
    mismatches: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.mismatches


def run_example(ruleset: RuleSet, example: Example, base_dir: Path) -> ExampleResult:
    try:
        msg = load_example_message(example, base_dir)
    except (OSError, ImportError, ValueError) as exc:
        return ExampleResult(example, None, error=f"cannot read example: {exc}")
    result = ruleset.classify(msg)
    got = result.to_dict()
    mismatches: dict[str, tuple[str | None, str | None]] = {
        key: (want, got.get(key)) for key, want in example.expect.items() if got.get(key) != want
    }
    return ExampleResult(example, result, mismatches)


def run_examples(ruleset: RuleSet, base_dir: Path) -> list[ExampleResult]:
    """Classify every example of ``ruleset``; ``base_dir`` anchors relative .eml paths."""
    return [run_example(ruleset, example, base_dir) for example in ruleset.examples]
