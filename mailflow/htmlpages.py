"""The one Jinja set-up for HTML pages (the web app's and the printable report's)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape


def html_environment(directory: Path) -> Environment:
    """Templates in ``directory``, every value escaped, a missing name an error."""
    return Environment(
        loader=FileSystemLoader(directory),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
