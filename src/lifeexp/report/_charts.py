"""Charts for the report as small inline SVGs, plus the colours of the heat table.

Each chart is a plain horizontal bar chart drawn by hand: no JavaScript, no external library,
and readable when printed. A chart is always paired with a data table in the page (its text
alternative); the SVG itself carries ``role="img"``, a ``<title>`` and a ``<desc>`` that sums
up the data in words. Colours pass WCAG AA contrast against the white page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Final

from markupsafe import Markup

__all__ = ["Bar", "bar_chart", "contrast_ratio", "heat_colours"]

_BAR_FILL: Final = "#1f5f99"  # 6.9:1 against white; also the text colour of the values
_TEXT: Final = "#1b1b1b"
_WIDTH: Final = 400
_LABEL_H: Final = 18
_BAR_H: Final = 16
_ROW_GAP: Final = 10
_PAD: Final = 6
_MAX_LABEL: Final = 48  # characters that fit the chart's width; the data table has the rest


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its label, its value and the value as people read it (e.g. ``1 h 20 min``)."""

    label: str
    value: float
    display: str


def _e(text: str) -> str:
    return escape(text, quote=True)


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    summary: str,
) -> Markup:
    """A horizontal bar chart as inline SVG.

    Each bar has its label on a line of its own above it, so long agency or phase names never
    collide with the bars on a narrow screen. The chart scales to its container's width.

    Args:
        bars: The bars, in the order to draw them.
        chart_id: A page-unique id; the title and description ids derive from it.
        title: Accessible title of the chart.
        summary: One or two sentences saying what the chart shows (its ``<desc>``).

    Returns:
        SVG markup; every user string in it is escaped.
    """
    top = max((b.value for b in bars), default=0.0)
    row_h = _LABEL_H + _BAR_H + _ROW_GAP
    height = max(row_h * len(bars) + _PAD, 2 * _PAD)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {_WIDTH} {height}" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{_e(chart_id)}-title {_e(chart_id)}-desc">',
        f'<title id="{_e(chart_id)}-title">{_e(title)}</title>',
        f'<desc id="{_e(chart_id)}-desc">{_e(summary)}</desc>',
    ]
    value_room = 110  # keep space for the value text after the longest bar
    span = _WIDTH - 2 * _PAD - value_room
    for i, bar in enumerate(bars):
        y = _PAD + i * row_h
        length = 0.0 if top <= 0 else max(bar.value / top * span, 1.0 if bar.value > 0 else 0.0)
        label = bar.label if len(bar.label) <= _MAX_LABEL else bar.label[: _MAX_LABEL - 1] + "…"
        parts.append(
            f'<text x="{_PAD}" y="{y + _LABEL_H - 5}" fill="{_TEXT}" font-size="14">'
            f"{_e(label)}</text>"
        )
        parts.append(
            f'<rect x="{_PAD}" y="{y + _LABEL_H}" width="{length:.1f}" height="{_BAR_H}" '
            f'fill="{_BAR_FILL}" rx="2"/>'
        )
        parts.append(
            f'<text x="{_PAD + length + 6:.1f}" y="{y + _LABEL_H + _BAR_H - 3}" '
            f'fill="{_BAR_FILL}" font-size="13">{_e(bar.display)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated string is escaped above


def _luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two ``#rrggbb`` colours.

    >>> round(contrast_ratio("#000000", "#ffffff"), 1)
    21.0
    """
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _mix(low: tuple[int, int, int], high: tuple[int, int, int], t: float) -> str:
    r, g, b = (round(lo + (hi - lo) * t) for lo, hi in zip(low, high, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


_HEAT_LOW: Final = (0xF3, 0xF7, 0xFB)
_HEAT_HIGH: Final = (0x08, 0x30, 0x6B)


def heat_colours(value: float, top: float) -> tuple[str, str]:
    """Background and text colour of a heat-table cell.

    The background runs from near-white (0) to dark blue (``top``); the text is black or
    white, whichever contrasts more, which always gives at least 4.5:1.

    >>> heat_colours(0, 10)[1]
    '#000000'
    >>> heat_colours(10, 10)[1]
    '#ffffff'
    """
    t = 0.0 if top <= 0 else min(max(value / top, 0.0), 1.0)
    background = _mix(_HEAT_LOW, _HEAT_HIGH, t)
    black, white = "#000000", "#ffffff"
    text = (
        black if contrast_ratio(background, black) >= contrast_ratio(background, white) else white
    )
    return background, text


def bars_from(
    values: dict[str, float],
    fmt: Callable[[float], str],
    *,
    labels: dict[str, str] | None = None,
    keep_order: bool = False,
) -> list[Bar]:
    """Bars from a ``{key: value}`` mapping, largest first unless ``keep_order``.

    Zero values are kept (a phase with no burden is worth seeing); negative ones are not drawn.
    """
    items = [(k, v) for k, v in values.items() if v >= 0]
    if not keep_order:
        items.sort(key=lambda kv: (-kv[1], kv[0]))
    names = labels or {}
    return [Bar(names.get(k, k), v, fmt(v)) for k, v in items]
