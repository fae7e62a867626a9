"""Numbers as people read them in the report: minutes, hours, days, counts and changes."""

from __future__ import annotations

import math

__all__ = ["count", "days", "delta", "dollars", "hours", "minutes", "number", "percent"]


def number(value: float | None, digits: int = 1) -> str:
    """A number with thousands separators and at most ``digits`` decimals.

    >>> number(1234567.891)
    '1,234,567.9'
    >>> number(2.0)
    '2'
    >>> number(None)
    '–'
    """
    if value is None or math.isnan(value):
        return "–"
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def count(value: float | None) -> str:
    """An expected count, two decimals when small (``0.35``), fewer when large.

    >>> count(0.349)
    '0.35'
    >>> count(12.345)
    '12.3'
    """
    if value is None:
        return "–"
    return number(value, 2 if abs(value) < 10 else 1)


def minutes(value: float | None) -> str:
    """Minutes as ``2 h 05 min`` (or ``45 min`` under an hour).

    >>> minutes(125.4)
    '2 h 05 min'
    >>> minutes(44.6)
    '45 min'
    >>> minutes(0.4)
    '0.4 min'
    """
    if value is None or math.isnan(value):
        return "–"
    if abs(value) < 1:
        return f"{number(value, 1)} min"
    total = round(value)
    if abs(total) < 60:
        return f"{total} min"
    h, m = divmod(abs(total), 60)
    sign = "−" if total < 0 else ""
    return f"{sign}{h:,} h {m:02d} min"


def hours(value: float | None) -> str:
    """Hours, rounded to whole hours when large.

    >>> hours(1234567.8)
    '1,234,568 h'
    >>> hours(2.25)
    '2.3 h'
    """
    if value is None:
        return "–"
    return f"{number(value, 0 if abs(value) >= 100 else 1)} h"


def days(value: float | None) -> str:
    """Calendar days.

    >>> days(1)
    '1 day'
    >>> days(12.34)
    '12.3 days'
    >>> days(1321.5)
    '1,322 days'
    """
    if value is None:
        return "–"
    text = number(value, 0 if abs(value) >= 100 else 1)
    return f"{text} day" if text == "1" else f"{text} days"


def dollars(value: float | None) -> str:
    """US dollars, whole.

    >>> dollars(1234567.2)
    '$1,234,567'
    """
    if value is None:
        return "–"
    return f"${value:,.0f}"


def percent(value: float | None) -> str:
    """A share (0–1) as a percentage.

    >>> percent(0.256)
    '26%'
    >>> percent(-0.034)
    '−3.4%'
    """
    if value is None:
        return "–"
    pct = value * 100
    text = f"{pct:.1f}" if 0 < abs(pct) < 10 else f"{pct:.0f}"
    return text.replace("-", "−") + "%"


def delta(before: float | None, after: float | None) -> tuple[float | None, float | None]:
    """The change from ``before`` to ``after``: absolute and relative (None when undefined).

    >>> delta(100, 75)
    (-25, -0.25)
    >>> delta(0, 3)
    (3, None)
    """
    if before is None or after is None:
        return None, None
    change = after - before
    return change, (change / before if before else None)
