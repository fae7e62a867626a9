"""Collect every ``estimate:`` marker so reviewers can see which figures are not sourced."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from lifeexp.loading import CatalogBuild, Locator
from lifeexp.model import (
    AnnualVolume,
    Burden,
    CatalogFile,
    Deadline,
    FeedbackFigures,
    FeedbackSource,
    Goal,
    Journey,
    MinutesBasis,
    PainPoint,
    ThreePoint,
    Transition,
    Wait,
    journey_figures,
)

__all__ = ["Estimate", "catalog_estimates", "journey_estimates"]


@dataclass(frozen=True, slots=True)
class Estimate:
    """One figure marked as an estimate.

    Attributes:
        path: File the marker is in (``None`` for a journey built in Python).
        line: 1-based line of the ``estimate`` key (or of the figure).
        column: 1-based column.
        subject: The journey id or the catalog form id.
        what: Which figure, e.g. ``step 'apply' burden``.
        value: The figure as written, e.g. ``completing [20, 30, 60] min``.
        rationale: The one-line reason given for the estimate.
    """

    path: str | None
    line: int | None
    column: int | None
    subject: str
    what: str
    value: str
    rationale: str

    @property
    def location(self) -> str:
        """``path:line:column`` with the parts that are known."""
        parts = [self.path or "<input>"]
        parts += [str(x) for x in (self.line, self.column) if x is not None]
        return ":".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)

    def line_text(self) -> str:
        """One line for a listing (``lifeexp validate --list-estimates``), unescaped.

        >>> Estimate("j.yaml", 4, 7, "j", "step 'a' burden", "completing 30 min",
        ...          "from a   staff interview").line_text()
        "j.yaml:4:7: estimate: j: step 'a' burden = completing 30 min — from a staff interview"
        """
        rationale = " ".join(self.rationale.split())
        return (
            f"{self.location}: estimate: {self.subject}: {self.what} = {self.value} — {rationale}"
        )


def _tp(value: ThreePoint) -> str:
    if value.is_point:
        return f"{value.likely:g}"
    return f"[{value.low:g}, {value.likely:g}, {value.high:g}]"


def describe_value(figure: object) -> str:
    """The figure as a short text: minutes, days, people, a probability or a title."""
    if isinstance(figure, Burden):
        parts = [f"{comp.value} {_tp(tp)}" for comp, tp in figure.components().items()]
        return (", ".join(parts) + " min") if parts else "no minutes given"
    if isinstance(figure, Wait):
        return f"{_tp(figure.days)} days"
    if isinstance(figure, AnnualVolume):
        return f"{figure.people:,} people a year"
    if isinstance(figure, Transition):
        return f"probability {figure.probability:g}"
    if isinstance(figure, Deadline):
        window = f" (window {figure.window_days:g} days)" if figure.window_days is not None else ""
        return figure.title + window
    if isinstance(figure, PainPoint | Goal):
        return figure.text
    if isinstance(figure, FeedbackFigures):
        return f"{figure.quarter}: {figure.trusting:,} of {figure.trust_answers:,} trusting"
    if isinstance(figure, FeedbackSource):
        return figure.title or f"{figure.kind.value} source"
    return ""


def journey_estimates(journey: Journey, locator: Locator) -> Iterator[Estimate]:
    """Every estimate in a journey, in file order."""
    for f in journey_figures(journey):
        if not f.figure.estimate:
            continue
        line, col = locator.key((*f.loc, "estimate"))
        yield Estimate(
            locator.path,
            line,
            col,
            journey.id,
            f.description,
            describe_value(f.figure),
            f.figure.estimate,
        )


def catalog_estimates(build: CatalogBuild) -> Iterator[Estimate]:
    """Every form whose minutes per response are an estimate, in catalog order."""
    for loaded in build.files:
        model = loaded.model
        if not isinstance(model, CatalogFile):
            continue
        for i, form in enumerate(model.forms):
            if form.minutes_basis is not MinutesBasis.estimate:
                continue
            line, col = loaded.locator.key(("forms", i, "minutes_basis"))
            minutes = (
                f"{form.minutes_per_response:g} min per response"
                if form.minutes_per_response is not None
                else "no minutes given"
            )
            yield Estimate(
                loaded.display,
                line,
                col,
                form.id,
                f"form {form.id!r} minutes per response",
                minutes,
                form.minutes_note or "(no reason given)",
            )
