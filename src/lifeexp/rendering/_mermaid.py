"""Mermaid exports, so a map can live in GitHub Markdown.

* ``flowchart``: one subgraph per lane (the person first), stacked in the configured lane
  order, steps with their minutes and waits, arrows with probabilities; an arrow to another
  lane runs through a pair of connectors (``to SSA: ...`` / ``from Person: ...``), because
  Mermaid keeps the order only of subgraphs that share no arrow. Cross-agency handoffs are
  thick (``==>``) or dotted (``-.->``) and always labelled with their type, loops labelled
  ``↺``. Accessible title and description (``accTitle``/``accDescr``) are included.
* ``journey``: Mermaid's user-journey diagram: sections are phases, tasks are steps, actors
  are owners, and each task's 1–5 score comes from the step's ``emotion`` (−2..+2 → 1..5) or,
  when the journey records no emotions, from the friction level of a scorecard (no friction → 5).

Node ids in the flowchart are generated (``s0``, ``s1``, ...) so no user id can break the
syntax; every label goes through :func:`~lifeexp.rendering._escape.mermaid_label`, which
also escapes ``%`` so no ``%%{init: ...}%%`` directive in user text can take effect.

Mermaid refuses to draw a diagram longer than its ``maxTextSize`` (50,000 characters by
default) and shows an error instead. Labels are therefore cut at :data:`MAX_LABEL`
characters with an ellipsis; the full texts of cut labels follow in the accessible
description (``accDescr``), each up to :data:`MAX_FULL_TEXT` characters. An export that is
still longer than the limit (a journey of thousands of steps) raises a
:class:`MermaidSizeWarning`: it parses, but the Mermaid viewer needs a larger
``maxTextSize`` to draw it.
"""

from __future__ import annotations

import warnings
from typing import Final, Literal

from lifeexp import formatting as fmt
from lifeexp.model import Journey, TransitionKind
from lifeexp.rendering._escape import (
    mermaid_acc_text,
    mermaid_journey_text,
    mermaid_label,
    one_line,
    wrap,
)
from lifeexp.rendering._layout import (
    FrictionInfo,
    Layout,
    lane_of,
)
from lifeexp.rendering._options import RenderOptions
from lifeexp.rendering._swimlane import HANDOFF_STYLE, LANE_LABEL

__all__ = [
    "MAX_FULL_TEXT",
    "MAX_LABEL",
    "MERMAID_MAX_TEXT_SIZE",
    "MermaidKind",
    "MermaidSizeWarning",
    "mermaid_flowchart",
    "mermaid_journey",
]

MermaidKind = Literal["flowchart", "journey"]

MERMAID_MAX_TEXT_SIZE: Final = 50_000
"""Mermaid's default ``maxTextSize``: longer diagram text is shown as an error, not drawn."""
MAX_LABEL: Final = 120
"""Characters of a title, lane name or arrow label shown in a Mermaid label before it is cut."""
MAX_FULL_TEXT: Final = 2_000
"""Characters of a cut label's full text kept in the accessible description."""


class MermaidSizeWarning(UserWarning):
    """A Mermaid export is longer than Mermaid's default ``maxTextSize``."""


class _Labels:
    """Cuts long texts for labels and remembers their full text for the description."""

    def __init__(self) -> None:
        self.cut: list[str] = []

    def __call__(self, text: str) -> str:
        flat = one_line(text)
        if len(flat) <= MAX_LABEL:
            return flat
        full = flat if len(flat) <= MAX_FULL_TEXT else flat[: MAX_FULL_TEXT - 1] + "…"
        if full not in self.cut:
            self.cut.append(full)
        return flat[: MAX_LABEL - 1].rstrip() + "…"

    def describe(self, journey: Journey, layout: Layout) -> str:
        summary = (
            f"{self(journey.title)}: {fmt.counted(len(journey.steps), 'step')} in "
            f"{fmt.counted(len(journey.phases), 'phase')} across "
            f"{fmt.counted(len(layout.lanes), 'lane')}, "
            f"{fmt.counted(len(layout.handoffs), 'cross-agency handoff')}."
        )
        if self.cut:
            summary += " Full text of the shortened labels: " + " | ".join(self.cut)
        return one_line(summary)


