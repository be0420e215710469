"""Render the configuration reference (docs/configuration.md) from :class:`Settings`."""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import inspect
import itertools
import textwrap
from datetime import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from mailflow.settings import PROJECT_ROOT, Settings

INTRO = """# Configuration

mailflow reads one TOML file (`--config PATH` or `MAILFLOW_CONFIG`) and `MAILFLOW_*`
environment variables; the environment wins. Nested keys use `__` in the environment:
`[smtp] port = 2525` is `MAILFLOW_SMTP__PORT=2525`; lists are JSON
(`MAILFLOW_OUR_ADDRESSES='["cooperation@example.org"]'`). With no file at all, the
defaults below give a working local set-up (SQLite in `data/`, the web app on
127.0.0.1:8000). A wrong value stops start-up with a message naming the key.

This page is generated from `mailflow/settings.py` by `python -m mailflow.configdoc`;
`tests/test_settings.py` checks it is up to date.

Example:

```toml
our_addresses = ["cooperation@bibliotheque.example.fr"]
database_url = "postgresql+psycopg://mailflow@db.example.fr/mailflow"

[smtp]
enabled = true
port = 2525
lmtp = true

[relay]
enabled = true
host = "smtp.example.fr"
port = 587
security = "starttls"
username = "mailflow"
password = "…"   # or MAILFLOW_RELAY__PASSWORD

[web]
host = "0.0.0.0"
secret_key = "…at least 32 random characters…"
behind_tls = true
```
"""


def render() -> str:
    lines = [INTRO]
    lines += _table("General", Settings.model_fields, prefix="")
    for name, info in Settings.model_fields.items():
        model = info.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):
            lines += _table(f"[{name}]", model.model_fields, prefix=f"{name}.")
        elif dataclasses.is_dataclass(model):
            lines += _dataclass_table(name, model, info.description or "")
    return "\n".join(lines).rstrip() + "\n"


def _table(title: str, fields: dict[str, FieldInfo], prefix: str) -> list[str]:
    rows = [f"## {title}", "", "| key | default | meaning |", "|---|---|---|"]
    for name, info in fields.items():
        if _is_section(info.annotation):
            continue  # a table of its own
        description = (info.description or "").replace("\n", " ").replace("|", "\\|")
        value = info.get_default(call_default_factory=True)
        rows.append(f"| `{prefix}{name}` | {_format(value)} | {description} |")
    return [*rows, ""]


def _is_section(annotation: Any) -> bool:
    return isinstance(annotation, type) and (
        issubclass(annotation, BaseModel) or dataclasses.is_dataclass(annotation)
    )


def _dataclass_table(name: str, model: type[Any], about: str) -> list[str]:
    """A section typed by a dataclass of the core: its attribute docstrings, read from source."""
    described = _attribute_docstrings(model)
    intro = [about, ""] if about else []
    rows = [f"## [{name}]", "", *intro, "| key | default | meaning |", "|---|---|---|"]
    defaults = model()  # every field of a settings dataclass has a default
    for item in dataclasses.fields(model):
        value = _format(getattr(defaults, item.name))
        rows.append(f"| `{name}.{item.name}` | {value} | {described.get(item.name, '')} |")
    return [*rows, ""]


def _attribute_docstrings(model: type[Any]) -> dict[str, str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(model)))
    body = tree.body[0].body  # type: ignore[attr-defined]
    found: dict[str, str] = {}
    for node, following in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
        ):
            found[node.target.id] = " ".join(str(following.value.value).split()).replace("|", "\\|")
    return found


def _format(value: Any) -> str:
    if isinstance(value, Path):
        with contextlib.suppress(ValueError):
            value = value.relative_to(PROJECT_ROOT)
    if isinstance(value, tuple):
        value = list(value)  # a TOML array
    if isinstance(value, time):
        value = value.strftime("%H:%M")
    if value in ("", None, [], {}):
        return "—" if value in ("", None) else f"`{value!r}`"
    return f"`{value}`" if not isinstance(value, str) else f'`"{value}"`'


if __name__ == "__main__":
    (PROJECT_ROOT / "docs" / "configuration.md").write_text(render(), encoding="utf-8")
