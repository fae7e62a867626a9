"""Checks that keep the headline figures honest (issue 12; codes LX311, LX507–LX510, LX605).

* LX311 a burden names a part its form does not list;
* LX507 a step charges a whole form's PRA figure although the journey says people file that
  form anyway (only the part the step adds is the journey's burden);
* LX508 a step done online keeps travel or in-line waiting minutes;
* LX509 a multi-day class is charged to the person although it may be duty or work time;
* LX510 a step's published program volume disagrees with entry volume × reach;
* LX605 agency → person step(s) → other agency with no handoff type on the last transition.
"""

from __future__ import annotations

from collections.abc import Iterator

from lifeexp.checks._findings import Finding
from lifeexp.loading import did_you_mean
from lifeexp.model import (
    PERSON,
    BurdenComponent,
    Catalog,
    Channel,
    Journey,
    TimeBearer,
)

__all__ = [
    "DEFAULT_VOLUME_FACTOR",
    "MULTI_DAY_MINUTES",
    "bridging_transitions",
    "check_honest_figures",
]

DEFAULT_VOLUME_FACTOR = 1.25
"""LX510 fires when implied and published volumes differ by more than this factor."""
MULTI_DAY_MINUTES = 960.0
"""A single step charging the person at least this much (two 8-hour days) is a multi-day
class or workshop, which people usually attend on duty or work time (LX509)."""


def check_honest_figures(
    journey: Journey, catalog: Catalog, *, volume_factor: float = DEFAULT_VOLUME_FACTOR
) -> Iterator[Finding]:
    """Every finding of this module for one journey."""
    yield from _form_parts(journey, catalog)
    yield from _filed_anyway(journey, catalog)
    yield from _online_travel(journey)
    yield from _duty_class(journey)
    yield from _volumes(journey, volume_factor)
    yield from _bridged_untyped(journey)


def _form_parts(journey: Journey, catalog: Catalog) -> Iterator[Finding]:
    for i, step in enumerate(journey.steps):
        burden = step.burden
        if burden is None or burden.form_part is None or burden.form not in catalog.forms:
            continue
        form = catalog.forms[burden.form]
        if form.part(burden.form_part) is None:
            known = [p.id for p in form.parts]
            yield Finding(
                "LX311",
                f"form {form.id!r} lists no part {burden.form_part!r}",
                ("steps", i, "burden", "form_part"),
                hint=did_you_mean(burden.form_part, known)
                or (f"its parts: {', '.join(known)}" if known else "the form lists no parts"),
                owner=step,
            )


def _filed_anyway(journey: Journey, catalog: Catalog) -> Iterator[Finding]:
    anyway = {f.form: f for f in journey.filed_anyway}
    steps = set(journey.step_ids)
    for k, listed in enumerate(journey.filed_anyway):
        if listed.form not in catalog.forms:
            yield Finding(
                "LX302",
                f"unknown form {listed.form!r}",
                ("filed_anyway", k, "form"),
                hint=did_you_mean(listed.form, catalog.forms),
            )
        for m, sid in enumerate(listed.except_at):
            if sid not in steps:
                yield Finding(
                    "LX402",
                    f"filed_anyway names unknown step {sid!r}",
                    ("filed_anyway", k, "except_at", m),
                    hint=did_you_mean(sid, steps),
                )
    for i, step in enumerate(journey.steps):
        burden = step.burden
        if burden is None or burden.form is None or burden.form_part is not None:
            continue
        entry = anyway.get(burden.form)
        if entry is None or step.id in entry.except_at:
            continue
        form = catalog.forms.get(burden.form)
        parts = ", ".join(p.id for p in form.parts) if form is not None else ""
        yield Finding(
            "LX507",
            f"step {step.id!r} charges the whole of form {burden.form!r} although the journey "
            "says people file it anyway",
            ("steps", i, "burden", "form"),
            hint=(
                f"charge only the part the step adds (form_part: one of {parts})"
                if parts
                else "charge only the part the step adds (list it under the form's parts)"
            )
            + ", or list the step under filed_anyway.except_at if it is for people who would "
            "not otherwise file",
            owner=step,
        )


def _online_travel(journey: Journey) -> Iterator[Finding]:
    for i, step in enumerate(journey.steps):
        if step.channel is not Channel.online or step.burden is None:
            continue
        kept = [
            c.value
            for c in (BurdenComponent.travel, BurdenComponent.waiting)
            if getattr(step.burden, c.value) is not None and getattr(step.burden, c.value).mean
        ]
        if kept:
            yield Finding(
                "LX508",
                f"step {step.id!r} is done online but keeps {' and '.join(kept)} minutes",
                ("steps", i, "burden", kept[0]),
                hint="travel and time in line belong to office visits; drop them, or split an "
                "average that mixes channels into its online and in-person parts",
                owner=step,
            )


