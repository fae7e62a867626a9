"""Numbers as people read them: the one vocabulary of every output.

The map, the text map, the report (as Jinja filters), the command line, Markdown and the
friction reasons all format figures here, so one figure reads the same wherever it is
shown: 1,234.5 minutes is ``21 h`` everywhere, a share of 0.256 is ``26%`` everywhere.

Rules shared by every function:

* one unit per figure, always written (``45 min``, ``2.5 h``, ``3 days``, ``26%``);
* precision follows the size: small figures keep a decimal (or two for counts), large ones
  are whole and get thousands separators;
* halves round up (``2.25 h`` → ``2.3 h``), as people round, not to the even neighbour;
* negatives use the minus sign ``−`` and there is no ``−0``;
* a missing figure (``None`` or NaN) is an en dash ``–``.

>>> minutes(1234.5), share(0.256), days(1), count(0.349)
('21 h', '26%', '1 day', '0.35')
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

__all__ = [
    "MISSING",
    "change",
    "count",
    "counted",
    "days",
    "dollars",
    "file_size",
    "hours",
    "integer",
    "load",
    "metric",
    "minutes",
    "number",
    "parse_file_size",
    "probability",
    "share",
]

MISSING: Final = "–"
"""What a missing figure reads as."""

_MINUS: Final = "−"


def number(value: float | None, digits: int = 1) -> str:
    """A number with thousands separators and at most ``digits`` decimals (trailing zeros
    dropped, halves rounded up, no ``−0``).

    >>> number(1234567.891)
    '1,234,567.9'
    >>> number(2.0), number(2.25), number(-0.04), number(-3.5, 0)
    ('2', '2.3', '0', '−4')
    >>> number(None)
    '–'
    """
    if value is None or math.isnan(value):
        return MISSING
    if math.isinf(value):
        return "∞" if value > 0 else f"{_MINUS}∞"
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    text = f"{abs(exact):,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "0":
        return "0"
    return f"{_MINUS}{text}" if exact < 0 else text


def _decimals(value: float, *, small: float = 10, least: int = 1) -> int:
    """Precision follows the size: whole from ``small`` up, ``least`` decimals below it, and
    a tiny non-zero figure keeps its first significant digit (``0.04 days``, not ``0 days``;
    at most four decimals)."""
    size = abs(value)
    if size >= small:
        return 0
    if size == 0 or size >= 10**-least or math.isinf(size):
        return least
    return min(4, -math.floor(math.log10(size)))


def minutes(value: float | None) -> str:
    """Minutes of a person's time: ``0.5 min``, ``45 min``, ``2.5 h``, ``21 h``.

    Under ten minutes keeps one decimal; from two hours the figure is in hours (one decimal
    under ten hours, whole above).

    Examples:
        >>> [minutes(m) for m in (0.5, 45, 119.6, 150, 720, 1234.5, 90_000)]
        ['0.5 min', '45 min', '2 h', '2.5 h', '12 h', '21 h', '1,500 h']
        >>> minutes(-150), minutes(None)
        ('−2.5 h', '–')
    """
    if value is None or math.isnan(value):
        return MISSING
    if abs(value) >= 119.5:
        return hours(value / 60)
    return f"{number(value, _decimals(value))} min"


def hours(value: float | None) -> str:
    """Hours: one decimal under ten hours, whole above.

    >>> hours(2.25), hours(12.4), hours(1234567.8)
    ('2.3 h', '12 h', '1,234,568 h')
    """
    if value is None or math.isnan(value):
        return MISSING
    return f"{number(value, _decimals(value))} h"


def days(value: float | None) -> str:
    """Calendar days: one decimal under ten days, whole above.

    >>> days(1), days(0.5), days(0.04), days(12.34), days(1321.5)
    ('1 day', '0.5 days', '0.04 days', '12 days', '1,322 days')
    """
    if value is None or math.isnan(value):
        return MISSING
    text = number(value, _decimals(value))
    return f"{text} day" if text in {"1", f"{_MINUS}1"} else f"{text} days"


def count(value: float | None) -> str:
    """An expected count: two decimals under ten (``0.35``), one under a thousand, whole
    above; exact whole numbers print whole.

    >>> count(0.349), count(2), count(12.345), count(12_345.6)
    ('0.35', '2', '12.3', '12,346')
    """
    if value is None or math.isnan(value):
        return MISSING
    digits = _decimals(value, least=2) if abs(value) < 10 else 1 if abs(value) < 1000 else 0
    return number(value, digits)


def integer(value: float | None) -> str:
    """A whole count of things (people, samples): ``1,234``.

    >>> integer(1234), integer(2.6)
    ('1,234', '3')
    """
    return number(value, 0)


def share(value: float | None) -> str:
    """A share (0–1) as a percentage: one decimal under 10 %, whole above; a positive share
    too small to show is ``<0.1%``, never ``0%``.

    Examples:
        >>> [share(s) for s in (0.256, 0.025, 0.0004, 0.0, 1.0, -0.034)]
        ['26%', '2.5%', '<0.1%', '0%', '100%', '−3.4%']
    """
    if value is None or math.isnan(value):
        return MISSING
    pct = value * 100
    if 0 < pct < 0.05:
        return "<0.1%"
    if -0.05 < pct < 0:
        return f">{_MINUS}0.1%"
    return f"{number(pct, 0 if abs(pct) >= 10 else 1)}%"


def probability(value: float | None) -> str:
    """A branch probability, read as a share: ``30%``, ``2.5%``, ``<0.1%``.

    Examples:
        >>> [probability(p) for p in (0.3, 0.025, 0.0004, 1.0)]
        ['30%', '2.5%', '<0.1%', '100%']
    """
    return share(value)


def dollars(value: float | None, *, cents: bool = False) -> str:
    """US dollars, whole (``$1,234,567``, ``−$5``), or with ``cents`` always two decimals, as
    a rate is written (``$33.18``, ``$30.00``).

    >>> dollars(1234567.2), dollars(-5), dollars(30, cents=True)
    ('$1,234,567', '−$5', '$30.00')
    """
    if value is None or math.isnan(value):
        return MISSING
    text = number(value, 2 if cents else 0)
    if cents:
        whole, _, part = text.partition(".")
        text = f"{whole}.{part.ljust(2, '0')}"
    return f"{_MINUS}${text[1:]}" if text.startswith(_MINUS) else f"${text}"


def load(value: float | None) -> str:
    """A psychological load score (an ordinal 0–3 per visit), one decimal.

    >>> load(1.25), load(0)
    ('1.3', '0')
    """
    return number(value, 1)


_BY_UNIT = {
    "minutes": minutes,
    "hours": hours,
    "days": days,
    "USD": dollars,
    "share": share,
    "count": count,
    "load": load,
}


def metric(value: float | None, unit: str) -> str:
    """A figure in the unit a metric declares (:attr:`lifeexp.scoring.MetricInfo.unit`).

    >>> metric(150, "minutes"), metric(0.5, "share"), metric(2.5, "count")
    ('2.5 h', '50%', '2.5')
    """
    try:
        fmt = _BY_UNIT[unit]
    except KeyError:
        msg = f"no format for the unit {unit!r}; known: {', '.join(_BY_UNIT)}"
        raise ValueError(msg) from None
    return fmt(value)


def _reads_as_zero(text: str) -> bool:
    digits = [c for c in text if c.isdigit()]
    return bool(digits) and set(digits) == {"0"}


def _significant(value: float, figures: int = 2) -> int:
    """Decimals that show ``figures`` significant figures of a small ``value``."""
    return max(0, figures - 1 - math.floor(math.log10(abs(value))))


def change(delta: float | None, unit: str) -> str:
    """A change between two figures of one unit, with its sign and unit.

    Precision follows the size of the change, so a real change never reads as ``0``; a
    change of a share is in percentage points (not a percentage of the share).

    >>> change(-0.01, "count"), change(150, "minutes"), change(-0.0003, "share")
    ('−0.01', '+2.5 h', '−0.03 percentage points')
    >>> change(0.01, "share"), change(0, "days"), change(-0.004, "minutes")
    ('+1 percentage point', 'no change', '−0.004 min')
    """
    if delta is None or math.isnan(delta):
        return MISSING
    if delta == 0:
        return "no change"
    sign = "+" if delta > 0 else _MINUS
    size = abs(delta)
    if unit == "share":
        points = size * 100
        text = number(points, _decimals(points))
        if _reads_as_zero(text):
            text = number(points, _significant(points))
        return f"{sign}{text} percentage point{'' if text == '1' else 's'}"
    text = metric(size, unit)
    if _reads_as_zero(text):
        small = number(size, _significant(size))
        text = metric(1, unit).replace("1", small, 1) if unit != "days" else f"{small} days"
    return sign + text


def counted(value: int, noun: str, nouns: str | None = None) -> str:
    """A whole count with its noun agreeing: ``1 handoff``, ``2 handoffs``, ``1,200 steps``.

    ``nouns`` is the plural when adding ``s`` is wrong.

    >>> counted(1, "cross-agency handoff"), counted(0, "step"), counted(1200, "step")
    ('1 cross-agency handoff', '0 steps', '1,200 steps')
    >>> counted(2, "loop back", "loops back")
    '2 loops back'
    """
    word = noun if value == 1 else (nouns or noun + "s")
    return f"{integer(value)} {word}"


_KIB: Final = 1024
_SIZE_UNITS: Final = {
    "": 1,
    "b": 1,
    "k": _KIB,
    "kib": _KIB,
    "kb": 1000,
    "m": _KIB**2,
    "mib": _KIB**2,
    "mb": 1000**2,
    "g": _KIB**3,
    "gib": _KIB**3,
    "gb": 1000**3,
}


def file_size(value: int) -> str:
    """A number of bytes as people read a file's size, in binary units.

    >>> file_size(512), file_size(1536), file_size(8 * 1024 * 1024), file_size(34_323_540)
    ('512 bytes', '1.5 KiB', '8 MiB', '32.7 MiB')
    """
    for unit, scale in (("GiB", _KIB**3), ("MiB", _KIB**2), ("KiB", _KIB)):
        if value >= scale:
            return f"{number(value / scale)} {unit}"
    return counted(value, "byte")


def parse_file_size(text: str | int) -> int:
    """A file size written as people write it: ``64MiB``, ``64 MiB``, ``500kB``, ``1.5 GiB`` or a
    number of bytes. ``K``/``M``/``G`` alone and the ``…iB`` units are binary (1024), ``kB``,
    ``MB`` and ``GB`` decimal (1000).

    >>> parse_file_size("64MiB"), parse_file_size("64 mb"), parse_file_size(2048)
    (67108864, 64000000, 2048)

    Raises:
        ValueError: the text is not a positive size; the message says what is expected.
    """
    if isinstance(text, bool) or not isinstance(text, int | str):  # e.g. a TOML value
        raise ValueError(f"expected a file size such as 64MiB, got {text!r}")
    if isinstance(text, int):
        value: float = text
    else:
        body = text.strip().replace(",", "").replace("_", "")
        digits = body.rstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ").strip()
        unit = body[len(body.rstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")) :]
        scale = _SIZE_UNITS.get(unit.lower())
        try:
            amount = float(digits)
        except ValueError:
            amount = math.nan
        if scale is None or not math.isfinite(amount):
            msg = (
                f"{text!r} is not a file size; write a number of bytes or one with a unit, "
                "such as 64MiB, 500kB or 1GiB"
            )
            raise ValueError(msg)
        value = amount * scale
    if value < 1:
        raise ValueError(f"a file size must be at least 1 byte, got {text!r}")
    return int(value)
