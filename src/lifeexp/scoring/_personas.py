"""Per-persona scores: each persona's own path, scored, and the spread between personas.

A persona's ``choices`` name the branch it takes at some steps; everywhere else it takes the
most likely branch (:meth:`lifeexp.model.Journey.persona_path`). The path is scored as a
journey of its own — the same steps, one transition between each pair of consecutive steps,
probability 1 — so every figure (time tax, duty time, lead time, milestone days, handoffs,
outcomes) means exactly what it means for the whole journey, for one person on that path.

The spread between personas (highest minus lowest time tax, and their ratio) is an equity
measure: how much more the hardest path costs than the easiest.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from lifeexp.evidence.feedback import keep_feedback_folder
from lifeexp.scoring._scorecard import PersonaScore, PersonaSpread

if TYPE_CHECKING:
    from lifeexp.model import Journey, Persona, Transition
    from lifeexp.scoring._options import ScoringOptions
    from lifeexp.scoring._scorecard import Scorecard

__all__ = ["persona_journey", "persona_scores", "persona_spread"]


def persona_journey(journey: Journey, persona: Persona) -> Journey:
    """The journey reduced to one persona's path (a chain of steps, probability 1 each)."""
    path = journey.persona_path(persona)
    first: dict[tuple[str, str], Transition] = {}
    for t in journey.transitions:
        first.setdefault((t.from_, t.to), t)
    kept = [first[(u, w)].model_copy(update={"probability": 1.0}) for u, w in pairwise(path)]
    reduced = journey.model_copy(
        update={
            "title": f"{journey.title}: {persona.name}",
            "transitions": kept,
            "personas": [],
        }
    )
    keep_feedback_folder(reduced, journey)  # relative feedback paths start at the original's file
    return reduced


def persona_scores(journey: Journey, options: ScoringOptions) -> list[PersonaScore]:
    """Each persona's path scored exactly (no Monte Carlo: a path has no branches)."""
    from lifeexp.scoring._score import score  # the section scores a smaller journey

    exact = options.model_copy(update={"samples": 0})
    out: list[PersonaScore] = []
    for persona in journey.personas:
        card = score(persona_journey(journey, persona), exact)
        out.append(persona_score(persona, card))
    return out


def persona_score(persona: Persona, card: Scorecard) -> PersonaScore:
    """The persona row of a path's scorecard."""
    return PersonaScore(
        persona_id=persona.id,
        name=persona.name,
        share=persona.share,
        path=[s.step_id for s in card.steps if s.expected_visits > 0],
        time_tax_minutes=card.time_tax.mean_minutes,
        duty_minutes=card.time_tax.duty_minutes,
        lead_time_days=card.lead_time.expected_days,
        milestone_days=card.lead_time.milestone_days,
        person_handoffs=card.handoffs.person_handoffs,
        total_handoffs=card.handoffs.total,
        outcomes=[o.name for o in card.outcomes if o.probability > 0.5],
    )


def persona_spread(rows: list[PersonaScore]) -> PersonaSpread | None:
    """Highest and lowest time tax and lead time across personas (None with fewer than 2)."""
    if len(rows) < 2:
        return None
    hi = max(rows, key=lambda r: r.time_tax_minutes)
    lo = min(reversed(rows), key=lambda r: r.time_tax_minutes)  # another persona on a tie
    days = [r.lead_time_days for r in rows]
    return PersonaSpread(
        highest=hi.persona_id,
        lowest=lo.persona_id,
        minutes=hi.time_tax_minutes - lo.time_tax_minutes,
        ratio=hi.time_tax_minutes / lo.time_tax_minutes if lo.time_tax_minutes > 0 else None,
        lead_time_days=max(days) - min(days),
    )