def _duty_class(journey: Journey) -> Iterator[Finding]:
    for i, step in enumerate(journey.steps):
        burden = step.burden
        if burden is None:
            continue
        own = burden.person_mean
        if own >= MULTI_DAY_MINUTES and step.agency != PERSON:
            whole = burden.borne_by is TimeBearer.person and not burden.borne_by_component
            if not whole:
                continue
            yield Finding(
                "LX509",
                f"step {step.id!r} charges the person {own:,.0f} minutes "
                f"({own / 480:.1f} working days); a multi-day class attended on duty or paid work "
                "time is the employer's time, not the person's",
                ("steps", i, "burden"),
                hint="if it is attended on duty, mark it borne_by: duty (or borne_by_component: "
                "{completing: duty}); otherwise suppress with the evidence that it is not",
                owner=step,
            )


def _volumes(journey: Journey, factor: float) -> Iterator[Finding]:
    entry = journey.annual_volume
    marked = [(i, s) for i, s in enumerate(journey.steps) if s.program_volume is not None]
    if entry is None or not marked:
        return
    from lifeexp.checks._reach import reach_probabilities

    reach = reach_probabilities(journey, [s.id for _, s in marked])
    if reach is None:
        return  # the graph checks report why the journey has no defined reach
    entry_src = ", ".join(entry.source_ids) or (
        f"estimate: {entry.estimate}" if entry.estimate else "no source"
    )
    for i, step in marked:
        pv = step.program_volume
        assert pv is not None
        implied = entry.people * reach[step.id]
        if implied <= 0:
            continue
        ratio = implied / pv.per_year
        if 1 / factor <= ratio <= factor:
            continue
        pub_src = ", ".join(pv.source_ids) or (
            f"estimate: {pv.estimate}" if pv.estimate else "no source"
        )
        yield Finding(
            "LX510",
            f"step {step.id!r}: entry volume {entry.people:,} × reach {reach[step.id]:.3f} "
            f"implies {implied:,.0f} a year ({entry_src}), but the program publishes "
            f"{pv.per_year:,} {pv.counts} ({pub_src}): {ratio:.2f}× (allowed {factor:g}×)",
            ("steps", i, "program_volume"),
            hint="check that annual_volume counts the people entering the journey and that the "
            "branch probabilities into this step are right",
            owner=step,
        )


def bridging_transitions(journey: Journey) -> dict[int, list[str]]:
    """Transitions person step → agency ``B`` that people reach from another agency through
    their own steps only: ``{transition index: [those other agencies]}``. On these a handoff
    type means something (the scorer counts them as handoffs)."""
    by_id = {s.id: s for s in journey.steps}

    def is_person(sid: str) -> bool:
        step = by_id.get(sid)
        return step is not None and step.agency in (None, PERSON)

    succ: dict[str, list[str]] = {}
    frontier: list[tuple[str, str]] = []
    for t in journey.transitions:
        succ.setdefault(t.from_, []).append(t.to)
        a = by_id.get(t.from_)
        if a is not None and not is_person(t.from_) and is_person(t.to):
            frontier.append((t.to, str(a.agency)))
    # Agencies that reach each person step through person steps only.
    into: dict[str, set[str]] = {}
    while frontier:
        node, agency = frontier.pop()
        seen = into.setdefault(node, set())
        if agency in seen:
            continue
        seen.add(agency)
        frontier.extend((nxt, agency) for nxt in succ.get(node, []) if is_person(nxt))
    out: dict[int, list[str]] = {}
    for j, t in enumerate(journey.transitions):
        target = by_id.get(t.to)
        if target is None or not is_person(t.from_) or is_person(t.to):
            continue
        others = sorted(into.get(t.from_, set()) - {str(target.agency)})
        if others:
            out[j] = others
    return out


def _bridged_untyped(journey: Journey) -> Iterator[Finding]:
    by_id = {s.id: s for s in journey.steps}
    for j, others in bridging_transitions(journey).items():
        t = journey.transitions[j]
        if t.handoff is not None:
            continue
        yield Finding(
            "LX605",
            f"transition {t.from_}→{t.to} takes people from {', '.join(others)} through "
            f"their own steps to {by_id[t.to].agency} with no handoff type; it is scored as "
            "the person carrying the case (customer_carries)",
            ("transitions", j),
            hint="add handoff: data_shared, warm_referral, customer_carries or start_over",
            owner=t,
        )
