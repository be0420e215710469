"""The pure core imports no I/O edge: no database, network, clock or settings."""

from __future__ import annotations

import ast
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
    "mailflow.web",
    "mailflow.cli",
    "time",
    "asyncio",
    "subprocess",
)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("package", CORE)
def test_core_package_has_no_io_imports(package: str) -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted((PACKAGE / package).rglob("*.py"))
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
    ]
    assert offenders == []


def test_core_does_not_read_the_clock() -> None:
    calls = [
        f"{path.relative_to(PACKAGE)}"
        for package in CORE
        for path in sorted((PACKAGE / package).rglob("*.py"))
        if ".now(" in path.read_text(encoding="utf-8")
        or "utcnow(" in path.read_text(encoding="utf-8")
    ]
    assert calls == []
