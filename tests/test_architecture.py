"""The layers of docs/architecture.md, checked on the source.

- the pure core (parse, thread, classify, draft) imports no I/O: no database, network,
  clock or settings;
- the edges (cli, web) do not import each other, and reach the store only through the
  domain layer (``mailflow.services``): no store models, no SQLAlchemy;
- the domain layer does not import the edges; receiving and sending do not import each other;
- no import cycle between two files, no import inside a function; no module above 350
  lines; every exception in errors.py; the wall clock read in one place.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mailflow"
CORE = ("parse", "thread", "classify", "draft")
FORBIDDEN = (
    "sqlalchemy",
    "sqlmodel",
    "psycopg",
    "socket",
    "smtplib",
    "imapclient",
    "aiosmtpd",
    "aiosmtplib",
    "fastapi",
    "uvicorn",
    "httpx",
    "mailflow.store",
    "mailflow.settings",
    "mailflow.pipeline",
    "mailflow.receive",
    "mailflow.send",
    "mailflow.services",
    "mailflow.web",
    "mailflow.cli",
    "mailflow.clock",
    "time",
    "asyncio",
    "subprocess",
)
STORE_ACCESS = ("sqlalchemy", "sqlmodel", "mailflow.store")
MAX_LINES = 350


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _imports(path: Path) -> tuple[str, ...]:
    """Every module ``path`` imports, at the top or inside functions, type-only ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    package = _name(path) if path.name == "__init__.py" else _name(path).rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.append(base)
            names += [f"{base}.{alias.name}" for alias in node.names]
    return tuple(names)


def _is(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == bad or name.startswith(bad + ".") for bad in prefixes)


def _offenders(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in files
        for name in _imports(path)
        if _is(name, forbidden)
    ]


def _files(*packages: str) -> list[Path]:
    return [p for package in packages for p in sorted((PACKAGE / package).rglob("*.py"))]


@pytest.mark.parametrize("package", CORE)
def test_core_package_has_no_io_imports(package: str) -> None:
    assert _offenders(_files(package), FORBIDDEN) == []


def test_core_does_not_read_the_clock() -> None:
    calls = [
        f"{path.relative_to(PACKAGE)}"
        for path in _files(*CORE)
        if ".now(" in path.read_text(encoding="utf-8")
        or "utcnow(" in path.read_text(encoding="utf-8")
    ]
    assert calls == []


def test_the_clock_is_read_in_one_place() -> None:
    readers = [
        f"{path.relative_to(PACKAGE)}"
        for path in _modules()
        if "datetime.now(" in path.read_text(encoding="utf-8") and path.name != "clock.py"
    ]
    assert readers == []


@pytest.mark.parametrize(("edge", "other"), [("cli", "mailflow.web"), ("web", "mailflow.cli")])
def test_edges_do_not_import_each_other(edge: str, other: str) -> None:
    assert _offenders(_files(edge), (other,)) == []


@pytest.mark.parametrize("edge", ["cli", "web"])
def test_edges_reach_the_store_only_through_the_domain_layer(edge: str) -> None:
    assert _offenders(_files(edge), STORE_ACCESS) == []


def test_domain_layer_does_not_import_the_edges() -> None:
    assert _offenders(_files("services"), ("mailflow.web", "mailflow.cli")) == []


@pytest.mark.parametrize(("side", "other"), [("receive", "send"), ("send", "receive")])
def test_receiving_and_sending_do_not_import_each_other(side: str, other: str) -> None:
    assert _offenders(_files(side), (f"mailflow.{other}",)) == []


def test_no_import_cycles() -> None:
    modules = {_name(p): p for p in _modules()}
    graph = {
        name: {target for target in _imports(path) if target in modules and target != name}
        for name, path in modules.items()
    }
    cycles = [sorted(c) for c in _strongly_connected(graph) if len(c) > 1]
    assert cycles == []


def test_imports_are_at_the_top_of_modules() -> None:
    """No import hidden in a function: every dependency is in the graph above, seen at once."""
    hidden = [
        f"{path.relative_to(PACKAGE)}:{inner.lineno}"
        for path in _modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for inner in ast.walk(node)
        if isinstance(inner, ast.Import | ast.ImportFrom)
    ]
    assert hidden == []


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    found.append(component)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def test_modules_are_small() -> None:
    large = [
        f"{path.relative_to(PACKAGE)}: {lines} lines"
        for path in _modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
        and "migrations" not in path.parts
    ]
    assert large == []


def test_every_exception_lives_in_errors_py() -> None:
    elsewhere = []
    for path in _modules():
        if path.name == "errors.py" and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(_is_exception(base) for base in node.bases):
                elsewhere.append(f"{path.relative_to(PACKAGE)}: {node.name}")
    assert elsewhere == []


def _is_exception(base: ast.expr) -> bool:
    name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
    return name.endswith(("Error", "Exception")) or name in ("Refused", "LeaseLost")
