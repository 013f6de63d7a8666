"""Charts as inline SVG, drawn on the server (no front-end build, nothing to load): bars (stacked or side
by side) and lines over a row of categories, a left axis and an optional right axis.

``chart(...)`` returns markup ready to put in a page; every label is escaped, every bar and point has a
``<title>`` (its value on hover), and the figure carries ``role="img"`` with its title as the label.
Pages show the figures in a table beside the chart, so nothing is only in the picture."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup, escape

PALETTE = {
    "returning": "#2857c5",
    "new": "#9db7ef",
    "capacity": "#c7ccd6",
    "starts": "#2857c5",
    "team": "#1d2330",
    "target": "#b42318",
    "rate": "#e08a00",
    "cap": "#b42318",
    "share": "#2857c5",
}
"""Fill/stroke colour per series ``key`` (anything else gets the accent blue)."""


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]
    key: str = "starts"
    """Colour (``PALETTE``) and CSS class (``series-<key>``)."""
    kind: Literal["bar", "line", "mark"] = "bar"
    """``bar``; ``line`` joins the values; ``mark`` draws a short horizontal tick per category (a cap)."""
    stack: str = "main"
    """Bars of the same stack are stacked; different stacks stand side by side."""
    axis: Literal["left", "right"] = "left"


@dataclass(frozen=True)
class Axis:
    label: str = ""
    fmt: Callable[[float], str] = lambda v: f"{v:,.0f}"
    maximum: float | None = None
    """Fixed top of the scale (e.g. 1 for a share); otherwise from the data."""


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 up to at least ``top`` (1, 2, 2.5, 5 × a power of ten)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks = [0.0]
    while ticks[-1] < top - 1e-9:
        ticks.append(ticks[-1] + step)
    return ticks


def chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    left: Axis | None = None,
    right: Axis | None = None,
    width: int = 680,
    height: int = 260,
) -> Markup:
    """The chart as an ``<svg>`` element."""
    left, pad = left or Axis(), {"l": 56, "r": 56 if right else 16, "t": 28, "b": 44}
    plot_w, plot_h = width - pad["l"] - pad["r"], height - pad["t"] - pad["b"]
    slot = plot_w / max(len(categories), 1)
    left_ticks = nice_ticks(left.maximum or _top(series, "left"))
    right_ticks = nice_ticks(right.maximum or _top(series, "right")) if right else [0.0, 1.0]

    def y_of(value: float, axis: str) -> float:
        top = (right_ticks if axis == "right" else left_ticks)[-1] or 1
        return pad["t"] + plot_h * (1 - value / top)

    def x_of(index: int) -> float:
        return pad["l"] + slot * (index + 0.5)

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in left_ticks:
        y = y_of(tick, "left")
        parts.append(
            f'<line class="grid" x1="{pad["l"]}" x2="{width - pad["r"]}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="#e3e7ee"/>'
        )
        parts.append(
            f'<text class="tick" x="{pad["l"] - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(left.fmt(tick))}</text>"
        )
    if right:
        for tick in right_ticks:
            parts.append(
                f'<text class="tick" x="{width - pad["r"] + 6}" y="{y_of(tick, "right") + 4:.1f}" '
                f'font-size="11">{escape(right.fmt(tick))}</text>'
            )
    parts += _bars(categories, series, x_of, y_of, slot, left, right)
    parts += _lines_and_marks(categories, series, x_of, y_of, slot, left, right)
    for index, name in enumerate(categories):
        parts.append(
            f'<text class="category" x="{x_of(index):.1f}" y="{height - pad["b"] + 16}" '
            f'text-anchor="middle" font-size="11">{escape(name)}</text>'
        )
    if left.label:
        parts.append(
            f'<text x="{pad["l"] - 6}" y="{pad["t"] - 12}" text-anchor="end" font-size="11">'
            f"{escape(left.label)}</text>"
        )
    if right and right.label:
        parts.append(
            f'<text x="{width - pad["r"] + 6}" y="{pad["t"] - 12}" font-size="11">'
            f"{escape(right.label)}</text>"
        )
    parts += _legend(series, pad["l"], height - 10)
    parts.append("</svg>")
    return Markup("".join(parts))


def _top(series: Sequence[Series], axis: str) -> float:
    stacks: dict[tuple[str, int], float] = {}
    top = 0.0
    for s in series:
        if s.axis != axis:
            continue
        for index, value in enumerate(s.values):
            if value is None:
                continue
            if s.kind == "bar":
                key = (s.stack, index)
                stacks[key] = stacks.get(key, 0.0) + value
                top = max(top, stacks[key])
            else:
                top = max(top, value)
    return top


def _bars(
    categories: Sequence[str],
    series: Sequence[Series],
    x_of: Callable[[int], float],
    y_of: Callable[[float, str], float],
    slot: float,
    left: Axis,
    right: Axis | None,
) -> list[str]:
    bars = [s for s in series if s.kind == "bar"]
    stacks = list(dict.fromkeys(s.stack for s in bars))
    width = slot * 0.7 / max(len(stacks), 1)
    base: dict[tuple[str, int], float] = {}
    parts = []
    for s in bars:
        fmt = right.fmt if s.axis == "right" and right else left.fmt
        offset = stacks.index(s.stack)
        for index, value in enumerate(s.values):
            if not value:
                continue
            below = base.get((s.stack, index), 0.0)
            base[(s.stack, index)] = below + value
            y_top, y_bottom = y_of(below + value, s.axis), y_of(below, s.axis)
            x = x_of(index) - slot * 0.35 + offset * width
            parts.append(
                f'<rect class="series-{s.key}" x="{x:.1f}" y="{y_top:.1f}" width="{width - 1:.1f}" '
                f'height="{max(y_bottom - y_top, 0.5):.1f}" fill="{PALETTE.get(s.key, "#2857c5")}">'
                f"<title>{escape(categories[index])}: {escape(s.label)} {escape(fmt(value))}</title></rect>"
            )
    return parts


def _lines_and_marks(
    categories: Sequence[str],
    series: Sequence[Series],
    x_of: Callable[[int], float],
    y_of: Callable[[float, str], float],
    slot: float,
    left: Axis,
    right: Axis | None,
) -> list[str]:
    parts = []
    for s in series:
        if s.kind == "bar":
            continue
        fmt = right.fmt if s.axis == "right" and right else left.fmt
        colour = PALETTE.get(s.key, "#2857c5")
        points = [(x_of(i), y_of(v, s.axis), i, v) for i, v in enumerate(s.values) if v is not None]
        if s.kind == "line" and len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _i, _v in points)
            parts.append(
                f'<polyline class="series-{s.key}" points="{path}" fill="none" stroke="{colour}" '
                'stroke-width="2"/>'
            )
        for x, y, i, v in points:
            label = f"<title>{escape(categories[i])}: {escape(s.label)} {escape(fmt(v))}</title>"
            if s.kind == "mark":
                half = slot * 0.4
                parts.append(
                    f'<line class="series-{s.key}" x1="{x - half:.1f}" x2="{x + half:.1f}" '
                    f'y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}" stroke-width="2" '
                    f'stroke-dasharray="4 2">{label}</line>'
                )
            else:
                parts.append(
                    f'<circle class="series-{s.key}" cx="{x:.1f}" cy="{y:.1f}" r="3.5" '
                    f'fill="{colour}">{label}</circle>'
                )
    return parts


def _legend(series: Sequence[Series], x: float, y: float) -> list[str]:
    parts = []
    for s in series:
        colour = PALETTE.get(s.key, "#2857c5")
        dashes = ' stroke-dasharray="4 2"' if s.kind == "mark" else ""
        swatch = (
            f'<rect x="{x:.0f}" y="{y - 9:.0f}" width="10" height="10" fill="{colour}"/>'
            if s.kind == "bar"
            else f'<line x1="{x:.0f}" x2="{x + 12:.0f}" y1="{y - 4:.0f}" y2="{y - 4:.0f}" stroke="{colour}" '
            f'stroke-width="2"{dashes}/>'
        )
        parts.append(
            f'<g class="legend">{swatch}<text x="{x + 16:.0f}" y="{y:.0f}" font-size="11">'
            f"{escape(s.label)}</text></g>"
        )
        x += 24 + 6.5 * len(s.label)
    return parts
