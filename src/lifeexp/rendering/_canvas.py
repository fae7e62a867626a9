"""The journey canvas and the service blueprint: journey-map grids drawn directly as SVG.

Both views share one grid. Its **columns** are the steps of one path through the journey (a
persona's path, or the most likely one) under their phase headers; its **rows** come from the
one table :data:`ROWS`, each row an id, a header and a cell renderer, tagged with the views it
appears in. Adding a row (say, a trust row from A-11 survey data) is one entry in that table:
the measuring, wrapping, pagination, SVG and text alternative all follow from it.

Canvas rows: the person's action, agency and channel, time (the person's active minutes and the
calendar wait as bars on one scale for the whole canvas), the emotion curve (a line through
−2..+2 with every value written; a step with no recorded emotion breaks the line, nothing is
invented), pain points with their sources, friction from the scorecard, handoffs between
columns (line pattern and label), deadlines, branches off the path ("40% go to ...") and, when a
future state is given, the opportunities at each step. Blueprint rows: customer actions,
frontstage touchpoints, the line of visibility, backstage agency work and the support row with
the data agencies pass each other.

Nothing needs Graphviz. Text is measured (:mod:`~lifeexp.rendering._measure`) and wrapped to the
column, long items are cut with ``…`` after a fixed number of lines (the text alternative,
:func:`canvas_table`, carries them whole), and every user string is XML-escaped. Meaning is
never carried by colour alone: bars are labelled with their values, the wait bar is hatched,
handoff types have their own line pattern and words, friction is written as ``n/4``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from lifeexp import formatting as fmt
from lifeexp.errors import RenderError
from lifeexp.model import PERSON, Journey, Step, StepKind, Transition, TransitionKind
from lifeexp.rendering._escape import markdown_table_cell, one_line, xml_text
from lifeexp.rendering._layout import (
    FrictionInfo,
    lane_of,
    persona_path,
    recorded_emotion,
)
from lifeexp.rendering._measure import wrap_to_width
from lifeexp.rendering._options import RenderOptions
from lifeexp.rendering._pages import MIN_PRINT_PT, PageSpec, chunk_groups
from lifeexp.rendering._persona import find_persona
from lifeexp.rendering._swimlane import HANDOFF_STYLE, LANE_LABEL

__all__ = [
    "ROWS",
    "Canvas",
    "CanvasParts",
    "CanvasView",
    "Row",
    "build_canvas",
    "canvas_bytes",
    "canvas_page_svgs",
    "canvas_pages",
    "canvas_parts",
    "canvas_svg",
    "canvas_table",
]

CanvasView = Literal["canvas", "blueprint"]

# Geometry, in SVG user units (1 unit = 1 pt when printed, 1 px on screen at 100 %).
HEADER_W: Final = 136.0
COL_W: Final = 158.0
PAD: Final = 6.0
TITLE_H: Final = 46.0
PHASE_H: Final = 26.0
FONT: Final = "Helvetica, Arial, 'Liberation Sans', sans-serif"
SIZE_TITLE: Final = 16.0
SIZE_HEAD: Final = 11.5
SIZE_BODY: Final = 11.0
SIZE_SMALL: Final = 10.0
SMALLEST: Final = SIZE_SMALL
"""The smallest font on the canvas; printing never scales it below :data:`MIN_PRINT_PT`."""
PRINT_SCALE: Final = 0.75
"""Printed canvases are drawn at most this size: 8.25 pt body text, 7.5 pt small text, five
steps across a letter page instead of three at full size."""
LINE: Final = 1.25
"""Line height as a multiple of the font size."""

Style = Literal["body", "strong", "small", "quote", "muted"]
_SIZES: Final[dict[str, float]] = {
    "body": SIZE_BODY,
    "strong": SIZE_BODY,
    "small": SIZE_SMALL,
    "quote": SIZE_SMALL,
    "muted": SIZE_SMALL,
}


@dataclass(frozen=True, slots=True)
class Item:
    """One piece of text in a cell; the renderer wraps it to the column."""

    text: str
    style: Style = "body"
    max_lines: int = 4


@dataclass(frozen=True, slots=True)
class Column:
    """One step of the path, with what the rows need to know about its neighbours."""

    index: int
    step: Step
    phase: str
    arrived_by: Transition | None
    """The transition from the previous step of the path (``None`` for the first)."""
    handoff: bool
    """``arrived_by`` crosses from one agency to another (neither being the person)."""
    branches: list[Transition]
    """Transitions leaving this step that the path does not take."""
    minutes: float
    wait_days: float
    emotion: int | None
    """The recorded emotion, or ``None`` when the journey file gives none for the step."""


@dataclass(frozen=True, slots=True)
class Canvas:
    """Everything drawn on one canvas: the path's columns and the journey they come from."""

    journey: Journey
    view: CanvasView
    path_name: str
    columns: list[Column]
    phase_runs: list[tuple[str, int]]
    """Consecutive columns of one phase, left to right: (phase id, column count)."""
    phase_title: dict[str, str]
    empty_phases: list[str]
    """Titles of the journey's phases that have no step on this path."""
    friction: FrictionInfo
    opportunities: dict[str, list[str]] | None
    """Step id → what the future state changes there; ``None`` without a future state."""
    future_title: str | None = None
    max_minutes: float = 0.0
    max_days: float = 0.0
    titles: dict[str, str] = field(default_factory=dict)
    """Step id → title, for naming branch targets."""


