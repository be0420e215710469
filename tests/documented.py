"""Read the configuration examples of ``docs/`` so that tests run what the pages tell
operators to write (a page and its test cannot drift apart)."""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"


def documented_block(page: str, heading: str, caption: str = "", lang: str = "") -> str:
    """The first fenced block (```lang) of ``docs/page`` after ``heading``, and after the
    line ``caption`` when one is given; KeyError names what is missing."""
    text = (DOCS / page).read_text(encoding="utf-8")
    for marker in (heading, caption, f"```{lang}\n"):
        if marker and marker not in text:
            raise KeyError(f"docs/{page}: {marker!r} not found after {heading!r}")
        text = text.split(marker, 1)[1] if marker else text
    return text.split("```", 1)[0]
