"""The accessible text map: the same journey map as structured text or Markdown.

Section 508 expects a text equivalent of every diagram. This rendering carries what the picture
shows, in reading order: the lanes, then each phase with its steps in column order (owner,
kind, channel, the person's minutes, calendar waits, friction), every arrow leaving a step with
its probability, loop and handoff type, then a table of cross-agency handoffs and the top
friction points. Screen readers navigate it by headings, lists and tables.

In Markdown every user string is escaped (:func:`~lifeexp.rendering._escape.markdown_inline`,
block markers at the start included); plain text has its control characters folded. Both
then go through :func:`lifeexp.escaping.printable_lines`, so no bidirectional override is
left raw and no line can act as a GitHub workflow command when the map is printed in CI.
The map is built in time linear in the number of steps and transitions.
"""

from __future__ import annotations

from collections.abc import Callable

from lifeexp import formatting as fmt
from lifeexp.escaping import printable_lines
from lifeexp.model import Journey, Step, Transition, TransitionKind
from lifeexp.rendering._escape import markdown_inline, markdown_table_cell, one_line
from lifeexp.rendering._layout import (
    FrictionInfo,
    Layout,
    lane_of,
    recorded_emotion,
)
from lifeexp.rendering._swimlane import HANDOFF_STYLE, LANE_LABEL

__all__ = ["describe", "text_map"]


def describe(journey: Journey, layout: Layout) -> str:
    """A one-paragraph description of a map, for SVG ``<desc>`` and ``alt`` text."""
    lanes = ", ".join(LANE_LABEL.get(lane, lane) for lane in layout.lanes)
    phases = ", ".join(layout.phase_title[p] for p, k in layout.columns if k == 0)
    loops = len(layout.loops)
    return one_line(
        f"Journey map of {journey.title} ({journey.state.value} state): {len(journey.steps)} "
        f"steps in {len(journey.phases)} phases ({phases}) across {len(layout.lanes)} lanes "
        f"({lanes}); {fmt.counted(len(layout.handoffs), 'cross-agency handoff')} and "
        f"{fmt.counted(loops, 'loop back', 'loops back')}. "
        "A text version of this map is available with the 'lifeexp render -f markdown' command."
    )


def _owner(step: Step) -> str:
    lane = lane_of(step)
    return LANE_LABEL.get(lane, lane)


def text_map(
    journey: Journey, layout: Layout, friction: FrictionInfo, *, markdown: bool = True
) -> str:
    """The map as Markdown (``markdown=True``) or plain text."""
    esc: Callable[[str], str] = markdown_inline if markdown else one_line
    cell: Callable[[str], str] = markdown_table_cell if markdown else one_line
    steps = {s.id: s for s in journey.steps}
    file_order = {s.id: i for i, s in enumerate(journey.steps)}
    outgoing: dict[str, list[Transition]] = {}
    for t in journey.transitions:
        outgoing.setdefault(t.from_, []).append(t)
    handoff_keys = {(t.from_, t.to) for t in layout.handoffs}
    out: list[str] = []

    def heading(level: int, text: str) -> None:
        if markdown:
            out.extend([f"{'#' * level} {text}", ""])
        else:
            out.extend([text, ("=" if level == 1 else "-") * len(text), ""])

    heading(1, f"Journey map: {esc(journey.title)}")
    out.append(
        f"{'Future' if journey.state.value == 'future' else 'Current'} state. "
        f"{len(journey.steps)} steps in {len(journey.phases)} phases; "
        f"{fmt.counted(len(layout.handoffs), 'cross-agency handoff')}."
    )
    if journey.description:
        out.extend(["", esc(journey.description)])
    out.append("")
    lanes = ", ".join(esc(LANE_LABEL.get(lane, lane)) for lane in layout.lanes)
    out.extend([f"Lanes (owners), top to bottom: {lanes}.", ""])

    reading_order = sorted(steps, key=lambda s: (layout.column_of[s], file_order[s]))
    number = {sid: i + 1 for i, sid in enumerate(reading_order)}
    by_phase: dict[str, list[str]] = {}
    for sid in reading_order:
        by_phase.setdefault(steps[sid].phase, []).append(sid)
    for phase, k in layout.columns:
        if k != 0:
            continue
        members = by_phase.get(phase)
        if not members:
            continue
        heading(2, f"Phase: {esc(layout.phase_title[phase])}")
        for sid in members:
            out.extend(
                _step_lines(
                    steps,
                    steps[sid],
                    outgoing.get(sid, []),
                    number,
                    layout,
                    friction,
                    esc,
                    handoff_keys,
                    markdown,
                )
            )
        out.append("")

    if layout.handoffs:
        heading(2, "Cross-agency handoffs")
        rows = [
            [
                cell(steps[t.from_].title),
                cell(_owner(steps[t.from_])),
                cell(steps[t.to].title),
                cell(_owner(steps[t.to])),
                HANDOFF_STYLE[t.handoff][1] if t.handoff else "type not given",
                fmt.probability(t.probability),
            ]
            for t in layout.handoffs
        ]
        out.extend(
            _table(["From step", "From", "To step", "To", "Handoff", "Probability"], rows, markdown)
        )
        out.append("")

    if friction.reasons:
        heading(2, "Top friction points")
        for rank, reason in sorted(friction.reasons.items()):
            out.append(f"{rank}. {esc(reason)}" if markdown else f"{rank}. {one_line(reason)}")
        out.append("")
    return printable_lines("\n".join(out).rstrip("\n") + "\n")


