"""Customer time tax: step burden (PERT) and its expected total over the journey (T1–T6).

Step burden ``B_u`` is the sum of the PERT means of the components that are the person's own
time (``borne_by: person``, the default; duty and agency staff minutes are summed apart) over
the components (learning, gathering, completing, submitting, travel, waiting), in minutes,
following the PRA burden definition (44 U.S.C. 3502(2), 5 CFR 1320.3(b)) and M-22-10. Its
spread assumes independent components: ``σ_u² = Σ_k ((high_k − low_k)/6)²``. The expected time
tax is ``TT = Σ_u v_u · B_u`` with the exact expected visits ``v`` of the absorbing chain, so
rework and appeal loops are counted as often as they happen on average, without enumerating
paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from lifeexp.model import PERSON, BurdenComponent, Channel, SignIn, TimeBearer, WaitKind
from lifeexp.scoring._scorecard import AnnualBurden, TimeTax

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from lifeexp.scoring._markov import Chain
    from lifeexp.scoring._options import ScoringOptions

__all__ = ["COMPONENTS", "StepFigures", "annual_burden", "step_figures", "time_tax"]

COMPONENTS: tuple[BurdenComponent, ...] = tuple(BurdenComponent)
"""Burden components in a fixed order (the columns of ``StepFigures.component_mean``)."""

CONTACT_CHANNELS: tuple[Channel, ...] = (
    Channel.online,
    Channel.phone,
    Channel.in_person,
    Channel.mail,
)
"""Channels through which a person deals with an agency (``none`` excluded)."""

MINUTES_PER_DAY = 1440.0

MILESTONE_KINDS: tuple[WaitKind, ...] = tuple(k for k in WaitKind if k is not WaitKind.government)
"""Milestone wait kinds in a fixed order (codes of ``StepFigures.milestone_kind``)."""


@dataclass(frozen=True, eq=False)
class StepFigures:
    """Per-step figures as arrays (one row per reachable step).

    Attributes:
        low, likely, high: Three-point estimates per component, minutes (n × components).
        wait_low, wait_likely, wait_high: Calendar wait after the step, days (n).
        component_mean: PERT mean per component (n × components).
        burden: PERT mean burden of one visit, minutes (n).
        burden_std: PERT standard deviation of one visit, minutes (n).
        wait: PERT mean wait, days (n).
        agency: Owner per step (``person`` or ``unassigned`` when none).
        psychological: Psychological cost 0–3 (n).
    """

    low: NDArray[np.float64]
    likely: NDArray[np.float64]
    high: NDArray[np.float64]
    wait_low: NDArray[np.float64]
    wait_likely: NDArray[np.float64]
    wait_high: NDArray[np.float64]
    agency: list[str]
    psychological: NDArray[np.float64]
    phase_names: list[str]
    """Distinct phase ids in first-appearance order."""
    phase_codes: NDArray[np.int64]
    """Each step's index into ``phase_names``."""
    channel_codes: NDArray[np.int64]
    """0 for no channel, else 1 + index in ``CONTACT_CHANNELS``."""
    customer_facing: NDArray[np.bool_]
    """The person takes part in the step (not automatic, not an end)."""
    sign_in: NDArray[np.int64]
    """0 none, 1 account, 2 identity proofing."""
    # --- issue 12: who bears the time, milestone waits ------------------------------------
    duty: NDArray[np.float64]
    """PERT mean minutes of one visit that are paid duty or work time (n); not in ``low`` …
    ``high``, which hold the person's own time only."""
    staff: NDArray[np.float64]
    """PERT mean minutes of one visit that are agency staff time (n)."""
    milestone: NDArray[np.float64]
    """PERT mean calendar days of a milestone wait after the step (n); ``wait_*`` hold
    waits on government only."""
    milestone_kind: NDArray[np.int64]
    """Index into ``MILESTONE_KINDS`` + 1 for a milestone wait, 0 otherwise (n)."""
    # --- end issue 12 ---------------------------------------------------------------------

    @cached_property
    def contact(self) -> NDArray[np.bool_]:
        """Steps where the person deals with an agency through a channel (touchpoints)."""
        return np.asarray(self.customer_facing & (self.channel_codes > 0) & ~self.is_person)

    @cached_property
    def agency_codes(self) -> tuple[list[str], NDArray[np.int64]]:
        """Distinct owners (first-appearance order) and each step's index into them."""
        names: dict[str, int] = {}
        codes = np.fromiter(
            (names.setdefault(a, len(names)) for a in self.agency), np.int64, len(self.agency)
        )
        return list(names), codes

    @cached_property
    def is_person(self) -> NDArray[np.bool_]:
        """True for the person's own steps and steps with no owner."""
        names, codes = self.agency_codes
        person = np.fromiter((is_person(a) for a in names), bool, len(names))
        return np.asarray(person[codes]) if len(codes) else np.zeros(0, dtype=bool)

    @cached_property
    def component_mean(self) -> NDArray[np.float64]:
        return np.asarray((self.low + 4 * self.likely + self.high) / 6)

    @cached_property
    def burden(self) -> NDArray[np.float64]:
        return np.asarray(self.component_mean.sum(axis=1))

    @cached_property
    def burden_std(self) -> NDArray[np.float64]:
        return np.asarray(np.sqrt((((self.high - self.low) / 6) ** 2).sum(axis=1)))

    @cached_property
    def wait(self) -> NDArray[np.float64]:
        return np.asarray((self.wait_low + 4 * self.wait_likely + self.wait_high) / 6)


