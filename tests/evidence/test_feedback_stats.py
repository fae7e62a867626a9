"""The feedback statistics against hand-computed values (see docs/explanation/feedback.md)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifeexp.evidence.feedback import (
    effective_n,
    likert_mean,
    net_score,
    newcombe_difference,
    share_figure,
    wilson_interval,
)
from lifeexp.evidence.feedback._summary import Pool
from lifeexp.model import FeedbackFigures, SurveyFormat, ThumbsCounts


def test_wilson_8_of_10() -> None:
    # p = 0.8, z² = 3.8415: centre (0.8 + 0.19208) / 1.38415 = 0.71681,
    # half 1.96·√(0.016 + 0.009604) / 1.38415 = 0.22658.
    low, high = wilson_interval(8, 10)
    assert round(low, 2) == 0.49
    assert round(high, 2) == 0.94
    assert low == pytest.approx(0.49016, abs=1e-4)
    assert high == pytest.approx(0.94332, abs=1e-4)


def test_wilson_1500_of_2000() -> None:
    low, high = wilson_interval(1500, 2000)
    assert (round(low, 3), round(high, 3)) == (0.731, 0.768)


def test_wilson_at_the_edges_stays_inside_0_1() -> None:
    assert wilson_interval(0, 5)[0] == 0.0
    assert wilson_interval(5, 5)[1] == 1.0
    # 0 of 5: upper end z²/(n + z²) = 3.8415 / 8.8415
    assert wilson_interval(0, 5)[1] == pytest.approx(3.8415 / 8.8415, abs=1e-4)


def test_wilson_refuses_impossible_counts() -> None:
    with pytest.raises(ValueError, match="at least one response"):
        wilson_interval(0, 0)
    with pytest.raises(ValueError, match="between 0"):
        wilson_interval(11, 10)


def test_likert_mean_and_interval() -> None:
    # mean 7780 / 2000 = 3.89; Σx² = 32540, s² = (32540 − 2000·3.89²) / 1999 = 1.13847,
    # s = 1.06699, half-width 1.96 · s / √2000 = 0.04676.
    mean, sd, low, high = likert_mean([120, 80, 300, 900, 600])
    assert round(mean, 3) == 3.890
    assert sd == pytest.approx(1.06699, abs=1e-5)
    assert (round(low, 3), round(high, 3)) == (3.843, 3.937)


def test_likert_mean_needs_five_counts_and_two_answers() -> None:
    with pytest.raises(ValueError, match="five counts"):
        likert_mean([1, 2, 3])
    with pytest.raises(ValueError, match="two answers"):
        likert_mean([0, 0, 1, 0, 0])


def test_newcombe_matches_the_published_example() -> None:
    # Newcombe (1998), example (a): 56/70 − 48/80 = 0.2, 95 % CI 0.0524 to 0.3339.
    d, low, high = newcombe_difference(56, 70, 48, 80)
    assert d == pytest.approx(0.2)
    assert (round(low, 4), round(high, 4)) == (0.0524, 0.3339)


def test_net_score() -> None:
    # 60 +1, 20 −1, 20 zero of 100: mean 0.4, E[s²] 0.8, s² = (0.8 − 0.16)·100/99 = 0.64646,
    # half-width 1.96 · √(0.64646 / 100) = 0.15759.
    net, low, high = net_score(60, 20, 100)
    assert net == pytest.approx(0.4)
    assert low == pytest.approx(0.4 - 0.15759, abs=1e-4)
    assert high == pytest.approx(0.4 + 0.15759, abs=1e-4)


def test_effective_n_equals_total_with_equal_weights() -> None:
    assert effective_n([1.0, 1.0, 1.0], [10, 20, 30]) == pytest.approx(60)
    assert effective_n([3.0, 3.0], [10, 30]) == pytest.approx(40)
    # weights 2 and 1 on 100 and 300: (200 + 300)² / (400 + 300) = 357.14
    assert effective_n([2, 1], [100, 300]) == pytest.approx(250000 / 700)


def test_below_the_minimum_only_the_interval_is_shown() -> None:
    small = share_figure(8, 10, 10, 30)
    assert small.value is None
    assert small.low_sample
    assert (round(small.low or 0, 2), round(small.high or 0, 2)) == (0.49, 0.94)
    big = share_figure(8, 10, 10, 5)
    assert big.value == pytest.approx(0.8)
    assert not big.low_sample


def _thumbs(up: int, down: int, quarter: str = "FY2026 Q3") -> FeedbackFigures:
    return FeedbackFigures(quarter=quarter, thumbs=ThumbsCounts(up=up, down=down))


def test_pooling_adds_counts_weighted_by_visits_never_averages_shares() -> None:
    # Step A: 90 of 100 (0.9), one visit; step B: 300 of 900 (0.333), two visits.
    # Pooled: (90 + 2·300) / (100 + 2·900) = 690 / 1900 = 0.36316, not (0.9 + 2·0.333)/3.
    pool = Pool(SurveyFormat.thumbs)
    pool.add([_thumbs(90, 10)], 1.0)
    pool.add([_thumbs(300, 600)], 2.0)
    fig = pool.figure(30, 0.75)
    assert fig.share.value == pytest.approx(690 / 1900)
    assert fig.share.responses == 1000
    # Kish: (100 + 1800)² / (100 + 4·900) = 3,610,000 / 3,700 = 975.68
    assert fig.share.effective_n == pytest.approx(3_610_000 / 3_700)
    assert fig.goal_met is False


def test_goal_met_only_when_the_whole_interval_clears_it() -> None:
    pool = Pool(SurveyFormat.thumbs)
    pool.add([_thumbs(1600, 400)])  # 0.8, CI about 0.782–0.817
    assert pool.figure(30, 0.75).goal_met is True
    pool = Pool(SurveyFormat.thumbs)
    pool.add([_thumbs(8, 2)])  # 0.8 but CI 0.49–0.94 straddles 0.75
    assert pool.figure(30, 0.75).goal_met is None


def test_likert_pool_gives_top_two_box_and_mean() -> None:
    pool = Pool(SurveyFormat.likert)
    pool.add([FeedbackFigures(quarter="FY2026 Q3", likert=[120, 80, 300, 900, 600])])
    fig = pool.figure(30, 0.75)
    assert fig.share.value == pytest.approx(1500 / 2000)
    assert (round(fig.share.low or 0, 3), round(fig.share.high or 0, 3)) == (0.731, 0.768)
    assert fig.mean is not None
    assert round(fig.mean.value or 0, 3) == 3.890
    assert (round(fig.mean.low or 0, 3), round(fig.mean.high or 0, 3)) == (3.843, 3.937)


@given(
    k=st.integers(min_value=0, max_value=10_000),
    extra=st.integers(min_value=0, max_value=10_000),
)
def test_wilson_contains_the_point_and_lies_in_0_1(k: int, extra: int) -> None:
    n = k + extra
    if n == 0:
        return
    low, high = wilson_interval(k, n)
    assert 0.0 <= low <= k / n + 1e-12
    assert k / n - 1e-12 <= high <= 1.0


@given(
    counts=st.lists(st.integers(min_value=0, max_value=5_000), min_size=5, max_size=5).filter(
        lambda c: sum(c) >= 2
    )
)
def test_likert_mean_lies_within_its_interval_and_1_5(counts: list[int]) -> None:
    mean, sd, low, high = likert_mean(counts)
    assert 1.0 <= low <= mean + 1e-9
    assert mean - 1e-9 <= high <= 5.0
    assert sd >= 0
    assert not math.isnan(sd)


@given(
    a=st.integers(min_value=1, max_value=500),
    b=st.integers(min_value=1, max_value=500),
    w=st.floats(min_value=0.1, max_value=10),
)
def test_equal_weights_pool_like_plain_counts(a: int, b: int, w: float) -> None:
    pool = Pool(SurveyFormat.thumbs)
    pool.add([_thumbs(a, b)], w)
    pool.add([_thumbs(b, a)], w)
    fig = pool.figure(1, 0.75)
    assert fig.share.value == pytest.approx(0.5)
    assert fig.share.effective_n == pytest.approx(2 * (a + b))
