"""``compare(before, after)``: two journeys (e.g. current and future state) side by side.

Every headline metric gets its before, after and delta; steps are matched by id and, when ids
differ, by title (case- and space-insensitive); cross-agency handoffs are matched by their
(matched) steps. Annual hours saved use one population for both states, the ``before``
journey's annual volume (else ``after``'s): ``people × (TT_before − TT_after) / 60``.
"""

from __future__ import annotations

from lifeexp.metrics import METRICS
from lifeexp.model import Journey, require_journey
from lifeexp.scoring._options import ScoringOptions
from lifeexp.scoring._score import score
from lifeexp.scoring._scorecard import Comparison, HandoffRef, MetricDelta, Scorecard

__all__ = ["compare"]


def _norm(title: str) -> str:
    return " ".join(title.casefold().split())


def _delta(name: str, before: Scorecard, after: Scorecard) -> MetricDelta:
    info = next(m for m in METRICS if m.name == name)
    b, a = before.metrics()[name], after.metrics()[name]
    delta = None if a is None or b is None else a - b
    relative = delta / b if delta is not None and b else None
    improved: bool | None = None
    if delta is not None and abs(delta) > 1e-9:
        improved = delta < 0 if info.better == "lower" else delta > 0
    return MetricDelta(
        name=name,
        label=info.label,
        unit=info.unit,
        better=info.better,
        before=b,
        after=a,
        delta=delta,
        relative=relative,
        improved=improved,
    )


def _card(item: Journey | Scorecard, options: ScoringOptions) -> Scorecard:
    if isinstance(item, Scorecard):
        return item
    return score(require_journey(item, "compare"), options)


def compare(
    before: Journey | Scorecard,
    after: Journey | Scorecard,
    options: ScoringOptions | None = None,
) -> Comparison:
    """Compare two journeys metric by metric.

    Args:
        before: Usually the current state: a journey, or its scorecard if already computed.
        after: Usually the future state: a journey or its scorecard.
        options: Scoring options for journeys that still need scoring (the same seed for
            both keeps Monte Carlo noise comparable) and the wage rate for dollars saved.

    Raises:
        ScoringError: Either journey cannot be scored.

    Examples:
        >>> from lifeexp.testing import make_journey
        >>> now = make_journey({"a": ["b"], "b": []}, minutes={"a": 30, "b": 10})
        >>> later = make_journey({"a": ["b"], "b": []}, minutes={"a": 5, "b": 10})
        >>> c = compare(now, later, ScoringOptions(samples=0))
        >>> c.metric("time_tax.mean_minutes").delta
        -25.0
    """
    options = options or ScoringOptions()
    card_b = _card(before, options)
    card_a = _card(after, options)

    # Step matching: by id, then by title for the rest.
    ids_b = [s.step_id for s in card_b.steps]
    ids_a = [s.step_id for s in card_a.steps]
    common = set(ids_b) & set(ids_a)
    match: dict[str, str] = {i: i for i in common}  # before id -> after id
    by_title_a: dict[str, str] = {}
    for st in card_a.steps:
        if st.step_id not in common:
            by_title_a.setdefault(_norm(st.title), st.step_id)
    by_title: list[tuple[str, str]] = []
    for st in card_b.steps:
        if st.step_id in common:
            continue
        target = by_title_a.pop(_norm(st.title), None)
        if target is not None:
            match[st.step_id] = target
            by_title.append((st.step_id, target))
    matched_after = set(match.values())

    hb, ha = card_b.handoffs.transitions, card_a.handoffs.transitions
    after_by_pair = {(h.from_step, h.to_step): h for h in ha}
    removed: list[HandoffRef] = []
    changed: list[tuple[HandoffRef, HandoffRef]] = []
    kept_pairs: set[tuple[str, str]] = set()
    for h in hb:
        pair = (match.get(h.from_step, ""), match.get(h.to_step, ""))
        other = after_by_pair.get(pair)
        if other is None:
            removed.append(h)
            continue
        kept_pairs.add(pair)
        if other.handoff != h.handoff:
            changed.append((h, other))
    added = [h for h in ha if (h.from_step, h.to_step) not in kept_pairs]

    people = None
    if card_b.annual is not None:
        people = card_b.annual.people
    elif card_a.annual is not None:
        people = card_a.annual.people
    hours_saved = (
        people * (card_b.time_tax.mean_minutes - card_a.time_tax.mean_minutes) / 60.0
        if people is not None
        else None
    )
    wage = options.wage_rate
    if wage is None and card_b.annual is not None:
        wage = card_b.annual.wage_rate
    dollars_saved = hours_saved * wage if hours_saved is not None and wage is not None else None
    return Comparison(
        before_id=card_b.journey_id,
        after_id=card_a.journey_id,
        before_title=card_b.title,
        after_title=card_a.title,
        metrics=[_delta(m.name, card_b, card_a) for m in METRICS],
        steps_removed=[i for i in ids_b if i not in match],
        steps_added=[i for i in ids_a if i not in matched_after],
        steps_matched_by_title=by_title,
        handoffs_removed=removed,
        handoffs_added=added,
        handoffs_changed=changed,
        annual_people=people,
        annual_hours_saved=hours_saved,
        annual_dollars_saved=dollars_saved,
        before=card_b,
        after=card_a,
        warnings=_relation_warnings(before, after, card_b, card_a, shared=len(match)),
    )


def _relation_warnings(
    before: Journey | Scorecard,
    after: Journey | Scorecard,
    card_b: Scorecard,
    card_a: Scorecard,
    *,
    shared: int,
) -> list[str]:
    """Why the two journeys look unrelated, so that a comparison of them is likely a mistake
    (two files swapped on the command line, the wrong future state)."""
    if card_a.compares_to == card_b.journey_id or card_b.compares_to == card_a.journey_id:
        return []  # the future state names the current one: related by declaration
    found: list[str] = []
    if (
        isinstance(before, Journey)
        and isinstance(after, Journey)
        and before.life_experience != after.life_experience
    ):
        found.append(
            f"{card_b.journey_id!r} and {card_a.journey_id!r} are different life "
            f"experiences ({before.life_experience.value} and "
            f"{after.life_experience.value}), and neither names the other in compares_to"
        )
    if shared == 0:
        found.append(
            f"{card_b.journey_id!r} and {card_a.journey_id!r} share no step (by id or title): "
            "every step counts as removed and added, so the deltas compare unrelated journeys"
        )
    return found
