"""Semantic checks of one journey against the catalogs (codes LX3xx–LX6xx).

The graph checks use plain adjacency sets rather than networkx: journeys have tens to a few
hundred steps, breadth-first searches are a few lines, and keeping networkx off this path keeps
``lifeexp validate`` starting fast.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Iterator

from lifeexp.checks._findings import Finding
from lifeexp.checks._honest import (
    DEFAULT_VOLUME_FACTOR,
    bridging_transitions,
    check_honest_figures,
)
from lifeexp.loading._schema_errors import did_you_mean
from lifeexp.model import (
    PERSON,
    Burden,
    Catalog,
    Journey,
    MinutesBasis,
    Provenance,
    Step,
    StepKind,
    Transition,
    TransitionKind,
)

__all__ = ["check_journey"]

PROBABILITY_TOLERANCE = 1e-6
"""Outgoing probabilities must sum to 1 within this tolerance."""
MINUTES_TOLERANCE = 0.005
"""``completing.likely`` and the catalog's minutes per response agree within this many minutes."""


def check_journey(
    journey: Journey, catalog: Catalog, *, volume_factor: float = DEFAULT_VOLUME_FACTOR
) -> list[Finding]:
    """Every finding for one journey, in a stable order."""
    findings: list[Finding] = []
    for check in (
        _duplicate_ids,
        _references,
        _sources,
        _graph,
        _personas,
        _burden_and_owner,
        _provenance,
        _handoffs,
        _tell_us_once,
    ):
        findings.extend(check(journey, catalog))
    findings.extend(check_honest_figures(journey, catalog, volume_factor=volume_factor))
    return findings


def _step_loc(journey: Journey) -> dict[str, int]:
    """Step id → index of its first definition."""
    out: dict[str, int] = {}
    for i, step in enumerate(journey.steps):
        out.setdefault(step.id, i)
    return out


def _duplicate_ids(journey: Journey, catalog: Catalog) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for i, step in enumerate(journey.steps):
        if step.id in seen:
            yield Finding(
                "LX401",
                f"step id {step.id!r} is used twice (first at step {seen[step.id] + 1})",
                ("steps", i, "id"),
                owner=step,
            )
        else:
            seen[step.id] = i
    for section, word in (("phases", "phase"), ("personas", "persona"), ("sources", "source")):
        ids: set[str] = set()
        for i, item in enumerate(getattr(journey, section)):
            if item.id in ids:
                yield Finding("LX309", f"{word} id {item.id!r} is used twice", (section, i, "id"))
            ids.add(item.id)


def _ref(
    code: str,
    word: str,
    value: str,
    known: Iterable[str],
    loc: tuple[str | int, ...],
    owner: Step | Transition | None,
) -> Finding:
    pool = list(known)
    return Finding(
        code,
        f"unknown {word} {value!r}",
        loc,
        hint=did_you_mean(value, pool) or ("the catalogs define none" if not pool else None),
        owner=owner,
    )


def _references(journey: Journey, catalog: Catalog) -> Iterator[Finding]:
    phases = {p.id for p in journey.phases}
    agencies = set(catalog.agencies)
    for i, step in enumerate(journey.steps):
        if step.phase not in phases:
            yield _ref("LX305", "phase", step.phase, phases, ("steps", i, "phase"), step)
        if step.agency is not None and step.agency != PERSON and step.agency not in agencies:
            yield _ref(
                "LX301", "agency", step.agency, [*agencies, PERSON], ("steps", i, "agency"), step
            )
        for k, form in enumerate(step.forms):
            if form not in catalog.forms:
                yield _ref("LX302", "form", form, catalog.forms, ("steps", i, "forms", k), step)
        if step.burden is not None and step.burden.form is not None:
            form = step.burden.form
            if form not in catalog.forms:
                yield _ref(
                    "LX302", "form", form, catalog.forms, ("steps", i, "burden", "form"), step
                )
        for field in ("data_requested", "data_prefilled"):
            for k, element in enumerate(getattr(step, field)):
                if element not in catalog.data_elements:
                    yield _ref(
                        "LX303",
                        "data element",
                        element,
                        catalog.data_elements,
                        ("steps", i, field, k),
                        step,
                    )
        for k, doc in enumerate(step.documents):
            if doc not in catalog.documents:
                yield _ref(
                    "LX304", "document", doc, catalog.documents, ("steps", i, "documents", k), step
                )
    for j, tr in enumerate(journey.transitions):
        for k, element in enumerate(tr.data_passed):
            if element not in catalog.data_elements:
                yield _ref(
                    "LX303",
                    "data element",
                    element,
                    catalog.data_elements,
                    ("transitions", j, "data_passed", k),
                    tr,
                )


