"""Scoring: customer time tax, lead time, handoffs, tell-us-once and friction points.

``score(journey)`` turns a journey into a :class:`Scorecard`; ``compare(before, after)``
puts two side by side. Expected values are exact (absorbing Markov chain, sparse solve);
percentiles come from a seeded, vectorised Monte Carlo. The formulas and their sources are
documented in ``docs/explanation/scoring.md``.
"""

from lifeexp.metrics import METRICS, MetricInfo
from lifeexp.scoring._compare import compare
from lifeexp.scoring._options import DEFAULT_SEED, FRICTION_RULES, FrictionRule, ScoringOptions
from lifeexp.scoring._score import score
from lifeexp.scoring._scorecard import (
    AnnualBurden,
    Bottleneck,
    Comparison,
    DataRepeatCell,
    FrictionPoint,
    HandoffRef,
    HandoffSummary,
    HandoverCell,
    LeadTime,
    MetricDelta,
    Rework,
    Scorecard,
    StepScore,
    TellUsOnce,
    TimeTax,
)

__all__ = [
    "DEFAULT_SEED",
    "FRICTION_RULES",
    "METRICS",
    "AnnualBurden",
    "Bottleneck",
    "Comparison",
    "DataRepeatCell",
    "FrictionPoint",
    "FrictionRule",
    "HandoffRef",
    "HandoffSummary",
    "HandoverCell",
    "LeadTime",
    "MetricDelta",
    "MetricInfo",
    "Rework",
    "Scorecard",
    "ScoringOptions",
    "StepScore",
    "TellUsOnce",
    "TimeTax",
    "compare",
    "score",
]