@dataclass(frozen=True, slots=True)
class Graphic:
    """A drawing of fixed height at the top of a row's cells (bars, the emotion curve)."""

    height: float
    draw: Callable[[Canvas, Column, float, float, float], list[str]]
    """(canvas, column, x, y, width) → SVG elements inside the cell."""
    across: Callable[[Canvas, Sequence[tuple[Column, float]], float], list[str]] | None = None
    """(canvas, [(column, centre x)], top y) → SVG elements that join cells (the curve)."""
    scale: Callable[[Canvas], list[str]] | None = None
    """Extra header lines that explain the graphic's scale."""


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the canvas or blueprint: a header and what each step's cell says."""

    id: str
    header: str
    views: frozenset[CanvasView]
    cell: Callable[[Canvas, Column], list[Item]]
    graphic: Graphic | None = None
    always: bool = False
    """Drawn even when no cell has anything (rows that show the path's shape)."""
    rule: bool = False
    """A dashed line across the grid under this row (the blueprint's line of visibility)."""
    note: str = ""
    """A line under the header that explains the row (e.g. what its dashed rule means)."""


# --------------------------------------------------------------------------------------------
# Cell contents, one function per row.


def _owner(step: Step) -> str:
    lane = lane_of(step)
    return LANE_LABEL.get(lane, lane)


def _action(canvas: Canvas, col: Column) -> list[Item]:
    step = col.step
    items = [Item(step.title, "strong", 5)]
    if step.kind is not StepKind.action:
        items.append(Item(_KIND_WORD[step.kind], "muted", 1))
    return items


_KIND_WORD: Final = {
    StepKind.action: "action",
    StepKind.decision: "decision",
    StepKind.wait: "waiting",
    StepKind.automatic: "automatic: no effort from the person",
    StepKind.end: "outcome",
}


def _agency_channel(canvas: Canvas, col: Column) -> list[Item]:
    step = col.step
    channel = step.channel.value.replace("_", " ")
    items = [Item(_owner(step), "body", 2)]
    if step.channel.value != "none":
        others = [c.value.replace("_", " ") for c in step.other_channels]
        text = channel + (f" (also {', '.join(others)})" if others else "")
        items.append(Item(text, "small", 2))
    if step.sign_in.value != "none":
        items.append(Item("sign-in: " + step.sign_in.value.replace("_", " "), "small", 1))
    return items


def _time(canvas: Canvas, col: Column) -> list[Item]:
    items: list[Item] = []
    if col.minutes:
        items.append(Item(f"{fmt.minutes(col.minutes)} of the person's time", "small", 2))
    if col.wait_days:
        items.append(Item(f"then waits {fmt.days(col.wait_days)}", "small", 2))
    return items


def _emotion(canvas: Canvas, col: Column) -> list[Item]:
    if col.emotion is None:
        return [Item("not recorded", "muted", 1)]
    return [Item(_EMOTION_WORD[col.emotion], "small", 1)]


_EMOTION_WORD: Final = {
    -2: "very negative",
    -1: "negative",
    0: "neutral",
    1: "positive",
    2: "very positive",
}


def _signed(value: int) -> str:
    return f"+{value}" if value > 0 else ("−" + str(-value) if value < 0 else "0")


def _provenance(source: str | list[str] | None, estimate: str | None) -> str:
    if source:
        return "source: " + (source if isinstance(source, str) else ", ".join(source))
    if estimate:
        return "estimate: " + estimate
    return "no source given"


def _pain_points(canvas: Canvas, col: Column) -> list[Item]:
    items: list[Item] = []
    for pain in col.step.pain_points:
        quoted = pain.text if pain.text.lstrip()[:1] in ('"', "“", "'") else f"“{pain.text}”"
        items.append(Item(quoted, "quote", 5))
        items.append(Item(_provenance(pain.source, pain.estimate), "muted", 2))
    return items


def _friction(canvas: Canvas, col: Column) -> list[Item]:
    f = canvas.friction
    items: list[Item] = []
    level = f.level.get(col.step.id, 0)
    if level:
        items.append(Item(f"friction {level}/4", "strong", 1))
    ranks = list(f.step_rank.get(col.step.id, []))
    if col.arrived_by is not None:
        ranks += f.edge_rank.get((col.arrived_by.from_, col.arrived_by.to), [])
    for rank in sorted(set(ranks)):
        items.append(Item(f"#{rank} top friction point: {f.reasons.get(rank, '')}", "small", 4))
    return items


def _trust(canvas: Canvas, col: Column) -> list[Item]:
    # The A-11 figure in words (value, 95 % interval, n), so trust never rests on colour.
    label = canvas.friction.trust.get(col.step.id)
    return [Item(label, "small", 3)] if label else []


def _handoff(canvas: Canvas, col: Column) -> list[Item]:
    t = col.arrived_by
    if t is None:
        return []
    items: list[Item] = []
    if col.handoff:
        prev = canvas.columns[col.index - 1].step
        kind = HANDOFF_STYLE[t.handoff][1] if t.handoff else "type not given"
        pattern = f" ({HANDOFF_STYLE[t.handoff][0]} line)" if t.handoff else ""
        items.append(Item(f"handoff: {kind}{pattern}", "strong", 2))
        items.append(Item(f"from {_owner(prev)} to {_owner(col.step)}", "small", 2))
    if t.kind is TransitionKind.rework:
        items.append(Item("loop back: sent back (rework)", "small", 1))
    elif t.kind is TransitionKind.appeal:
        items.append(Item("loop back: appeal", "small", 1))
    elif t.kind is TransitionKind.referral:
        items.append(Item("referral", "small", 1))
    return items


def _deadlines(canvas: Canvas, col: Column) -> list[Item]:
    items: list[Item] = []
    for deadline in col.step.deadlines:
        items.append(Item("Deadline: " + deadline.title, "body", 4))
        details = []
        if deadline.window_days is not None:
            details.append(f"window {fmt.days(deadline.window_days)}")
        if deadline.penalty:
            details.append(f"if missed: {deadline.penalty}")
        if details:
            items.append(Item("; ".join(details), "small", 3))
    if col.step.kind is StepKind.end:
        items.append(Item("Outcome of the journey", "small", 1))
    return items


def _branches(canvas: Canvas, col: Column) -> list[Item]:
    items: list[Item] = []
    for t in col.branches:
        target = canvas.titles.get(t.to, t.to)
        label = f" ({t.label})" if t.label else ""
        items.append(Item(f"{fmt.probability(t.probability)} go to “{target}”{label}", "small", 3))
    return items