def _is_url(text: str) -> bool:
    return "://" in text


def _provenances(
    journey: Journey,
) -> Iterator[tuple[Provenance, tuple[str | int, ...], str, Step | Transition | None]]:
    """Every figure with provenance: (object, loc, description, owner)."""
    if journey.annual_volume is not None:
        yield journey.annual_volume, ("annual_volume",), "annual volume", None
    for g, goal in enumerate(journey.goals):
        yield goal, ("goals", g), f"goal {g + 1}", None
    for i, step in enumerate(journey.steps):
        where = f"step {step.id!r}"
        if step.burden is not None:
            yield step.burden, ("steps", i, "burden"), f"{where} burden", step
        if step.wait is not None:
            yield step.wait, ("steps", i, "wait"), f"{where} wait", step
        for k, pain in enumerate(step.pain_points):
            yield pain, ("steps", i, "pain_points", k), f"{where} pain point {k + 1}", step
        for k, deadline in enumerate(step.deadlines):
            yield deadline, ("steps", i, "deadlines", k), f"{where} deadline {k + 1}", step
        if step.program_volume is not None:
            yield (
                step.program_volume,
                ("steps", i, "program_volume"),
                f"{where} program volume",
                step,
            )
    for j, tr in enumerate(journey.transitions):
        yield tr, ("transitions", j), f"transition {tr.from_}→{tr.to}", tr
    for k, anyway in enumerate(journey.filed_anyway):
        yield anyway, ("filed_anyway", k), f"filed_anyway {anyway.form!r}", None


def _sources(journey: Journey, catalog: Catalog) -> Iterator[Finding]:
    defined = {s.id for s in journey.sources}

    def check(
        cited: list[str], loc: tuple[str | int, ...], owner: Step | Transition | None
    ) -> Iterator[Finding]:
        for k, sid in enumerate(cited):
            if not _is_url(sid) and sid not in defined:
                yield Finding(
                    "LX306",
                    f"source {sid!r} is not defined in the journey's sources",
                    loc if len(cited) == 1 else (*loc, k),
                    hint=did_you_mean(sid, defined),
                    owner=owner,
                )

    for prov, loc, _what, owner in _provenances(journey):
        yield from check(prov.source_ids, (*loc, "source"), owner)
    for i, step in enumerate(journey.steps):
        for k, sid in enumerate(step.sources):
            yield from check([sid], ("steps", i, "sources", k), step)
    for p, persona in enumerate(journey.personas):
        for k, sid in enumerate(persona.sources):
            yield from check([sid], ("personas", p, "sources", k), None)


