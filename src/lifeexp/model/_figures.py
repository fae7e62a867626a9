"""Every figure of a journey that carries provenance, walked once for everybody.

The checks (missing sources, unknown source ids, ``--list-estimates``) and the report's
estimates table all read a journey's figures through :func:`journey_figures`, so a new kind of
figure is added in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from lifeexp.model._journey import Journey, Step, Transition
from lifeexp.model._values import Provenance

__all__ = ["FigureKind", "JourneyFigure", "journey_figures"]

FigureKind = Literal[
    "annual volume", "goal", "burden", "wait", "pain point", "deadline", "probability"
]


@dataclass(frozen=True, slots=True)
class JourneyFigure:
    """One figure with provenance and where it sits in the journey."""

    figure: Provenance
    """The model object carrying ``source``/``estimate`` (a burden, a wait, a transition …)."""
    loc: tuple[str | int, ...]
    """Its path in the journey document, e.g. ``("steps", 3, "burden")``."""
    kind: FigureKind
    """What kind of figure it is."""
    description: str
    """How messages name it, e.g. ``step 'apply' burden``."""
    owner: Step | Transition | None
    """The step or transition it belongs to (``None`` for journey-level figures)."""


def journey_figures(journey: Journey) -> Iterator[JourneyFigure]:
    """Every figure with provenance, in file order (journey-level figures first).

    >>> from lifeexp.testing import make_journey
    >>> journey = make_journey({"a": []}, minutes={"a": 3})
    >>> [(f.kind, f.description) for f in journey_figures(journey)]
    [('burden', "step 'a' burden")]
    """
    if journey.annual_volume is not None:
        yield JourneyFigure(
            journey.annual_volume, ("annual_volume",), "annual volume", "annual volume", None
        )
    for g, goal in enumerate(journey.goals):
        yield JourneyFigure(goal, ("goals", g), "goal", f"goal {g + 1}", None)
    for i, step in enumerate(journey.steps):
        where = f"step {step.id!r}"
        if step.burden is not None:
            yield JourneyFigure(
                step.burden, ("steps", i, "burden"), "burden", f"{where} burden", step
            )
        if step.wait is not None:
            yield JourneyFigure(step.wait, ("steps", i, "wait"), "wait", f"{where} wait", step)
        for k, pain in enumerate(step.pain_points):
            yield JourneyFigure(
                pain,
                ("steps", i, "pain_points", k),
                "pain point",
                f"{where} pain point {k + 1}",
                step,
            )
        for k, deadline in enumerate(step.deadlines):
            yield JourneyFigure(
                deadline,
                ("steps", i, "deadlines", k),
                "deadline",
                f"{where} deadline {k + 1}",
                step,
            )
    for j, tr in enumerate(journey.transitions):
        yield JourneyFigure(
            tr, ("transitions", j), "probability", f"transition {tr.from_}→{tr.to}", tr
        )
