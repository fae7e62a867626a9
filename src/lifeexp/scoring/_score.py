"""``score(journey)``: build the chain once and compute every section of the scorecard."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from lifeexp.errors import ScoringError
from lifeexp.evidence.feedback import FeedbackScore, feedback_score, resolve_feedback
from lifeexp.graph import StepGraph
from lifeexp.model import TransitionKind, require_journey
from lifeexp.scoring._bulk import build_models
from lifeexp.scoring._friction import friction_points
from lifeexp.scoring._handoffs import first_sign_in, handoff_summary
from lifeexp.scoring._lead_time import lead_time
from lifeexp.scoring._markov import build_chain
from lifeexp.scoring._montecarlo import simulate
from lifeexp.scoring._options import ScoringOptions
from lifeexp.scoring._outcomes import outcomes
from lifeexp.scoring._personas import persona_journey, persona_scores, persona_spread
from lifeexp.scoring._scorecard import Rework, Scorecard, StepScore, VolumeCheck
from lifeexp.scoring._tell_us_once import tell_us_once
from lifeexp.scoring._time_tax import annual_burden, step_figures, time_tax

if TYPE_CHECKING:
    from collections.abc import Callable

    from numpy.typing import NDArray

    from lifeexp.model import Journey
    from lifeexp.scoring._markov import Chain

__all__ = ["score"]


def score(
    journey: Journey,
    options: ScoringOptions | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    persona: str | None = None,
) -> Scorecard:
    """Score a journey: time tax, lead time, handoffs, tell-us-once and friction points.

    Expected values are exact (absorbing Markov chain); percentiles come from a seeded Monte
    Carlo of ``options.samples`` runs (none when ``samples`` is 0).

    Args:
        journey: The journey (already validated, e.g. by ``lifeexp.load_journey``).
        options: Monte Carlo size and seed, wage rate, friction thresholds and weights.
        progress: Called with the number of Monte Carlo runs finished at each tick (for
            progress bars).
        persona: Score only this persona's path (its ``choices``, else the most likely
            branch), as if everyone took it.

    Returns:
        The :class:`Scorecard`.

    Raises:
        ScoringError: The journey cannot be scored, e.g. a loop with no way out, or it has no
            persona ``persona``.

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
    options = options or ScoringOptions()
    # No garbage-collector switching here: it is process-wide, and the report draws maps on
    # another thread while journeys are scored.
    if persona is not None:
        try:
            who = journey.persona(persona)
        except KeyError as exc:
            raise ScoringError(exc.args[0]) from None
        card = _score(persona_journey(journey, who), options, progress)
        return card.model_copy(update={"persona": who.id})
    return _score(journey, options, progress)


def volume_checks(chain: Chain, options: ScoringOptions) -> list[VolumeCheck]:
    """Each step's published program volume against the entry volume × its reach."""
    entry = chain.journey.annual_volume
    if entry is None:
        return []
    out: list[VolumeCheck] = []
    for i, step in enumerate(chain.steps):
        pv = step.program_volume
        if pv is None:
            continue
        implied = entry.people * float(chain.reach[i])
        ratio = implied / pv.per_year
        out.append(
            VolumeCheck(
                step_id=step.id,
                counts=pv.counts,
                published=pv.per_year,
                published_source=pv.source_ids,
                implied=implied,
                entry_source=entry.source_ids,
                ratio=ratio,
                consistent=1 / options.volume_factor <= ratio <= options.volume_factor,
            )
        )
    return out


def rework_only(chain: Chain) -> NDArray[np.bool_]:
    """Steps that every path from the start reaches through a rework transition."""
    graph = StepGraph.of(chain.journey, without=(TransitionKind.rework,))
    reached = graph.reachable_from([graph.index[chain.journey.start]])
    return np.fromiter((not reached[graph.index[sid]] for sid in chain.ids), bool, chain.n)


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
    # Visits beyond the first; a step reached only through a rework transition is rework from
    # its first visit on (issue 12: a 65-minute rework step visited 0.11 times per person is
    # about 7 minutes of rework, not its few repeat visits).
    extra = np.where(rework_only(chain), v, np.maximum(v - h, 0.0))
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
    trust = _trust(
        journey,
        options,
        dict(zip(chain.ids, v, strict=True)),
        dict(zip(chain.ids, figures.agency, strict=True)),
    )
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
    people = journey.annual_volume.people if journey.annual_volume else None
    if people is not None:
        points_kept = [
            p.model_copy(update={"annual_hours_at_stake": p.minutes_at_stake * people / 60.0})
            for p in points.points
        ]
    else:
        points_kept = points.points
    opportunities = (
        sorted(points_kept, key=lambda p: (-(p.annual_hours_at_stake or 0.0), p.rank))[
            : options.opportunities_top_k
        ]
        if people is not None
        else []
    )
    personas = persona_scores(journey, options) if journey.personas else []
    return Scorecard(
        journey_id=journey.id,
        title=journey.title,
        state=journey.state.value,
        compares_to=journey.compares_to,
        time_tax=tt,
        annual=annual_burden(chain, tt, options.wage_rate),
        lead_time=lt,
        handoffs=handoffs,
        tell_us_once=tuo,
        rework=rework,
        steps=build_models(StepScore, step_rows),
        outcomes=outcomes(chain, figures),
        friction_points=points_kept,
        opportunities=opportunities,
        personas=personas,
        persona_spread=persona_spread(personas),
        volumes=volume_checks(chain, options),
        friction_total=points.total,
        trust=trust,
        options=options.model_dump(mode="json"),
    )


def _trust(
    journey: Journey, options: ScoringOptions, visits: dict[str, float], agencies: dict[str, str]
) -> FeedbackScore | None:
    """The journey's post-transaction trust figures, or ``None`` when it has no feedback.

    Raises:
        ScoringError: a feedback source named by the journey cannot be read (validating the
            journey reports where).
    """
    if not journey.feedback_sources and not any(s.feedback for s in journey.steps):
        return None
    feedback = resolve_feedback(journey)
    problems = feedback.diagnostics
    if problems:
        first = problems[0]
        msg = f"the journey's feedback cannot be read: {first.format()}" + (
            f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        )
        raise ScoringError(msg)
    return feedback_score(
        journey,
        feedback,
        visits=visits,
        agencies=agencies,
        min_responses=options.feedback_min_responses,
        goal=options.trust_goal,
    )
