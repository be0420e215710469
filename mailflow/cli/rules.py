"""``mailflow rules check|test``: validate the rule files and run their examples.

``rules diff`` (which needs the database) is registered by ``cli/main.py``.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import typer

from mailflow.classify import ExampleResult, RuleSet, load_ruleset, run_examples
from mailflow.classify.loader import default_rules_dir
from mailflow.cli.common import JsonOption, print_json
from mailflow.errors import RuleSetError

rules_app = typer.Typer(
    help="Rule files: check them, run their examples, see what a change would do.",
    no_args_is_help=True,
)

RulesOption = typer.Option(
    None, "--rules", help="Rule directory (default: the rules/ shipped with mailflow)."
)


def _load(directory: Path, as_json: bool) -> RuleSet:
    """The rule set, or every problem printed and exit code 1."""
    try:
        return load_ruleset(directory)
    except RuleSetError as exc:
        if as_json:
            print_json({"ok": False, "problems": [asdict(p) for p in exc.problems]})
        else:
            for problem in exc.problems:
                typer.echo(str(problem), err=True)
            typer.echo(f"{len(exc.problems)} problem(s); the rules were not loaded.", err=True)
        raise typer.Exit(1) from exc


@rules_app.command("check")
def check(rules: Path | None = RulesOption, as_json: bool = JsonOption) -> None:
    """Validate every rule file; print each problem as file:line: [rule] message."""
    directory = rules or default_rules_dir()
    ruleset = _load(directory, as_json)
    files = [{"path": str(f.path), "sha256": f.sha256} for f in ruleset.files]
    counts = {
        "partner": len(ruleset.partners.rules),
        "topic": len(ruleset.topics),
        "kind": len(ruleset.kinds),
        "action": len(ruleset.actions),
        "example": len(ruleset.examples),
    }
    if as_json:
        print_json({"ok": True, "problems": [], "files": files, "counts": counts})
        return
    for entry in files:
        typer.echo(f"{entry['path']}  sha256:{entry['sha256'][:16]}")
    typer.echo("OK: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))


@rules_app.command("test")
def test(rules: Path | None = RulesOption, as_json: bool = JsonOption) -> None:
    """Run the [[example]] entries of the rule files; print failures with the explanation."""
    directory = rules or default_rules_dir()
    results = run_examples(_load(directory, as_json), directory)
    failures = [r for r in results if not r.ok]
    if as_json:
        print_json(
            {
                "ok": not failures,
                "total": len(results),
                "failed": len(failures),
                "failures": [_failure_dict(r) for r in failures],
            }
        )
    else:
        for result in failures:
            _print_failure(result)
        typer.echo(f"{len(results) - len(failures)} of {len(results)} examples passed.")
    if failures:
        raise typer.Exit(1)


def _failure_dict(result: ExampleResult) -> dict[str, Any]:
    example = result.example
    return {
        "example": example.name,
        "file": example.file,
        "line": example.line,
        "error": result.error,
        "mismatches": {k: {"expected": w, "got": g} for k, (w, g) in result.mismatches.items()},
        "explanation": [asdict(h) for h in result.classification.explanation]
        if result.classification
        else [],
    }


def _print_failure(result: ExampleResult) -> None:
    example = result.example
    typer.echo(f"{example.file}:{example.line}: [{example.name}] FAILED")
    if result.error:
        typer.echo(f"    {result.error}")
    for key, (want, got) in result.mismatches.items():
        typer.echo(f"    {key}: expected {want!r}, got {got!r}")
    for hit in result.classification.explanation if result.classification else []:
        typer.echo(
            f"      {hit.label:28} {hit.rule} ({hit.file}:{hit.line}) {hit.field}: {hit.matched!r}"
        )
