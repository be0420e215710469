"""Template problems with file and line: from a failed render, or found by reading the source."""

from __future__ import annotations

import traceback
from pathlib import Path

from jinja2 import Environment, TemplateError, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError, UndefinedError

from mailflow.draft.context import VARIABLES
from mailflow.errors import Problem

_BUILTINS = frozenset(
    {
        "loop",
        "self",
        "super",
        "varargs",
        "kwargs",
        "caller",
        "range",
        "dict",
        "lipsum",
        "cycler",
        "joiner",
        "namespace",
    }
)


def problem_from_exception(exc: TemplateError, templates_dir: Path, template: str) -> Problem:
    """Where a render failed: the innermost template frame of the traceback."""
    if isinstance(exc, TemplateSyntaxError):
        file = _relative(exc.filename, templates_dir) if exc.filename else template
        return Problem(file, exc.lineno, "syntax", exc.message or str(exc))
    file, line = template, 0
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith(str(templates_dir)):
            file, line = _relative(frame.filename, templates_dir), frame.lineno or 0
    return Problem(file, line, _name(exc), str(exc))


def _name(exc: TemplateError) -> str:
    if isinstance(exc, SecurityError):
        return "unsafe"
    if isinstance(exc, UndefinedError):
        return "undefined"
    return type(exc).__name__


def source_problems(env: Environment, source: str, file: str) -> list[Problem]:
    """Problems visible without rendering: syntax, unknown variables, internals."""
    try:
        tree = env.parse(source, filename=file)
    except TemplateSyntaxError as exc:
        return [Problem(file, exc.lineno, "syntax", exc.message or str(exc))]
    problems: list[Problem] = []
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    known = set(VARIABLES) | _BUILTINS | assigned
    reported: set[str] = set()
    for name in tree.find_all(nodes.Name):
        if name.ctx == "load" and name.name not in known and name.name not in reported:
            reported.add(name.name)
            problems.append(
                Problem(
                    file,
                    name.lineno,
                    "undefined",
                    f"unknown variable {name.name!r} (see docs/replies.md)",
                )
            )
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        attr = node.attr if isinstance(node, nodes.Getattr) else _getitem_key(node)
        if attr.startswith("_"):
            problems.append(
                Problem(
                    file,
                    node.lineno,
                    "unsafe",
                    f"access to {attr!r}: Python internals are not available",
                )
            )
    return problems


def _getitem_key(node: nodes.Node) -> str:
    key = node.arg if isinstance(node, nodes.Getitem) else None
    return key.value if isinstance(key, nodes.Const) and isinstance(key.value, str) else ""


def _relative(filename: str, templates_dir: Path) -> str:
    path = Path(filename)
    try:
        return path.relative_to(templates_dir).as_posix()
    except ValueError:
        return filename