def _reach(start: str, adjacency: dict[str, set[str]]) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for nxt in adjacency.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _graph(journey: Journey, catalog: Catalog) -> Iterator[Finding]:
    index = _step_loc(journey)
    steps = {s.id: s for s in journey.steps}
    ids = list(index)
    succ: dict[str, set[str]] = {sid: set() for sid in ids}
    pred: dict[str, set[str]] = {sid: set() for sid in ids}
    out_prob: dict[str, float] = {}
    pairs: dict[tuple[str, str], int] = {}
    for j, tr in enumerate(journey.transitions):
        bad = False
        for end, field in ((tr.from_, "from"), (tr.to, "to")):
            if end not in steps:
                bad = True
                yield Finding(
                    "LX402",
                    f"transition {field} unknown step {end!r}",
                    ("transitions", j, field),
                    hint=did_you_mean(end, ids),
                    owner=tr,
                )
        if tr.from_ in steps:
            out_prob[tr.from_] = out_prob.get(tr.from_, 0.0) + tr.probability
        if bad:
            continue
        if (tr.from_, tr.to) in pairs:
            yield Finding(
                "LX410",
                f"a transition {tr.from_}→{tr.to} already exists "
                f"(transition {pairs[(tr.from_, tr.to)] + 1})",
                ("transitions", j),
                owner=tr,
            )
        else:
            pairs[(tr.from_, tr.to)] = j
        succ[tr.from_].add(tr.to)
        pred[tr.to].add(tr.from_)

    for sid, total in out_prob.items():
        if not math.isclose(total, 1.0, rel_tol=0, abs_tol=PROBABILITY_TOLERANCE):
            yield Finding(
                "LX406",
                f"outgoing probabilities of step {sid!r} sum to {total:.6g}, not 1",
                ("steps", index[sid], "id"),
                hint="the probabilities of a step's outgoing transitions are shares of people",
                owner=steps[sid],
            )
    for sid in ids:
        step = steps[sid]
        if step.kind is StepKind.end and succ[sid]:
            yield Finding(
                "LX408",
                f"step {sid!r} is kind 'end' but has transitions to "
                f"{', '.join(repr(t) for t in sorted(succ[sid]))}",
                ("steps", index[sid], "kind"),
                owner=step,
            )

    if journey.start not in steps:
        yield Finding(
            "LX403",
            f"start step {journey.start!r} does not exist",
            ("start",),
            hint=did_you_mean(journey.start, ids),
        )
        reachable = set(ids)
    else:
        reachable = _reach(journey.start, succ)
        for sid in ids:
            if sid not in reachable:
                yield Finding(
                    "LX404",
                    f"step {sid!r} cannot be reached from the start {journey.start!r}",
                    ("steps", index[sid], "id"),
                    owner=steps[sid],
                )

    ends = [sid for sid in ids if not succ[sid]]
    can_end: set[str] = set()
    for end in ends:
        can_end |= _reach(end, pred)
    stuck = [sid for sid in ids if sid not in can_end and sid in reachable]
    # A stuck step either sits in a closed loop (every step it reaches reaches it back) or only
    # leads into one; report each loop once, and the steps leading into it separately.
    reach_of = {sid: _reach(sid, succ) for sid in stuck}
    reported_loops: set[frozenset[str]] = set()
    in_loop: set[str] = set()
    for sid in stuck:
        closure = reach_of[sid]
        if all(sid in reach_of.get(t, _reach(t, succ)) for t in closure):
            loop = frozenset(closure)
            in_loop |= loop
            if loop in reported_loops:
                continue
            reported_loops.add(loop)
            members = [s for s in ids if s in loop]
            yield Finding(
                "LX407",
                "loop with no way out: "
                + " → ".join(repr(s) for s in members)
                + (" → …" if len(members) > 1 else " → itself"),
                ("steps", index[members[0]], "id"),
                hint="add a transition that leaves the loop",
                owner=steps[members[0]],
            )
    for sid in stuck:
        if sid not in in_loop:
            yield Finding(
                "LX405",
                f"step {sid!r} cannot reach any end of the journey",
                ("steps", index[sid], "id"),
                owner=steps[sid],
            )


def _personas(journey: Journey, catalog: Catalog) -> Iterator[Finding]:
    steps = set(journey.step_ids)
    pairs = {(t.from_, t.to) for t in journey.transitions}
    for p, persona in enumerate(journey.personas):
        for at, nxt in persona.choices.items():
            loc = ("personas", p, "choices", at)
            if at not in steps:
                yield Finding(
                    "LX402",
                    f"persona {persona.id!r} makes a choice at unknown step {at!r}",
                    loc,
                    hint=did_you_mean(at, steps),
                    at_key=True,
                )
            elif (at, nxt) not in pairs:
                options = sorted(t for f, t in pairs if f == at)
                yield Finding(
                    "LX409",
                    f"persona {persona.id!r} chooses {at}→{nxt} but there is no such transition",
                    loc,
                    hint=(
                        did_you_mean(nxt, options)
                        or f"transitions from {at!r} go to " + ", ".join(repr(o) for o in options)
                    )
                    if options
                    else f"step {at!r} has no outgoing transitions",
                )