def _opportunities(canvas: Canvas, col: Column) -> list[Item]:
    if canvas.opportunities is None:
        return []
    return [Item(text, "small", 3) for text in canvas.opportunities.get(col.step.id, [])]


def _customer_action(canvas: Canvas, col: Column) -> list[Item]:
    step = col.step
    if step.kind is StepKind.automatic:
        return [Item("(nothing: done for the person)", "muted", 1)]
    if step.kind is StepKind.wait and step.agency not in (None, PERSON):
        return [Item("waits for " + _owner(step), "small", 2)]
    return [Item(step.title, "strong", 5)]


def _frontstage(canvas: Canvas, col: Column) -> list[Item]:
    step = col.step
    if not step.customer_facing or step.channel.value == "none":
        return []
    if step.agency in (None, PERSON):
        return [Item(step.channel.value.replace("_", " "), "small", 1)]
    items = [Item(f"{step.channel.value.replace('_', ' ')} with {_owner(step)}", "body", 2)]
    if step.forms:
        items.append(Item("form " + ", ".join(step.forms), "small", 2))
    if step.sign_in.value != "none":
        items.append(Item("sign-in: " + step.sign_in.value.replace("_", " "), "small", 1))
    return items


def _backstage(canvas: Canvas, col: Column) -> list[Item]:
    step = col.step
    if step.agency in (None, PERSON):
        return []
    items: list[Item] = []
    if step.kind is StepKind.automatic:
        items.append(Item(f"{_owner(step)}: {step.title}", "body", 4))
    elif step.kind is StepKind.wait:
        items.append(Item(f"{_owner(step)} processes the case", "body", 2))
    elif step.customer_facing:
        items.append(Item(f"{_owner(step)} reviews what the person gives", "small", 2))
    if col.wait_days and step.kind is not StepKind.end:
        items.append(Item(f"about {fmt.days(col.wait_days)} before the next step", "small", 2))
    return items


def _support(canvas: Canvas, col: Column) -> list[Item]:
    items: list[Item] = []
    t = col.arrived_by
    if t is not None and t.data_passed:
        prev = canvas.columns[col.index - 1].step
        items.append(
            Item(f"{_owner(prev)} → {_owner(col.step)}: {', '.join(t.data_passed)}", "small", 4)
        )
    if col.step.data_prefilled:
        items.append(Item("pre-filled: " + ", ".join(col.step.data_prefilled), "small", 3))
    if col.step.data_requested:
        items.append(Item("asked: " + ", ".join(col.step.data_requested), "muted", 3))
    return items


# --------------------------------------------------------------------------------------------
# Graphics: time bars and the emotion curve.

_BAR_H: Final = 7.0
_EMOTION_H: Final = 64.0


def _bars(canvas: Canvas, col: Column, x: float, y: float, width: float) -> list[str]:
    out: list[str] = []
    for n, (value, top, hatched) in enumerate(
        ((col.minutes, canvas.max_minutes, False), (col.wait_days, canvas.max_days, True))
    ):
        by = y + 2 + n * (_BAR_H + 4)
        out.append(
            f'<rect x="{x:.1f}" y="{by:.1f}" width="{width:.1f}" height="{_BAR_H}" '
            'fill="none" stroke="#d0d0d0" stroke-width="0.5"/>'
        )
        if value > 0 and top > 0:
            length = max(1.5, width * value / top)
            fill = "url(#lx-hatch)" if hatched else "#0072b2"
            out.append(
                f'<rect x="{x:.1f}" y="{by:.1f}" width="{length:.1f}" height="{_BAR_H}" '
                f'fill="{fill}" stroke="#1a1a1a" stroke-width="0.5"/>'
            )
    return out


def _bar_scale(canvas: Canvas) -> list[str]:
    lines = ["solid bar: the person's time", "hatched bar: calendar wait"]
    if canvas.max_minutes or canvas.max_days:
        parts = []
        if canvas.max_minutes:
            parts.append(fmt.minutes(canvas.max_minutes))
        if canvas.max_days:
            parts.append(fmt.days(canvas.max_days))
        lines.append("full width = " + " / ".join(parts))
    return lines


def _emotion_y(value: int, top: float) -> float:
    return top + _EMOTION_H / 2 - value * (_EMOTION_H / 2 - 8) / 2


def _emotion_point(canvas: Canvas, col: Column, x: float, y: float, width: float) -> list[str]:
    zero = _emotion_y(0, y)
    out = [
        f'<line x1="{x:.1f}" y1="{zero:.1f}" x2="{x + width:.1f}" y2="{zero:.1f}" '
        'stroke="#bdbdbd" stroke-width="0.6" stroke-dasharray="2 2"/>'
    ]
    if col.emotion is None:
        return out
    cx, cy = x + width / 2, _emotion_y(col.emotion, y)
    out.append(
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="#ffffff" stroke="#1a1a1a" '
        'stroke-width="1.5"/>'
    )
    label_y = cy - 6 if col.emotion >= 0 else cy + 6 + SIZE_SMALL * 0.8
    out.append(_text(cx + 6, label_y, _signed(col.emotion), SIZE_SMALL, weight="bold"))
    return out