def owner(agency: str | None) -> str:
    """The owner label of a step: its agency code, or ``unassigned`` when it has none."""
    return agency if agency else "unassigned"


def step_figures(chain: Chain) -> StepFigures:
    """Collect what scoring needs from every reachable step into arrays, in one pass.

    One pass matters on large journeys: each pass over the step models touches objects spread
    across the heap, and that, not the arithmetic, is what the later sections would pay for.
    """
    n, k = chain.n, len(COMPONENTS)
    low, likely, high = np.zeros((n, k)), np.zeros((n, k)), np.zeros((n, k))
    wl, wm, wh = np.zeros(n), np.zeros(n), np.zeros(n)
    psych = np.zeros(n)
    channel = np.zeros(n, dtype=np.int64)
    facing = np.zeros(n, dtype=bool)
    sign = np.zeros(n, dtype=np.int64)
    phases = np.zeros(n, dtype=np.int64)
    phase_names: dict[str, int] = {}
    channel_code = {c: i + 1 for i, c in enumerate(CONTACT_CHANNELS)}
    sign_code = {SignIn.none: 0, SignIn.account: 1, SignIn.identity_proofing: 2}
    agency: list[str] = []
    duty, staff, milestone = np.zeros(n), np.zeros(n), np.zeros(n)
    milestone_kind = np.zeros(n, dtype=np.int64)
    kind_code = {k: j + 1 for j, k in enumerate(MILESTONE_KINDS)}
    for i, step in enumerate(chain.steps):
        agency.append(owner(step.agency))
        psych[i] = step.psychological_cost
        channel[i] = channel_code.get(step.channel, 0)
        facing[i] = step.customer_facing
        sign[i] = sign_code[step.sign_in]
        phases[i] = phase_names.setdefault(step.phase, len(phase_names))
        burden = step.burden
        if burden is not None:
            for j, comp in enumerate(COMPONENTS):
                tp = getattr(burden, comp.value)
                if tp is None:
                    continue
                bearer = burden.bearer(comp)
                if bearer is TimeBearer.person:
                    low[i, j], likely[i, j], high[i, j] = tp.low, tp.likely, tp.high
                elif bearer is TimeBearer.duty:
                    duty[i] += tp.mean
                else:
                    staff[i] += tp.mean
        if step.wait is not None:
            d = step.wait.days
            if step.wait.is_milestone:
                milestone[i] = d.mean
                milestone_kind[i] = kind_code[step.wait.waits_for]
            else:
                wl[i], wm[i], wh[i] = d.low, d.likely, d.high
    return StepFigures(
        low,
        likely,
        high,
        wl,
        wm,
        wh,
        agency,
        psych,
        phase_names=list(phase_names),
        phase_codes=phases,
        channel_codes=channel,
        customer_facing=facing,
        sign_in=sign,
        duty=duty,
        staff=staff,
        milestone=milestone,
        milestone_kind=milestone_kind,
    )


