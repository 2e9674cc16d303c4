"""Two small charts drawn as inline SVG: stacked bars per day, and a share per day as a line.

No library and no script: each chart is one ``<svg>`` element with a
``viewBox``, so it scales to the width of a phone or a desktop page, a
``<title>`` for screen readers, and a tooltip (``<title>``) on every bar and
point. Every label is escaped here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 480, 220  # narrow enough that 13-unit labels stay legible on a phone
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 12, 28  # room for the axes' labels
FONT = 13
MAX_LABELS = 10  # day labels under the axis; more days label every n-th


@dataclass(frozen=True, slots=True)
class Series:
    """One coloured layer of a stacked chart: its name, colour and value per day."""

    name: str
    colour: str
    values: tuple[int, ...]


def stacked_bars(title: str, days: Sequence[str], series: Sequence[Series]) -> str:
    """Bars per day, one segment per series, stacked from the axis up."""
    totals = [sum(s.values[i] for s in series) for i in range(len(days))]
    top = _nice(max(totals, default=0))
    step = _plot_width() / max(len(days), 1)
    parts = [_open(title), *_grid(top, lambda v: f"{v:g}")]
    for i, day in enumerate(days):
        base = 0
        x = LEFT + i * step + step * 0.15
        for s in series:
            value = s.values[i]
            if value:
                y, h = _y(base + value, top), _plot_height() * value / top
                tip = f"{day}: {s.name} {value}"
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}"'
                    f' fill="{s.colour}"><title>{escape(tip)}</title></rect>'
                )
            base += value
    parts += _day_labels(days, step)
    return "".join([*parts, "</svg>"])


def share_line(title: str, days: Sequence[str], shares: Sequence[float | None]) -> str:
    """A share (0-1) per day as a line with points; days without a share are a gap."""
    step = _plot_width() / max(len(days), 1)
    parts = [_open(title), *_grid(1.0, lambda v: f"{v:.0%}")]
    points = [
        (LEFT + i * step + step / 2, _y(share, 1.0), day, share)
        for i, (day, share) in enumerate(zip(days, shares, strict=True))
        if share is not None
    ]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1565c0" stroke-width="2"/>')
    for x, y, day, share in points:
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#1565c0">'
            f"<title>{escape(f'{day}: {share:.0%}')}</title></circle>"
        )
    parts += _day_labels(days, step)
    return "".join([*parts, "</svg>"])


def _open(title: str) -> str:
    """The opening of a chart, scalable, with its accessible title."""
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img"'
        f' xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
        f"<title>{escape(title)}</title>"
    )


def _grid(top: float, label: Callable[[float], str]) -> list[str]:
    """Five horizontal grid lines (0 to `top`) with their values on the left."""
    lines = []
    for k in range(5):
        value = top * k / 4
        y = _y(value, top)
        lines.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="{FONT}"'
            f' fill="#555">{escape(label(value))}</text>'
        )
    return lines


def _day_labels(days: Sequence[str], step: float) -> list[str]:
    """Day labels under the axis, thinned out when there are many."""
    every = max(1, -(-len(days) // MAX_LABELS))
    return [
        f'<text x="{LEFT + i * step + step / 2:.1f}" y="{HEIGHT - 10}" text-anchor="middle"'
        f' font-size="{FONT}" fill="#555">{escape(day)}</text>'
        for i, day in enumerate(days)
        if i % every == 0
    ]


def _nice(top: int) -> float:
    """An axis maximum of at least `top` whose quarter is 1, 2 or 5 times a power of ten."""
    step = 1
    while 4 * step < top:
        step = step * 5 // 2 if str(step).startswith("2") else step * 2
    return 4.0 * step


def _plot_width() -> float:
    """The width of the plotting area."""
    return WIDTH - LEFT - RIGHT


def _plot_height() -> float:
    """The height of the plotting area."""
    return HEIGHT - TOP - BOTTOM


def _y(value: float, top: float) -> float:
    """The vertical position of `value` on an axis from 0 to `top`."""
    return TOP + _plot_height() * (1 - value / top)