def _step_lines(
    steps: dict[str, Step],
    step: Step,
    leaving: list[Transition],
    number: dict[str, int],
    layout: Layout,
    friction: FrictionInfo,
    esc: Callable[[str], str],
    handoff_keys: set[tuple[str, str]],
    markdown: bool,
) -> list[str]:
    facts = [f"owner: {esc(_owner(step))}", f"kind: {step.kind.value}"]
    if step.channel.value != "none":
        facts.append(f"channel: {step.channel.value.replace('_', ' ')}")
    minutes = friction.minutes.get(step.id, step.burden.mean if step.burden else 0.0)
    if minutes:
        facts.append(f"time: {fmt.minutes(minutes)}")
    days = friction.wait_days.get(step.id, step.wait.days.mean if step.wait else 0.0)
    if days:
        facts.append(f"wait: {fmt.days(days)}")
    emotion = recorded_emotion(step)
    if emotion is not None:
        sign = f"+{emotion}" if emotion > 0 else ("−" + str(-emotion) if emotion else "0")
        facts.append(f"emotion: {sign} of −2 to +2")
    level = friction.level.get(step.id, 0)
    if level:
        facts.append(f"friction {level} of 4")
    ranks = friction.step_rank.get(step.id)
    if ranks:
        facts.append("top friction point " + ", ".join(f"#{r}" for r in ranks))
    trust = friction.trust.get(step.id)
    if trust:
        facts.append(esc(trust))
    title = esc(step.title)
    head = f"**{title}**" if markdown else title
    lines = [f"{number[step.id]}. {head} ({'; '.join(facts)})"]
    indent = "   " if markdown else "    "
    if step.notes:
        lines.append(f"{indent}- Note: {esc(step.notes)}")
    outgoing = [t for t in leaving if t.to in number]
    if not outgoing:
        lines.append(f"{indent}- End of the journey.")
    for t in outgoing:
        target = steps[t.to]
        words: list[str] = []
        if t.kind is TransitionKind.rework:
            words.append("rework, back")
        elif t.kind is TransitionKind.appeal:
            words.append("appeal")
        elif (t.from_, t.to) in layout.loops:
            words.append("loops back")
        if t.label:
            words.append(esc(t.label))
        if t.probability < 1:
            words.append(fmt.probability(t.probability))
        if (t.from_, t.to) in handoff_keys:
            kind = HANDOFF_STYLE[t.handoff][1] if t.handoff else "type not given"
            words.append(f"cross-agency handoff: {kind}")
        ranks_e = friction.edge_rank.get((t.from_, t.to))
        if ranks_e:
            words.append("top friction point " + ", ".join(f"#{r}" for r in ranks_e))
        detail = f" ({'; '.join(words)})" if words else ""
        where = f"step {number[t.to]}, {esc(target.title)} ({esc(_owner(target))})"
        lines.append(f"{indent}- Next: {where}{detail}")
    return lines


def _table(header: list[str], rows: list[list[str]], markdown: bool) -> list[str]:
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines.extend("| " + " | ".join(r) + " |" for r in rows)
        return lines
    return [
        " → ".join([r[0] + f" ({r[1]})", r[2] + f" ({r[3]})"]) + f": {r[4]}, {r[5]}" for r in rows
    ]