def _emotion_line(canvas: Canvas, points: Sequence[tuple[Column, float]], top: float) -> list[str]:
    """The curve: consecutive recorded emotions joined; a missing one breaks the line."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) > 1:
            out.append(
                f'<polyline points="{" ".join(run)}" fill="none" stroke="#1a1a1a" '
                'stroke-width="1.8" stroke-linejoin="round"/>'
            )
        run.clear()

    for col, cx in points:
        if col.emotion is None:
            flush()
            continue
        run.append(f"{cx:.1f},{_emotion_y(col.emotion, top):.1f}")
    flush()
    return out


def _emotion_scale(canvas: Canvas) -> list[str]:
    return ["+2 very positive (top)", "0 neutral (dashed)", "−2 very negative"]


_HANDOFF_DASH: Final = {"solid": "", "dashed": "6 3", "dotted": "1.5 2.5", "double": ""}


def _handoff_marks(canvas: Canvas, column: Column, x: float, y: float, width: float) -> list[str]:
    """A short arrow across the boundary into this column, in the handoff's line pattern."""
    t = column.arrived_by
    if t is None or not column.handoff:
        return []
    pattern = HANDOFF_STYLE[t.handoff][0] if t.handoff else "solid"
    ay = y + 5
    x1, x2 = x - PAD - 14, x + 22
    dash = _HANDOFF_DASH[pattern]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    out: list[str] = []
    offsets = (-1.6, 1.6) if pattern == "double" else (0.0,)
    for off in offsets:
        out.append(
            f'<line x1="{x1:.1f}" y1="{ay + off:.1f}" x2="{x2:.1f}" y2="{ay + off:.1f}" '
            f'stroke="#1a1a1a" stroke-width="{1.2 if pattern == "double" else 2}"{dash_attr}/>'
        )
    out.append(
        f'<path d="M{x2 + 5:.1f},{ay:.1f} L{x2 - 1:.1f},{ay - 4:.1f} L{x2 - 1:.1f},'
        f'{ay + 4:.1f} Z" fill="#1a1a1a"/>'
    )
    return out


# --------------------------------------------------------------------------------------------
# The one table of rows.

_CANVAS: Final[frozenset[CanvasView]] = frozenset({"canvas"})
_BLUEPRINT: Final[frozenset[CanvasView]] = frozenset({"blueprint"})
_BOTH: Final[frozenset[CanvasView]] = frozenset({"canvas", "blueprint"})

ROWS: Final[tuple[Row, ...]] = (
    Row("action", "The person's action", _CANVAS, _action, always=True),
    Row("customer", "Customer actions", _BLUEPRINT, _customer_action, always=True),
    Row("agency", "Agency and channel", _CANVAS, _agency_channel, always=True),
    Row(
        "frontstage",
        "Frontstage touchpoints",
        _BLUEPRINT,
        _frontstage,
        always=True,
        rule=True,
        note="dashed line below: line of visibility; the person does not see what is under it",
    ),
    Row("backstage", "Backstage: agency work", _BLUEPRINT, _backstage, always=True),
    Row("support", "Support: data passed between agencies", _BLUEPRINT, _support, always=True),
    Row("time", "Time", _BOTH, _time, Graphic(2 * _BAR_H + 8, _bars, scale=_bar_scale), True),
    Row(
        "emotion",
        "Emotion",
        _CANVAS,
        _emotion,
        Graphic(_EMOTION_H, _emotion_point, _emotion_line, _emotion_scale),
        True,
    ),
    Row("pain", "Pain points", _CANVAS, _pain_points),
    Row("friction", "Friction (scorecard)", _BOTH, _friction),
    Row("trust", "Trust after the transaction (A-11)", _BOTH, _trust),
    Row("handoff", "Handoff into this step", _BOTH, _handoff, Graphic(12.0, _handoff_marks)),
    Row("deadline", "Deadlines and moments that matter", _CANVAS, _deadlines),
    Row("branches", "Branches off this path", _BOTH, _branches),
    Row("opportunity", "Opportunities (future state)", _CANVAS, _opportunities),
)
"""Every row either view can draw, top to bottom. Rows other than ``always`` ones appear only
when some step on the path has something to say in them."""


# --------------------------------------------------------------------------------------------
# Building the canvas.


def _norm(title: str) -> str:
    return " ".join(title.casefold().split())


def _changes(journey: Journey, future: Journey) -> dict[str, list[str]]:
    """What the future state changes at each step of the current one (matched by id, else by
    title), with the minutes and days saved."""
    by_id = {s.id: s for s in future.steps}
    by_title: dict[str, Step] = {}
    for s in future.steps:
        by_title.setdefault(_norm(s.title), s)
    out: dict[str, list[str]] = {}
    for now in journey.steps:
        later = by_id.get(now.id) or by_title.get(_norm(now.title))
        notes: list[str] = []
        before_min = now.burden.mean if now.burden else 0.0
        before_days = now.wait.days.mean if now.wait else 0.0
        if later is None:
            if before_min or before_days:
                saved = _saved(before_min, 0.0, before_days, 0.0)
                notes.append(f"step removed in the future state; {saved}")
            else:
                notes.append("step removed in the future state")
            out[now.id] = notes
            continue
        after_min = later.burden.mean if later.burden else 0.0
        after_days = later.wait.days.mean if later.wait else 0.0
        if later.kind is StepKind.automatic and now.kind is not StepKind.automatic:
            notes.append("becomes automatic: no effort from the person")
        if later.channel != now.channel and later.channel.value != "none":
            notes.append(
                f"{later.channel.value.replace('_', ' ')} instead of "
                f"{now.channel.value.replace('_', ' ')}"
            )
        if later.agency != now.agency:
            notes.append(f"done by {_owner(later)} instead of {_owner(now)}")
        prefilled = [d for d in later.data_prefilled if d not in now.data_prefilled]
        if prefilled:
            notes.append("pre-filled: " + ", ".join(prefilled))
        if abs(after_min - before_min) > 0.05 or abs(after_days - before_days) > 0.05:
            notes.append(_saved(before_min, after_min, before_days, after_days))
        if notes:
            out[now.id] = notes
    return out


def _saved(before_min: float, after_min: float, before_days: float, after_days: float) -> str:
    parts: list[str] = []
    if abs(after_min - before_min) > 0.05:
        delta = before_min - after_min
        word = "saves" if delta > 0 else "adds"
        parts.append(f"{word} {fmt.minutes(abs(delta))} of the person's time")
    if abs(after_days - before_days) > 0.05:
        delta = before_days - after_days
        parts.append(
            f"waits {fmt.days(abs(delta))} {'less' if delta > 0 else 'more'} "
            f"({fmt.days(before_days)} → {fmt.days(after_days)})"
        )
    return "; ".join(parts)


