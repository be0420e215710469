"""The parse stage stays pure: no database, network, clock or settings imports."""

from __future__ import annotations

import ast
from pathlib import Path

import mailflow.parse

PACKAGE = Path(mailflow.parse.__file__).resolve().parent
ALLOWED_THIRD_PARTY = {"charset_normalizer", "inscriptis"}
FORBIDDEN = {
    "socket", "http", "urllib", "smtplib", "imaplib", "ssl", "sqlite3", "sqlalchemy",
    "sqlmodel", "psycopg", "requests", "httpx", "time", "os", "subprocess", "logging",
    "mailflow.settings", "mailflow.store", "mailflow.receive", "mailflow.send", "mailflow.web",
    "mailflow.cli", "pydantic_settings",
}  # fmt: skip


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_parse_imports_only_pure_modules() -> None:
    import sys

    for path in sorted(PACKAGE.glob("*.py")):
        for name in _imports(path):
            top = name.split(".")[0]
            assert not any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN), (
                f"{path.name} imports {name}"
            )
            assert (
                top in sys.stdlib_module_names
                or top in ALLOWED_THIRD_PARTY
                or name.startswith("mailflow.parse")
                or top == "__future__"
            ), f"{path.name} imports {name}"


def test_datetime_is_not_read_from_the_clock() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert ".now(" not in source and ".today(" not in source and "utcnow" not in source, (
            path.name
        )
