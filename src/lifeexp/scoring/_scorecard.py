"""The scorecard: typed, frozen, serialisable results of scoring one journey.

Every number here traces to a formula in ``docs/explanation/scoring.md`` (and through it to
the reference methods: PRA burden, PERT, absorbing Markov chains, handover of work, the EU
eGovernment benchmark). The models are pydantic so they serialise to dicts and JSON without
extra code; they are frozen so a scorecard handed to a renderer cannot be changed underneath
it.

Units: burden in **minutes**, calendar time in **days**, annual burden in **hours**.
Psychological cost is an ordinal load (0–3 per visit), never converted to time.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from lifeexp.metrics import METRICS
from lifeexp.scoring._export import exported

__all__ = [
    "AnnualBurden",
    "Bottleneck",
    "Comparison",
    "DataRepeatCell",
    "FrictionPoint",
    "HandoffRef",
    "HandoffSummary",
    "HandoverCell",
    "LeadTime",
    "MetricDelta",
    "Rework",
    "Scorecard",
    "StepScore",
    "TellUsOnce",
    "TimeTax",
]


class _Result(BaseModel):
    """Base of every result model: frozen, no unknown fields, docstrings as descriptions."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class TimeTax(_Result):
    """Customer burden in minutes per person going through the journey (T1–T5)."""

    mean_minutes: float
    """Exact expected time tax: Σ expected visits × step burden (absorbing Markov chain)."""
    std_minutes: float | None = None
    """Standard deviation over the Monte Carlo runs (None when no sampling was done)."""
    p50_minutes: float | None = None
    """Median time tax over the Monte Carlo runs."""
    p80_minutes: float | None = None
    """80th percentile over the Monte Carlo runs."""
    p95_minutes: float | None = None
    """95th percentile over the Monte Carlo runs."""
    mc_mean_minutes: float | None = None
    """Monte Carlo mean (converges to ``mean_minutes``; shown as a check)."""
    samples: int = 0
    """Monte Carlo runs (0 = exact figures only)."""
    seed: int | None = None
    """Seed of the ``numpy.random.Generator`` used; the same seed gives the same figures."""
    by_agency: dict[str, float] = Field(default_factory=dict)
    """Expected minutes spent at steps owned by each agency (``person`` for own steps)."""
    by_phase: dict[str, float] = Field(default_factory=dict)
    """Expected minutes per phase id."""
    by_component: dict[str, float] = Field(default_factory=dict)
    """Expected minutes per PRA/M-22-10 component (learning, gathering, completing, ...)."""
    learning_share: float = 0.0
    """Learning cost over total time tax (Herd & Moynihan); compliance is the rest."""
    compliance_share: float = 0.0
    """1 − learning share (0 when the journey has no burden)."""
    psychological_load: float = 0.0
    """Σ expected visits × psychological cost (0–3 ordinal); a load, never minutes."""
    psychological_steps: int = 0
    """Reachable steps with a psychological cost of 2 or more."""


class AnnualBurden(_Result):
    """Annual burden hours for everyone going through the journey (T6)."""

    people: int
    """People per year (the journey's ``annual_volume``)."""
    hours: float
    """people × expected minutes / 60."""
    wage_rate: float | None = None
    """USD per hour used to value the hours, when one was given."""
    dollars: float | None = None
    """hours × wage rate, when a wage rate was given."""


class Bottleneck(_Result):
    """A step that contributes a large share of the expected lead time (H8)."""

    step_id: str
    title: str
    expected_days: float
    """Expected calendar days at this step: visits × (wait + burden/1440)."""
    share: float
    """Share of the expected lead time."""


class LeadTime(_Result):
    """Calendar time from the first step to an end (T7, T8)."""

    expected_days: float
    """Exact expected lead time: Σ visits × (wait days + burden minutes / 1440)."""
    p50_days: float | None = None
    p80_days: float | None = None
    p95_days: float | None = None
    mc_mean_days: float | None = None
    critical_path: list[str] = Field(default_factory=list)
    """The slowest path through likely branches (step ids, start to end)."""
    critical_path_days: float = 0.0
    """Expected days along the critical path (one visit per step)."""
    bottlenecks: list[Bottleneck] = Field(default_factory=list)
    """Steps with the largest share of lead time, largest first."""
    activity_ratio: float | None = None
    """Customer touch time over lead time (both in days); None when lead time is zero."""
    touch_minutes: float = 0.0
    """Expected completing + submitting minutes (the touch time of the activity ratio)."""


class HandoverCell(_Result):
    """Expected transitions per person from steps of one owner to steps of another (H2)."""

    from_agency: str
    to_agency: str
    expected: float
    """Expected traversals per person."""
    share: float = 0.0
    """Share of all expected transitions (the normalised handover-of-work matrix)."""


