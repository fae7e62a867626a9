"""The estimates a journey's numbers rest on, listed for the report's readers.

Every figure in a journey has a source or an ``estimate:`` reason. A reader of the report
must be able to see which numbers are estimates and why, so the page lists each one with the
value it covers and the step or transition it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass

from lifeexp import formatting as fmt
from lifeexp.model import (
    AnnualVolume,
    Burden,
    Deadline,
    Goal,
    Journey,
    JourneyFigure,
    PainPoint,
    Step,
    ThreePoint,
    Transition,
    Wait,
    journey_figures,
)

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


def _value(f: JourneyFigure) -> str:
    figure = f.figure
    if isinstance(figure, Burden):
        return ", ".join(f"{c.value} {_tp(v, 'min')}" for c, v in figure.components().items())
    if isinstance(figure, Wait):
        return _tp(figure.days, "days")
    if isinstance(figure, AnnualVolume):
        return fmt.integer(figure.people)
    if isinstance(figure, Transition):
        return fmt.share(figure.probability)
    if isinstance(figure, Deadline):
        window = f" ({fmt.days(figure.window_days)})" if figure.window_days is not None else ""
        return figure.title + window
    if isinstance(figure, PainPoint | Goal):
        return figure.text
    return ""  # pragma: no cover - every kind of figure is listed above


_WHAT = {"annual volume": "people a year"}


def collect_estimates(journey: Journey) -> list[EstimateRow]:
    """Every figure of ``journey`` that is marked as an estimate, in file order (read with
    the one walker of the model, :func:`lifeexp.model.journey_figures`).

    Example:
        >>> from lifeexp.testing import make_journey
        >>> rows = collect_estimates(make_journey({"a": []}, minutes={"a": 30}))
        >>> [(r.where, r.what, r.value, r.reason) for r in rows]
        [('a', 'burden', 'completing 30 min', 'test value')]
    """
    titles = {s.id: s.title for s in journey.steps}
    rows: list[EstimateRow] = []
    for f in journey_figures(journey):
        reason = f.figure.estimate
        if not reason:
            continue
        if isinstance(f.owner, Step):
            where, anchor = f.owner.title, f"step-{f.owner.id}"
        elif isinstance(f.owner, Transition):
            where = (
                f"{titles.get(f.owner.from_, f.owner.from_)} → {titles.get(f.owner.to, f.owner.to)}"
            )
            anchor = None
        else:
            where, anchor = "journey", None
        rows.append(EstimateRow(where, _WHAT.get(f.kind, f.kind), _value(f), reason, anchor))
    return rows