def _burden_and_owner(journey: Journey, catalog: Catalog) -> Iterator[Finding]:
    for i, step in enumerate(journey.steps):
        if step.agency is None and step.kind is not StepKind.end:
            yield Finding(
                "LX501",
                f"step {step.id!r} has no owner",
                ("steps", i, "id"),
                hint="set agency to an agency code, or to 'person' for the person's own steps",
                owner=step,
            )
        if step.kind is StepKind.action and step.burden is None:
            yield Finding(
                "LX502",
                f"action step {step.id!r} has no burden estimate",
                ("steps", i, "id"),
                owner=step,
            )
        burden = step.burden
        if burden is None or burden.form is None or burden.form not in catalog.forms:
            continue
        form = catalog.forms[burden.form]
        minutes = form.minutes_per_response
        basis = form.minutes_basis
        if burden.form_part is not None:
            part = form.part(burden.form_part)
            if part is None:
                continue  # LX310 reports the unknown part
            minutes, basis = part.minutes_per_response, part.minutes_basis
            form_name = f"{form.id} {part.id}"
        else:
            form_name = form.id
        if minutes is None:
            yield Finding(
                "LX505",
                f"form {form_name!r} has no minutes per response in the catalog",
                ("steps", i, "burden", "form"),
                owner=step,
            )
            continue
        if burden.completing is None:
            yield Finding(
                "LX504",
                f"burden.form is {form_name!r} ({minutes:g} min per response) but completing is "
                "not given",
                ("steps", i, "burden", "form"),
                hint=f"add completing: {minutes:g}",
                owner=step,
            )
        elif abs(burden.completing.likely - minutes) > MINUTES_TOLERANCE:
            yield Finding(
                "LX504",
                f"completing is {burden.completing.likely:g} min but form {form_name!r} publishes "
                f"{minutes:g} min per response",
                ("steps", i, "burden", "completing"),
                hint="put time the PRA figure excludes in waiting or travel instead",
                owner=step,
            )
        # A PRA figure per response already covers reading the instructions, gathering the
        # records, completing and submitting (5 CFR 1320.3(b)(1)); adding those again counts
        # them twice. Only a published or derived figure is a PRA figure.
        if basis in (MinutesBasis.published, MinutesBasis.derived):
            again = [
                c for c in ("learning", "gathering", "submitting") if getattr(burden, c) is not None
            ]
            if again:
                yield Finding(
                    "LX506",
                    f"burden adds {', '.join(again)} on top of the PRA figure of form "
                    f"{form_name!r}, which already includes them",
                    ("steps", i, "burden", again[0]),
                    hint="count only time the PRA figure excludes (waiting, travel), or "
                    "suppress with the evidence that the figure leaves it out",
                    owner=step,
                )


def _provenance(journey: Journey, catalog: Catalog) -> Iterator[Finding]:
    for prov, loc, what, owner in _provenances(journey):
        if isinstance(prov, Transition) and prov.probability >= 1.0:
            continue  # a certain transition is not a figure
        if prov.has_provenance:
            continue
        burden = getattr(owner, "burden", None)
        if isinstance(prov, Burden) and burden is prov and prov.form is not None:
            # The form's PRA figure is the provenance of `completing`; other parts need their own.
            extra = [c.value for c in prov.components() if c.value != "completing"]
            if not extra:
                continue
            what = f"{what} ({', '.join(extra)})"
        yield Finding(
            "LX503",
            f"{what} has no source and no estimate",
            loc,
            hint='add source: <source id or URL>, or estimate: "<one-line reason>"',
            owner=owner,
        )


def _handoffs(journey: Journey, catalog: Catalog) -> Iterator[Finding]:
    steps = {s.id: s for s in journey.steps}
    bridging = bridging_transitions(journey)
    for j, tr in enumerate(journey.transitions):
        a, b = steps.get(tr.from_), steps.get(tr.to)
        if a is None or b is None:
            continue
        crosses = (
            a.agency is not None
            and b.agency is not None
            and PERSON not in (a.agency, b.agency)
            and a.agency != b.agency
        )
        if crosses and tr.handoff is None:
            yield Finding(
                "LX601",
                f"transition {tr.from_}→{tr.to} crosses from {a.agency} to {b.agency} but has "
                "no handoff type",
                ("transitions", j),
                hint="add handoff: data_shared, warm_referral, customer_carries or start_over",
                owner=tr,
            )
        elif not crosses and tr.handoff is not None and j not in bridging:
            yield Finding(
                "LX602",
                f"transition {tr.from_}→{tr.to} does not cross agencies; handoff "
                f"{tr.handoff.value!r} is ignored",
                ("transitions", j, "handoff"),
                owner=tr,
            )