class HandoffRef(_Result):
    """A cross-agency transition named by its steps and agencies."""

    from_step: str
    to_step: str
    from_agency: str
    to_agency: str
    handoff: str
    """Handoff type, or ``unspecified``."""
    expected: float = 0.0
    """Expected traversals per person in its own journey."""


class HandoffSummary(_Result):
    """Handoffs between agencies, touchpoints, channels and sign-ins (H1–H5, D3)."""

    expected_cross_agency: float
    """Expected transitions between two different agencies, neither being ``person``."""
    by_type: dict[str, float] = Field(default_factory=dict)
    """The same by handoff type (data_shared, warm_referral, customer_carries, start_over,
    unspecified)."""
    matrix: list[HandoverCell] = Field(default_factory=list)
    """Owner-by-owner handover matrix, including ``person`` and the diagonal."""
    expected_agencies: float = 0.0
    """Expected number of distinct agencies a person deals with (``person`` excluded)."""
    agency_reach: dict[str, float] = Field(default_factory=dict)
    """Probability that a person deals with each agency at least once."""
    touchpoints: float = 0.0
    """Expected contacts with an agency through a channel (visits to such steps)."""
    channel_switches: float = 0.0
    """Expected transitions between contacts on different channels."""
    reauthentications: float = 0.0
    """Expected sign-ins beyond the first."""
    sign_ins: float = 0.0
    """Expected sign-ins in total (account or identity proofing)."""
    identity_proofings: float = 0.0
    """Expected identity-proofing steps."""
    transitions: list[HandoffRef] = Field(default_factory=list)
    """Every cross-agency transition with its type and expected traversals per person."""


class DataRepeatCell(_Result):
    """Expected re-entries of data first given to one agency and asked again by another."""

    first_agency: str
    again_agency: str
    expected: float


class TellUsOnce(_Result):
    """Data the person gives more than once (D1, D2)."""

    repeated_entries: float
    """Expected re-entries of data elements the person has already given."""
    by_element: dict[str, float] = Field(default_factory=dict)
    """Expected re-entries per data element."""
    by_agency_pair: list[DataRepeatCell] = Field(default_factory=list)
    """Expected re-entries by (first agency, asking-again agency)."""
    entries: float = 0.0
    """Expected data entries in total (visits × elements the person types in)."""
    prefill_rate: float | None = None
    """Share of expected data entries that come pre-filled; None when no step needs data."""
    prefill_steps_rate: float | None = None
    """Share of reachable steps needing data that pre-fill some of it (eGov indicator)."""


class Rework(_Result):
    """Visits beyond the first (H6)."""

    expected_extra_visits: float
    """Σ (expected visits − reach probability) over steps."""
    minutes: float = 0.0
    """Expected minutes spent on visits beyond the first."""
    by_step: dict[str, float] = Field(default_factory=dict)
    """Expected extra visits per step (only steps with some)."""


class StepScore(_Result):
    """Per-step figures."""

    step_id: str
    title: str
    agency: str
    phase: str
    expected_visits: float
    reach_probability: float
    """Probability the step is visited at least once."""
    burden_minutes: float
    """PERT mean burden of one visit."""
    burden_std: float
    """PERT standard deviation of one visit (components independent)."""
    wait_days: float
    """PERT mean calendar wait after one visit."""
    minutes_at_stake: float
    """Expected minutes per person at this step: visits × burden."""
    days_at_stake: float = 0.0
    """Expected calendar days per person at this step: visits × wait."""
    repeated_entries: float = 0.0
    """Expected re-entries of already given data at this step."""
    friction_score: float = 0.0
    """Sum of the scores of the friction points located at this step."""


class FrictionPoint(_Result):
    """A step or transition that trips one or more friction rules."""

    rank: int
    """1 = worst."""
    step_id: str
    """The step (for a transition: the step the person arrives at)."""
    transition: tuple[str, str] | None = None
    """``(from, to)`` for a transition, None for a step."""
    rules: list[str]
    """Rule ids tripped, e.g. ``cross_agency_handoff``, ``channel_switch``."""
    minutes_at_stake: float
    days_at_stake: float
    score: float
    """Ranking score (see ``ScoringOptions`` and the scoring docs)."""
    reason: str
    """Plain-language explanation naming the figures (one clause per rule, in rule order)."""