def build_canvas(
    journey: Journey,
    options: RenderOptions,
    friction: FrictionInfo,
    *,
    view: CanvasView = "canvas",
    compare: Journey | None = None,
) -> Canvas:
    """The columns of the canvas (or blueprint) for ``options.persona``'s path.

    Raises:
        RenderError: Unknown persona, or the path is empty (the journey's start step does not
            exist), with the reason in plain words.
    """
    persona = find_persona(journey, options.persona)
    path = persona_path(journey, persona)
    name = persona.name if persona else "the most likely path"
    if not path:
        who = f"persona {persona.id!r}" if persona else "the journey"
        msg = (
            f"{who} has no path to draw: the start step {journey.start!r} is not one of the "
            "journey's steps"
        )
        raise RenderError(msg)
    steps = {s.id: s for s in journey.steps}
    phase_title = {p.id: p.title for p in journey.phases}
    outgoing: dict[str, list[Transition]] = {}
    for t in journey.transitions:
        outgoing.setdefault(t.from_, []).append(t)
    columns: list[Column] = []
    runs: list[tuple[str, int]] = []
    for i, sid in enumerate(path):
        step = steps[sid]
        prev = path[i - 1] if i else None
        nxt = path[i + 1] if i + 1 < len(path) else None
        arrived = next((t for t in outgoing.get(prev, []) if t.to == sid), None) if prev else None
        handoff = False
        if arrived is not None and prev is not None:
            a, b = steps[prev].agency, step.agency
            handoff = bool(a and b) and a != b and PERSON not in (a, b)
        minutes = friction.minutes.get(sid)
        if minutes is None:
            minutes = step.burden.mean if step.burden else 0.0
        days = friction.wait_days.get(sid)
        if days is None:
            days = step.wait.days.mean if step.wait else 0.0
        columns.append(
            Column(
                index=i,
                step=step,
                phase=step.phase,
                arrived_by=arrived,
                handoff=handoff,
                branches=[t for t in outgoing.get(sid, []) if t.to != nxt and t.to in steps],
                minutes=minutes,
                wait_days=days,
                emotion=recorded_emotion(step),
            )
        )
        if runs and runs[-1][0] == step.phase:
            runs[-1] = (step.phase, runs[-1][1] + 1)
        else:
            runs.append((step.phase, 1))
    on_path = {c.phase for c in columns}
    return Canvas(
        journey=journey,
        view=view,
        path_name=name,
        columns=columns,
        phase_runs=runs,
        phase_title={**{c.phase: c.phase for c in columns}, **phase_title},
        empty_phases=[p.title for p in journey.phases if p.id not in on_path],
        friction=friction,
        opportunities=_changes(journey, compare) if compare is not None else None,
        future_title=compare.title if compare is not None else None,
        max_minutes=max((c.minutes for c in columns), default=0.0),
        max_days=max((c.wait_days for c in columns), default=0.0),
        titles={s.id: s.title for s in journey.steps},
    )


# --------------------------------------------------------------------------------------------
# Measuring.


@dataclass(frozen=True, slots=True)
class _Cell:
    lines: list[tuple[str, Style]]
    text: str
    """The cell's full text, for the text alternative."""


@dataclass(frozen=True, slots=True)
class _Grid:
    rows: list[Row]
    cells: list[list[_Cell]]
    """cells[row][column]."""
    cell_heights: list[list[float]]
    """cell_heights[row][column]: graphic plus wrapped text, padding included."""
    floors: list[float]
    """Per row, the least height: its header's."""
    headers: list[list[tuple[str, Style]]]

    def heights(self, first: int = 0, count: int | None = None) -> list[float]:
        """Row heights for the columns ``first .. first + count`` (default: all)."""
        end = None if count is None else first + count
        return [
            max(floor, max(row[first:end], default=0.0))
            for floor, row in zip(self.floors, self.cell_heights, strict=True)
        ]


def _wrap_items(items: Sequence[Item], width: float) -> list[tuple[str, Style]]:
    lines: list[tuple[str, Style]] = []
    for item in items:
        size = _SIZES[item.style]
        for line in wrap_to_width(
            item.text, width, size, bold=item.style == "strong", max_lines=item.max_lines
        ):
            lines.append((line, item.style))
    return lines


def _lines_height(lines: Sequence[tuple[str, Style]]) -> float:
    return sum(_SIZES[style] * LINE for _, style in lines)


def _measure(canvas: Canvas) -> _Grid:
    inner = COL_W - 2 * PAD
    rows: list[Row] = []
    cells: list[list[_Cell]] = []
    for row in ROWS:
        if canvas.view not in row.views:
            continue
        if row.id == "opportunity" and canvas.opportunities is None:
            continue
        contents = [row.cell(canvas, col) for col in canvas.columns]
        if not row.always and not any(contents):
            continue
        rows.append(row)
        cells.append(
            [
                _Cell(_wrap_items(items, inner), "; ".join(one_line(i.text) for i in items))
                for items in contents
            ]
        )
    cell_heights: list[list[float]] = []
    floors: list[float] = []
    headers: list[list[tuple[str, Style]]] = []
    for row, row_cells in zip(rows, cells, strict=True):
        header_items = [Item(row.header, "strong", 3)]
        if row.note:
            header_items.append(Item(row.note, "muted", 4))
        if row.graphic is not None and row.graphic.scale is not None:
            header_items += [Item(t, "muted", 2) for t in row.graphic.scale(canvas)]
        header = _wrap_items(header_items, HEADER_W - 2 * PAD)
        headers.append(header)
        graphic = row.graphic.height if row.graphic else 0.0
        cell_heights.append([graphic + _lines_height(c.lines) + 2 * PAD for c in row_cells])
        floors.append(_lines_height(header) + 2 * PAD)
    return _Grid(rows, cells, cell_heights, floors, headers)