def _check_size(text: str, kind: str) -> str:
    size = len(text.encode("utf-16-le")) // 2  # Mermaid counts JavaScript string length
    if size > MERMAID_MAX_TEXT_SIZE:
        warnings.warn(
            f"the Mermaid {kind} export has {size:,} characters, more than Mermaid's default "
            f"limit of {MERMAID_MAX_TEXT_SIZE:,}: Mermaid shows an error instead of the "
            "diagram unless its maxTextSize setting is raised; the DOT, SVG or text map "
            "have no such limit",
            MermaidSizeWarning,
            stacklevel=4,
        )
    return text


def mermaid_flowchart(
    journey: Journey, layout: Layout, options: RenderOptions, friction: FrictionInfo
) -> str:
    """The swimlane map as a Mermaid ``flowchart TB``: one subgraph per lane, in lane order.

    Mermaid's layout places linked subgraphs where it likes, so the lanes share no arrow: an
    arrow to another lane ends at a connector (``to SSA: Apply ...``) and starts again at
    its twin in the other lane (``from Person: Decide ...``). Each lane is then laid out on
    its own, left to right, and an invisible chain ``lane0 ~~~ lane1 ~~~ ...`` stacks them
    top to bottom in exactly the configured order.
    """
    theme = options.colours
    ids = {s.id: f"s{i}" for i, s in enumerate(journey.steps)}
    steps = {s.id: s for s in journey.steps}
    cut = _Labels()
    names = {lane: cut(LANE_LABEL.get(lane, lane)) for lane in layout.lanes}
    handoffs = {(t.from_, t.to) for t in layout.handoffs}
    connectors: dict[str, list[str]] = {lane: [] for lane in layout.lanes}
    links: list[str] = []
    link_styles: list[str] = []
    for n, t in enumerate(layout.transitions):
        words: list[str] = []
        edge_ranks = friction.edge_rank.get((t.from_, t.to))
        if edge_ranks:
            words.append("friction " + ", ".join(f"#{r}" for r in edge_ranks))
        if t.kind is TransitionKind.rework:
            words.append("↺ rework")
        elif t.kind is TransitionKind.appeal:
            words.append("↺ appeal")
        elif (t.from_, t.to) in layout.loops:
            words.append("↺ back")
        if t.label:
            words.append(cut(t.label))
        if t.probability < 1:
            words.append(fmt.probability(t.probability))
        arrow = "-->"
        style: str | None = None
        if (t.from_, t.to) in handoffs:
            kind = t.handoff
            words.append("handoff: " + (HANDOFF_STYLE[kind][1] if kind else "type not given"))
            pattern = HANDOFF_STYLE[kind][0] if kind else "solid"
            arrow = "-.->" if pattern in ("dashed", "dotted") else "==>"
            if kind is not None:
                style = f"stroke:{theme.handoff[kind.value]},stroke-width:3px"
        elif (t.from_, t.to) in layout.loops:
            arrow = "-.->"
            style = f"stroke:{theme.rework}"
        src, dst = ids[t.from_], ids[t.to]
        label = f'|"{mermaid_label(" · ".join(words))}"|' if words else ""
        lane_a, lane_b = lane_of(steps[t.from_]), lane_of(steps[t.to])
        if lane_a == lane_b:
            ends = [(src, label, dst)]
        else:
            out, back = f"c{n}a", f"c{n}b"
            to_text = _connector("to", names[lane_b], steps[t.to].title, cut, options)
            from_text = _connector("from", names[lane_a], steps[t.from_].title, cut, options)
            connectors[lane_a].append(f"    {out}>{to_text}]")
            connectors[lane_b].append(f"    {back}>{from_text}]")
            ends = [(src, label, out), (back, "", dst)]
        for tail, on_link, head in ends:
            if style is not None:
                link_styles.append(f"  linkStyle {len(links)} {style}")
            links.append(f"  {tail} {arrow}{on_link} {head}")

    lines = ["flowchart TB", f"  accTitle: {mermaid_acc_text(cut(journey.title))}", ""]
    for i, lane in enumerate(layout.lanes):
        lines.append(f'  subgraph lane{i}["{mermaid_label(names[lane])}"]')
        lines.append("    direction LR")
        for sid in layout.lane_steps[lane]:
            step = steps[sid]
            text = list(wrap(cut(step.title), options.wrap))
            meta: list[str] = []
            minutes = friction.minutes.get(sid, step.burden.mean if step.burden else 0.0)
            if minutes:
                meta.append(fmt.minutes(minutes))
            days = friction.wait_days.get(sid, step.wait.days.mean if step.wait else 0.0)
            if days:
                meta.append("wait " + fmt.days(days))
            level = friction.level.get(sid, 0)
            if level:
                meta.append(f"friction {level}/4")
            ranks = friction.step_rank.get(sid)
            if ranks:
                text.insert(0, "friction " + ", ".join(f"#{r}" for r in ranks))
            if meta:
                text.append(" · ".join(meta))
            label = "<br/>".join(mermaid_label(part) for part in text)
            open_, close = _SHAPES[step.kind.value]
            lines.append(f'    {ids[sid]}{open_}"{label}"{close}')
        lines.extend(connectors[lane])
        lines.append("  end")
    lines.extend(links)
    if len(layout.lanes) > 1:
        # Invisible links between the lanes themselves: the only order Mermaid keeps.
        lines.append("  " + " ~~~ ".join(f"lane{i}" for i in range(len(layout.lanes))))
    for level in range(1, len(theme.friction)):
        members = [ids[sid] for sid, lv in friction.level.items() if lv == level and sid in ids]
        if members:
            fill, ink = theme.friction[level], theme.friction_text[level]
            lines.append(f"  classDef friction{level} fill:{fill},color:{ink}")
            lines.append(f"  class {','.join(members)} friction{level}")
    lines.extend(link_styles)
    lines[2] = f"  accDescr: {mermaid_acc_text(cut.describe(journey, layout))}"
    return _check_size("\n".join(lines) + "\n", "flowchart")


