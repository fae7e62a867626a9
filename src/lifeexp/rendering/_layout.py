"""The map's layout decisions, made once in Python so that every view and format agrees.

Graphviz is good at routing arrows but leaves lane order and columns to chance; journey-map
users complain most about exactly that. This module decides, deterministically:

* the **lanes**: the person's own lane first, then agencies in the configured order, then the
  rest in the order they first appear;
* the **columns**: phases in journey order, each phase as wide as its longest chain of steps,
  so every step sits in its phase's column band;
* which transitions are **cross-agency handoffs**, **loops** (rework, appeal, or any arrow that
  goes back to an earlier column) and which steps are on a **persona's path**;
* the **friction** shading and numbering taken from a scorecard, when one is given.

Nothing here imports Graphviz or the scoring package; a scorecard is read through the
:class:`ScorecardLike` protocol so rendering works before (and without) scoring.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Protocol

from lifeexp.graph import StepGraph, longest_path_depth
from lifeexp.model import PERSON, Journey, Persona, Step, Transition, TransitionKind

__all__ = [
    "NO_OWNER",
    "FrictionInfo",
    "Layout",
    "ScorecardLike",
    "build_layout",
    "lane_of",
    "persona_path",
]

NO_OWNER: Final = "(no owner)"
"""Lane for steps that name no agency (the checks report them; the map still draws them)."""

FRICTION_LEVELS: Final = 5
"""Shading levels: 0 = no friction, 1..4 = quarters of the journey's highest friction score."""


class StepScoreLike(Protocol):
    """What the renderer reads from one ``StepScore`` of a scorecard."""

    @property
    def step_id(self) -> str: ...
    @property
    def burden_minutes(self) -> float: ...
    @property
    def wait_days(self) -> float: ...
    @property
    def friction_score(self) -> float: ...


class FrictionPointLike(Protocol):
    """What the renderer reads from one ``FrictionPoint`` of a scorecard."""

    @property
    def rank(self) -> int: ...
    @property
    def step_id(self) -> str | None: ...
    @property
    def transition(self) -> tuple[str, str] | None: ...
    @property
    def reason(self) -> str: ...


class ScorecardLike(Protocol):
    """The parts of :class:`lifeexp.scoring.Scorecard` a map uses."""

    @property
    def steps(self) -> Sequence[StepScoreLike]: ...
    @property
    def friction_points(self) -> Sequence[FrictionPointLike]: ...


@dataclass(frozen=True, slots=True)
class FrictionInfo:
    """Friction shading and numbering derived from a scorecard."""

    level: dict[str, int] = field(default_factory=dict)
    """Step id → shading level 0..4."""
    step_rank: dict[str, list[int]] = field(default_factory=dict)
    """Step id → the top friction point numbers that point at it."""
    edge_rank: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    """(from, to) → the top friction point numbers that point at the transition."""
    reasons: dict[int, str] = field(default_factory=dict)
    """Friction point number → its reason, for legends and the text map."""
    minutes: dict[str, float] = field(default_factory=dict)
    """Step id → burden minutes as the scorecard computed them."""
    wait_days: dict[str, float] = field(default_factory=dict)
    """Step id → wait days as the scorecard computed them."""


def friction_info(scorecard: ScorecardLike | None, top: int) -> FrictionInfo:
    """Read shading levels and the top ``top`` friction points from a scorecard."""
    if scorecard is None:
        return FrictionInfo()
    scores = {s.step_id: float(s.friction_score) for s in scorecard.steps}
    highest = max(scores.values(), default=0.0)
    level: dict[str, int] = {}
    for sid, value in scores.items():
        if value <= 0 or highest <= 0:
            level[sid] = 0
        else:
            # Quarters of the journey's highest score: levels 1..4; the top step is level 4.
            level[sid] = min(FRICTION_LEVELS - 1, 1 + int(4 * value / highest * 0.999))
    step_rank: dict[str, list[int]] = {}
    edge_rank: dict[tuple[str, str], list[int]] = {}
    reasons: dict[int, str] = {}
    for point in sorted(scorecard.friction_points, key=lambda p: p.rank)[:top]:
        reasons[point.rank] = point.reason
        if point.transition is not None:
            u, v = point.transition
            edge_rank.setdefault((u, v), []).append(point.rank)
        elif point.step_id is not None:
            step_rank.setdefault(point.step_id, []).append(point.rank)
    return FrictionInfo(
        level=level,
        step_rank=step_rank,
        edge_rank=edge_rank,
        reasons=reasons,
        minutes={s.step_id: float(s.burden_minutes) for s in scorecard.steps},
        wait_days={s.step_id: float(s.wait_days) for s in scorecard.steps},
    )


def lane_of(step: Step) -> str:
    """The lane a step is drawn in: its agency, ``person``, or :data:`NO_OWNER`."""
    return step.agency if step.agency else NO_OWNER