# --------------------------------------------------------------------------------------------
# Drawing.


def _text(
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    weight: str | None = None,
    style: str | None = None,
    fill: str = "#1a1a1a",
    anchor: str | None = None,
) -> str:
    extra = ""
    if weight:
        extra += f' font-weight="{weight}"'
    if style:
        extra += f' font-style="{style}"'
    if anchor:
        extra += f' text-anchor="{anchor}"'
    if fill != "#1a1a1a":
        extra += f' fill="{fill}"'
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}"{extra}>{xml_text(text)}</text>'


def _draw_lines(lines: Sequence[tuple[str, Style]], x: float, y: float) -> list[str]:
    out: list[str] = []
    for line, style in lines:
        size = _SIZES[style]
        y += size * LINE
        out.append(
            _text(
                x,
                y - size * 0.28,
                line,
                size,
                weight="bold" if style == "strong" else None,
                style="italic" if style == "quote" else None,
                fill="#555555" if style == "muted" else "#1a1a1a",
            )
        )
    return out


_THIN: Final = 'stroke="#c8c8c8" stroke-width="0.6"'


@dataclass(frozen=True, slots=True)
class _Sheet:
    """A window onto the grid: a run of columns and a run of rows."""

    first: int
    count: int
    row_first: int
    row_count: int
    number: int
    of: int
    heights: list[float]
    """Height of every row of the grid on this sheet."""


def _defs() -> str:
    return (
        "<defs>"
        '<pattern id="lx-hatch" width="4" height="4" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="4" height="4" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="4" stroke="#1a1a1a" stroke-width="1.5"/></pattern>'
        "</defs>"
        f"<style>text{{font-family:{FONT}}}</style>"
    )


def _title_text(canvas: Canvas) -> str:
    kind = "Service blueprint" if canvas.view == "blueprint" else "Journey canvas"
    return f"{canvas.journey.title} — {kind}: {canvas.path_name}"


def describe_canvas(canvas: Canvas) -> str:
    """A one-paragraph description of the canvas for ``<desc>`` and alt text."""
    runs = ", ".join(
        f"{canvas.phase_title[p]} ({n} step{'s' if n != 1 else ''})" for p, n in canvas.phase_runs
    )
    handoffs = sum(1 for c in canvas.columns if c.handoff)
    text = (
        f"{_title_text(canvas)}. {len(canvas.columns)} "
        f"step{'s' if len(canvas.columns) != 1 else ''} in order: {runs}. "
        f"{handoffs} cross-agency handoff{'s' if handoffs != 1 else ''} on this path."
    )
    emotions = [c.emotion for c in canvas.columns if c.emotion is not None]
    if canvas.view == "canvas" and emotions:
        lowest = min(emotions)
        low_step = next(c for c in canvas.columns if c.emotion == lowest)
        text += (
            f" Emotion from {_signed(lowest)} (lowest at {low_step.step.title}) to "
            f"{_signed(max(emotions))} on a scale of −2 to +2"
        )
        missing = len(canvas.columns) - len(emotions)
        text += (
            f"; not recorded at {missing} step{'s' if missing != 1 else ''}." if missing else "."
        )
    if canvas.empty_phases:
        text += " No step of this path in: " + ", ".join(canvas.empty_phases) + "."
    text += " A table version is available with 'lifeexp render -f markdown --view " + (
        f"{canvas.view}'."
    )
    return one_line(text)


def _runs_in(canvas: Canvas, first: int, count: int) -> list[tuple[str, int]]:
    """The phase runs clipped to columns ``first .. first + count``."""
    out: list[tuple[str, int]] = []
    col = 0
    end = first + count
    for phase, n in canvas.phase_runs:
        lo, hi = max(col, first), min(col + n, end)
        if lo < hi:
            out.append((phase, hi - lo))
        col += n
        if col >= end:
            break
    return out


