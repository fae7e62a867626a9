"""The estimates a journey's numbers rest on, listed for the report's readers.

Every figure in a journey has a source or an ``estimate:`` reason. A reader of the report
must be able to see which numbers are estimates and why, so the page lists each one with the
value it covers and the step or transition it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass

from lifeexp import formatting as fmt
from lifeexp.model import Journey, ThreePoint

__all__ = ["EstimateRow", "collect_estimates"]


@dataclass(frozen=True, slots=True)
class EstimateRow:
    """One estimated figure.

    Attributes:
        where: The step (title) or transition (``from → to``), or ``journey``.
        what: Which figure: ``burden``, ``wait``, ``probability``, ``annual volume``, ...
        value: The figure as written, e.g. ``[10, 20, 45] min``.
        reason: The one-line rationale from the YAML.
        anchor: Id of the step or transition the row refers to (for links), if any.
    """

    where: str
    what: str
    value: str
    reason: str
    anchor: str | None = None


def _tp(value: ThreePoint, unit: str) -> str:
    if value.is_point:
        return f"{fmt.number(value.likely)} {unit}"
    return f"[{fmt.number(value.low)}, {fmt.number(value.likely)}, {fmt.number(value.high)}] {unit}"


def collect_estimates(journey: Journey) -> list[EstimateRow]:
    """Every figure of ``journey`` that is marked as an estimate, in file order.

    Example:
        >>> from lifeexp.testing import make_journey
        >>> rows = collect_estimates(make_journey({"a": []}, minutes={"a": 30}))
        >>> [(r.where, r.what, r.value, r.reason) for r in rows]
        [('a', 'burden', 'completing 30 min', 'test value')]
    """
    rows: list[EstimateRow] = []
    if journey.annual_volume is not None and journey.annual_volume.estimate:
        rows.append(
            EstimateRow(
                "journey",
                "people a year",
                fmt.integer(journey.annual_volume.people),
                journey.annual_volume.estimate,
            )
        )
    titles = {s.id: s.title for s in journey.steps}
    for step in journey.steps:
        anchor = f"step-{step.id}"
        if step.burden is not None and step.burden.estimate:
            parts = [f"{c.value} {_tp(v, 'min')}" for c, v in step.burden.components().items()]
            rows.append(
                EstimateRow(step.title, "burden", ", ".join(parts), step.burden.estimate, anchor)
            )
        if step.wait is not None and step.wait.estimate:
            rows.append(
                EstimateRow(
                    step.title, "wait", _tp(step.wait.days, "days"), step.wait.estimate, anchor
                )
            )
        rows.extend(
            EstimateRow(step.title, "pain point", p.text, p.estimate, anchor)
            for p in step.pain_points
            if p.estimate
        )
        for d in step.deadlines:
            if d.estimate:
                value = d.title + (
                    f" ({fmt.days(d.window_days)})" if d.window_days is not None else ""
                )
                rows.append(EstimateRow(step.title, "deadline", value, d.estimate, anchor))
    for t in journey.transitions:
        if t.estimate:
            where = f"{titles.get(t.from_, t.from_)} → {titles.get(t.to, t.to)}"
            rows.append(EstimateRow(where, "probability", fmt.share(t.probability), t.estimate))
    rows.extend(
        EstimateRow("journey", "goal", g.text, g.estimate) for g in journey.goals if g.estimate
    )
    return rows
