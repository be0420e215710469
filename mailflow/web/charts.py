"""Charts as inline SVG drawn on the server: no JavaScript, no library, readable without colour.

Every chart carries a title and a description for screen readers, and the same numbers are
always in a table next to it.
"""

from __future__ import annotations

from markupsafe import Markup, escape

PALETTE = ("#1f4fa3", "#d97706", "#059669", "#9333ea", "#dc2626", "#0891b2", "#65a30d", "#6b7280")


def stacked_bars(
    title: str, columns: list[str], series: dict[str, list[int]], labels: dict[str, str]
) -> Markup:
    """Vertical bars, one per column, stacked by series."""
    width, height, left, bottom, top = 640, 240, 36, 40, 10
    y: float
    totals = [sum(values[i] for values in series.values()) for i in range(len(columns))]
    peak = max(totals, default=0) or 1
    slot = (width - left - 10) / max(len(columns), 1)
    scale = (height - bottom - top) / peak
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
        if len(columns) <= 16 or i % max(1, len(columns) // 12) == 0:
            parts.append(
                f'<text x="{left + i * slot + slot / 2:.1f}" y="{height - bottom + 14}" '
                f'text-anchor="middle" font-size="10">{escape(column[-3:] if "W" in column else column)}</text>'
            )
    return _svg(title, width, height, parts) + _legend(list(series), labels)


def horizontal_bars(title: str, items: list[tuple[str, float]], unit: str = "") -> Markup:
    """One bar per item, the value written at its end."""
    width, row, left = 640, 26, 170
    height = row * max(len(items), 1) + 10
    peak = max((v for _, v in items), default=0) or 1
    parts = []
    for i, (name, value) in enumerate(items):
        y = 5 + i * row
        w = (width - left - 70) * value / peak
        parts.append(f'<text x="{left - 6}" y="{y + 16}" text-anchor="end">{escape(name)}</text>')
        parts.append(
            f'<rect x="{left}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" fill="{PALETTE[0]}"/>'
        )
        parts.append(f'<text x="{left + w + 4:.1f}" y="{y + 16}">{value:g}{escape(unit)}</text>')
    return _svg(title, width, height, parts)


def _axis(left: int, top: int, right: int, baseline: int, peak: int) -> str:
    return (
        f'<line x1="{left}" y1="{baseline}" x2="{right}" y2="{baseline}" stroke="#9aa3b2"/>'
        f'<text x="{left - 4}" y="{top + 8}" text-anchor="end">{peak}</text>'
        f'<text x="{left - 4}" y="{baseline}" text-anchor="end">0</text>'
    )


def _svg(title: str, width: int, height: int, parts: list[str]) -> Markup:
    return Markup(  # noqa: S704 - every text above went through escape()
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>{"".join(parts)}</svg>'
    )


def _legend(names: list[str], labels: dict[str, str]) -> Markup:
    items = "".join(
        f'<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" '
        f'fill="{PALETTE[n % len(PALETTE)]}"/></svg> {escape(labels.get(name, name))}</li>'
        for n, name in enumerate(names)
    )
    return Markup(f'<ul class="legend">{items}</ul>')  # noqa: S704 - escaped above