def _sheet_svg(
    canvas: Canvas, grid: _Grid, sheet: _Sheet, *, part: str = "all"
) -> tuple[str, float, float]:
    """The SVG body of one sheet and its natural width and height (user units)."""
    cols = canvas.columns[sheet.first : sheet.first + sheet.count]
    rows = range(sheet.row_first, sheet.row_first + sheet.row_count)
    header_w = 0.0 if part == "body" else HEADER_W
    body_w = 0.0 if part == "headers" else COL_W * len(cols)
    width = header_w + body_w
    height = TITLE_H + PHASE_H + sum(sheet.heights[r] for r in rows)
    out: list[str] = [f'<rect width="{width:.1f}" height="{height:.1f}" fill="#ffffff"/>']
    # Title block: across the sheet; with the headers split off, in the body (the header
    # column is too narrow to hold it).
    if part != "headers":
        title_lines = wrap_to_width(_title_text(canvas), width - 2 * PAD, SIZE_TITLE, max_lines=1)
        out.append(_text(PAD, 20, title_lines[0], SIZE_TITLE, weight="bold"))
        sub = f"{'Future' if canvas.journey.state.value == 'future' else 'Current'} state"
        if canvas.future_title:
            sub += f" · opportunities from {canvas.future_title}"
        if sheet.of > 1:
            sub += f" · page {sheet.number} of {sheet.of}"
        out.append(
            _text(
                PAD,
                38,
                wrap_to_width(sub, width - 2 * PAD, SIZE_SMALL, max_lines=1)[0],
                SIZE_SMALL,
                fill="#555555",
            )
        )
    x0 = header_w
    # Phase headers over the columns.
    y = TITLE_H
    if part != "headers":
        col = sheet.first
        for phase, n in _runs_in(canvas, sheet.first, sheet.count):
            x = x0 + (col - sheet.first) * COL_W
            w = n * COL_W
            out.append(
                f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{w - 2:.1f}" height="{PHASE_H - 3}" '
                'fill="#e8e8e8" stroke="#777777" stroke-width="0.6"/>'
            )
            title = canvas.phase_title[phase]
            label = wrap_to_width(title, w - 2 * PAD, SIZE_HEAD, bold=True, max_lines=1)[0]
            out.append(_text(x + PAD, y + 16, label, SIZE_HEAD, weight="bold"))
            col += n
    if part != "body":
        out.append(_text(PAD, y + 16, "Phase", SIZE_HEAD, weight="bold", fill="#555555"))
    y += PHASE_H
    # Rows.
    for r in rows:
        row, h = grid.rows[r], sheet.heights[r]
        shade = "#f7f7f7" if r % 2 == 0 else "#ffffff"
        out.append(f'<rect x="0" y="{y:.1f}" width="{width:.1f}" height="{h:.1f}" fill="{shade}"/>')
        if part != "body":
            out.extend(_draw_lines(grid.headers[r], PAD, y + PAD))
        if part != "headers":
            centres: list[tuple[Column, float]] = []
            for k, column in enumerate(cols):
                cx = x0 + k * COL_W
                gy = y + PAD
                if row.graphic is not None:
                    out.extend(row.graphic.draw(canvas, column, cx + PAD, gy, COL_W - 2 * PAD))
                    gy += row.graphic.height
                    centres.append((column, cx + COL_W / 2))
                out.extend(_draw_lines(grid.cells[r][column.index].lines, cx + PAD, gy))
            if row.graphic is not None and row.graphic.across is not None:
                out.extend(row.graphic.across(canvas, centres, y + PAD))
        y += h
        rule = 'stroke="#1a1a1a" stroke-width="1.6" stroke-dasharray="8 4"'
        out.append(
            f'<line x1="0" y1="{y:.1f}" x2="{width:.1f}" y2="{y:.1f}" '
            f"{rule if row.rule else _THIN}/>"
        )
    # Column separators.
    if part != "headers":
        for k in range(len(cols) + 1):
            x = x0 + k * COL_W
            out.append(
                f'<line x1="{x:.1f}" y1="{TITLE_H + PHASE_H:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
                'stroke="#c8c8c8" stroke-width="0.6"/>'
            )
    if part != "body":
        out.append(
            f'<line x1="{HEADER_W:.1f}" y1="{TITLE_H:.1f}" x2="{HEADER_W:.1f}" y2="{y:.1f}" '
            'stroke="#1a1a1a" stroke-width="1"/>'
        )
    return "\n".join(out), width, height


def _document(
    canvas: Canvas,
    body: str,
    width: float,
    height: float,
    *,
    page: PageSpec | None = None,
    scale: float = 1.0,
    extra_class: str = "",
    desc: str | None = None,
) -> str:
    title = _title_text(canvas)
    if page is None:
        size = f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.1f} {height:.1f}"'
        content = body
    else:
        size = (
            f'width="{page.width:g}pt" height="{page.height:g}pt" '
            f'viewBox="0 0 {page.width:g} {page.height:g}"'
        )
        content = (
            f'<rect width="{page.width:g}" height="{page.height:g}" fill="#ffffff"/>'
            f'<g transform="translate({page.margin:g} {page.margin:g}) scale({scale:.4f})">'
            f"{body}</g>"
        )
    cls = f"lifeexp-{canvas.view}" + (f" {extra_class}" if extra_class else "")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" {size} class="{cls}" role="img" '
        'aria-labelledby="lifeexp-title lifeexp-desc">\n'
        f'<title id="lifeexp-title">{xml_text(title)}</title>\n'
        f'<desc id="lifeexp-desc">{xml_text(desc or describe_canvas(canvas))}</desc>\n'
        f"{_defs()}\n{content}\n</svg>\n"
    )


def canvas_svg(canvas: Canvas, *, part: Literal["all", "headers", "body"] = "all") -> str:
    """The whole canvas as one SVG document (for screens; see :func:`canvas_pages` to print).

    ``part="headers"`` gives only the row-header column and ``part="body"`` everything but,
    so a web page can pin the headers while the body scrolls beside them.
    """
    grid = _measure(canvas)
    sheet = _Sheet(0, len(canvas.columns), 0, len(grid.rows), 1, 1, grid.heights())
    body, width, height = _sheet_svg(canvas, grid, sheet, part=part)
    return _document(canvas, body, width, height, extra_class=f"lifeexp-part-{part}")


