"""The agency handover view: owners as nodes, expected handoffs between them as weighted arrows.

Where the swimlane map shows every step, this view answers "who passes the person to whom,
how often": an arrow's width and label give the expected number of times per person the case
moves from one owner to the other, read from the scorecard's handover matrix (the journey is
scored exactly when no scorecard is given; the view computes nothing of its own). Arrows
between two agencies carry the handoff types seen on them, in words and in the same line
patterns as the swimlane map.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

from lifeexp import formatting as fmt
from lifeexp.errors import RenderError
from lifeexp.model import PERSON, HandoffType, Journey
from lifeexp.rendering._dotwriter import AttrValue, DotWriter, Lines
from lifeexp.rendering._layout import NO_OWNER, Layout, lane_of
from lifeexp.rendering._options import RenderOptions
from lifeexp.rendering._swimlane import HANDOFF_STYLE, LANE_LABEL

__all__ = ["handover_counts", "handover_dot"]


class _CellLike(Protocol):
    @property
    def from_agency(self) -> str: ...
    @property
    def to_agency(self) -> str: ...
    @property
    def expected(self) -> float: ...


class _HandoffsLike(Protocol):
    @property
    def matrix(self) -> Sequence[_CellLike]: ...


class HandoverScorecard(Protocol):
    """The part of a scorecard the handover view reads."""

    @property
    def handoffs(self) -> _HandoffsLike: ...


def handover_counts(
    journey: Journey, scorecard: HandoverScorecard | None = None
) -> dict[tuple[str, str], float]:
    """Expected moves per person between two different owners, keyed by (from, to)."""
    if scorecard is None:
        scorecard = _exact_scorecard(journey)
    counts: dict[tuple[str, str], float] = defaultdict(float)
    for cell in scorecard.handoffs.matrix:
        if cell.from_agency != cell.to_agency and cell.expected > 0:
            counts[(cell.from_agency, cell.to_agency)] += cell.expected
    return dict(counts)


def _exact_scorecard(journey: Journey) -> HandoverScorecard:
    """The scorecard's exact figures: the view reads the handover matrix scoring computes,
    never a second, disagreeing computation of its own."""
    from lifeexp.errors import ScoringError
    from lifeexp.scoring import ScoringOptions, score

    try:
        return score(journey, ScoringOptions(samples=0))
    except ScoringError as exc:
        msg = f"the handover view shows expected handovers, and this journey has none: {exc}"
        raise RenderError(msg) from exc


def handover_dot(
    journey: Journey,
    layout: Layout,
    options: RenderOptions,
    scorecard: HandoverScorecard | None = None,
) -> str:
    """DOT for the handover view."""
    theme = options.colours
    counts = handover_counts(journey, scorecard)
    steps = {s.id: s for s in journey.steps}
    types: dict[tuple[str, str], set[HandoffType]] = defaultdict(set)
    for t in layout.handoffs:
        if t.handoff is not None:
            types[(lane_of(steps[t.from_]), lane_of(steps[t.to]))].add(t.handoff)
    owners = list(layout.lanes)
    for a, b in counts:
        for code in (a, b):
            if code not in owners:
                owners.append(code)
    highest = max(counts.values(), default=1.0)

    w = DotWriter(journey.id + ".handover")
    w.comment(f"lifeexp handover view: {journey.id}")
    w.defaults(
        "graph",
        {
            "rankdir": options.rankdir,
            "fontname": options.font,
            "fontsize": 14,
            "label": Lines([journey.title, "handovers: expected moves per person"]),
            "labelloc": "t",
            "labeljust": "l",
            "nodesep": 0.5,
            "ranksep": 1.0,
            "forcelabels": "true",
        },
    )
    w.defaults(
        "node",
        {
            "fontname": options.font,
            "fontsize": 12,
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": "#ffffff",
            "color": theme.ink,
            "fontcolor": theme.ink,
        },
    )
    w.defaults("edge", {"fontname": options.font, "fontsize": 10, "color": theme.ink})
    for code in owners:
        n_steps = sum(1 for s in journey.steps if lane_of(s) == code)
        label = [LANE_LABEL.get(code, code)]
        if options.agency_names.get(code):
            label.append(options.agency_names[code])
        label.append(f"{n_steps} step{'s' if n_steps != 1 else ''}")
        w.node(
            "owner:" + code,
            {
                "label": Lines(label),
                "shape": "ellipse" if code in (PERSON, NO_OWNER) else None,
            },
        )
    for (a, b), value in sorted(
        counts.items(), key=lambda kv: (owners.index(kv[0][0]), owners.index(kv[0][1]))
    ):
        kinds = sorted(types.get((a, b), set()), key=list(HandoffType).index)
        words = [f"{fmt.count(value)} per person"]
        attrs: dict[str, AttrValue | None] = {
            "penwidth": round(1 + 5 * value / highest, 2),
            "weight": max(1, round(10 * value / highest)),
        }
        if kinds:
            pattern, _ = HANDOFF_STYLE[kinds[-1]]  # the worst type present sets the pattern
            words.extend("handoff: " + HANDOFF_STYLE[k][1] for k in kinds)
            colour = theme.handoff[kinds[-1].value]
            attrs["color"] = f"{colour}:invis:{colour}" if pattern == "double" else colour
            attrs["style"] = pattern if pattern not in ("solid", "double") else None
        attrs["label"] = Lines(words)
        w.edge("owner:" + a, "owner:" + b, attrs)
    return w.text()
