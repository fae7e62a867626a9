"""The one number vocabulary: hand-worked examples and properties every figure keeps."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifeexp import formatting as fmt
from lifeexp.metrics import METRICS, metric_named, show

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.25, "0.3 min"),
        (0.4, "0.4 min"),
        (10, "10 min"),
        (599, "10 h"),
        (9.95, "10 min"),  # 9.95 rounds up to 10.0, shown whole
        (59.4, "59 min"),
        (60, "60 min"),
        (119.4, "119 min"),
        (119.5, "2 h"),  # 1.99 h
        (150, "2.5 h"),
        (1234.5, "21 h"),  # 20.575 h: the example reads the same everywhere
        (1505, "25 h"),
        (-150, "−2.5 h"),
        (None, "–"),
        (math.nan, "–"),
    ],
)
def test_minutes(value: float | None, text: str) -> None:
    assert fmt.minutes(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.256, "26%"), (0.025, "2.5%"), (0.0004, "<0.1%"), (0, "0%"), (-0.0004, ">−0.1%")],
)
def test_share(value: float, text: str) -> None:
    assert fmt.share(value) == text


def test_halves_round_up_not_to_even() -> None:
    assert fmt.hours(2.25) == "2.3 h"  # the old doctest said so and printed 2.2
    assert fmt.number(0.125, 2) == "0.13"
    assert fmt.count(2.675) == "2.68"  # 2.675 is 2.67499… in binary; repr keeps 2.675


@pytest.mark.parametrize(
    ("delta", "unit", "text"),
    [
        (-0.01, "count", "−0.01"),  # "Rework visits 0.11 → 0.1, −0" was the bug
        (-0.0003, "share", "−0.03 percentage points"),  # "−0.0 percentage points"
        (0.01, "share", "+1 percentage point"),
        (-90.0, "minutes", "−90 min"),
        (3000.0, "hours", "+3,000 h"),
        (0.0, "count", "no change"),
        (None, "count", "–"),
        (-0.004, "minutes", "−0.004 min"),
        (0.02, "days", "+0.02 days"),
    ],
)
def test_change_keeps_the_size_of_small_changes(delta: float | None, unit: str, text: str) -> None:
    assert fmt.change(delta, unit) == text


@given(finite)
def test_no_minus_zero_and_always_a_unit(value: float) -> None:
    for text, unit in (
        (fmt.minutes(value), (" min", " h")),
        (fmt.days(value), (" day", " days")),
        (fmt.hours(value), (" h",)),
        (fmt.share(value / 1e6), ("%",)),
    ):
        assert not text.startswith("−0") or text.startswith("−0.")
        assert text.endswith(unit), text
        assert "-" not in text  # the minus sign, never a hyphen


@given(st.floats(min_value=1e-9, max_value=1e6), st.sampled_from(sorted(m.unit for m in METRICS)))
def test_a_real_change_never_reads_as_no_change(size: float, unit: str) -> None:
    for delta in (size, -size):
        text = fmt.change(delta, unit)
        assert any(c in "123456789" for c in text), text
        assert text[0] == ("+" if delta > 0 else "−")


def test_every_metric_unit_has_a_format() -> None:
    for m in METRICS:
        assert fmt.metric(1.0, m.unit) != fmt.MISSING
    with pytest.raises(ValueError, match="no format for the unit 'parsecs'"):
        fmt.metric(1.0, "parsecs")


def test_metric_registry_lookups() -> None:
    assert metric_named("prefill_rate").name == "tell_us_once.prefill_rate"
    with pytest.raises(KeyError, match="no metric is called 'nope'"):
        metric_named("nope")
    assert show("time_tax.mean_minutes", 1234.5) == "21 h"