def _immediate_dominators(start: str, succ: dict[str, set[str]]) -> dict[str, str]:
    """Immediate dominator of every step reachable from ``start`` (Cooper, Harvey & Kennedy,
    "A Simple, Fast Dominance Algorithm", 2001). A step ``d`` dominates ``v`` when every path
    from the start to ``v`` passes through ``d``."""
    # Iterative depth-first search for a postorder (journeys can be deep; no recursion).
    postorder: list[str] = []
    seen = {start}
    stack: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(succ.get(start, ()))))]
    while stack:
        node, children = stack[-1]
        for child in children:
            if child not in seen:
                seen.add(child)
                stack.append((child, iter(sorted(succ.get(child, ())))))
                break
        else:
            postorder.append(node)
            stack.pop()
    number = {node: i for i, node in enumerate(postorder)}
    pred: dict[str, list[str]] = {node: [] for node in postorder}
    for node in postorder:
        for child in succ.get(node, ()):
            pred[child].append(node)
    idom = {start: start}
    changed = True
    while changed:
        changed = False
        for node in reversed(postorder):
            if node == start:
                continue
            done = [p for p in pred[node] if p in idom]
            new = done[0]
            for other in done[1:]:
                a, b = other, new
                while a != b:
                    while number[a] < number[b]:
                        a = idom[a]
                    while number[b] < number[a]:
                        b = idom[b]
                new = a
            if idom.get(node) != new:
                idom[node] = new
                changed = True
    return idom


def _dominators(node: str, idom: dict[str, str]) -> set[str]:
    """Every step on every path from the start to ``node`` (``node`` included); empty when
    ``node`` cannot be reached from the start."""
    found: set[str] = set()
    if node not in idom:
        return found
    while node not in found:
        found.add(node)
        node = idom[node]  # the start is its own immediate dominator, which ends the walk
    return found


def _dominates(candidate: str, node: str, idom: dict[str, str]) -> bool:
    """True when every path from the start to ``node`` passes through ``candidate``."""
    return candidate in _dominators(node, idom)


def _tell_us_once(journey: Journey, catalog: Catalog) -> Iterator[Finding]:
    # "Earlier" follows the forward flow: rework and appeal transitions go back on purpose.
    # A repeat is certain (LX603) when an earlier request lies on every path to the step (it
    # dominates the step); otherwise only the people who went that way are asked twice (LX604).
    steps = {s.id: s for s in journey.steps}
    index = _step_loc(journey)
    pred: dict[str, set[str]] = {sid: set() for sid in steps}
    succ: dict[str, set[str]] = {sid: set() for sid in steps}
    passed_in: dict[str, set[str]] = {sid: set() for sid in steps}
    for tr in journey.transitions:
        if tr.from_ not in steps or tr.to not in steps:
            continue
        passed_in[tr.to].update(tr.data_passed)
        if tr.kind in (TransitionKind.rework, TransitionKind.appeal):
            continue
        pred[tr.to].add(tr.from_)
        succ[tr.from_].add(tr.to)
    idom = _immediate_dominators(journey.start, succ) if journey.start in steps else {}
    requesters: dict[str, list[str]] = {}  # data element -> steps asking for it, file order
    for sid, step in steps.items():
        for element in step.data_requested:
            requesters.setdefault(element, []).append(sid)
    for sid, step in steps.items():
        wanted = [e for e in step.data_requested if e not in step.data_prefilled]
        wanted = [e for e in wanted if e not in passed_in[sid]]
        if not wanted:
            continue
        ancestors = _reach(sid, pred) - {sid}
        if not ancestors:
            continue
        i = index[sid]
        dominators = _dominators(sid, idom)
        certain: list[tuple[int, str, str]] = []
        possible: list[tuple[int, str, str]] = []
        for k, element in enumerate(step.data_requested):
            if element not in wanted:
                continue
            earlier = [a for a in requesters[element] if a in ancestors]
            if not earlier:
                continue
            on_every_path = [a for a in earlier if a in dominators]
            if on_every_path:
                certain.append((k, element, on_every_path[0]))
            else:
                possible.append((k, element, earlier[0]))
        for code, repeats, phrase in (
            ("LX603", certain, "an earlier step on every path already collected"),
            ("LX604", possible, "that people who came through another step already gave"),
        ):
            if not repeats:
                continue
            by_first: dict[str, list[str]] = {}
            for _, element, first in repeats:
                by_first.setdefault(first, []).append(repr(element))
            listed = "; ".join(
                f"{', '.join(elements)} (at {first!r}, {steps[first].agency or 'no owner'})"
                for first, elements in by_first.items()
            )
            count = len(repeats)
            yield Finding(
                code,
                f"step {sid!r} ({step.agency or 'no owner'}) asks again for {count} data "
                f"element{'s' if count != 1 else ''} {phrase}: {listed}",
                ("steps", i, "data_requested", repeats[0][0]),
                hint="pre-fill them (data_prefilled) or pass them on a transition (data_passed)",
                owner=step,
            )
