"""Stable exported numbers: what the JSON and CSV of scores and comparisons hold.

Floating-point sums print as ``2.3619999999999997`` or ``11.000000000000002``: noise that makes
two equal results look different in a diff and reads as false precision. Exported floats are
rounded to :data:`SIGNIFICANT_DIGITS` (8) significant digits: beyond what the estimates
behind them support (burden minutes and waits are themselves rounded estimates), exact to the
hour for annual burden up to 100 million hours, and far short of the last, noisy binary
digits (a double carries about 16). Python objects (``Scorecard`` fields) keep full precision.
"""

from __future__ import annotations

import math
from typing import Any, Final

__all__ = ["SIGNIFICANT_DIGITS", "exported"]

SIGNIFICANT_DIGITS: Final = 8
"""Significant digits of every float in ``lifeexp score``/``compare`` JSON and CSV."""


def _round(value: float, digits: int) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    return float(f"{value:.{digits}g}")


def exported(data: Any, digits: int = SIGNIFICANT_DIGITS) -> Any:
    """``data`` (JSON-ready values) with every float rounded to ``digits`` significant digits.

    >>> exported({"a": [2.3619999999999997, 11.000000000000002, 3, "x"]})
    {'a': [2.362, 11.0, 3, 'x']}
    >>> exported(294823.987654321)
    294823.99
    """
    if isinstance(data, float):
        return _round(data, digits)
    if isinstance(data, dict):
        return {k: exported(v, digits) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [exported(v, digits) for v in data]
    return data