def _connector(direction: str, lane: str, title: str, cut: _Labels, options: RenderOptions) -> str:
    """A connector's label: where the arrow goes to (or comes from) and that step's title."""
    parts = [f"{direction} {lane}:", *wrap(cut(title), options.wrap)]
    return '"' + "<br/>".join(mermaid_label(part) for part in parts) + '"'


_SHAPES: dict[str, tuple[str, str]] = {
    "action": ("(", ")"),
    "decision": ("{{", "}}"),
    "wait": ("[/", "/]"),
    "automatic": ("[", "]"),
    "end": ("([", "])"),
}
"""Step kind → Mermaid node shape brackets (rounded, hexagon, parallelogram, box, stadium)."""


def mermaid_journey(journey: Journey, layout: Layout, friction: FrictionInfo) -> str:
    """The journey as a Mermaid ``journey`` diagram (sections = phases, actors = owners)."""
    uses_emotion = any(s.emotion != 0 for s in journey.steps)
    cut = _Labels()
    lines = [
        "journey",
        f"  title {mermaid_journey_text(cut(journey.title))}",
        f"  accTitle: {mermaid_acc_text(cut(journey.title))}",
        "",
    ]
    steps = {s.id: s for s in journey.steps}
    order = {s.id: i for i, s in enumerate(journey.steps)}
    by_phase: dict[str, list[str]] = {}
    for sid in sorted(order, key=lambda i: (layout.column_of[i], order[i])):
        by_phase.setdefault(steps[sid].phase, []).append(sid)
    for phase, _k in layout.columns:
        if _k != 0 or phase not in by_phase:
            continue
        lines.append(f"  section {mermaid_journey_text(cut(layout.phase_title[phase]))}")
        for sid in by_phase[phase]:
            step = steps[sid]
            if uses_emotion:
                score = step.emotion + 3
            elif friction.level:
                score = 5 - friction.level.get(sid, 0)
            else:
                score = 3
            actor = mermaid_journey_text(cut(LANE_LABEL.get(lane_of(step), lane_of(step))))
            task = mermaid_journey_text(cut(step.title)) or "step"
            lines.append(f"    {task}: {score}: {actor}")
    lines[3] = f"  accDescr: {mermaid_acc_text(cut.describe(journey, layout))}"
    return _check_size("\n".join(lines) + "\n", "journey")
