"""Quantiles from fixed log-spaced histograms, and the three-point rule.

Durations are counted in fixed bins (bin 0: under one second; bin k ≥ 1: from 10^((k−1)/100)
to 10^(k/100) seconds, each 2.3 % wide). Fixed bins merge by adding counts, so partial results
from partitions of a log, or from two engines, combine exactly; a quantile read from them is
within one bin (2.3 %) of the exact sample quantile.

The three-point rule turns measured quantiles into the ``[low, likely, high]`` estimate a
journey uses: ``low`` is the 5th percentile, ``high`` the 95th, and ``likely`` is chosen so that
the PERT mean ``(low + 4·likely + high)/6`` equals the measured mean exactly (clamped to
``[low, high]``). Scoring's expected lead time uses the PERT mean, so a calibrated journey's
expected waits are the measured mean waits, not a figure shifted by the shape of the tails.
"""

from __future__ import annotations

from collections.abc import Mapping

from lifeexp.evidence.logs._sql import TIME_BINS_PER_DECADE

__all__ = ["QUANTILES", "bin_bounds", "quantile", "three_point"]

QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.9, 0.95)
"""The quantiles published for every wait and processing time."""


def bin_bounds(k: int) -> tuple[float, float]:
    """Lower and upper bound of bin ``k``, in seconds.

    >>> bin_bounds(0)
    (0.0, 1.0)
    >>> [round(x, 4) for x in bin_bounds(101)]
    [10.0, 10.2329]
    """
    if k <= 0:
        return 0.0, 1.0
    return 10 ** ((k - 1) / TIME_BINS_PER_DECADE), 10 ** (k / TIME_BINS_PER_DECADE)


def quantile(histogram: Mapping[int, int], p: float) -> float:
    """The ``p`` quantile (0–1) of a histogram ``{bin: count}``, in seconds.

    Within its bin the quantile is interpolated geometrically (linearly in bin 0).

    >>> round(quantile({0: 1, 101: 1}, 0.5), 3)
    1.0
    >>> round(quantile({101: 4}, 0.5), 3)
    10.116
    """
    total = sum(histogram.values())
    if total <= 0:
        msg = "quantile of an empty histogram"
        raise ValueError(msg)
    target = p * total
    seen = 0
    for k in sorted(histogram):
        n = histogram[k]
        if n <= 0:
            continue
        if seen + n >= target:
            frac = (target - seen) / n
            lo, hi = bin_bounds(k)
            if k == 0:
                return lo + (hi - lo) * frac
            return float(lo * (hi / lo) ** frac)
        seen += n
    return bin_bounds(max(histogram))[1]  # pragma: no cover - p > 1 guards


def three_point(mean: float, low: float, high: float) -> tuple[float, float, float]:
    """``[low, likely, high]`` whose PERT mean is ``mean`` (``likely`` clamped to the range).

    >>> three_point(12.5, 5, 30)
    (5, 10.0, 30)
    >>> three_point(2.0, 5, 30)
    (5, 5, 30)
    """
    likely = (6 * mean - low - high) / 4
    return low, min(max(likely, low), high), high
