"""Options of ``score()``: Monte Carlo size and seed, wage rate, friction thresholds and weights.

Every threshold of the friction rules and every weight of the ranking formula lives here, so a
team can tune them and record the values next to its results (the scorecard carries the
options it was computed with).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, field_serializer, field_validator

__all__ = ["DEFAULT_SEED", "FRICTION_RULES", "FrictionRule", "ScoringOptions"]

DEFAULT_SEED: Final = 14058
"""Default Monte Carlo seed (the number of the Executive Order; any fixed value would do)."""


@dataclass(frozen=True)
class FrictionRule:
    """One friction rule: what it checks, how a reader sees it and the option that tunes it."""

    id: str
    """Stable id, used in ``FrictionPoint.rules``, ``rule_weights`` and the report."""
    label: str
    """Short label for tables (``cross-agency handoff``)."""
    checks: str
    """What the rule flags, in one sentence."""
    reason: str
    """The reason a friction point gives, a ``str.format`` template over figures already
    formatted by :mod:`lifeexp.formatting`."""
    threshold: str | None = None
    """The :class:`ScoringOptions` field that sets when the rule trips, if any."""


FRICTION_RULES: Final[Mapping[str, FrictionRule]] = MappingProxyType(
    {
        rule.id: rule
        for rule in (
            FrictionRule(
                "cross_agency_handoff",
                "cross-agency handoff",
                "A transition between two agencies that does not pass the data on (warm "
                "referral, customer carries, start over or unspecified).",
                "hands the person from {from_agency} to {to_agency} with {handoff}, "
                "{times} times per person",
                "handoff_friction_types",
            ),
            FrictionRule(
                "channel_switch",
                "channel switch",
                "A transition between two contacts on different channels.",
                "switches channel from {previous} to {now}, {times} times per person",
            ),
            FrictionRule(
                "repeated_data",
                "repeated data",
                "A step asks for data the person already gave (or government already had).",
                "asks again for data already given ({elements}): {times} expected re-entries "
                "per person",
            ),
            FrictionRule(
                "reauthentication",
                "re-authentication",
                "A step makes the person sign in again after an earlier sign-in.",
                "makes the person sign in again ({sign_in}), {times} times per person",
            ),
            FrictionRule(
                "not_online",
                "not fully online",
                "An agency contact that cannot be done online.",
                "cannot be done online (only {channels})",
            ),
            FrictionRule(
                "rework_loop",
                "rework loop",
                "A step the person is sent back to or repeats (visits beyond the first).",
                "is repeated {times} extra times per person on average (rework or appeal), "
                "{minutes}",
                "rework_min_extra_visits",
            ),
            FrictionRule(
                "bottleneck",
                "bottleneck",
                "A step among those with the largest share of the expected lead time.",
                "holds {share} of the expected lead time ({days})",
            ),
            FrictionRule(
                "high_psychological_cost",
                "high psychological cost",
                "A step whose psychological cost reaches the threshold.",
                "carries a high psychological cost ({cost}/3)",
                "psychological_threshold",
            ),
            FrictionRule(
                "deadline_with_penalty",
                "deadline with a penalty",
                "A step with a deadline or window that carries a penalty.",
                "has a deadline with a penalty: {deadlines}",
            ),
        )
    }
)
"""Every friction rule by id, in the order reasons list them: the one table of rule ids,
labels, descriptions, reason templates and thresholds."""


class ScoringOptions(BaseModel):
    """How to score a journey.

    The defaults reproduce the figures in the documentation; change them to tune the
    Monte Carlo or the friction ranking.

    Ranking formula for a friction point::

        score = 100 × (Σ weight of the rules it trips) ×
                (minutes at stake / expected time tax + days at stake / expected lead time)

    so a point is ranked by the share of the journey's time tax and lead time it touches,
    multiplied by how many (weighted) rules it trips. Minutes and days are never converted
    into each other, and psychological cost enters only through its rule weight.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    samples: int = Field(default=10_000, ge=0, le=10_000_000)
    """Monte Carlo runs for the percentiles (0 = exact expected values only)."""
    seed: int = Field(default=DEFAULT_SEED, ge=0)
    """Seed of the ``numpy.random.Generator``; the same seed gives identical results."""
    max_walk_length: int | None = Field(default=None, ge=1)
    """Longest simulated walk (visits) before the Monte Carlo gives up with a ScoringError;
    default ``max(10_000, 50 × steps)``."""
    wage_rate: float | None = Field(default=None, ge=0)
    """USD per hour to value annual burden hours (none by default: hours only)."""
    critical_path_min_probability: float = Field(default=0.2, ge=0, le=1)
    """Branches less likely than this are ignored when looking for the critical path (the
    slowest *likely* path); all branches are used if no end is reachable otherwise."""
    bottleneck_top_k: int = Field(default=3, ge=0)
    """How many steps at most are flagged as bottlenecks."""
    bottleneck_min_share: float = Field(default=0.10, ge=0, le=1)
    """A bottleneck must hold at least this share of the expected lead time."""
    psychological_threshold: int = Field(default=2, ge=0, le=3)
    """Psychological cost (0–3) from which a step is flagged."""
    rework_min_extra_visits: float = Field(default=0.01, ge=0)
    """Expected extra visits from which a step is flagged as a rework loop."""
    handoff_friction_types: frozenset[str] = frozenset(
        {"warm_referral", "customer_carries", "start_over", "unspecified"}
    )
    """Handoff types that count as friction (``data_shared`` does not by default)."""
    rule_weights: dict[str, float] = Field(
        default_factory=lambda: dict.fromkeys(FRICTION_RULES, 1.0)
    )
    """Weight of each friction rule in the ranking score (missing rules weigh 1)."""
    min_friction_score: float = Field(default=0.0, ge=0)
    """Friction points scoring below this are left out of the list."""
    max_friction_points: int | None = Field(default=1000, ge=0)
    """Keep at most this many friction points, best ranked first (None = all). Every point is
    still scored and counted (``Scorecard.friction_total``) and adds to its step's
    ``friction_score``; real journeys have far fewer, so the cap only bites on very large
    (e.g. synthetic) journeys, where nobody reads the hundred-thousandth point."""

    @field_validator("rule_weights")
    @classmethod
    def _known_rules(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(FRICTION_RULES))
        if unknown:
            msg = f"unknown friction rule(s) {unknown}; known: {sorted(FRICTION_RULES)}"
            raise ValueError(msg)
        if any(w < 0 for w in value.values()):
            msg = "friction rule weights must be >= 0"
            raise ValueError(msg)
        return value

    @field_serializer("handoff_friction_types")
    def _sorted_types(self, value: frozenset[str]) -> list[str]:
        # A set prints in hash order, which changes with PYTHONHASHSEED: sort it so the
        # options echoed in every scorecard are the same bytes in every process.
        return sorted(value)

    @field_validator("handoff_friction_types")
    @classmethod
    def _known_types(cls, value: frozenset[str]) -> frozenset[str]:
        known = {"data_shared", "warm_referral", "customer_carries", "start_over", "unspecified"}
        unknown = sorted(value - known)
        if unknown:
            msg = f"unknown handoff type(s) {unknown}; known: {sorted(known)}"
            raise ValueError(msg)
        return value

    def weight(self, rule: str) -> float:
        """The ranking weight of a rule."""
        return self.rule_weights.get(rule, 1.0)

    def walk_limit(self, n_steps: int) -> int:
        """The longest walk the Monte Carlo simulates for a journey of ``n_steps`` steps."""
        if self.max_walk_length is not None:
            return self.max_walk_length
        return max(10_000, 50 * n_steps)
