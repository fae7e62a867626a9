"""The headline metrics of a scorecard: the one registry of their names, labels and units.

Scoring reads the values (``Scorecard.metrics()``), comparisons compute their deltas, the
command line checks ``--fail-over`` limits against them, and every output shows them with
the label and unit declared here, formatted by :mod:`lifeexp.formatting`. The module
imports no numerical library, so parsing a limit on the command line stays fast.

>>> metric_named("p80_minutes").label
'Time tax P80'
>>> show("time_tax.mean_minutes", 1234.5)
'21 h'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

from lifeexp import formatting

__all__ = [
    "METRICS",
    "Limit",
    "LimitCheck",
    "MetricInfo",
    "check_limits",
    "metric_named",
    "parse_limit",
    "show",
]


class MetricInfo(BaseModel):
    """What a headline metric means, how it reads and which direction is better."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    name: str
    """Dotted name, e.g. ``time_tax.mean_minutes``; what ``--fail-over`` and comparisons use."""
    label: str
    """Short human label."""
    unit: str
    """``minutes``, ``days``, ``hours``, ``USD``, ``count``, ``share`` or ``load``."""
    better: Literal["lower", "higher"]
    """Which direction is an improvement."""


METRICS: tuple[MetricInfo, ...] = (
    MetricInfo(
        name="time_tax.mean_minutes", label="Expected time tax", unit="minutes", better="lower"
    ),
    MetricInfo(name="time_tax.p80_minutes", label="Time tax P80", unit="minutes", better="lower"),
    MetricInfo(name="time_tax.p95_minutes", label="Time tax P95", unit="minutes", better="lower"),
    MetricInfo(
        name="time_tax.learning_share", label="Learning share", unit="share", better="lower"
    ),
    MetricInfo(
        name="time_tax.psychological_load", label="Psychological load", unit="load", better="lower"
    ),
    MetricInfo(name="annual.hours", label="Annual burden hours", unit="hours", better="lower"),
    MetricInfo(name="annual.dollars", label="Annual burden value", unit="USD", better="lower"),
    MetricInfo(
        name="lead_time.expected_days", label="Expected lead time", unit="days", better="lower"
    ),
    MetricInfo(name="lead_time.p80_days", label="Lead time P80", unit="days", better="lower"),
    MetricInfo(
        name="lead_time.activity_ratio", label="Activity ratio", unit="share", better="higher"
    ),
    MetricInfo(
        name="handoffs.expected_cross_agency",
        label="Cross-agency handoffs",
        unit="count",
        better="lower",
    ),
    MetricInfo(
        name="handoffs.expected_agencies", label="Agencies dealt with", unit="count", better="lower"
    ),
    MetricInfo(name="handoffs.touchpoints", label="Touchpoints", unit="count", better="lower"),
    MetricInfo(
        name="handoffs.channel_switches", label="Channel switches", unit="count", better="lower"
    ),
    MetricInfo(
        name="handoffs.reauthentications", label="Re-authentications", unit="count", better="lower"
    ),
    MetricInfo(
        name="tell_us_once.repeated_entries",
        label="Repeated data entries",
        unit="count",
        better="lower",
    ),
    MetricInfo(
        name="tell_us_once.prefill_rate", label="Pre-fill rate", unit="share", better="higher"
    ),
    MetricInfo(
        name="rework.expected_extra_visits", label="Rework visits", unit="count", better="lower"
    ),
    MetricInfo(name="friction.count", label="Friction points", unit="count", better="lower"),
)
"""The headline metrics, in display order."""


def metric_named(name: str) -> MetricInfo:
    """The metric called ``name``: its dotted name or, when unambiguous, the part after the
    dot (``p80_minutes``).

    Raises:
        KeyError: no metric, or more than one, has that name; the message lists them all.
    """
    matches = [m for m in METRICS if name in (m.name, m.name.split(".", 1)[1])]
    if len(matches) != 1:
        known = ", ".join(m.name for m in METRICS)
        msg = f"no metric is called {name!r}; the metrics are {known}"
        raise KeyError(msg)
    return matches[0]


def show(name: str, value: float | None) -> str:
    """A metric's value as every output shows it, in the metric's unit.

    >>> show("lead_time.activity_ratio", 0.256), show("annual.dollars", 1e6)
    ('26%', '$1,000,000')
    """
    return formatting.metric(value, metric_named(name).unit)


@dataclass(frozen=True)
class Limit:
    """The worst value a metric may take (``lifeexp score --fail-over METRIC=VALUE``)."""

    metric: MetricInfo
    value: float

    def breached_by(self, value: float) -> bool:
        """Whether ``value`` is worse than the limit (over it, or under it for a metric where
        higher is better)."""
        return value > self.value if self.metric.better == "lower" else value < self.value


def parse_limit(text: str) -> Limit:
    """Read ``METRIC=VALUE`` (``time_tax.mean_minutes=600``, ``prefill_rate=0.5``).

    >>> parse_limit("p80_minutes=600")
    Limit(metric=MetricInfo(name='time_tax.p80_minutes', ...), value=600.0)

    Raises:
        ValueError: not ``METRIC=VALUE``, an unknown metric or a limit that is not a finite
            number; the message says which, in plain words.
    """
    name, sep, limit = text.partition("=")
    try:
        if not sep:
            raise KeyError(name)
        info = metric_named(name.strip())
    except KeyError:
        known = ", ".join(m.name for m in METRICS)
        msg = f"expected METRIC=VALUE with METRIC one of {known}; got {text!r}"
        raise ValueError(msg) from None
    try:
        value = float(limit)
    except ValueError:
        msg = f"the limit in {text!r} is not a number"
        raise ValueError(msg) from None
    if not math.isfinite(value):
        msg = f"the limit in {text!r} must be a finite number"
        raise ValueError(msg)
    return Limit(info, value)


class _HasMetrics(Protocol):
    @property
    def journey_id(self) -> str: ...

    def metrics(self) -> Mapping[str, float | None]: ...


@dataclass(frozen=True)
class LimitCheck:
    """What checking scorecards against limits found."""

    failures: list[str]
    """One line per breached limit: journey, metric, value and the limit."""
    skipped: list[str]
    """One line per limit that could not be applied (the journey has no such figure)."""

    @property
    def ok(self) -> bool:
        """No limit breached."""
        return not self.failures


def check_limits(cards: Iterable[_HasMetrics], limits: Iterable[Limit]) -> LimitCheck:
    """Check scorecards against limits, e.g. in a CI gate or a notebook.

    Figures are given in the metric's own unit (:attr:`MetricInfo.unit`), unrounded.
    """
    limits = list(limits)
    failures: list[str] = []
    skipped: list[str] = []
    for card in cards:
        values = card.metrics()
        for limit in limits:
            name = limit.metric.name
            value = values[name]
            if value is None:
                skipped.append(
                    f"journey {card.journey_id!r} has no {name}; the limit is not applied"
                )
                continue
            if limit.breached_by(value):
                word = "over" if limit.metric.better == "lower" else "under"
                # The raw figure, not the rounded display: 600.4 over 600 must not read as
                # "10 h is over the allowed 10 h".
                failures.append(
                    f"journey {card.journey_id!r}: {name} = {value:,.4g} is {word} the allowed "
                    f"{limit.value:,.4g} ({limit.metric.better} is better)"
                )
    return LimitCheck(failures, skipped)