def time_tax(
    chain: Chain,
    figures: StepFigures,
    *,
    mc_minutes: NDArray[np.float64] | None,
    options: ScoringOptions,
    psychological_threshold: int,
) -> TimeTax:
    """The time tax section of the scorecard.

    Args:
        chain: The solved chain.
        figures: Per-step estimates.
        mc_minutes: Monte Carlo totals per run (None when no sampling was done).
        options: Scoring options (for the seed recorded in the result).
        psychological_threshold: Cost from which a step counts as psychologically heavy.
    """
    v = chain.visits
    per_comp = v @ figures.component_mean  # expected minutes per component
    total = float(per_comp.sum())
    expected = v * figures.burden
    names, codes = figures.agency_codes
    per_agency = np.bincount(codes, weights=expected, minlength=len(names))
    by_agency = {name: float(per_agency[i]) for i, name in enumerate(names)}
    per_phase = np.bincount(
        figures.phase_codes, weights=expected, minlength=len(figures.phase_names)
    )
    by_phase = {name: float(per_phase[i]) for i, name in enumerate(figures.phase_names)}
    learning = float(per_comp[COMPONENTS.index(BurdenComponent.learning)])
    learning_share = learning / total if total > 0 else 0.0
    kwargs: dict[str, Any] = {}
    if mc_minutes is not None and len(mc_minutes):
        p50, p80, p95 = np.percentile(mc_minutes, [50, 80, 95])
        kwargs = {
            "std_minutes": float(mc_minutes.std(ddof=1)) if len(mc_minutes) > 1 else 0.0,
            "p50_minutes": float(p50),
            "p80_minutes": float(p80),
            "p95_minutes": float(p95),
            "mc_mean_minutes": float(mc_minutes.mean()),
            "samples": len(mc_minutes),
            "seed": options.seed,
        }
    return TimeTax(
        mean_minutes=total,
        duty_minutes=float(v @ figures.duty),
        agency_staff_minutes=float(v @ figures.staff),
        by_agency=dict(sorted(by_agency.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_phase=_in_phase_order(chain, by_phase),
        by_component={c.value: float(per_comp[j]) for j, c in enumerate(COMPONENTS)},
        learning_share=learning_share,
        compliance_share=1.0 - learning_share if total > 0 else 0.0,
        psychological_load=float(v @ figures.psychological),
        psychological_steps=int((figures.psychological >= psychological_threshold).sum()),
        **kwargs,
    )


def _in_phase_order(chain: Chain, values: dict[str, float]) -> dict[str, float]:
    order = [p.id for p in chain.journey.phases]
    known = {p: values[p] for p in order if p in values}
    extra = {p: v for p, v in values.items() if p not in known}
    return {**known, **extra}


def annual_burden(chain: Chain, tax: TimeTax, wage_rate: float | None) -> AnnualBurden | None:
    """Annual burden hours = people entering per year × expected minutes / 60 (T6), when the
    journey states its entry volume; duty and agency staff hours beside it."""
    volume = chain.journey.annual_volume
    if volume is None:
        return None
    hours = volume.people * tax.mean_minutes / 60.0
    return AnnualBurden(
        people=volume.people,
        hours=hours,
        duty_hours=volume.people * tax.duty_minutes / 60.0,
        agency_staff_hours=volume.people * tax.agency_staff_minutes / 60.0,
        wage_rate=wage_rate,
        dollars=hours * wage_rate if wage_rate is not None else None,
    )


def is_person(agency: str) -> bool:
    """True for the person's own steps and steps with no owner."""
    return agency in {PERSON, "unassigned"}
