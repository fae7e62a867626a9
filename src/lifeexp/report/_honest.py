"""The report's views of what issue 12 added: outcomes first, whose time it is, milestone
waits, handoffs by what the person must do, personas and opportunities.

Each function turns scorecard sections into plain dicts of display strings for the templates
(``templates/_honest.html.j2``), so the templates never format a number themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lifeexp import formatting as fmt

if TYPE_CHECKING:
    from lifeexp.scoring import Comparison, Scorecard

__all__ = ["comparison_extras", "journey_extras"]

_KIND_WORDS = {
    "eligibility_date": "waiting to reach an eligibility date",
    "statutory_window": "statutory windows",
    "own_timing": "the person's own choice of timing",
}


def _share(value: float | None) -> str:
    return fmt.share(value) if value is not None else "–"


def journey_extras(card: Scorecard) -> dict[str, Any]:
    """Outcomes, time borne by others, milestones, handoffs by type, personas, opportunities."""
    tt, lt, h = card.time_tax, card.lead_time, card.handoffs
    beside = []
    if tt.duty_minutes:
        beside.append(("Duty or work time (the employer's)", fmt.minutes(tt.duty_minutes)))
    if tt.agency_staff_minutes:
        beside.append(("Agency staff time", fmt.minutes(tt.agency_staff_minutes)))
    milestones = [
        (_KIND_WORDS.get(kind, kind), fmt.days(days))
        for kind, days in lt.milestone_by_kind.items()
        if days
    ]
    spread = card.persona_spread
    return {
        "outcomes": [
            {
                "name": o.name,
                "probability": _share(o.probability),
                "days": fmt.days(o.expected_days) if o.expected_days is not None else "–",
                "minutes": fmt.minutes(o.expected_minutes)
                if o.expected_minutes is not None
                else "–",
            }
            for o in card.outcomes
        ],
        "time_beside": beside,
        "milestones": milestones,
        "milestone_total": fmt.days(lt.milestone_days) if lt.milestone_days else None,
        "handoffs_by_what": [
            ("Handoffs the person carries", fmt.count(h.person_handoffs)),
            ("Handoffs agencies share or refer warmly", fmt.count(h.shared_handoffs)),
            ("Of which through the person's own steps", fmt.count(h.through_person)),
            ("All agency changes", fmt.count(h.total)),
        ],
        "persona_rows": [
            {
                "name": p.name,
                "share": _share(p.share),
                "time_tax": fmt.minutes(p.time_tax_minutes),
                "lead": fmt.days(p.lead_time_days),
                "milestones": fmt.days(p.milestone_days),
                "handoffs": fmt.count(p.person_handoffs),
                "outcomes": ", ".join(p.outcomes) or "–",
            }
            for p in card.personas
        ],
        "persona_spread": (
            f"The hardest path ({spread.highest}) costs {fmt.minutes(spread.minutes)} more of "
            f"the person's time than the easiest ({spread.lowest})"
            + (f", {fmt.number(spread.ratio, 1)} times as much" if spread.ratio else "")
            + "."
        )
        if spread is not None
        else None,
        "opportunities": [
            {
                "where": " → ".join(p.transition) if p.transition else p.step_id,
                "hours": fmt.hours(p.annual_hours_at_stake),
                "reason": p.reason,
            }
            for p in card.opportunities
        ],
    }


def comparison_extras(comparison: Comparison, titles: dict[str, str]) -> dict[str, Any]:
    """Outcome deltas (shown first) and where the hours saved come from."""
    verdict = {True: "better", False: "worse", None: "no change"}
    return {
        "outcome_rows": [
            {
                "name": o.name,
                "before": _share(o.before_probability),
                "after": _share(o.after_probability),
                "before_days": fmt.days(o.before_days) if o.before_days is not None else "–",
                "after_days": fmt.days(o.after_days) if o.after_days is not None else "–",
                "verdict": verdict[o.improved],
            }
            for o in comparison.outcomes
        ],
        "hours_by_step": [
            {
                "title": titles.get(r.before_step or r.after_step or "", r.title),
                "what": "removed"
                if r.after_step is None
                else ("added" if r.before_step is None else "changed"),
                "hours": fmt.hours(r.hours) if r.hours >= 0 else "−" + fmt.hours(-r.hours),
            }
            for r in comparison.hours_saved_by_step[:10]
        ],
    }
