"""The HTML alternative of a reply, made from its escaped text: paragraphs, quotes, links."""

from __future__ import annotations

import html
import re
from itertools import groupby

_URL = re.compile(r"\bhttps?://[^\s<>\"]+[^\s<>\".,;:!?)\]]")
_QUOTED = "&gt;"


def html_from_text(text: str, lang: str) -> str:
    """An HTML document for plain ``text`` (escaped here)."""
    return html_document(html.escape(text, quote=False), lang)


def html_document(escaped: str, lang: str) -> str:
    """Wrap text that is already HTML-escaped: blank lines make paragraphs, "> " quotes."""
    blocks = re.split(r"\n[ \t]*\n", escaped.strip("\n"))
    body = "\n".join(_block(b) for b in blocks if b.strip())
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head><meta charset="utf-8"></head>\n'
        f'<body style="font-family: sans-serif; line-height: 1.4">\n{body}\n</body>\n</html>\n'
    )


def _block(block: str) -> str:
    """A paragraph; runs of quoted lines inside it become blockquotes."""
    out: list[str] = []
    for quoted, lines in groupby(block.split("\n"), key=lambda line: line.startswith(_QUOTED)):
        run = list(lines)
        if quoted:
            inner = "\n".join(_unquote(line) for line in run)
            out.append(
                '<blockquote style="margin: 0 0 0 .8ex; border-left: 1px solid #ccc; '
                f'padding-left: 1ex">\n{_quoted_body(inner)}\n</blockquote>'
            )
        else:
            out.append("<p>" + "<br>\n".join(_links(line) for line in run) + "</p>")
    return "\n".join(out)


def _quoted_body(inner: str) -> str:
    blocks = re.split(r"\n[ \t]*\n", inner.strip("\n"))
    return "\n".join(_block(b) for b in blocks if b.strip())


def _unquote(line: str) -> str:
    rest = line[len(_QUOTED) :]
    return rest[1:] if rest.startswith(" ") else rest


def _links(line: str) -> str:
    return _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', line)
