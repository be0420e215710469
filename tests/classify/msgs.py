"""Small builders for classify tests: ParsedMessage objects and rule directories."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from mailflow.classify import RuleSet, load_ruleset
from mailflow.classify.examples import Example, build_message
from mailflow.parse.message import ParsedMessage


def message(
    subject: str = "",
    body: str = "",
    sender: str = "someone@example.com",
    headers: dict[str, str] | None = None,
    attachments: tuple[str, ...] = (),
    lang: str = "fr",
) -> ParsedMessage:
    """A ParsedMessage as the parse stage would give it."""
    example = Example(
        name="t",
        file="t",
        line=1,
        expect={},
        subject=subject,
        sender=sender,
        body=body,
        headers=tuple((headers or {}).items()),
        attachments=attachments,
        lang=lang,
    )
    return build_message(example)


def write_rules(directory: Path, **files: str) -> Path:
    """Write ``name_toml="..."`` keyword arguments as ``name.toml`` files."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / f"{name.removesuffix('_toml')}.toml").write_text(dedent(text), "utf-8")
    return directory


def ruleset(directory: Path, **files: str) -> RuleSet:
    return load_ruleset(write_rules(directory, **files))
