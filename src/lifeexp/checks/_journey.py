"""Semantic checks of one journey against the catalogs (codes LX3xx–LX6xx).

The graph checks use :class:`lifeexp.graph.StepGraph` (pure Python, linear-time searches,
components and the dominator tree), so ``lifeexp validate`` never imports networkx and a
100,000-step journey checks in about the time it takes to read.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence

from lifeexp.checks._findings import Finding
from lifeexp.graph import DominatorTree, StepGraph
from lifeexp.loading import did_you_mean
from lifeexp.model import (
    PERSON,
    Burden,
    Catalog,
    Journey,
    MinutesBasis,
    Step,
    StepKind,
    Transition,
    TransitionKind,
    journey_figures,
)

__all__ = ["check_journey"]

PROBABILITY_TOLERANCE = 1e-6
"""Outgoing probabilities must sum to 1 within this tolerance."""
MINUTES_TOLERANCE = 0.005
"""``completing.likely`` and the catalog's minutes per response agree within this many minutes."""


def check_journey(journey: Journey, catalog: Catalog) -> list[Finding]:
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


MISSING_CATALOG_THRESHOLD = 3
"""This many different unknown catalog ids in one journey are reported as one missing catalog."""

_CATALOG_CODES = frozenset({"LX301", "LX302", "LX303", "LX304"})


def _references(journey: Journey, catalog: Catalog) -> Iterator[Finding]:
    found = list(_each_reference(journey, catalog))
    unknown = [f for f in found if f.code in _CATALOG_CODES]
    distinct = dict.fromkeys(f.message.split("unknown ", 1)[1] for f in unknown)
    if len(distinct) < MISSING_CATALOG_THRESHOLD:
        yield from _one_per_unknown_id(found)
        return
    # Many unknown ids are one mistake: a catalog the journey relies on was not given. One
    # message, without "did you mean" guesses from catalogs that are not the right ones.
    yield from (f for f in found if f.code not in _CATALOG_CODES)
    listed = ", ".join(list(distinct)[:10]) + (", …" if len(distinct) > 10 else "")
    yield Finding(
        "LX310",
        f"{len(distinct)} catalog ids used here are in none of the catalogs loaded, so a "
        f"catalog may be missing ({len(unknown)} references: {listed})",
        unknown[0].loc,
        hint="pass the catalog folder with --catalog, list it under catalogs in lifeexp.toml, "
        "or keep it in a catalogs/ folder beside the journeys",
    )


