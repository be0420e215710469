"""Load a directory of rule files into a :class:`RuleSet`, or raise with every problem.

Files are read in name order (``*.toml``); rule order, used to break ties, is file order
then position in the file. A rule set with any problem is never returned half-loaded:
``load_ruleset`` raises :class:`~mailflow.errors.RuleSetError` listing all of them.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mailflow.classify.engine import RuleFile, RuleSet
from mailflow.classify.examples import Example
from mailflow.classify.linescan import FileLines, scan
from mailflow.classify.partners import PartnerDirectory
from mailflow.classify.rules import ActionRule, KindRule, PartnerRule, TopicRule
from mailflow.classify.schema import (
    Reporter,
    build_action,
    build_example,
    build_partner,
    build_term_rule,
)
from mailflow.classify.shadowing import shadowed_partners, shadowed_topics
from mailflow.errors import Problem, RuleSetError

TABLES = ("partner", "topic", "kind", "action", "example")
_TOML_LINE = re.compile(r"at line (\d+)")


def default_rules_dir() -> Path:
    """The ``rules/`` directory shipped at the root of the repository."""
    return Path(__file__).resolve().parents[2] / "rules"


@dataclass(slots=True)
class _Collected:
    partners: list[PartnerRule] = field(default_factory=list)
    topics: list[TopicRule] = field(default_factory=list)
    kinds: list[KindRule] = field(default_factory=list)
    actions: list[ActionRule] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    files: list[RuleFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    names: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)


def load_ruleset(directory: Path) -> RuleSet:
    """Read, validate and compile every ``*.toml`` file in ``directory``."""
    found = _Collected()
    paths = sorted(directory.glob("*.toml")) if directory.is_dir() else []
    if not paths:
        found.problems.append(Problem(str(directory), 0, "", "no rule files (*.toml) here"))
    for path in paths:
        _load_file(path, found)
    found.problems.extend(shadowed_topics(found.topics, directory))
    found.problems.extend(shadowed_partners(found.partners, directory))
    if found.problems:
        raise RuleSetError(found.problems)
    return RuleSet(
        partners=PartnerDirectory(found.partners),
        topics=found.topics,
        kinds=found.kinds,
        actions=found.actions,
        examples=found.examples,
        files=found.files,
    )


def _load_file(path: Path, found: _Collected) -> None:
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        found.problems.append(Problem(str(path), 0, "", f"cannot read: {exc}"))
        return
    except tomllib.TOMLDecodeError as exc:
        line = _TOML_LINE.search(str(exc))
        found.problems.append(
            Problem(str(path), int(line.group(1)) if line else 0, "", f"TOML syntax: {exc}")
        )
        return
    found.files.append(RuleFile(path, hashlib.sha256(raw).hexdigest()))
    lines = scan(text)
    for key, value in data.items():
        if key not in TABLES or not _is_table_list(value):
            hint = f"[[{key}]]" if key in TABLES else ", ".join(f"[[{t}]]" for t in TABLES)
            number = lines.top.keys.get(key) or _header_line(lines, key)
            found.problems.append(
                Problem(str(path), number, "", f"unknown entry {key!r}; rule files hold {hint}")
            )
            continue
        for index, table in enumerate(value):
            _load_table(path, lines, key, index, table, found)


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _header_line(lines: FileLines, key: str) -> int:
    for number, text in enumerate(lines.lines, start=1):
        if text.strip().startswith(f"[{key}") or text.strip().startswith(f"[[{key}"):
            return number
    return 0


def _load_table(
    path: Path, lines: FileLines, kind: str, index: int, table: dict[str, Any], found: _Collected
) -> None:
    report = Reporter(str(path), path.name, lines, lines.table(kind, index))
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        report.add(f'[[{kind}]] needs a name = "..."', "name" if "name" in table else None)
        name = f"{kind}#{index + 1}"
    report.name = name
    namespace = "example" if kind == "example" else "rule"
    first = found.names.setdefault((namespace, name), (path.name, report.line))
    if first != (path.name, report.line):
        report.add(f"duplicate {namespace} name (first defined at {first[0]}:{first[1]})", "name")
    rule = _build(kind, table, report)
    if isinstance(rule, Example) and rule.eml and not (path.parent / rule.eml).is_file():
        report.add(
            f"example file {rule.eml!r} not found (paths are relative to the rule file)",
            "eml",
            rule.eml,
        )
    found.problems.extend(report.problems)
    if isinstance(rule, PartnerRule):
        found.partners.append(rule)
    elif isinstance(rule, TopicRule):
        found.topics.append(rule)
    elif isinstance(rule, KindRule):
        found.kinds.append(rule)
    elif isinstance(rule, ActionRule):
        found.actions.append(rule)
    elif isinstance(rule, Example):
        found.examples.append(rule)


def _build(
    kind: str, table: dict[str, Any], report: Reporter
) -> PartnerRule | TopicRule | KindRule | ActionRule | Example | None:
    if kind == "partner":
        return build_partner(table, report)
    if kind in ("topic", "kind"):
        return build_term_rule(table, kind, report)
    if kind == "action":
        return build_action(table, report)
    return build_example(table, report)
