"""The statistics of post-transaction feedback, from counts only.

Every function takes counts (never percentages) so results can be pooled by adding counts.
The formulas and their sources are in ``docs/explanation/feedback.md``:

* Wilson score interval for a share (stable at small n and near 0 or 1);
* mean of a 1–5 Likert item with a normal interval, mean ± z·s/√n (s the sample standard
  deviation);
* Newcombe's hybrid score interval (method 10) for the difference of two independent shares;
* a net score (positive − negative rate) as the mean of a per-respondent −1/0/+1 score;
* Kish's effective sample size for a pooled share whose counts carry weights.

>>> low, high = wilson_interval(8, 10)
>>> round(low, 2), round(high, 2)
(0.49, 0.94)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = [
    "Z95",
    "effective_n",
    "likert_mean",
    "net_score",
    "newcombe_difference",
    "wilson_interval",
]

Z95 = 1.959963984540054
"""The two-sided 95 % standard normal quantile."""


def wilson_interval(k: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for ``k`` successes out of ``n``.

    ``(p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)``. Counts may be fractional (weighted
    pooling uses an effective sample size).

    Raises:
        ValueError: ``n`` is not positive or ``k`` is outside ``[0, n]``.

    >>> [round(x, 3) for x in wilson_interval(1500, 2000)]
    [0.731, 0.768]
    """
    if not n > 0:
        msg = "a share needs at least one response"
        raise ValueError(msg)
    if not 0 <= k <= n:
        msg = f"successes ({k:g}) must lie between 0 and the responses ({n:g})"
        raise ValueError(msg)
    p = k / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def likert_mean(counts: Sequence[float], z: float = Z95) -> tuple[float, float, float, float]:
    """Mean, sample standard deviation and 95 % interval of a 1..5 item from its counts.

    ``counts[j-1]`` is the number of answers ``j``. The interval is mean ± z·s/√n, with s the
    sample standard deviation (n − 1 in the denominator), clipped to [1, 5].

    Returns:
        ``(mean, sd, low, high)``.

    Raises:
        ValueError: fewer than two answers (no spread can be estimated) or not five counts.

    >>> [round(x, 3) for x in likert_mean([120, 80, 300, 900, 600])]
    [3.89, 1.067, 3.843, 3.937]
    """
    if len(counts) != 5:
        msg = f"a 1..5 item has five counts, got {len(counts)}"
        raise ValueError(msg)
    n = float(sum(counts))
    if n < 2:
        msg = "a mean with an interval needs at least two answers"
        raise ValueError(msg)
    total = sum((j + 1) * c for j, c in enumerate(counts))
    mean = total / n
    squares = sum(c * ((j + 1) - mean) ** 2 for j, c in enumerate(counts))
    sd = math.sqrt(squares / (n - 1))
    half = z * sd / math.sqrt(n)
    return mean, sd, max(1.0, mean - half), min(5.0, mean + half)


def newcombe_difference(
    k1: float, n1: float, k2: float, n2: float, z: float = Z95
) -> tuple[float, float, float]:
    """Difference of two independent shares ``k1/n1 − k2/n2`` with Newcombe's interval.

    Method 10 of Newcombe (1998): the hybrid score interval built from the two Wilson
    intervals, ``d − √((p₁−l₁)² + (u₂−p₂)²)`` to ``d + √((u₁−p₁)² + (p₂−l₂)²)``.

    Returns:
        ``(difference, low, high)``.

    >>> [round(x, 4) for x in newcombe_difference(56, 70, 48, 80)]
    [0.2, 0.0524, 0.3339]
    """
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson_interval(k1, n1, z)
    l2, u2 = wilson_interval(k2, n2, z)
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return d, max(-1.0, low), min(1.0, high)


def net_score(
    positive: float, negative: float, offered: float, z: float = Z95
) -> tuple[float, float, float]:
    """Net rate ``(positive − negative) / offered`` with a 95 % interval.

    Each respondent who was offered the driver scores +1 (named it as what went well), −1
    (named it as what did not) or 0; the net is the mean score and the interval is
    mean ± z·s/√n with s² = (pos + neg)/n − net² (scaled by n/(n−1)). A respondent who named
    the driver in both lists counts in both, which only widens the interval.

    Returns:
        ``(net, low, high)``, clipped to [−1, 1].

    >>> [round(x, 4) for x in net_score(60, 20, 100)]
    [0.4, 0.2424, 0.5576]
    """
    if not offered > 0:
        msg = "a net rate needs at least one respondent offered the driver"
        raise ValueError(msg)
    net = (positive - negative) / offered
    second = (positive + negative) / offered
    var = max(second - net * net, 0.0)
    if offered > 1:
        var *= offered / (offered - 1)
    half = z * math.sqrt(var / offered)
    return net, max(-1.0, net - half), min(1.0, net + half)


def effective_n(weights: Sequence[float], sizes: Sequence[float]) -> float:
    """Kish's effective sample size of pooled groups: ``(Σ wᵢnᵢ)² / Σ wᵢ²nᵢ``.

    Pooling step counts with weights (expected visits) makes the pooled share less precise
    than its raw count suggests; with equal weights this is the plain total.

    >>> effective_n([1, 1], [100, 300])
    400.0
    >>> round(effective_n([2, 1], [100, 300]), 1)
    357.1
    """
    num = sum(w * n for w, n in zip(weights, sizes, strict=True))
    den = sum(w * w * n for w, n in zip(weights, sizes, strict=True))
    return num * num / den if den > 0 else 0.0