def canvas_pages(canvas: Canvas, page: PageSpec) -> list[str]:
    """The canvas tiled onto pages of ``page``'s size: one SVG document per page.

    The scale is the largest (at most :data:`PRINT_SCALE`) at which the full height fits the
    page, but never so small that the smallest text would print under :data:`MIN_PRINT_PT`;
    columns are then packed by phase (:func:`chunk_groups`). If even the rows do not fit one
    page at that scale they are split across pages too. Row headers and phase headers repeat
    on every page.
    """
    grid = _measure(canvas)
    min_scale = MIN_PRINT_PT / SMALLEST
    full_h = TITLE_H + PHASE_H + sum(grid.heights())
    # Rounded down to the 4 decimals the SVG writes, so the rounded scale still fits.
    scale = max(min_scale, min(PRINT_SCALE, page.inner_height / full_h))
    scale = math.floor(scale * 1e4) / 1e4
    min_scale = math.ceil(min_scale * 1e4) / 1e4
    scale = max(scale, min_scale)
    per_page = max(1, int((page.inner_width / scale - HEADER_W) // COL_W))
    col_chunks = chunk_groups([n for _, n in canvas.phase_runs], per_page)
    room = page.inner_height / scale - TITLE_H - PHASE_H
    desc = describe_canvas(canvas)  # once: it reads every column
    planned: list[tuple[int, int, int, int, list[float]]] = []
    for first, count in col_chunks:
        heights = grid.heights(first, count)
        # Rows into bands that fit the page height at this scale (usually one band).
        start, used = 0, 0.0
        for r, h in enumerate(heights):
            if r > start and used + h > room:
                planned.append((first, count, start, r - start, heights))
                start, used = r, 0.0
            used += h
        planned.append((first, count, start, len(heights) - start, heights))
    pages: list[str] = []
    for number, (first, count, row_first, row_count, heights) in enumerate(planned, 1):
        sheet = _Sheet(first, count, row_first, row_count, number, len(planned), heights)
        body, width, height = _sheet_svg(canvas, grid, sheet)
        pages.append(_document(canvas, body, width, height, page=page, scale=scale, desc=desc))
    return pages


def _table(canvas: Canvas) -> tuple[list[str], list[list[str]]]:
    """The text alternative's column headers (the canvas rows) and, per step, its cells:
    the phase, then each row's full text (emotions with their value)."""
    grid = _measure(canvas)
    rows: list[list[str]] = []
    for column in canvas.columns:
        values = [canvas.phase_title[column.phase]]
        for r, row in enumerate(grid.rows):
            text = grid.cells[r][column.index].text
            if row.id == "emotion" and column.emotion is not None:
                text = f"{_signed(column.emotion)} ({text})"
            values.append(text)
        rows.append(values)
    return [r.header for r in grid.rows], rows


def canvas_table(canvas: Canvas, *, markdown: bool = True) -> str:
    """The text alternative: one table row per step, one column per canvas row."""
    cell = markdown_table_cell if markdown else one_line
    heading = _title_text(canvas)
    out = [f"# {cell(heading)}" if markdown else heading, "", cell(describe_canvas(canvas)), ""]
    headers, rows = _table(canvas)
    headers = ["#", "Phase", *headers]
    out.append("| " + " | ".join(cell(h) for h in headers) + " |")
    out.append("|" + "|".join("---" for _ in headers) + "|")
    for n, values in enumerate(rows, 1):
        out.append("| " + " | ".join(cell(v) if v else "—" for v in [str(n), *values]) + " |")
    return "\n".join(out) + "\n"


def canvas_table_html(canvas: Canvas) -> str:
    """The text alternative as an HTML table (for the report)."""
    headers, rows = _table(canvas)
    head = "".join(f'<th scope="col">{xml_text(h)}</th>' for h in headers)
    body: list[str] = []
    for n, (phase, *values) in enumerate(rows, 1):
        cells = [f'<th scope="row">{n}. {xml_text(phase)}</th>']
        cells += [f"<td>{xml_text(v) if v else '—'}</td>" for v in values]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table><caption>{xml_text(_title_text(canvas))}</caption>"
        f'<thead><tr><th scope="col">Step</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def canvas_bytes(
    journey: Journey,
    fmt: str,
    options: RenderOptions,
    friction: FrictionInfo,
    *,
    compare: Journey | None = None,
) -> bytes:
    """The canvas or blueprint (``options.view``) as SVG, PNG, PDF, Markdown or text.

    With ``options.page`` the map is tiled onto pages: the PDF has one page per sheet, SVG and
    PNG show the sheets one under the other. Without, it is one sheet as large as the map.

    Raises:
        RenderError: A format the canvas has no form in (DOT, Mermaid), an unknown persona or
            an empty path.
        RendererUnavailable: PNG or PDF converters are not installed.
    """
    from lifeexp.rendering import _backends  # deferred: the converters load native code
    from lifeexp.rendering._pages import page_spec, pdf_from_pages, stack_pages

    view: CanvasView = "blueprint" if options.view == "blueprint" else "canvas"
    canvas = build_canvas(journey, options, friction, view=view, compare=compare)
    if fmt in ("markdown", "text"):
        return canvas_table(canvas, markdown=fmt == "markdown").encode()
    if fmt not in ("svg", "png", "pdf"):
        msg = (
            f"the {view} view is drawn without Graphviz and has no {fmt} form; choose svg, "
            "png, pdf, markdown or text"
        )
        raise RenderError(msg)
    if options.page is None:
        svg = canvas_svg(canvas)
        if fmt == "svg":
            return svg.encode()
        if fmt == "png":
            return _backends.svg_to_png(svg)
        return pdf_from_pages([svg])
    spec = page_spec(options.page, landscape=options.landscape)
    pages = canvas_pages(canvas, spec)
    if fmt == "pdf":
        return pdf_from_pages(pages)
    svg = stack_pages(pages, spec)
    return svg.encode() if fmt == "svg" else _backends.svg_to_png(svg)


def canvas_page_svgs(
    journey: Journey,
    options: RenderOptions,
    friction: FrictionInfo,
    *,
    compare: Journey | None = None,
) -> list[str]:
    """The canvas or blueprint (``options.view``) on pages of ``options.page`` (letter when
    none is given): one SVG document per page, as the PDF's pages are made from."""
    from lifeexp.rendering._pages import page_spec

    view: CanvasView = "blueprint" if options.view == "blueprint" else "canvas"
    canvas = build_canvas(journey, options, friction, view=view, compare=compare)
    return canvas_pages(canvas, page_spec(options.page or "letter", landscape=options.landscape))


@dataclass(frozen=True, slots=True)
class CanvasParts:
    """A canvas split for a web page: the row headers and the grid as two SVG documents (so
    the page can pin the headers while the grid scrolls), and the HTML-table text
    alternative."""

    title: str
    headers: str
    body: str
    table_html: str


def canvas_parts(
    journey: Journey,
    options: RenderOptions,
    friction: FrictionInfo,
    *,
    compare: Journey | None = None,
) -> CanvasParts:
    """The canvas (or blueprint) of ``options.persona``'s path, split for a web page."""
    view: CanvasView = "blueprint" if options.view == "blueprint" else "canvas"
    canvas = build_canvas(journey, options, friction, view=view, compare=compare)
    return CanvasParts(
        title=_title_text(canvas),
        headers=canvas_svg(canvas, part="headers"),
        body=canvas_svg(canvas, part="body"),
        table_html=canvas_table_html(canvas),
    )
