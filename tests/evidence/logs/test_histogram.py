"""Fixed-bin histogram quantiles stay within one bin of the exact sample quantile."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from lifeexp.evidence.logs._histogram import bin_bounds, quantile, three_point
from lifeexp.evidence.logs._sql import TIME_BINS_PER_DECADE


def _bin(seconds: float) -> int:
    # The same rule as the SQL: bin 0 under a second, else floor(100 log10 s) + 1.
    if seconds < 1:
        return 0
    return math.floor(math.log10(seconds) * TIME_BINS_PER_DECADE) + 1


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=1, max_value=3e8), min_size=1, max_size=200),
    st.sampled_from([0.05, 0.25, 0.5, 0.75, 0.9, 0.95]),
)
def test_quantile_within_one_bin(values: list[float], p: float) -> None:
    hist: dict[int, int] = {}
    for v in values:
        hist[_bin(v)] = hist.get(_bin(v), 0) + 1
    got = quantile(hist, p)
    ordered = sorted(values)
    exact = ordered[max(0, math.ceil(p * len(ordered)) - 1)]
    width = 10 ** (1 / TIME_BINS_PER_DECADE)
    assert exact / width <= got <= exact * width


def test_bins_tile_the_line() -> None:
    assert bin_bounds(0) == (0.0, 1.0)
    for k in range(1, 400):
        assert math.isclose(bin_bounds(k)[1], bin_bounds(k + 1)[0])


@given(
    st.floats(min_value=0, max_value=1e6),
    st.floats(min_value=0, max_value=1e6),
    st.floats(min_value=0, max_value=1e6),
)
def test_three_point_is_ordered_and_keeps_the_mean(m: float, a: float, b: float) -> None:
    low, high = min(a, b), max(a, b)
    lo, likely, hi = three_point(m, low, high)
    assert lo <= likely <= hi
    pert = (lo + 4 * likely + hi) / 6
    if (5 * low + high) / 6 <= m <= (low + 5 * high) / 6:
        assert math.isclose(pert, m, rel_tol=1e-9, abs_tol=1e-6)
