"""The swimlane journey map as DOT: agencies as lanes, phases as columns.

How the layout is forced (Graphviz alone orders lanes and columns by chance, and it ignores
ordering constraints between clusters, so lanes are not clusters here):

* **Columns.** Each step is pinned to its column by a ``{rank=same; col; step}`` group with a
  node of the **column spine**; the spine nodes are chained left to right with heavy invisible
  edges and the first one of each phase carries the phase title.
* **Lanes.** Every lane is bounded by a **rail**: a row of invisible nodes, one per column,
  joined by heavy straight edges drawn as thin separator lines. In every column the phase
  title, the rails and the steps of each lane are chained with invisible edges inside the
  rank; such in-rank edges are hard ordering constraints, so lane ``k``'s steps always sit
  between rails ``k`` and ``k+1`` and the lane order is exactly the configured one. The lane
  names sit in a header column at the left, the legend below the last rail.
* **Compact lanes** (``RenderOptions.compact``): the inner rails are heavy only inside a
  phase and step lightly into the next one, so a lane empty in a phase shrinks there to the
  lane name every phase repeats at its start; the outer frame stays straight.
* **Arrows** do not constrain ranks (``constraint=false``): a rework loop cannot drag a step
  out of its phase column. An arrow's label is a node in the first gap, entered and left in
  the middle of its sides, so it sits on the line; the arrow then runs through one invisible
  waypoint per rank in its target's lane, and heavy edges between those waypoints pull them
  level: one slant, then a straight run, never a zig-zag.

:func:`swimlane_cuts` reads the drawn map back (rails, phase titles, lane names) so printed
pages can be cut at phases and lanes.

Meaning is never carried by colour alone. Step kinds have distinct shapes and borders, handoff
types distinct line patterns and a text label, loops a ``↺`` label and their own arrowhead,
friction shading is repeated as ``friction n/4`` text and top friction points carry numbers;
the legend spells all of it out.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from lifeexp import formatting as fmt
from lifeexp.model import PERSON, HandoffType, Journey, Step, StepKind, Transition, TransitionKind
from lifeexp.rendering._dotwriter import AttrValue, DotWriter, LeftLines, Lines, attrs
from lifeexp.rendering._escape import wrap
from lifeexp.rendering._layout import (
    NO_OWNER,
    FrictionInfo,
    Layout,
    lane_of,
)
from lifeexp.rendering._options import RenderOptions, Theme

__all__ = ["HANDOFF_STYLE", "KIND_STYLE", "Highlight", "PageCuts", "swimlane_cuts", "swimlane_dot"]

HANDOFF_STYLE: dict[HandoffType, tuple[str, str]] = {
    HandoffType.data_shared: ("solid", "data shared"),
    HandoffType.warm_referral: ("double", "warm referral"),
    HandoffType.customer_carries: ("dashed", "customer carries"),
    HandoffType.start_over: ("dotted", "start over"),
}
"""Handoff type → (line pattern, label text)."""

KIND_STYLE: dict[StepKind, tuple[str, str, int, str]] = {
    StepKind.action: ("box", "rounded,filled", 1, "action"),
    StepKind.decision: ("hexagon", "filled", 1, "decision"),
    StepKind.wait: ("box", "rounded,filled,dashed", 1, "wait"),
    StepKind.automatic: ("box", "filled,dotted", 1, "automatic (no effort)"),
    StepKind.end: ("box", "rounded,filled", 2, "outcome (end)"),
}
"""Step kind → (shape, style, peripheries, legend text)."""

LANE_LABEL = {PERSON: "Person", NO_OWNER: "No owner"}

_SPLINES = {"straight": "line", "orthogonal": "ortho"}
"""``RenderOptions.edges`` → Graphviz ``splines`` (``smooth`` is Graphviz's default curve)."""


@dataclass(frozen=True, slots=True)
class Highlight:
    """A path to emphasise (the persona view): steps in order and the persona's name."""

    steps: Sequence[str]
    name: str
    labelled: frozenset[tuple[str, str]] = frozenset()
    """Path arrows that carry the persona's name: the choice made at each branching step,
    once (the thick line already marks the rest of the path)."""

    @property
    def edges(self) -> set[tuple[str, str]]:
        """Consecutive pairs of the path."""
        return set(zip(self.steps, self.steps[1:], strict=False))


# Attribute lists repeated thousands of times in a big map, formatted once.
_INVISIBLE = attrs({"label": "", "shape": "point", "style": "invis", "width": 0.01})
_RAIL_LINE: Final[dict[str, AttrValue | None]] = {
    "arrowhead": "none",
    "color": "#c8c8c8",
    "penwidth": 0.6,
}
_RAIL = attrs({"weight": 1000, **_RAIL_LINE})
_RAIL_STEP = attrs({"weight": 1, **_RAIL_LINE})
"""A compact map's rail between two phases: light, so the lane boundary may step there."""
_CHAIN = attrs({"style": "invis"})
_TAG: Final[dict[str, AttrValue | None]] = {
    "shape": "plaintext",
    "style": "",
    "fontsize": 9,
    "fontcolor": "#595959",
    "margin": "0.02,0.01",
    "width": 0,
    "height": 0,
}
_SIDES: Final = {"LR": ("w", "e"), "TB": ("n", "s")}
"""Rank direction → the (earlier rank, later rank) sides of a node, as Graphviz ports."""
_RUN_WEIGHT: Final = 200
"""Weight of an arrow's run between waypoints: far above the arrows (1) and the spine (100),
below the rails (1000) that keep lane boundaries straight."""


def _lane_node(i: int) -> str:
    return f"lane:{i}"


def _col_node(i: int) -> str:
    return "col:h" if i < 0 else f"col:{i}"


def _step_label(
    step: Step,
    *,
    options: RenderOptions,
    friction: FrictionInfo,
    badge: str | None,
) -> Lines:
    lines = wrap(step.title, options.wrap)
    if badge:
        lines = [badge, *lines]
    meta: list[str] = []
    if step.channel.value != "none":
        meta.append(step.channel.value.replace("_", " "))
    minutes = friction.minutes.get(step.id)
    if minutes is None and step.burden is not None:
        minutes = step.burden.mean
    if minutes:
        meta.append(fmt.minutes(minutes))
    days = friction.wait_days.get(step.id)
    if days is None and step.wait is not None:
        days = step.wait.days.mean
    if days:
        meta.append("wait " + fmt.days(days))
    level = friction.level.get(step.id, 0)
    if level:
        # The shading repeated in words: colour is never the only carrier of meaning.
        meta.append(f"friction {level}/4")
    lines.extend(_pack(meta, max(options.wrap, 28)))
    trust = friction.trust.get(step.id)
    if trust:
        lines.extend(wrap(trust, max(options.wrap, 28)))
    return Lines(lines)


def _pack(items: list[str], width: int) -> list[str]:
    """Join figures with `` · `` into lines of about ``width``, never breaking inside a
    figure (``30 days`` stays on one line)."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + 3 + len(item) <= width:
            lines[-1] += " · " + item
        else:
            lines.append(item if not lines else "· " + item)
    return lines


def _badge(step_id: str, friction: FrictionInfo, highlight: Highlight | None) -> str | None:
    parts: list[str] = []
    if highlight is not None and step_id in highlight.steps:
        parts.append(f"▶ step {list(highlight.steps).index(step_id) + 1}")
    ranks = friction.step_rank.get(step_id)
    if ranks:
        parts.append("friction " + ", ".join(f"#{r}" for r in ranks))
    return " · ".join(parts) or None


def _edge_attrs(
    t: Transition,
    *,
    layout: Layout,
    theme: Theme,
    friction: FrictionInfo,
    highlight: Highlight | None,
    handoff_ids: set[tuple[str, str]],
) -> tuple[dict[str, AttrValue | None], Lines | None]:
    """The arrow's attributes and its label lines (drawn as a label node on the arrow)."""
    key = (t.from_, t.to)
    words: list[str] = []
    ranks = friction.edge_rank.get(key)
    if ranks:
        words.append("friction " + ", ".join(f"#{r}" for r in ranks))
    if t.kind is TransitionKind.rework:
        words.append("↺ rework")
    elif t.kind is TransitionKind.appeal:
        words.append("↺ appeal")
    elif t.kind is TransitionKind.referral:
        words.append("referral")
    if t.label:
        words.append(t.label)
    if t.probability < 1:
        words.append(fmt.probability(t.probability))
    attrs: dict[str, AttrValue | None] = {"constraint": "false"}
    colour = theme.ink
    style = "solid"
    penwidth: float = 1.2
    is_loop = key in layout.loops
    if key in handoff_ids and t.handoff is not None:
        pattern, text = HANDOFF_STYLE[t.handoff]
        words.append("handoff: " + text)
        colour = theme.handoff[t.handoff.value]
        penwidth = 2.4
        if pattern == "double":
            colour = f"{colour}:invis:{colour}"
            penwidth = 1.4
        else:
            style = pattern
    elif key in handoff_ids:
        words.append("handoff: type not given")
        penwidth = 2.4
    elif is_loop:
        colour = theme.rework
        style = "dashed"
    if is_loop:
        # Loops also get their own arrowhead, so they read as loops without colour.
        attrs["arrowhead"] = "veeodot"
    if highlight is not None:
        double = ":" in colour
        if key in highlight.edges:
            penwidth = max(penwidth, 3.0)
            if not double:
                colour = theme.path
            if key in highlight.labelled:
                words.insert(0, "▶ " + highlight.name)
        else:
            colour = f"{theme.muted}:invis:{theme.muted}" if double else theme.muted
            attrs["fontcolor"] = theme.muted
    attrs["color"] = colour
    attrs["style"] = style if style != "solid" else None
    attrs["penwidth"] = penwidth
    label = Lines([line for w in words for line in wrap(w, 22)]) if words else None
    return attrs, label


def _legend_text(friction: FrictionInfo, highlight: Highlight | None) -> LeftLines:
    lines = [
        "Legend",
        "rounded box = action · hexagon = decision",
        "dashed box = wait · dotted box = automatic (no effort)",
        "double border = outcome (end)",
        "minutes = the person's time · wait = calendar days",
        "30% = branch probability",
        "↺ + dashed line + ring arrowhead = rework, appeal or loop back",
    ]
    if friction.level:
        lines.append("shading light to dark = friction 1/4 to 4/4 (also written on the step)")
    if friction.reasons:
        lines.append("friction #n = n-th top friction point")
    if highlight is not None:
        lines.append(f"▶ thick line, numbered steps = path of {highlight.name}")
    lines.append("Handoffs between agencies (line pattern and label), below:")
    return LeftLines(lines)


def swimlane_dot(
    journey: Journey,
    layout: Layout,
    options: RenderOptions,
    friction: FrictionInfo,
    *,
    highlight: Highlight | None = None,
) -> str:
    """The swimlane map (or, with ``highlight``, the persona map) as DOT text."""
    theme = options.colours
    steps = {s.id: s for s in journey.steps}
    handoff_ids = {(t.from_, t.to) for t in layout.handoffs}
    font = options.font
    n_cols = len(layout.columns)
    n_lanes = len(layout.lanes)
    w = DotWriter(journey.id)
    w.comment(f"lifeexp journey map: {journey.id} ({'persona path' if highlight else 'swimlanes'})")
    state = "current state" if journey.state.value == "current" else "future state"
    heading = Lines([journey.title, state + (f" · path of {highlight.name}" if highlight else "")])
    w.defaults(
        "graph",
        {
            "rankdir": options.rankdir,
            "newrank": "true",
            "nodesep": 0.18,
            "ranksep": 0.25,
            "fontname": font,
            "fontsize": 14,
            "label": heading,
            "labelloc": "t",
            "labeljust": "l",
            "tooltip": journey.title,
            "splines": _SPLINES.get(options.edges),
        },
    )
    w.defaults(
        "node",
        {
            "fontname": font,
            "fontsize": 11,
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": theme.friction[0],
            "color": theme.ink,
            "fontcolor": theme.ink,
            "margin": "0.12,0.06",
        },
    )
    w.defaults("edge", {"fontname": font, "fontsize": 9, "color": theme.ink, "arrowsize": 0.7})

    # Ranks: the header column is rank -1; column c is rank 2c and rank 2c+1 is the gap after
    # it, where arrows put their labels. Every arrow runs through a node in each rank it
    # crosses, so it never needs a bend Graphviz would place outside the lane order.
    n_ranks = 2 * n_cols
    w.comment("ranks: the spine carries the phase titles")
    spine_invisible = [_col_node(-1)]
    for i, (phase, k) in enumerate(layout.columns):
        if k == 0:
            title = layout.phase_title[phase]
            _, span = layout.phase_span[phase]
            w.node(
                _col_node(2 * i),
                {
                    "label": Lines(wrap(title, options.wrap)),
                    "fontsize": 12,
                    "shape": "box",
                    "style": "filled",
                    "fillcolor": "#e8e8e8",
                    "color": "#777777",
                    "tooltip": f"phase: {title} ({span} column{'s' if span > 1 else ''})",
                },
            )
        else:
            spine_invisible.append(_col_node(2 * i))
        spine_invisible.append(_col_node(2 * i + 1))
    w.nodes(spine_invisible, _INVISIBLE)
    w.path((_col_node(r) for r in range(-1, n_ranks)), {"style": "invis", "weight": 100})

    # Lane headers and steps.
    w.comment("lanes: one per agency, the person first")
    for i, lane in enumerate(layout.lanes):
        header = [LANE_LABEL.get(lane, lane)]
        long_name = options.agency_names.get(lane)
        if long_name:
            header.extend(wrap(long_name, 18))
        w.node(
            _lane_node(i),
            {"label": Lines(header), "shape": "plaintext", "style": "", "fontsize": 12},
        )
        for sid in layout.lane_steps[lane]:
            w.node(sid, _step_attrs(steps[sid], options, theme, friction, highlight))

    # Rails: lane boundaries, one row of points per boundary, drawn as thin straight lines.
    # Compact maps let the inner rails step at phase boundaries, so a lane empty in a phase
    # takes no more room there than its name; the outer frame stays straight.
    w.comment("rails: lane boundaries")
    phase_starts = (
        {2 * i for i, (_, k) in enumerate(layout.columns) if k == 0 and i > 0}
        if options.compact
        else set()
    )
    for r in range(n_lanes + 1):
        rail = [_rail(r, k) for k in range(-1, n_ranks)]
        w.nodes(rail, _INVISIBLE)
        if r in (0, n_lanes) or not phase_starts:
            w.path(rail, _RAIL)
            continue
        start = 0
        for k in sorted(phase_starts):
            w.path(rail[start : k + 1], _RAIL)  # rail[k + 1] is rank k (rank -1 comes first)
            w.edge(rail[k], rail[k + 1], _RAIL_STEP)
            start = k + 1
        w.path(rail[start:], _RAIL)

    legend_heads: list[str] = []
    if options.legend:
        legend_heads = _legend(w, theme, friction, highlight)

    # Arrows: a label node in the first gap (in the source's lane), then waypoints (in the
    # target's lane) through every rank up to the target.
    lane_index = {lane: i for i, lane in enumerate(layout.lanes)}
    cells: dict[tuple[int, int], list[str]] = {}
    for lane in layout.lanes:
        for sid in layout.lane_steps[lane]:
            cells.setdefault((lane_index[lane], 2 * layout.column_of[sid]), []).append(sid)
    w.comment("arrows")
    routes: list[tuple[list[str], dict[str, AttrValue | None]]] = []
    waypoints: list[str] = []
    label_ports: dict[str, tuple[str, str]] = {}
    earlier, later = _SIDES[options.rankdir]
    for k, t in enumerate(layout.transitions):
        attrs, label = _edge_attrs(
            t,
            layout=layout,
            theme=theme,
            friction=friction,
            highlight=highlight,
            handoff_ids=handoff_ids,
        )
        a, b = 2 * layout.column_of[t.from_], 2 * layout.column_of[t.to]
        lane_a, lane_b = lane_index[lane_of(steps[t.from_])], lane_index[lane_of(steps[t.to])]
        if a == b:
            # Same column: out to the gap after it and back.
            hops = [a + 1]
        else:
            direction = 1 if b > a else -1
            hops = list(range(a + direction, b, direction))
        points = [t.from_]
        for n, rank in enumerate(hops):
            node = f"via:{k}:{rank}"
            if n == 0 and label is not None:
                w.node(
                    node,
                    {
                        "label": label,
                        "shape": "plaintext",
                        "style": "",
                        "fontsize": 9,
                        "margin": "0.02,0.01",
                        "width": 0,
                        "height": 0,
                        "fontcolor": attrs.get("fontcolor"),
                    },
                )
                cells.setdefault((lane_a, rank), []).append(node)
                # The arrow enters and leaves the label at the middle of the sides facing
                # its neighbours, so the label sits on the line, not beside it.
                after = hops[1] if len(hops) > 1 else b
                label_ports[node] = (
                    earlier if a < rank else later,
                    earlier if after < rank else later,
                )
            else:
                waypoints.append(node)
                cell = cells.setdefault((lane_b, rank), [])
                # Enter the target lane on the side the arrow comes from.
                if lane_b > lane_a:
                    cell.insert(0, node)
                else:
                    cell.append(node)
            points.append(node)
        points.append(t.to)
        routes.append((points, attrs))

    w.nodes(waypoints, _INVISIBLE)

    if phase_starts:
        # Lanes change height from phase to phase, so each phase names them again.
        w.comment("lane names at the start of each phase")
        for i, lane in enumerate(layout.lanes):
            for rank in sorted(phase_starts):
                tag = f"tag:{i}:{rank}"
                w.node(tag, {"label": LANE_LABEL.get(lane, lane), **_TAG})
                cells.setdefault((i, rank), []).insert(0, tag)

    # Every rank, top to bottom: spine, rail 0, lane 0's nodes, rail 1, ..., last rail.
    w.comment("ranks top to bottom: every node pinned between its lane's rails")
    for r in range(-1, n_ranks):
        column = [_col_node(r)]
        for i in range(n_lanes):
            column.append(_rail(i, r))
            column.extend([_lane_node(i)] if r == -1 else cells.get((i, r), []))
        column.append(_rail(n_lanes, r))
        if r == -1:
            column.extend(legend_heads)
        elif r == 0:
            column.extend(h[:-1] + "b" for h in legend_heads[1:])
        # With rankdir=LR an edge inside a rank puts its tail above its head.
        w.same_rank_chain(column, _CHAIN)

    w.comment("arrow segments")
    invisible = set(waypoints)
    for points, attrs in routes:
        last = len(points) - 2
        for i, (u, v) in enumerate(itertools.pairwise(points)):
            segment = dict(attrs)
            segment.pop("fontcolor", None)
            if i < last:
                segment["arrowhead"] = "none"
            if u in invisible and v in invisible:
                # A run between two waypoints of one lane: a heavy edge that constrains (it
                # always joins neighbouring ranks, so the ranks stay as pinned) pulls the two
                # points level, so a long arrow is one straight run, not a zig-zag.
                segment.pop("constraint", None)
                segment["weight"] = _RUN_WEIGHT
            if u in invisible:
                segment["tailclip"] = "false"  # the line meets its waypoint: no gap
            elif u in label_ports:
                segment["tailport"] = label_ports[u][1]
            if v in invisible:
                segment["headclip"] = "false"
            elif v in label_ports:
                segment["headport"] = label_ports[v][0]
            w.edge(u, v, segment)
    return w.text()


def _rail(r: int, k: int) -> str:
    return f"rail:{r}:{'h' if k < 0 else k}"


def _step_attrs(
    step: Step,
    options: RenderOptions,
    theme: Theme,
    friction: FrictionInfo,
    highlight: Highlight | None,
) -> dict[str, AttrValue | None]:
    shape, style, peripheries, _ = KIND_STYLE[step.kind]
    level = friction.level.get(step.id, 0)
    attrs: dict[str, AttrValue | None] = {
        "label": _step_label(
            step, options=options, friction=friction, badge=_badge(step.id, friction, highlight)
        ),
        "shape": shape if shape != "box" else None,
        "style": style if style != "rounded,filled" else None,
        "peripheries": peripheries if peripheries != 1 else None,
        "fillcolor": theme.friction[level] if level else None,
        "fontcolor": theme.friction_text[level] if level else None,
        "tooltip": step.notes if step.notes else None,
    }
    if highlight is not None:
        if step.id in highlight.steps:
            attrs["penwidth"] = 3
            attrs["color"] = theme.path
        else:
            attrs["color"] = theme.muted
            if not level:
                attrs["fontcolor"] = theme.muted
    return attrs


def _legend(
    w: DotWriter, theme: Theme, friction: FrictionInfo, highlight: Highlight | None
) -> list[str]:
    """Draw the legend; return its nodes of the header column, top to bottom."""
    w.comment("legend")
    w.node(
        "legend",
        {
            "label": _legend_text(friction, highlight),
            "shape": "plaintext",
            "style": "",
            "fontsize": 10,
        },
    )
    heads: list[str] = ["legend"]
    for i, (handoff, (pattern, text)) in enumerate(HANDOFF_STYLE.items()):
        a, b = f"legend:{i}a", f"legend:{i}b"
        w.node(a, {"label": "", "shape": "point", "width": 0.05, "color": theme.ink})
        w.node(
            b,
            {
                "label": Lines([f"handoff: {text} ({pattern} line)"]),
                "shape": "plaintext",
                "style": "",
                "fontsize": 10,
            },
        )
        colour = theme.handoff[handoff.value]
        w.edge(
            a,
            b,
            {
                "color": f"{colour}:invis:{colour}" if pattern == "double" else colour,
                "style": pattern if pattern not in ("solid", "double") else None,
                "penwidth": 1.4 if pattern == "double" else 2.4,
                # As heavy as the rails, so dot draws the sample line straight and level.
                "weight": 1000,
            },
        )
        heads.append(a)
    return heads


@dataclass(frozen=True, slots=True)
class PageCuts:
    """Where a drawn swimlane map may be cut into pages, in its SVG ``viewBox`` units."""

    header_left: float
    """Left edge of the lane names."""
    header_x: float
    """Right edge of the lane names (repeated on every page)."""
    header_y: float
    """Bottom of the title and phase names: the top rail (repeated on every page)."""
    x_cuts: tuple[float, ...]
    """Boundaries between phases."""
    y_cuts: tuple[float, ...]
    """Boundaries between lanes (the rails below the top one)."""


_GRAPH_TRANSFORM: Final = re.compile(
    r'class="graph" transform="scale\(([-\d.]+) ([-\d.]+)\) rotate\(0\) '
    r'translate\(([-\d.]+) ([-\d.]+)\)"'
)
_EDGE: Final = re.compile(
    r'<g id="edge\d+" class="edge">\s*<title>rail:(\d+):(h|\d+)&#45;&gt;rail:\d+:(?:h|\d+)'
    r'</title>\s*<path[^>]* d="M([-\d.]+),([-\d.]+)'
)
_PHASE_HEAD: Final = re.compile(
    r'class="node">\s*<title>col:(\d+)</title>\s*(?:<g id="a_node\d+"><a\b[^>]*>\s*)?<polygon'
)
_LANE_TEXT: Final = re.compile(
    r'class="node">\s*<title>lane:\d+</title>\s*((?:<text\b[^>]*>[^<]*</text>\s*)+)'
)
_TEXT: Final = re.compile(r'<text\b[^>]*\bx="([-\d.]+)"[^>]*font-size="([\d.]+)"[^>]*>([^<]*)<')
_AVERAGE_WIDTH: Final = 0.6
"""Helvetica's widest average character, as a share of the font size (text width estimate)."""


def swimlane_cuts(svg: str) -> PageCuts | None:
    """Read the phase and lane boundaries of a swimlane (or persona) map from the SVG
    Graphviz drew of :func:`swimlane_dot`'s DOT: the rails give each rank's position and each
    lane boundary, the drawn phase-title boxes the ranks where phases begin. ``None`` when
    the SVG has no rails (another view)."""
    transform = _GRAPH_TRANSFORM.search(svg)
    if transform is None:
        return None
    sx, sy, tx, ty = (float(v) for v in transform.groups())
    rank_x: dict[int, float] = {}
    rail_y: dict[int, float] = {}
    for rail, rank, x, y in _EDGE.findall(svg):
        rail_y.setdefault(int(rail), sy * (float(y) + ty))
        if rail == "0":
            rank_x[-1 if rank == "h" else int(rank)] = sx * (float(x) + tx)
    if -1 not in rank_x or 0 not in rank_x or len(rail_y) < 2:
        return None

    def between(rank: int) -> float:
        return (rank_x[rank - 1] + rank_x[rank]) / 2

    # The lane names end well before the header column does (the legend below widens it).
    names = [
        (sx * (float(x) + tx), _AVERAGE_WIDTH * float(size) * len(text) / 2)
        for block in _LANE_TEXT.findall(svg)
        for x, size, text in _TEXT.findall(block)
    ]
    header_x = between(0)
    header_left = sx * tx
    if names:
        header_x = min(header_x, max(x + half for x, half in names) + 6)
        header_left = max(header_left, min(x - half for x, half in names) - 6)
    starts = sorted(int(r) for r in _PHASE_HEAD.findall(svg))
    x_cuts = tuple(between(r) for r in starts if r > 0 and r - 1 in rank_x and r in rank_x)
    ys = [rail_y[r] for r in sorted(rail_y)]
    return PageCuts(
        header_left=header_left,
        header_x=header_x,
        header_y=ys[0],
        x_cuts=x_cuts,
        y_cuts=tuple(ys[1:]),
    )
