"""Mermaid exports, so a map can live in GitHub Markdown.

* ``flowchart``: one subgraph per lane (the person first), steps with their minutes and waits,
  arrows with probabilities; cross-agency handoffs are thick (``==>``) or dotted (``-.->``)
  and always labelled with their type, loops labelled ``↺``. Accessible title and description
  (``accTitle``/``accDescr``) are included.
* ``journey``: Mermaid's user-journey diagram: sections are phases, tasks are steps, actors
  are owners, and each task's 1–5 score comes from the step's ``emotion`` (−2..+2 → 1..5) or,
  when the journey records no emotions, from the friction level of a scorecard (no friction → 5).

Node ids in the flowchart are generated (``s0``, ``s1``, ...) so no user id can break the
syntax; every label goes through :func:`~lifeexp.rendering._escape.mermaid_label`.
"""

from __future__ import annotations

from typing import Literal

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

__all__ = ["MermaidKind", "mermaid_flowchart", "mermaid_journey"]

MermaidKind = Literal["flowchart", "journey"]


def _describe(journey: Journey, layout: Layout) -> str:
    return one_line(
        f"{journey.title}: {fmt.counted(len(journey.steps), 'step')} in "
        f"{fmt.counted(len(journey.phases), 'phase')} across "
        f"{fmt.counted(len(layout.lanes), 'lane')}, "
        f"{fmt.counted(len(layout.handoffs), 'cross-agency handoff')}."
    )


def mermaid_flowchart(
    journey: Journey, layout: Layout, options: RenderOptions, friction: FrictionInfo
) -> str:
    """The swimlane map as a Mermaid ``flowchart LR`` with one subgraph per lane."""
    theme = options.colours
    ids = {sid: f"s{i}" for i, sid in enumerate(journey.step_ids)}
    steps = {s.id: s for s in journey.steps}
    lines = [
        "flowchart LR",
        f"  accTitle: {mermaid_acc_text(journey.title)}",
        f"  accDescr: {mermaid_acc_text(_describe(journey, layout))}",
    ]
    for i, lane in enumerate(layout.lanes):
        lines.append(f'  subgraph lane{i}["{mermaid_label(LANE_LABEL.get(lane, lane))}"]')
        lines.append("    direction LR")
        for sid in layout.lane_steps[lane]:
            step = steps[sid]
            text = list(wrap(step.title, options.wrap))
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
        lines.append("  end")
    handoffs = {(t.from_, t.to) for t in layout.handoffs}
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
            words.append(t.label)
        if t.probability < 1:
            words.append(fmt.probability(t.probability))
        arrow = "-->"
        if (t.from_, t.to) in handoffs:
            kind = t.handoff
            words.append("handoff: " + (HANDOFF_STYLE[kind][1] if kind else "type not given"))
            pattern = HANDOFF_STYLE[kind][0] if kind else "solid"
            arrow = "-.->" if pattern in ("dashed", "dotted") else "==>"
            if kind is not None:
                link_styles.append(
                    f"  linkStyle {n} stroke:{theme.handoff[kind.value]},stroke-width:3px"
                )
        elif (t.from_, t.to) in layout.loops:
            arrow = "-.->"
            link_styles.append(f"  linkStyle {n} stroke:{theme.rework}")
        src, dst = ids[t.from_], ids[t.to]
        if words:
            label = mermaid_label(" · ".join(words))
            lines.append(f'  {src} {arrow}|"{label}"| {dst}')
        else:
            lines.append(f"  {src} {arrow} {dst}")
    for level in range(1, len(theme.friction)):
        members = [ids[sid] for sid, lv in friction.level.items() if lv == level and sid in ids]
        if members:
            fill, ink = theme.friction[level], theme.friction_text[level]
            lines.append(f"  classDef friction{level} fill:{fill},color:{ink}")
            lines.append(f"  class {','.join(members)} friction{level}")
    lines.extend(link_styles)
    return "\n".join(lines) + "\n"


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
    lines = [
        "journey",
        f"  title {mermaid_journey_text(journey.title)}",
        f"  accTitle: {mermaid_acc_text(journey.title)}",
        f"  accDescr: {mermaid_acc_text(_describe(journey, layout))}",
    ]
    by_phase: dict[str, list[str]] = {}
    for sid in sorted(
        journey.step_ids, key=lambda i: (layout.column_of[i], journey.step_ids.index(i))
    ):
        by_phase.setdefault(journey.step(sid).phase, []).append(sid)
    for phase, _k in layout.columns:
        if _k != 0 or phase not in by_phase:
            continue
        lines.append(f"  section {mermaid_journey_text(layout.phase_title[phase])}")
        for sid in by_phase[phase]:
            step = journey.step(sid)
            if uses_emotion:
                score = step.emotion + 3
            elif friction.level:
                score = 5 - friction.level.get(sid, 0)
            else:
                score = 3
            actor = mermaid_journey_text(LANE_LABEL.get(lane_of(step), lane_of(step)))
            title = mermaid_journey_text(step.title) or "step"
            lines.append(f"    {title}: {score}: {actor}")
    return "\n".join(lines) + "\n"
