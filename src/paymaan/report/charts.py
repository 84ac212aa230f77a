"""Charts of an indicator per period, as SVG written by hand.

Why by hand rather than with a plotting library: a report must be byte-identical when
rebuilt from the same run, and its HTML must need no network and no script. Plotting
libraries write SVG with generated ids, embedded dates or glyph paths that vary with
their version and fonts (matplotlib salts its ids and stamps a date unless told not to),
and JavaScript chart libraries need a script. The chart here is a few rectangles, one
polygon and one polyline: writing them directly, with every coordinate formatted to two
decimals, gives the same bytes every time and lets WeasyPrint draw the same picture in
the PDF.

The chart carries only numbers and period labels (digits and Latin letters, in the
edition's digits); its legend and title are HTML beside it, where the Persian text is
shaped by the browser or by Pango. Time runs left to right in both editions, as in
Persian statistical publications; the SVG sets ``direction: ltr`` so a right-to-left
page does not mirror the labels.

Example:
    >>> svg = render_chart([ChartPoint("2025-05", 3, 4.0, 3.0, 7.5)], "en", "Executions")
    >>> svg.startswith("<svg") and "<rect" in svg
    True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Final

from paymaan.report.i18n import Lang, format_number, to_persian_digits

__all__ = ["ChartPoint", "nice_maximum", "render_chart"]

WIDTH: Final = 640.0
HEIGHT: Final = 220.0
LEFT: Final = 52.0
RIGHT: Final = 12.0
TOP: Final = 12.0
BOTTOM: Final = 40.0
MAX_X_LABELS: Final = 12

BAR_COLOUR: Final = "#3d5a80"
BAND_COLOUR: Final = "#e09f3e"
LINE_COLOUR: Final = "#9c5a00"
AXIS_COLOUR: Final = "#555555"


@dataclass(frozen=True)
class ChartPoint:
    """One period of the chart: documented count and, where made, the estimate band."""

    label: str
    documented: int
    estimate: float | None = None
    lower: float | None = None
    upper: float | None = None


def _fmt(value: float) -> str:
    """A coordinate with two decimals: the same bytes on every platform."""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


def nice_maximum(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^k that is at least *value* (at least 1).

    Example:
        >>> nice_maximum(37), nice_maximum(0), nice_maximum(101)
        (50.0, 1.0, 200.0)
    """
    if not math.isfinite(value) or value <= 1:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        candidate = step * 10.0**exponent
        if candidate >= value:
            return candidate
    return 10.0 ** (exponent + 1)  # unreachable: 10 × 10^k ≥ value by construction


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """Index ranges ``[start, end]`` of consecutive ``True`` flags."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for index, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            runs.append((start, index - 1))
            start = None
    return runs


def render_chart(points: Sequence[ChartPoint], lang: Lang, title: str) -> str:
    """Draw documented counts as bars and the estimate with its interval as a band.

    Args:
        points: the periods in time order.
        lang: the edition; ``"fa"`` writes axis numbers and labels in Persian digits.
        title: the accessible title (``<title>``) of the chart.

    Returns:
        An ``<svg>`` element as text, identical for identical arguments.

    Example:
        >>> "polygon" in render_chart(
        ...     [ChartPoint("a", 1, 2.0, 1.0, 3.0), ChartPoint("b", 2, 3.0, 2.0, 5.0)],
        ...     "en", "t")
        True
    """
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    tallest = max(
        [float(p.documented) for p in points]
        + [v for p in points for v in (_finite(p.upper), _finite(p.estimate)) if v is not None]
        + [1.0]
    )
    y_max = nice_maximum(tallest)
    slot = plot_w / max(len(points), 1)

    def x_centre(index: int) -> float:
        return LEFT + slot * (index + 0.5)

    def y_of(value: float) -> float:
        return TOP + plot_h * (1.0 - max(0.0, min(value, y_max)) / y_max)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 '
        f'{_fmt(WIDTH)} {_fmt(HEIGHT)}" width="{_fmt(WIDTH)}" height="{_fmt(HEIGHT)}" '
        f'role="img" style="direction: ltr" font-size="11">',
        f"<title>{escape(title)}</title>",
    ]
    parts += _axes(y_max, lang, plot_w, y_of)
    bar_w = slot * 0.6
    for index, point in enumerate(points):
        top = y_of(float(point.documented))
        parts.append(
            f'<rect x="{_fmt(x_centre(index) - bar_w / 2)}" y="{_fmt(top)}" '
            f'width="{_fmt(bar_w)}" height="{_fmt(TOP + plot_h - top)}" fill="{BAR_COLOUR}"/>'
        )
    parts += _band(points, x_centre, y_of)
    parts += _x_labels(points, lang, x_centre)
    parts.append("</svg>")
    return "".join(parts)


def _axes(y_max: float, lang: Lang, plot_w: float, y_of: Callable[[float], float]) -> list[str]:
    parts = []
    for fraction in (0.0, 0.5, 1.0):
        value = y_max * fraction
        y = y_of(value)
        decimals = 0 if float(value).is_integer() else 1
        parts.append(
            f'<line x1="{_fmt(LEFT)}" y1="{_fmt(y)}" x2="{_fmt(LEFT + plot_w)}" y2="{_fmt(y)}" '
            f'stroke="#dddddd" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{_fmt(LEFT - 6)}" y="{_fmt(y + 4)}" text-anchor="end" '
            f'fill="{AXIS_COLOUR}">{escape(format_number(value, lang, decimals=decimals))}</text>'
        )
    bottom = y_of(0.0)
    parts.append(
        f'<line x1="{_fmt(LEFT)}" y1="{_fmt(bottom)}" x2="{_fmt(LEFT + plot_w)}" '
        f'y2="{_fmt(bottom)}" stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )
    return parts


def _band(
    points: Sequence[ChartPoint],
    x_centre: Callable[[int], float],
    y_of: Callable[[float], float],
) -> list[str]:
    parts = []
    # Missing or non-finite values are drawn as 0 only after the runs below exclude them.
    lows = [_finite(p.lower) for p in points]
    highs = [_finite(p.upper) for p in points]
    mids = [_finite(p.estimate) for p in points]
    low = [v or 0.0 for v in lows]
    high = [v or 0.0 for v in highs]
    mid = [v or 0.0 for v in mids]
    has_band = [a is not None and b is not None for a, b in zip(lows, highs, strict=True)]
    for start, end in _runs(has_band):
        if start == end:  # one period alone: an interval bar instead of an area
            x = x_centre(start)
            parts.append(
                f'<line x1="{_fmt(x)}" y1="{_fmt(y_of(high[start]))}" x2="{_fmt(x)}" '
                f'y2="{_fmt(y_of(low[start]))}" stroke="{BAND_COLOUR}" '
                f'stroke-width="6" stroke-opacity="0.55"/>'
            )
            continue
        upper = [f"{_fmt(x_centre(i))},{_fmt(y_of(high[i]))}" for i in range(start, end + 1)]
        lower = [f"{_fmt(x_centre(i))},{_fmt(y_of(low[i]))}" for i in range(end, start - 1, -1)]
        parts.append(
            f'<polygon points="{" ".join(upper + lower)}" fill="{BAND_COLOUR}" '
            f'fill-opacity="0.35" stroke="none"/>'
        )
    has_estimate = [v is not None for v in mids]
    for start, end in _runs(has_estimate):
        line = [f"{_fmt(x_centre(i))},{_fmt(y_of(mid[i]))}" for i in range(start, end + 1)]
        if len(line) > 1:
            parts.append(
                f'<polyline points="{" ".join(line)}" fill="none" stroke="{LINE_COLOUR}" '
                f'stroke-width="2"/>'
            )
        for i in range(start, end + 1):
            parts.append(
                f'<circle cx="{_fmt(x_centre(i))}" cy="{_fmt(y_of(mid[i]))}" '
                f'r="3" fill="{LINE_COLOUR}"/>'
            )
    return parts


def _x_labels(
    points: Sequence[ChartPoint], lang: Lang, x_centre: Callable[[int], float]
) -> list[str]:
    step = max(1, math.ceil(len(points) / MAX_X_LABELS))
    parts = []
    for index in range(0, len(points), step):
        text = points[index].label
        text = to_persian_digits(text) if lang == "fa" else text
        parts.append(
            f'<text x="{_fmt(x_centre(index))}" y="{_fmt(HEIGHT - BOTTOM + 16)}" '
            f'text-anchor="middle" fill="{AXIS_COLOUR}">{escape(text)}</text>'
        )
    return parts
