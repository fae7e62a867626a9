"""``score(journey)``: build the chain once and compute every section of the scorecard."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from lifeexp.model import require_journey
from lifeexp.scoring._bulk import build_models
from lifeexp.scoring._friction import friction_points
from lifeexp.scoring._handoffs import first_sign_in, handoff_summary
from lifeexp.scoring._lead_time import lead_time
from lifeexp.scoring._markov import build_chain
from lifeexp.scoring._montecarlo import simulate
from lifeexp.scoring._options import ScoringOptions
from lifeexp.scoring._scorecard import Rework, Scorecard, StepScore
from lifeexp.scoring._tell_us_once import tell_us_once
from lifeexp.scoring._time_tax import annual_burden, step_figures, time_tax

if TYPE_CHECKING:
    from collections.abc import Callable

    from lifeexp.model import Journey

__all__ = ["score"]


def score(
    journey: Journey,
    options: ScoringOptions | None = None,
    *,
    progress: Callable[[int], None] | None = None,
) -> Scorecard:
    """Score a journey: time tax, lead time, handoffs, tell-us-once and friction points.

    Expected values are exact (absorbing Markov chain); percentiles come from a seeded Monte
    Carlo of ``options.samples`` runs (none when ``samples`` is 0).

    Args:
        journey: The journey (already validated, e.g. by ``lifeexp.load_journey``).
        options: Monte Carlo size and seed, wage rate, friction thresholds and weights.
        progress: Called with the number of Monte Carlo runs finished at each tick (for
            progress bars).

    Returns:
        The :class:`Scorecard`.

    Raises:
        ScoringError: The journey cannot be scored, e.g. a loop with no way out.

    Examples:
        >>> from lifeexp.testing import make_journey
        >>> j = make_journey(
        ...     {"a": ["b"], "b": ["c", "end"], "c": ["a"]},
        ...     probabilities={("b", "c"): 0.3},
        ...     minutes={"a": 30, "c": 20},
        ... )
        >>> round(score(j, ScoringOptions(samples=0)).time_tax.mean_minutes, 2)
        51.43
    """
    require_journey(journey, "score")
    if options is not None and not isinstance(options, ScoringOptions):
        msg = (
            f"options must be a ScoringOptions, not {type(options).__name__} "
            "(e.g. ScoringOptions(samples=0, seed=7))"
        )
        raise TypeError(msg)
    # No garbage-collector switching here: it is process-wide, and the report draws maps on
    # another thread while journeys are scored.
    return _score(journey, options or ScoringOptions(), progress)


def _score(
    journey: Journey, options: ScoringOptions, progress: Callable[[int], None] | None
) -> Scorecard:
    chain = build_chain(journey)
    figures = step_figures(chain)

    sim = None
    if options.samples > 0:
        sim = simulate(
            chain,
            figures,
            samples=options.samples,
            seed=options.seed,
            max_walk=options.walk_limit(chain.n),
            progress=progress,
        )
    tt = time_tax(
        chain,
        figures,
        mc_minutes=sim.minutes if sim else None,
        options=options,
        psychological_threshold=options.psychological_threshold,
    )
    lt = lead_time(chain, figures, options, mc_days=sim.days if sim else None)
    handoffs = handoff_summary(chain, figures)
    tuo, repeats = tell_us_once(chain, figures)

    v, h = chain.visits, chain.reach
    extra = np.maximum(v - h, 0.0)
    rework = Rework(
        expected_extra_visits=float(extra.sum()),
        minutes=float(extra @ figures.burden),
        by_step={chain.ids[i]: float(extra[i]) for i in np.flatnonzero(extra > 1e-12)},
    )

    signing = figures.sign_in > 0
    reauth_at = np.where(signing, np.maximum(v - first_sign_in(chain, figures), 0.0), 0.0)
    points = friction_points(
        chain,
        figures,
        options,
        total_minutes=tt.mean_minutes,
        total_days=lt.expected_days,
        repeats=repeats,
        bottlenecks=lt.bottlenecks,
        reauth_at=reauth_at,
    )
    friction_by_step = points.by_step

    burden, std, wait = (
        figures.burden.tolist(),
        figures.burden_std.tolist(),
        figures.wait.tolist(),
    )
    v, h = chain.visits.tolist(), chain.reach.tolist()
    at_step = repeats.at_step.tolist()
    step_rows = (
        {
            "step_id": chain.ids[i],
            "title": step.title,
            "agency": figures.agency[i],
            "phase": step.phase,
            "expected_visits": v[i],
            "reach_probability": h[i],
            "burden_minutes": burden[i],
            "burden_std": std[i],
            "wait_days": wait[i],
            "minutes_at_stake": v[i] * burden[i],
            "days_at_stake": v[i] * wait[i],
            "repeated_entries": at_step[i],
            "friction_score": friction_by_step.get(chain.ids[i], 0.0),
        }
        for i, step in enumerate(chain.steps)
    )
    return Scorecard(
        journey_id=journey.id,
        title=journey.title,
        state=journey.state.value,
        compares_to=journey.compares_to,
        time_tax=tt,
        annual=annual_burden(chain, tt.mean_minutes, options.wage_rate),
        lead_time=lt,
        handoffs=handoffs,
        tell_us_once=tuo,
        rework=rework,
        steps=build_models(StepScore, step_rows),
        friction_points=points.points,
        friction_total=points.total,
        options=options.model_dump(mode="json"),
    )