class Scorecard(_Result):
    """Everything ``lifeexp.score`` computes for one journey."""

    journey_id: str
    title: str
    state: str
    compares_to: str | None = None
    time_tax: TimeTax
    annual: AnnualBurden | None = None
    lead_time: LeadTime
    handoffs: HandoffSummary
    tell_us_once: TellUsOnce
    rework: Rework
    steps: list[StepScore] = Field(default_factory=list)
    friction_points: list[FrictionPoint] = Field(default_factory=list)
    """Friction points, best ranked first (at most ``ScoringOptions.max_friction_points``)."""
    friction_total: int = 0
    """How many friction points were found (the ``friction.count`` metric), including any
    beyond the list's cap."""
    options: dict[str, Any] = Field(default_factory=dict)
    """The options the scorecard was computed with (for reproducibility)."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (tuples become lists, floats rounded to
        :data:`~lifeexp.scoring._export.SIGNIFICANT_DIGITS` significant digits)."""
        return exported(self.model_dump(mode="json"))  # type: ignore[no-any-return]

    def to_json(self, *, indent: int | None = 2) -> str:
        """The scorecard as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def metrics(self) -> dict[str, float | None]:
        """The headline metrics (``METRICS``) by dotted name."""
        values: dict[str, float | None] = {}
        for info in METRICS:
            values[info.name] = self._metric(info.name)
        return values

    def _metric(self, name: str) -> float | None:
        if name == "friction.count":
            return float(max(self.friction_total, len(self.friction_points)))
        section, _, field = name.partition(".")
        obj = getattr(self, section)
        if obj is None:
            return None
        value = getattr(obj, field)
        return None if value is None else float(value)

    def rows(
        self, table: Literal["summary", "steps", "friction"] = "summary"
    ) -> list[dict[str, Any]]:
        """Flat rows for CSV or a spreadsheet, without pandas.

        Floats are rounded as in :meth:`to_dict`.

        Args:
            table: ``summary`` (one row of headline metrics), ``steps`` (one row per step) or
                ``friction`` (one row per friction point).
        """
        return exported(self._rows(table))  # type: ignore[no-any-return]

    def _rows(self, table: str) -> list[dict[str, Any]]:
        head: dict[str, Any] = {"journey_id": self.journey_id, "state": self.state}
        if table == "summary":
            return [{**head, "title": self.title, **self.metrics()}]
        if table == "steps":
            return [{**head, **s.model_dump(mode="json")} for s in self.steps]
        rows: list[dict[str, Any]] = []
        for f in self.friction_points:
            row = f.model_dump(mode="json")
            row["transition"] = "→".join(f.transition) if f.transition else ""
            row["rules"] = ";".join(f.rules)
            rows.append({**head, **row})
        return rows


class MetricDelta(_Result):
    """One metric before and after."""

    name: str
    label: str
    unit: str
    better: Literal["lower", "higher"]
    before: float | None
    after: float | None
    delta: float | None
    """after − before (None when either is missing)."""
    relative: float | None = None
    """delta / before (None when before is 0 or missing)."""
    improved: bool | None = None
    """True when the change goes in the better direction, None when unchanged or unknown."""


class Comparison(_Result):
    """Two scorecards side by side (e.g. current vs future state)."""

    before_id: str
    after_id: str
    before_title: str
    after_title: str
    metrics: list[MetricDelta]
    steps_removed: list[str] = Field(default_factory=list)
    """Step ids of ``before`` with no match in ``after``."""
    steps_added: list[str] = Field(default_factory=list)
    """Step ids of ``after`` with no match in ``before``."""
    steps_matched_by_title: list[tuple[str, str]] = Field(default_factory=list)
    """``(before id, after id)`` pairs whose ids differ but whose titles match."""
    handoffs_removed: list[HandoffRef] = Field(default_factory=list)
    handoffs_added: list[HandoffRef] = Field(default_factory=list)
    handoffs_changed: list[tuple[HandoffRef, HandoffRef]] = Field(default_factory=list)
    """Handoffs kept between the same steps whose type changed."""
    annual_people: int | None = None
    """People per year used for the hours saved (the ``before`` journey's volume, else
    ``after``'s)."""
    annual_hours_saved: float | None = None
    """people × (before − after expected minutes) / 60."""
    annual_dollars_saved: float | None = None
    before: Scorecard
    after: Scorecard
    warnings: list[str] = Field(default_factory=list)
    """Why the two journeys look unrelated (different life experiences, no step in common)
    when neither names the other in ``compares_to``; empty for a current and future state."""

    def metric(self, name: str) -> MetricDelta:
        """The delta of one metric by dotted name; ``KeyError`` when unknown."""
        for m in self.metrics:
            if m.name == name:
                return m
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (floats rounded as in :meth:`Scorecard.to_dict`)."""
        return exported(self.model_dump(mode="json"))  # type: ignore[no-any-return]

    def to_json(self, *, indent: int | None = 2) -> str:
        """The comparison as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def rows(self) -> list[dict[str, Any]]:
        """One row per metric: name, before, after, delta (floats rounded as in
        :meth:`Scorecard.to_dict`)."""
        rows = [
            {"before_id": self.before_id, "after_id": self.after_id, **m.model_dump(mode="json")}
            for m in self.metrics
        ]
        return exported(rows)  # type: ignore[no-any-return]
