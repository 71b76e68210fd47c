"""Small charts drawn on the server as inline SVG: no script, no CDN, readable with JavaScript off."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

_PAD_LEFT, _PAD_RIGHT, _PAD_TOP, _PAD_BOTTOM = 44, 12, 12, 28


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def line_chart(points: Sequence[tuple[str, float]], title: str, width: int = 640, height: int = 200,
               y_range: tuple[float, float] | None = None, zero_line: bool = False,
               marks: Sequence[str] = ()) -> Markup:
    """A line over labelled points (labels in order); `marks` are labels to ring (e.g. turning points)."""
    if not points:
        return Markup(f'<p class="empty">{escape(title)}: nothing to draw yet.</p>')
    values = [v for _, v in points]
    low, high = y_range or (min(0.0, min(values)), max(values))
    if high <= low:
        high = low + 1
    inner_w, inner_h = width - _PAD_LEFT - _PAD_RIGHT, height - _PAD_TOP - _PAD_BOTTOM
    step = inner_w / max(1, len(points) - 1)

    def x(i: int) -> float:
        return _PAD_LEFT + (i * step if len(points) > 1 else inner_w / 2)

    def y(v: float) -> float:
        return _PAD_TOP + inner_h * (1 - (v - low) / (high - low))

    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for v in (low, (low + high) / 2, high):
        parts.append(f'<line class="grid" x1="{_PAD_LEFT}" x2="{width - _PAD_RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}"/>'
                     f'<text class="axis" x="{_PAD_LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{_num(v)}</text>')
    if zero_line and low < 0 < high:
        parts.append(f'<line class="zero" x1="{_PAD_LEFT}" x2="{width - _PAD_RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}"/>')
    path = " ".join(f"{'M' if i == 0 else 'L'}{x(i):.1f},{y(v):.1f}" for i, (_, v) in enumerate(points))
    parts.append(f'<path class="line" d="{path}" fill="none"/>')
    wanted = set(marks)
    for i, (label, v) in enumerate(points):
        r = 4.5 if label in wanted else 2.5
        cls = "dot mark" if label in wanted else "dot"
        parts.append(f'<circle class="{cls}" cx="{x(i):.1f}" cy="{y(v):.1f}" r="{r}">'
                     f'<title>{escape(label)}: {_num(round(v, 2))}</title></circle>')
    ticks = sorted({0, len(points) - 1, *range(0, len(points), max(1, len(points) // 5))})
    for i in ticks:
        anchor = "start" if i == 0 and len(points) > 1 else "end" if i == len(points) - 1 and i else "middle"
        parts.append(f'<text class="axis" x="{x(i):.1f}" y="{height - 8}" text-anchor="{anchor}">'
                     f'{escape(points[i][0])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(items: Sequence[tuple[str, float]], title: str, width: int = 420, bar: int = 18) -> Markup:
    """Horizontal bars, one per labelled value."""
    if not items:
        return Markup(f'<p class="empty">{escape(title)}: nothing to draw yet.</p>')
    label_w, gap = 130, 6
    top = max(v for _, v in items) or 1
    height = len(items) * (bar + gap) + gap
    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for i, (label, value) in enumerate(items):
        y = gap + i * (bar + gap)
        w = (width - label_w - 50) * value / top
        parts.append(f'<text class="axis" x="{label_w - 6}" y="{y + bar - 5}" text-anchor="end">{escape(label)}</text>'
                     f'<rect class="bar" x="{label_w}" y="{y}" width="{w:.1f}" height="{bar}"/>'
                     f'<text class="axis" x="{label_w + w + 4:.1f}" y="{y + bar - 5}">{_num(value)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
