"""Charts as inline SVG drawn on the server: no JavaScript, no library, readable without colour.

Every chart carries a title and a description for screen readers, and the same numbers are
always in a table next to it.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from markupsafe import Markup, escape

FONT = "DejaVu Sans, Verdana, sans-serif"
"""The drawings' text (a page's CSS may override it; the PDF renderer reads only this)."""
CHAR_WIDTH = 6.6
"""Average width of a character at 11 px in that font, to fit the labels."""
PALETTE = ("#1f4fa3", "#d97706", "#059669", "#9333ea", "#dc2626", "#0891b2", "#65a30d", "#6b7280")


def stacked_bars(
    title: str, columns: list[str], series: dict[str, list[int]], labels: dict[str, str]
) -> Markup:
    """Vertical bars, one per column, stacked by series; the column names under the bars
    are thinned out so that they never overlap (every second, third... name)."""
    width, height, left, bottom, top = 640, 240, 36, 40, 10
    y: float
    totals = [sum(values[i] for values in series.values()) for i in range(len(columns))]
    peak = max(totals, default=0) or 1
    slot = (width - left - 10) / max(len(columns), 1)
    scale = (height - bottom - top) / peak
    longest = max((len(_tick(c)) for c in columns), default=1)
    every = max(1, math.ceil((longest * CHAR_WIDTH * 10 / 11 + 8) / slot))
    parts = [_axis(left, top, width, height - bottom, peak)]
    for i, column in enumerate(columns):
        x, y = left + i * slot + slot * 0.15, height - bottom
        for n, (name, values) in enumerate(series.items()):
            h = values[i] * scale
            if values[i]:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
                    f'fill="{PALETTE[n % len(PALETTE)]}"><title>{escape(column)} · '
                    f"{escape(labels.get(name, name))}: {values[i]}</title></rect>"
                )
            y -= h
        if i % every == 0:
            parts.append(
                f'<text x="{left + i * slot + slot / 2:.1f}" y="{height - bottom + 14}" '
                f'text-anchor="middle" font-size="10">{escape(_tick(column))}</text>'
            )
    return _svg(title, width, height, parts) + _legend(list(series), labels)


def horizontal_bars(
    title: str,
    items: list[tuple[str, float | None]],
    unit: str = "",
    *,
    number: Callable[[float], str] | None = None,
) -> Markup:
    """One bar per item, the value written at its end; ``None`` (no value) is « — », no bar.

    The label margin grows with the longest label (French labels are long), up to half the
    width; longer labels are cut with « … » (the full text stays in the table beside)."""
    width, row, shown_number = 640, 26, number or _number
    longest = max((len(name) for name, _ in items), default=0)
    left = math.ceil(min(max(CHAR_WIDTH * longest + 12, 80), width / 2))
    height = row * max(len(items), 1) + 10
    peak = max((v for _, v in items if v is not None), default=0) or 1
    parts = []
    for i, (name, value) in enumerate(items):
        y = 5 + i * row
        shown = (
            name
            if len(name) * CHAR_WIDTH <= left - 12
            else name[: int((left - 12) / CHAR_WIDTH) - 1] + "…"
        )
        parts.append(f'<text x="{left - 6}" y="{y + 16}" text-anchor="end">{escape(shown)}</text>')
        if value is None:
            parts.append(f'<text x="{left + 4}" y="{y + 16}">—</text>')
            continue
        w = (width - left - 70) * value / peak
        parts.append(
            f'<rect x="{left}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" fill="{PALETTE[0]}"/>'
        )
        parts.append(
            f'<text x="{left + w + 4:.1f}" y="{y + 16}">{escape(shown_number(value))}{escape(unit)}</text>'
        )
    return _svg(title, width, height, parts)


def _tick(column: str) -> str:
    """The name under a bar: an ISO week ``2025-W05`` as ``W05``."""
    return column[-3:] if "W" in column else column


def _number(value: float) -> str:
    """A bar's value: a whole number as is, else one decimal."""
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def _axis(left: int, top: int, right: int, baseline: int, peak: int) -> str:
    return (
        f'<line x1="{left}" y1="{baseline}" x2="{right}" y2="{baseline}" stroke="#9aa3b2"/>'
        f'<text x="{left - 4}" y="{top + 8}" text-anchor="end">{peak}</text>'
        f'<text x="{left - 4}" y="{baseline}" text-anchor="end">0</text>'
    )


def _svg(title: str, width: int, height: int, parts: list[str]) -> Markup:
    return Markup(  # noqa: S704 - every text above went through escape()
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" font-size="11" font-family="{FONT}"><title>{escape(title)}</title>{"".join(parts)}</svg>'
    )


def _legend(names: list[str], labels: dict[str, str]) -> Markup:
    items = "".join(
        f'<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" '
        f'fill="{PALETTE[n % len(PALETTE)]}"/></svg> {escape(labels.get(name, name))}</li>'
        for n, name in enumerate(names)
    )
    return Markup(f'<ul class="legend">{items}</ul>')  # noqa: S704 - escaped above