@dataclass(frozen=True, slots=True)
class Layout:
    """Where every step goes and what every transition is."""

    lanes: list[str]
    """Lane keys top to bottom (``person`` first by default)."""
    lane_steps: dict[str, list[str]]
    """Lane → its step ids in column, then file order."""
    columns: list[tuple[str, int]]
    """Every column left to right as (phase id, index within the phase)."""
    column_of: dict[str, int]
    """Step id → column index."""
    phase_span: dict[str, tuple[int, int]]
    """Phase id → (first column, number of columns)."""
    phase_title: dict[str, str]
    """Phase id → title (unknown phases get their id)."""
    handoffs: list[Transition]
    """Transitions between two different agencies, neither being the person."""
    loops: set[tuple[str, str]]
    """(from, to) of rework and appeal transitions and of arrows to an earlier column."""
    transitions: list[Transition]
    """Transitions whose two steps exist, deduplicated, in file order."""


def build_layout(
    journey: Journey, *, lane_order: Sequence[str] = (), person_first: bool = True
) -> Layout:
    """Decide lanes, columns, handoffs and loops for a journey."""
    steps = {s.id: s for s in journey.steps}
    seen: set[tuple[str, str]] = set()
    transitions: list[Transition] = []
    for t in journey.transitions:
        if t.from_ in steps and t.to in steps and (t.from_, t.to) not in seen:
            seen.add((t.from_, t.to))
            transitions.append(t)

    # Lanes.
    present: dict[str, None] = {}
    for s in journey.steps:
        present.setdefault(lane_of(s), None)
    lanes: list[str] = []
    if person_first and PERSON in present:
        lanes.append(PERSON)
    for code in lane_order:
        if code in present and code not in lanes:
            lanes.append(code)
    for code in present:
        if code not in lanes and code != NO_OWNER:
            lanes.append(code)
    if NO_OWNER in present:
        lanes.append(NO_OWNER)

    # Columns: within each phase, the longest chain of forward arrows between its steps.
    phase_ids = [p.id for p in journey.phases]
    phase_title = {p.id: p.title for p in journey.phases}
    for s in journey.steps:
        if s.phase not in phase_title:
            phase_ids.append(s.phase)
            phase_title[s.phase] = s.phase
    order = {sid: i for i, sid in enumerate(steps)}
    graph = StepGraph.of(journey)
    starts = [graph.index[journey.start]] if journey.start in graph.index else []
    back = {(graph.ids[u], graph.ids[v]) for u, v in graph.back_edges(starts)}
    depth: dict[str, int] = {}
    for phase in phase_ids:
        members = [s.id for s in journey.steps if s.phase == phase]
        member_set = set(members)
        inner = [
            (t.from_, t.to)
            for t in transitions
            if t.from_ in member_set and t.to in member_set and (t.from_, t.to) not in back
        ]
        # Layering works on step numbers; a repeated step id keeps its first number.
        numbers = list(dict.fromkeys(graph.index[m] for m in members))
        layered = longest_path_depth(numbers, [(graph.index[u], graph.index[v]) for u, v in inner])
        depth.update({m: layered[graph.index[m]] for m in members})
    column_of: dict[str, int] = {}
    columns: list[tuple[str, int]] = []
    phase_span: dict[str, tuple[int, int]] = {}
    for phase in phase_ids:
        members = [s.id for s in journey.steps if s.phase == phase]
        width = 1 + max((depth[m] for m in members), default=0)
        phase_span[phase] = (len(columns), width)
        for m in members:
            column_of[m] = len(columns) + depth[m]
        columns.extend((phase, k) for k in range(width))

    lane_steps: dict[str, list[str]] = {lane: [] for lane in lanes}
    for sid in sorted(steps, key=lambda i: (column_of[i], order[i])):
        lane_steps[lane_of(steps[sid])].append(sid)

    handoffs = [t for t in transitions if _is_handoff(steps[t.from_], steps[t.to])]
    loops = {
        (t.from_, t.to)
        for t in transitions
        if t.kind in (TransitionKind.rework, TransitionKind.appeal)
        or column_of[t.to] < column_of[t.from_]
        or (column_of[t.to] == column_of[t.from_] and (t.from_, t.to) in back)
    }
    return Layout(
        lanes=lanes,
        lane_steps=lane_steps,
        columns=columns,
        column_of=column_of,
        phase_span=phase_span,
        phase_title=phase_title,
        handoffs=handoffs,
        loops=loops,
        transitions=transitions,
    )


def _is_handoff(a: Step, b: Step) -> bool:
    return (
        bool(a.agency and b.agency) and a.agency != b.agency and PERSON not in (a.agency, b.agency)
    )


def persona_path(journey: Journey, persona: Persona | None) -> list[str]:
    """The steps a persona goes through: its ``choices`` at branches, else the most likely
    branch (the first in file order on ties), from the start until an end or a repeat."""
    choices: Mapping[str, str] = persona.choices if persona else {}
    ids = set(journey.step_ids)
    path: list[str] = []
    seen: set[str] = set()
    node: str | None = journey.start if journey.start in ids else None
    while node is not None and node not in seen:
        path.append(node)
        seen.add(node)
        out = [t for t in journey.outgoing(node) if t.to in ids]
        if not out:
            break
        chosen = choices.get(node)
        if chosen is not None and any(t.to == chosen for t in out):
            node = chosen
        else:
            best = max(t.probability for t in out)
            node = next(t.to for t in out if t.probability == best)
    return path
