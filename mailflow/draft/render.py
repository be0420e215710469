"""Render reply templates safely: sandboxed, strict, HTML-escaped.

Staff edit ``templates/``, so every template runs in Jinja's ``SandboxedEnvironment``
(no way to reach Python internals) with ``StrictUndefined`` (a typo is an error, not an
empty string). One template gives both parts: it is rendered once as text and once as
HTML, where every value *and* the template's own text are escaped, then laid out as
paragraphs and quotes; ``format`` tells a template which part it is writing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from mailflow.draft.context import LANGUAGES, ReplyInput, build_context, sample_input
from mailflow.draft.html import html_document
from mailflow.draft.problems import problem_from_exception, source_problems
from mailflow.draft.typography import french_typography
from mailflow.errors import Problem, TemplateCheckError

SUFFIX = ".j2"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


@dataclass(frozen=True, slots=True)
class Rendered:
    """A reply's two parts and the template they came from (``fr/training.j2``)."""

    text: str
    html: str
    template: str


class _EscapeTemplateText(Extension):
    """In the HTML environment, the template's literal text is escaped like any value."""

    def filter_stream(self, stream: TokenStream) -> Iterable[Token]:
        for token in stream:
            if token.type == "data":
                yield Token(token.lineno, "data", html.escape(token.value, quote=False))
            else:
                yield token


def _quote(value: object) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in str(value).splitlines())


def _typography(value: object) -> object:
    if isinstance(value, Markup):  # HTML part: the text is escaped; work on the text itself
        return escape(french_typography(value.unescape()))
    return french_typography(str(value))


@lru_cache(maxsize=16)
def environment(templates_dir: Path, output: str) -> SandboxedEnvironment:
    """The sandbox for ``output`` ("text" or "html"); templates reload when their file changes."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(templates_dir)),
        undefined=StrictUndefined,
        autoescape=output == "html",
        extensions=[_EscapeTemplateText] if output == "html" else [],
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["quote"] = _quote
    env.filters["typo"] = _typography
    return env


def list_template_names(templates_dir: Path) -> list[str]:
    """Replies that can be chosen (``fr/training``); files starting with ``_`` are layouts."""
    return sorted(
        f"{path.parent.name}/{path.name.removesuffix(SUFFIX)}"
        for path in templates_dir.glob(f"*/*{SUFFIX}")
        if not path.name.startswith("_")
    )


def choose_template(
    templates_dir: Path, lang: str, wanted: str | None, partner_type: str = ""
) -> str:
    """The file for ``wanted`` in ``lang``: per partner type, then plain, then ``generic``."""
    names: list[str] = []
    if wanted and _NAME.match(wanted):
        if partner_type and _NAME.match(partner_type):
            names.append(f"{wanted}.{partner_type}")
        names.append(wanted)
    names.append("generic")
    for name in names:
        if (templates_dir / lang / f"{name}{SUFFIX}").is_file():
            return f"{lang}/{name}{SUFFIX}"
    return f"{lang}/generic{SUFFIX}"


def render_reply(templates_dir: Path, template: str, data: ReplyInput) -> Rendered:
    """Both parts of a reply. Raises :class:`TemplateCheckError` with file and line."""
    parts: dict[str, str] = {}
    for output in ("text", "html"):
        env = environment(templates_dir, output)
        try:
            parts[output] = env.get_template(template).render(build_context(data, output))
        except TemplateError as exc:
            raise TemplateCheckError(
                [problem_from_exception(exc, templates_dir, template)]
            ) from exc
    text = _tidy(parts["text"])
    return Rendered(text, html_document(_tidy(parts["html"]), data.lang), template)


def _tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    lines = [line.rstrip() for line in text.strip("\n").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def check_templates(templates_dir: Path) -> list[Problem]:
    """Every problem of every template: read each source, render each reply in both parts."""
    if not templates_dir.is_dir():
        return [Problem(str(templates_dir), 0, "missing", "templates folder not found")]
    problems: list[Problem] = []
    text_env = environment(templates_dir, "text")
    for path in sorted(templates_dir.rglob(f"*{SUFFIX}")):
        file = path.relative_to(templates_dir).as_posix()
        problems += source_problems(text_env, path.read_text(encoding="utf-8"), file)
    for name in list_template_names(templates_dir):
        lang = name.split("/")[0]
        if lang not in LANGUAGES:
            problems.append(
                Problem(name + SUFFIX, 0, "language", f"folder must be one of {LANGUAGES}")
            )
            continue
        try:
            render_reply(templates_dir, name + SUFFIX, sample_input(lang))
        except TemplateCheckError as exc:
            problems += [p for p in exc.problems if p not in problems]
    for lang in LANGUAGES:
        for required in ("generic", "ack"):
            if not (templates_dir / lang / f"{required}{SUFFIX}").is_file():
                problems.append(
                    Problem(
                        f"{lang}/{required}{SUFFIX}", 0, "missing", "required template is missing"
                    )
                )
    return problems