def _one_per_unknown_id(found: list[Finding]) -> Iterator[Finding]:
    """The same unknown id used at several places is one mistake: report it once, at its first
    use, saying how many places use it."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in found:
        groups.setdefault((f.code, f.message), []).append(f)
    for uses in groups.values():
        first = uses[0]
        if len(uses) == 1:
            yield first
            continue
        yield Finding(
            first.code,
            f"{first.message}, used at {len(uses)} places",
            first.loc,
            hint=first.hint,
            at_key=first.at_key,
            owner=first.owner,
        )


def _each_reference(journey: Journey, catalog: Catalog) -> Iterator[Finding]:
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

    for f in journey_figures(journey):
        yield from check(f.figure.source_ids, (*f.loc, "source"), f.owner)
    for i, step in enumerate(journey.steps):
        for k, sid in enumerate(step.sources):
            yield from check([sid], ("steps", i, "sources", k), step)
    for p, persona in enumerate(journey.personas):
        for k, sid in enumerate(persona.sources):
            yield from check([sid], ("personas", p, "sources", k), None)


def _graph(journey: Journey, catalog: Catalog) -> Iterator[Finding]:
    index = _step_loc(journey)
    steps = {s.id: s for s in journey.steps}
    ids = list(index)
    succ: dict[str, set[str]] = {sid: set() for sid in ids}
    pred: dict[str, set[str]] = {sid: set() for sid in ids}
    out_prob: dict[str, float] = {}
    pairs: dict[tuple[str, str, object, object], int] = {}
    broken = False
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
            broken = True
            continue
        # Parallel transitions that differ in kind or handoff type are real alternatives
        # (half the cases shared, half started over) and are scored each on its own; only an
        # indistinguishable second one is a mistake worth a warning.
        pair = (tr.from_, tr.to, tr.kind, tr.handoff)
        if pair in pairs:
            yield Finding(
                "LX410",
                f"a transition {tr.from_}→{tr.to} already exists (transition {pairs[pair] + 1})",
                ("transitions", j),
                owner=tr,
            )
        else:
            pairs[pair] = j
        succ[tr.from_].add(tr.to)
        pred[tr.to].add(tr.from_)

    for sid, total in out_prob.items():
        if not math.isclose(total, 1.0, rel_tol=0, abs_tol=PROBABILITY_TOLERANCE):
            yield _probability_sum(journey, sid, total, steps[sid])
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

    graph = StepGraph.of(journey)
    if journey.start not in steps:
        yield Finding(
            "LX403",
            f"start step {journey.start!r} does not exist",
            ("start",),
            hint=did_you_mean(journey.start, ids),
        )
    if journey.start not in steps or broken:
        # The graph is not the one the author meant until the ids are fixed; reachability
        # findings now would only be consequences of that one mistake.
        return
    reachable = graph.reachable_from([graph.index[journey.start]])
    for i, sid in enumerate(graph.ids):
        if not reachable[i]:
            yield Finding(
                "LX404",
                f"step {sid!r} cannot be reached from the start {journey.start!r}",
                ("steps", index[sid], "id"),
                hint="add a transition into it, or remove it (the scores leave it out)",
                owner=steps[sid],
            )
    yield from _stuck(graph, index, steps, reachable)


def _probability_sum(journey: Journey, sid: str, total: float, step: Step) -> Finding:
    """LX406 at the transition that lacks a probability (or the first one from ``sid``)."""
    outgoing = [(j, t) for j, t in enumerate(journey.transitions) if t.from_ == sid]
    unset = [(j, t) for j, t in outgoing if "probability" not in t.model_fields_set]
    parts = " + ".join(
        f"{t.probability:g} to {t.to!r}" + ("" if "probability" in t.model_fields_set else "*")
        for _, t in outgoing
    )
    message = f"outgoing probabilities of step {sid!r} sum to {total:.6g}, not 1 ({parts})"
    if unset:
        j, t = unset[0]
        given = total - sum(tr.probability for _, tr in unset)
        missing = max(1.0 - given, 0.0)
        return Finding(
            "LX406",
            f"{message}: the transition to {t.to!r} gives no probability, and a missing "
            "probability is read as 1 (certain)",
            ("transitions", j),
            hint=f"give it probability: {missing:.6g} so the branches add up to 1"
            if len(unset) == 1 and missing > 0
            else "give every branch its share of people; together they add up to 1",
            owner=step,
        )
    j, _first = outgoing[0]
    return Finding(
        "LX406",
        message,
        ("transitions", j, "probability"),
        hint="the probabilities of a step's outgoing transitions are shares of people and "
        "add up to 1",
        owner=step,
    )


def _stuck(
    graph: StepGraph,
    index: dict[str, int],
    steps: dict[str, Step],
    reachable: Sequence[bool],
) -> Iterator[Finding]:
    """Loops with no way out (LX407), each with the earlier steps that can only lead into it
    folded into its message; LX405 only for a stuck step that leads into no such loop."""
    n = len(graph)
    can_end = graph.reaching(i for i in range(n) if not graph.succ[i])
    stuck = [reachable[i] and not can_end[i] for i in range(n)]
    # A stuck step either sits in a closed loop (a strongly connected component no transition
    # leaves) or only leads into one: the loop is the root cause, the steps leading into it
    # its consequences.
    loops: list[list[int]] = []
    for component in graph.strongly_connected_components():
        if not stuck[component[0]]:
            continue
        inside = set(component)
        if all(nxt in inside for m in component for nxt in graph.succ[m]):
            loops.append(sorted(component))
    loops.sort()
    claimed = {m for members in loops for m in members}
    leading: list[list[int]] = []
    for members in loops:
        leads_in = graph.reaching(members)
        mine = [i for i in range(n) if stuck[i] and leads_in[i] and i not in claimed]
        claimed.update(mine)
        leading.append(mine)
    for members, before in zip(loops, leading, strict=True):
        first = graph.ids[members[0]]
        message = (
            "loop with no way out: "
            + " → ".join(repr(graph.ids[m]) for m in members)
            + (" → …" if len(members) > 1 else " → itself")
        )
        if before:
            names = [graph.ids[i] for i in before]
            shown = ", ".join(names[:8]) + (", …" if len(names) > 8 else "")
            message += (
                f", so {len(names)} earlier step{'s' if len(names) != 1 else ''} cannot "
                f"finish: {shown}"
            )
        yield Finding(
            "LX407",
            message,
            ("steps", index[first], "id"),
            hint="add a transition that leaves the loop",
            owner=steps[first],
        )
    for i, sid in enumerate(graph.ids):
        if stuck[i] and i not in claimed:
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
        if minutes is None:
            yield Finding(
                "LX505",
                f"form {form.id!r} has no minutes per response in the catalog",
                ("steps", i, "burden", "form"),
                owner=step,
            )
            continue
        if burden.completing is None:
            yield Finding(
                "LX504",
                f"burden.form is {form.id!r} ({minutes:g} min per response) but completing is "
                "not given",
                ("steps", i, "burden", "form"),
                hint=f"add completing: {minutes:g}",
                owner=step,
            )
        elif abs(burden.completing.likely - minutes) > MINUTES_TOLERANCE:
            yield Finding(
                "LX504",
                f"completing is {burden.completing.likely:g} min but form {form.id!r} publishes "
                f"{minutes:g} min per response",
                ("steps", i, "burden", "completing"),
                hint="put time the PRA figure excludes in waiting or travel instead",
                owner=step,
            )
        # A PRA figure per response already covers reading the instructions, gathering the
        # records, completing and submitting (5 CFR 1320.3(b)(1)); adding those again counts
        # them twice. Only a published or derived figure is a PRA figure.
        if form.minutes_basis in (MinutesBasis.published, MinutesBasis.derived):
            again = [
                c for c in ("learning", "gathering", "submitting") if getattr(burden, c) is not None
            ]
            if again:
                yield Finding(
                    "LX506",
                    f"burden adds {', '.join(again)} on top of the PRA figure of form {form.id!r}, "
                    "which already includes them",
                    ("steps", i, "burden", again[0]),
                    hint="count only time the PRA figure excludes (waiting, travel), or "
                    "suppress with the evidence that the figure leaves it out",
                    owner=step,
                )


def _provenance(journey: Journey, catalog: Catalog) -> Iterator[Finding]:
    for f in journey_figures(journey):
        prov, loc, what, owner = f.figure, f.loc, f.description, f.owner
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
        elif not crosses and tr.handoff is not None:
            yield Finding(
                "LX602",
                f"transition {tr.from_}→{tr.to} does not cross agencies; handoff "
                f"{tr.handoff.value!r} is ignored",
                ("transitions", j, "handoff"),
                owner=tr,
            )


def _first_earlier_request(
    graph: StepGraph, requesters: Mapping[str, list[int]]
) -> dict[str, list[int]]:
    """For each data element asked for at two or more steps: for every step, the first
    (in file order) step asking for it among the steps that can come before it (``-1`` when
    none can). One pass over the condensation per element, so linear in the journey for a
    given vocabulary of data elements."""
    components = graph.strongly_connected_components()  # sinks first
    comp_of = [0] * len(graph)
    for c, members in enumerate(components):
        for m in members:
            comp_of[m] = c
    out: dict[str, list[int]] = {}
    for element, asking in requesters.items():
        if len(asking) < 2:
            continue
        # The two first askers inside each component: a step's own request does not count,
        # but another member's does (they reach each other).
        own: dict[int, list[int]] = {}
        for a in asking:
            firsts = own.setdefault(comp_of[a], [])
            if len(firsts) < 2:
                firsts.append(a)
        # Best asker among strict ancestor components, propagated from sources to sinks.
        before = [_NONE] * len(components)
        for c in range(len(components) - 1, -1, -1):
            best = before[c]
            if c in own:
                best = min(best, own[c][0])
            if best == _NONE:
                continue
            for m in components[c]:
                for nxt in graph.succ[m]:
                    d = comp_of[nxt]
                    if d != c and best < before[d]:
                        before[d] = best
        first = [-1] * len(graph)
        for s in range(len(graph)):
            c = comp_of[s]
            best = before[c]
            for a in own.get(c, ()):
                if a != s:
                    best = min(best, a)
                    break
            first[s] = -1 if best == _NONE else best
        out[element] = first
    return out


_NONE = 1 << 62


def _first_dominating_request(
    tree: DominatorTree, asking_at: Sequence[Sequence[str]]
) -> list[dict[str, int]]:
    """For every step, the first (in file order) strict dominator asking for each element:
    one walk of the dominator tree, keeping per element the first asker on the way down."""
    nearest: dict[str, list[int]] = {}
    out: list[dict[str, int]] = [{} for _ in asking_at]
    for node, entering in tree.walk():
        if entering:
            out[node] = {e: stack[-1] for e, stack in nearest.items() if stack}
            for e in asking_at[node]:
                stack = nearest.setdefault(e, [])
                stack.append(min(stack[-1], node) if stack else node)
        else:
            for e in asking_at[node]:
                nearest[e].pop()
    return out


def _tell_us_once(journey: Journey, catalog: Catalog) -> Iterator[Finding]:
    # "Earlier" follows the forward flow: rework and appeal transitions go back on purpose.
    # A repeat is certain (LX603) when an earlier request lies on every path to the step (it
    # dominates the step); otherwise only the people who went that way are asked twice (LX604).
    steps = {s.id: s for s in journey.steps}
    index = _step_loc(journey)
    graph = StepGraph.of(journey, without=(TransitionKind.rework, TransitionKind.appeal))
    passed_in: dict[str, set[str]] = {sid: set() for sid in steps}
    for tr in journey.transitions:
        if tr.from_ in steps and tr.to in steps:
            passed_in[tr.to].update(tr.data_passed)
    asking_at = [list(dict.fromkeys(steps[sid].data_requested)) for sid in graph.ids]
    requesters: dict[str, list[int]] = {}  # data element -> steps asking for it, file order
    for i, elements in enumerate(asking_at):
        for element in elements:
            requesters.setdefault(element, []).append(i)
    earliest = _first_earlier_request(graph, requesters)
    if journey.start in steps:
        dominating = _first_dominating_request(
            graph.dominator_tree(graph.index[journey.start]), asking_at
        )
    else:
        dominating = [{} for _ in graph.ids]
    for i, sid in enumerate(graph.ids):
        step = steps[sid]
        wanted = [e for e in step.data_requested if e not in step.data_prefilled]
        wanted = [e for e in wanted if e not in passed_in[sid]]
        if not wanted:
            continue
        certain: list[tuple[int, str, str]] = []
        possible: list[tuple[int, str, str]] = []
        for k, element in enumerate(step.data_requested):
            if element not in wanted:
                continue
            first = earliest.get(element)
            if first is None or first[i] == -1:
                continue
            on_every_path = dominating[i].get(element)
            if on_every_path is not None:
                certain.append((k, element, graph.ids[on_every_path]))
            else:
                possible.append((k, element, graph.ids[first[i]]))
        for code, repeats, phrase in (
            ("LX603", certain, "an earlier step on every path already collected"),
            ("LX604", possible, "that people who came through another step already gave"),
        ):
            if not repeats:
                continue
            by_first: dict[str, list[str]] = {}
            for _, element, first_step in repeats:
                by_first.setdefault(first_step, []).append(repr(element))
            listed = "; ".join(
                f"{', '.join(elements)} (at {first!r}, {steps[first].agency or 'no owner'})"
                for first, elements in by_first.items()
            )
            count = len(repeats)
            yield Finding(
                code,
                f"step {sid!r} ({step.agency or 'no owner'}) asks again for {count} data "
                f"element{'s' if count != 1 else ''} {phrase}: {listed}",
                ("steps", index[sid], "data_requested", repeats[0][0]),
                hint="pre-fill them (data_prefilled) or pass them on a transition (data_passed)",
                owner=step,
            )
