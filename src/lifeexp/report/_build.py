"""Building the report: score and draw each journey, then write the pages.

The flow is the project's one-way data flow: load → validate → score → render → pages.
`write_report` takes journey files, folders or already loaded `Journey` objects,
scores each one with `lifeexp.scoring.score`, draws its swimlane map with
`lifeexp.rendering.render`, pairs each future-state journey with the current state it
``compares_to`` and writes an ``index.html`` plus one page per journey. The whole folder is
built aside and moved into place at the end, so a failure leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from lifeexp import formatting as fmt
from lifeexp._version import __version__
from lifeexp.diagnostics import Severity
from lifeexp.errors import JourneyValidationError, LifeexpError, RenderError, ReportError
from lifeexp.model import PERSON, Catalog, Journey, JourneyState
from lifeexp.report._calibration import calibration_view
from lifeexp.report._canvases import CanvasView, canvases, map_downloads
from lifeexp.report._charts import bar_chart, bars_from, heat_colours
from lifeexp.report._estimates import collect_estimates
from lifeexp.report._honest import comparison_extras, journey_extras
from lifeexp.report._output import staging_dir, write_manifest
from lifeexp.report._svg import inline_svg, safe_url
from lifeexp.report._tables import comparison_headline, comparison_rows
from lifeexp.report._trust import trust_summary, trust_view

if TYPE_CHECKING:
    from jinja2 import Environment
    from markupsafe import Markup

    from lifeexp.evidence import Calibration
    from lifeexp.scoring import Comparison, HandoffRef, Scorecard, ScoringOptions

__all__ = ["DEFAULT_TITLE", "JourneyPage", "build_pages", "warm_up_renderer", "write_report"]

DEFAULT_TITLE = "Life-experience journeys"
"""Report title when none is given."""

_ASSETS = ("report.css", "report.js")
_TOP_FRICTION = 10  # shown in full; the rest go in a collapsed table


@dataclass
class JourneyPage:
    """Everything the report knows about one journey while it builds the pages.

    Attributes:
        journey: The journey.
        card: Its scorecard.
        href: Path of its page relative to the report folder (``journeys/<id>.html``).
        map_svg: The sanitised inline map, or ``None`` when it could not be drawn.
        map_error: Why the map could not be drawn, if it could not.
        map_text: The text alternative of the map (one line per step and transition).
        canvases: The journey canvases (most likely path, then one per persona).
        canvas_error: Why the canvases could not be drawn, if they could not.
        map_note: Why the map shows a summary (a journey over `MAX_MAP_STEPS` steps).
        source_file: The YAML file the journey came from, if known.
        comparison: Current-vs-future comparison this journey takes part in, if any.
        partner: The other journey of that comparison.
        calibration: The event-log calibration laid over the journey, if any.
    """

    journey: Journey
    card: Scorecard
    href: str
    map_svg: Markup | None = None
    map_error: str | None = None
    map_text: str = ""
    canvases: list[CanvasView] = field(default_factory=list)
    canvas_error: str | None = None
    downloads: dict[str, bytes] = field(default_factory=dict, repr=False)
    """Files written next to the page: the full-size map as SVG (and PNG)."""
    map_note: str | None = None
    source_file: str | None = None
    comparison: Comparison | None = None
    partner: JourneyPage | None = field(default=None, repr=False)
    calibration: Calibration | None = field(default=None, repr=False)


def _page_href(journey_id: str) -> str:
    # Identifiers are already [A-Za-z0-9_.-]; the guard keeps a hand-built Journey from
    # escaping the folder.
    safe = re.sub(r"[^A-Za-z0-9_.\-]", "_", journey_id).lstrip(".") or "journey"
    return f"journeys/{safe}.html"


def _resolve(
    items: Sequence[str | os.PathLike[str] | Journey],
    catalog: Catalog | None,
    catalog_paths: Sequence[str | os.PathLike[str]],
) -> tuple[list[Journey], Catalog]:
    paths = [p for p in items if not isinstance(p, Journey)]
    journeys: list[Journey] = []
    if paths:
        from lifeexp.checks import validate  # deferred: the checks pull in networkx

        result = validate(paths, catalog_paths=list(catalog_paths))
        if not result.ok:
            msg = "the journeys have errors; fix them before building a report"
            errors = [d for d in result.diagnostics if d.severity is Severity.error]
            raise JourneyValidationError(msg, errors)
        catalog = catalog or result.catalog
        journeys.extend(result.journeys)
    if catalog is None:
        from lifeexp.loading import load_catalog

        catalog = load_catalog(*catalog_paths)
    journeys.extend(j for j in items if isinstance(j, Journey))
    if not journeys:
        msg = "no journeys to report on (the paths hold no journey files)"
        raise ReportError(msg)
    seen: dict[str, None] = {}
    for j in journeys:
        if j.id in seen:
            msg = f"two journeys have the id {j.id!r}; a report needs unique ids"
            raise ReportError(msg)
        seen[j.id] = None
    return journeys, catalog


def _source_file(journey: Journey) -> str | None:
    from lifeexp.loading import source_path

    path = source_path(journey)
    return None if path is None else path.name


def _agency_name(code: str, catalog: Catalog) -> str:
    """The owner's name alone, for a key whose term is already the code."""
    if code == PERSON:
        return "the person (own steps)"
    agency = catalog.agencies.get(code)
    return agency.name if agency is not None else "(not in the catalogs)"


def _agency_label(code: str, catalog: Catalog) -> str:
    if code == PERSON:
        return "Person (own steps)"
    agency = catalog.agencies.get(code)
    return f"{code} – {agency.name}" if agency is not None else code


_RENDER_LOCK = threading.Lock()


# The smallest journey there is: one step that is also its end. Drawing it once compiles the
# WebAssembly Graphviz module; built here from the model (not lifeexp.testing, which is a
# helper for users' tests, not production code).
_WARM_UP_JOURNEY: dict[str, Any] = {
    "id": "warm-up",
    "title": "warm-up",
    "life_experience": "other",
    "start": "a",
    "phases": [{"id": "main", "title": "Main"}],
    "steps": [{"id": "a", "title": "a", "phase": "main", "agency": PERSON}],
    "transitions": [],
}


def _warm_up() -> None:
    from lifeexp.rendering import render

    with _RENDER_LOCK, contextlib.suppress(LifeexpError):
        render(Journey.model_validate(_WARM_UP_JOURNEY), "svg")


def warm_up_renderer() -> threading.Thread | None:
    """Start getting the map renderer ready in the background; returns the thread, if any.

    Without a system Graphviz, maps come from Graphviz compiled to WebAssembly, and the first
    map of a process compiles the module, which takes a few seconds. A caller that will
    write a report soon (the ``lifeexp report`` command, before it validates the journeys)
    calls this so the compiling overlaps the validating and scoring. With a system ``dot``
    there is nothing to prepare and no thread is started.

    Returns:
        The daemon thread doing the work (join it before exiting early), or ``None``.
    """
    from lifeexp.rendering import available_backends

    if available_backends()[:1] != ["wasm"]:
        return None
    thread = threading.Thread(target=_warm_up, name="lifeexp-render-warm-up", daemon=True)
    thread.start()
    return thread


MAX_MAP_STEPS: Final = 250
"""Largest journey (in steps) drawn as a swimlane map in the report.

Graphviz's layout of a swimlane map grows much faster than its size: on a shared two-core
machine 250 synthetic steps took about 7 s of CPU, 500 steps 50 s and 1,000 steps more than
the renderer's 300 s limit. A larger journey gets the agency handover map instead (one node
per agency, drawn in well under a second whatever the number of steps) and a note saying
why; its text map, tables and every other section are written as usual."""


def _draw(
    journey: Journey, card: Scorecard, names: dict[str, str]
) -> tuple[Any, str | None, str, dict[str, bytes], str | None]:
    """The sanitised map (or why there is none), the text map, the map's download files and
    a note on what was drawn."""
    from lifeexp.rendering import RenderOptions, render, to_text

    # Straight lanes: the page pins the lane names at the left while the reader pans, and
    # they must line up with their lanes in every phase.
    options = RenderOptions(agency_names=names, compact=False)
    note: str | None = None
    drawn_as, label = options, f"Swimlane map of {journey.title}; the text version follows."
    if len(journey.steps) > MAX_MAP_STEPS:
        note = (
            f"This journey has {len(journey.steps):,} steps, more than the {MAX_MAP_STEPS:,} "
            "the report draws as a swimlane map (the layout time grows much faster than the "
            "number of steps). The map shows the agency handovers instead; the text version "
            "lists every step. Draw parts of the journey with 'lifeexp render'."
        )
        drawn_as = RenderOptions(agency_names=names, view="handover")
        label = f"Agency handover map of {journey.title}; the text version follows."
    svg: Markup | None = None
    error: str | None = None
    downloads: dict[str, bytes] = {}
    try:
        with _RENDER_LOCK:  # wait for a warm-up in progress instead of compiling twice
            drawn = render(journey, "svg", options=drawn_as, scorecard=card)
        downloads = map_downloads(Path(_page_href(journey.id)).stem, drawn)
        svg = inline_svg(drawn, id_prefix="map-", label=label)
    except RenderError as exc:
        error = str(exc)
    except ValueError as exc:  # the renderer returned something that is not SVG
        error = f"the map could not be embedded: {exc}"
    text = to_text(journey, scorecard=card, markdown=False, options=options)
    return svg, error, text, downloads, note


def build_pages(
    journeys: Sequence[Journey],
    catalog: Catalog,
    options: ScoringOptions | None = None,
    calibrations: Sequence[Calibration] = (),
) -> list[JourneyPage]:
    """Score, draw and pair the journeys; the data behind every page.

    Maps are drawn on a worker thread while the next journeys are scored: Graphviz runs
    outside the interpreter (a ``dot`` process, or WebAssembly whose first call compiles the
    module), so the two overlap instead of adding up.

    Args:
        journeys: Loaded journeys with unique ids.
        catalog: The catalog for agency names and form titles.
        options: Scoring options (Monte Carlo samples, seed, ...).
        calibrations: Event-log calibrations (`lifeexp calibrate`) to lay over the
            journeys they name: each such journey is scored with its measured figures and
            its page shows them against the designed ones.

    Returns:
        One `JourneyPage` per journey: current states first, each followed by its
        future state, otherwise in the order given.
    """
    from lifeexp.scoring import compare, score

    names = {code: a.name for code, a in catalog.agencies.items()}
    calibration_of: dict[str, Calibration] = {}
    if calibrations:
        from lifeexp.evidence import EvidenceError, apply_calibration, calibrations_by_journey

        try:
            calibration_of = calibrations_by_journey(journeys, calibrations)
        except EvidenceError as exc:
            msg = f"{exc}; a calibration for a journey not reported has nothing to lay over"
            raise ReportError(msg) from None
        journeys = [
            apply_calibration(j, calibration_of[j.id]) if j.id in calibration_of else j
            for j in journeys
        ]
    pages: list[JourneyPage] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="lifeexp-draw") as pool:
        drawings: list[Future[tuple[Any, str | None, str, dict[str, bytes], str | None]]] = []
        for j in journeys:
            card = score(j, options)
            page = JourneyPage(
                j,
                card,
                _page_href(j.id),
                source_file=_source_file(j),
                calibration=calibration_of.get(j.id),
            )
            # The canvases need no Graphviz: drawn here while the worker lays out the map.
            page.canvases, page.canvas_error = canvases(j, card)
            pages.append(page)
            drawings.append(pool.submit(_draw, j, card, names))
        for page, drawing in zip(pages, drawings, strict=True):
            page.map_svg, page.map_error, page.map_text, page.downloads, page.map_note = (
                drawing.result()
            )
    # Current states first, each followed by its future state; otherwise the order given.
    group = {p.journey.id: i for i, p in enumerate(pages)}
    pages.sort(
        key=lambda p: (
            group.get(p.journey.compares_to or "", group[p.journey.id]),
            p.journey.state is JourneyState.future,
        )
    )
    by_id = {p.journey.id: p for p in pages}
    for page in pages:
        target = page.journey.compares_to
        if page.journey.state is JourneyState.future and target in by_id:
            current = by_id[target]
            comparison = compare(current.card, page.card)
            page.comparison = current.comparison = comparison
            page.partner, current.partner = current, page
    return pages


# ---------------------------------------------------------------------------- view models


def _headline(card: Scorecard) -> list[dict[str, str]]:
    tt, lt, ho, tuo = card.time_tax, card.lead_time, card.handoffs, card.tell_us_once
    spread = (
        f"P50 {fmt.minutes(tt.p50_minutes)} · P80 {fmt.minutes(tt.p80_minutes)}"
        f" · P95 {fmt.minutes(tt.p95_minutes)}"
        if tt.samples
        else "exact expectation (no sampling)"
    )
    if card.annual is not None:
        annual_value = fmt.hours(card.annual.hours)
        annual_detail = f"{fmt.integer(card.annual.people)} people a year"
        if card.annual.dollars is not None:
            annual_detail += f" · worth {fmt.dollars(card.annual.dollars)}"
    else:
        annual_value, annual_detail = "–", "no annual volume in the journey"
    lead_spread = (
        f"P50 {fmt.days(lt.p50_days)} · P80 {fmt.days(lt.p80_days)} · P95 {fmt.days(lt.p95_days)}"
        if lt.p50_days is not None
        else "exact expectation"
    )
    return [
        {"label": "Time tax per person", "value": fmt.minutes(tt.mean_minutes), "detail": spread},
        {"label": "Annual burden", "value": annual_value, "detail": annual_detail},
        {
            "label": "Handoffs the person carries",
            "value": fmt.count(ho.person_handoffs),
            "detail": f"of {fmt.count(ho.total)} agency changes · "
            f"{fmt.count(ho.shared_handoffs)} shared by agencies · "
            f"{fmt.count(ho.expected_agencies)} agencies",
        },
        {
            "label": "Repeated data entries",
            "value": fmt.count(tuo.repeated_entries),
            "detail": f"pre-filled: {fmt.share(tuo.prefill_rate)}",
        },
        {"label": "Lead time", "value": fmt.days(lt.expected_days), "detail": lead_spread},
    ]


def _handoff(h: HandoffRef, titles: dict[str, str], *, with_type: bool = True) -> str:
    kind = f", {h.handoff.replace('_', ' ')}" if with_type else ""
    steps = f"{titles.get(h.from_step, h.from_step)} → {titles.get(h.to_step, h.to_step)}"
    return f"{h.from_agency} → {h.to_agency} ({steps}{kind})"


def _comparison_view(comparison: Comparison, titles: dict[str, str]) -> dict[str, Any]:
    """The comparison as the templates show it; ``titles`` maps step ids to step titles."""
    relative = {m.label: m.relative for m in comparison.metrics}
    rows = [
        {
            "label": label,
            "before": before,
            "after": after,
            "change": change,
            "relative": fmt.share(relative[label]),
            "verdict": verdict,
        }
        for label, before, after, change, verdict in comparison_rows(comparison)
    ]
    return {
        "before_id": comparison.before_id,
        "after_id": comparison.after_id,
        "before_title": comparison.before_title,
        "after_title": comparison.after_title,
        "before_href": _page_href(comparison.before_id),
        "after_href": _page_href(comparison.after_id),
        "rows": rows,
        "headline": comparison_headline(comparison),
        "steps_removed": [titles.get(sid, sid) for sid in comparison.steps_removed],
        "steps_added": [titles.get(sid, sid) for sid in comparison.steps_added],
        "handoffs_removed": [_handoff(h, titles) for h in comparison.handoffs_removed],
        "handoffs_added": [_handoff(h, titles) for h in comparison.handoffs_added],
        "handoffs_changed": [
            f"{_handoff(a, titles, with_type=False)}: {a.handoff.replace('_', ' ')} → "
            f"{b.handoff.replace('_', ' ')}"
            for a, b in comparison.handoffs_changed
        ],
    }


def _step_titles(page: JourneyPage) -> dict[str, str]:
    """Step titles of a journey and of its comparison partner, by step id."""
    titles = {s.id: s.title for s in page.partner.journey.steps} if page.partner else {}
    titles.update({s.id: s.title for s in page.journey.steps})
    return titles


def _source_links(journey: Journey, ids: Iterable[str]) -> list[dict[str, str | None]]:
    known = {s.id for s in journey.sources}
    out: list[dict[str, str | None]] = []
    for ref in ids:
        if ref in known:
            out.append({"text": ref, "href": f"#source-{ref}"})
        else:
            out.append({"text": ref, "href": safe_url(ref)})
    return out


def _stake(minutes: float, days: float) -> str:
    parts = []
    if round(minutes, 1) > 0:
        parts.append(f"{fmt.minutes(minutes)} of the person's time")
    if round(days, 1) > 0:
        parts.append(f"{fmt.days(days)} of waiting")
    return (" and ".join(parts) + " at stake per person") if parts else "little time at stake"


def _journey_view(page: JourneyPage, catalog: Catalog) -> dict[str, Any]:
    from lifeexp.scoring import FRICTION_RULES

    j, card = page.journey, page.card
    titles = {s.id: s.title for s in j.steps}
    phase_titles = {p.id: p.title for p in j.phases}
    agency_names = {code: _agency_label(code, catalog) for code in card.time_tax.by_agency}

    # Charts, each with its data table as the text alternative.
    # Agency codes label the bars (long names would be cut on a phone); the table under the
    # chart gives the full names.
    by_agency = bars_from(card.time_tax.by_agency, fmt.minutes)
    phase_values = {pid: card.time_tax.by_phase.get(pid, 0.0) for pid in phase_titles}
    phase_values.update({k: v for k, v in card.time_tax.by_phase.items() if k not in phase_values})
    by_phase = bars_from(phase_values, fmt.minutes, labels=phase_titles, keep_order=True)
    by_component = bars_from(card.time_tax.by_component, fmt.minutes)
    charts = []
    for chart_id, title, bars, what in (
        ("chart-agency", "Time tax by agency", by_agency, "agency"),
        ("chart-phase", "Time tax by phase", by_phase, "phase"),
        ("chart-component", "Time tax by burden component", by_component, "component"),
    ):
        if not bars:
            continue
        top = max(bars, key=lambda b: b.value)
        summary = (
            f"Expected minutes per person by {what}; the largest is {top.label} with {top.display}."
        )
        charts.append(
            {
                "id": chart_id,
                "title": title,
                "what": what,
                "svg": bar_chart(bars, chart_id=chart_id, title=title, summary=summary),
                "rows": [
                    (agency_names.get(b.label, b.label) if what == "agency" else b.label, b.display)
                    for b in bars
                ],
            }
        )

    # The handover matrix as a heat table (rows: from, columns: to).
    owners: dict[str, None] = {}
    for cell in card.handoffs.matrix:
        owners.setdefault(cell.from_agency, None)
        owners.setdefault(cell.to_agency, None)
    order = [PERSON] if PERSON in owners else []
    order += [a for a in j.agencies if a in owners]
    order += [a for a in owners if a not in order]
    values = {(c.from_agency, c.to_agency): c.expected for c in card.handoffs.matrix}
    # Only moves between two owners are handovers: the heat scale runs over those, and moves
    # within one owner (the diagonal) are shown apart, unshaded, so a busy agency's own
    # steps do not drown the real handovers.
    top_value = max((v for (a, b), v in values.items() if a != b), default=0.0)
    matrix_rows = []
    for a in order:
        cells = []
        for b in order:
            v = values.get((a, b), 0.0)
            within = a == b
            bg, ink = ("#f2f2f2", "#000000") if within else heat_colours(v, top_value)
            cells.append(
                {
                    "value": fmt.count(v) if v else "0",
                    "bg": bg,
                    "ink": ink,
                    "raw": v,
                    "within": within,
                }
            )
        matrix_rows.append({"agency": a, "cells": cells})
    within_moves = [(a, fmt.count(values[(a, a)])) for a in order if values.get((a, a), 0.0) > 0]

    friction = []
    for f in card.friction_points:
        if f.transition is not None:
            a, b = f.transition
            where = f"{titles.get(a, a)} → {titles.get(b, b)}"
        else:
            where = titles.get(f.step_id, f.step_id)
        friction.append(
            {
                "rank": f.rank,
                "where": where,
                "anchor": f"step-{f.step_id}",
                "rules": [FRICTION_RULES[r].label for r in f.rules],
                "minutes": fmt.minutes(f.minutes_at_stake),
                "days": fmt.days(f.days_at_stake),
                "stake": _stake(f.minutes_at_stake, f.days_at_stake),
                "reason": f.reason,
            }
        )

    steps = [
        {
            "id": s.step_id,
            "title": s.title,
            "agency": s.agency,
            "phase": phase_titles.get(s.phase, s.phase),
            "visits": fmt.count(s.expected_visits),
            "reach": fmt.share(s.reach_probability),
            "burden": fmt.minutes(s.burden_minutes),
            "wait": fmt.days(s.wait_days) if s.wait_days else "–",
            "at_stake": fmt.minutes(s.minutes_at_stake),
        }
        for s in card.steps
    ]

    pain_points = [
        {
            "step": step.title,
            "anchor": f"step-{step.id}",
            "text": p.text,
            "sources": _source_links(j, p.source_ids),
            "estimate": p.estimate,
        }
        for step in j.steps
        for p in step.pain_points
    ]
    deadlines = [
        {
            "step": step.title,
            "title": d.title,
            "window": fmt.days(d.window_days) if d.window_days is not None else None,
            "penalty": d.penalty,
            "sources": _source_links(j, d.source_ids),
            "estimate": d.estimate,
        }
        for step in j.steps
        for d in step.deadlines
    ]
    personas = [
        {
            "name": p.name,
            "description": p.description,
            "share": fmt.share(p.share) if p.share is not None else None,
            "sources": _source_links(j, p.sources),
        }
        for p in j.personas
    ]
    goals = [
        {"text": g.text, "sources": _source_links(j, g.source_ids), "estimate": g.estimate}
        for g in j.goals
    ]
    sources = [
        {
            "id": s.id,
            "title": s.title,
            "href": safe_url(s.url) if s.url else None,
            "url": s.url,
            "publisher": s.publisher,
            "accessed": s.accessed,
            "secondary": s.secondary,
        }
        for s in j.sources
    ]
    critical = [titles.get(sid, sid) for sid in card.lead_time.critical_path]
    trust = trust_view(card, titles, {rid: rule.label for rid, rule in FRICTION_RULES.items()})
    headline = _headline(card)
    if trust is not None:
        for t in trust["journey"]:
            headline.append(
                {
                    "label": f"Post-transaction trust ({t['format']})",
                    "value": t["text"].split(" (")[0],
                    "detail": f"{t['text']}; {t['goal']}",
                }
            )
    return {
        "journey": j,
        "card": card,
        "href": page.href,
        "source_file": page.source_file,
        "life_experience": j.life_experience.value.replace("-", " "),
        "headline": headline,
        "trust": trust,
        "calibration": calibration_view(j, page.calibration),
        "map_svg": page.map_svg,
        "map_error": page.map_error,
        "map_text": page.map_text,
        "map_files": {name.rsplit(".", 1)[-1]: name for name in sorted(page.downloads)},
        "canvases": page.canvases,
        "canvas_error": page.canvas_error,
        "map_note": page.map_note,
        "charts": charts,
        "matrix_order": order,
        "matrix_labels": {a: _agency_label(a, catalog) for a in order},
        "matrix_names": {a: _agency_name(a, catalog) for a in order},
        "within_moves": within_moves,
        "matrix_rows": matrix_rows,
        "by_type": [
            (k.replace("_", " "), fmt.count(v)) for k, v in card.handoffs.by_type.items() if v
        ],
        "friction": friction[:_TOP_FRICTION],
        "friction_rest": friction[_TOP_FRICTION:],
        "steps": steps,
        "critical_path": critical,
        "bottlenecks": [
            {"title": b.title, "days": fmt.days(b.expected_days), "share": fmt.share(b.share)}
            for b in card.lead_time.bottlenecks
        ],
        "pain_points": pain_points,
        "deadlines": deadlines,
        "personas": personas,
        "goals": goals,
        "sources": sources,
        "estimates": collect_estimates(j),
        "comparison": _comparison_view(page.comparison, _step_titles(page))
        if page.comparison
        else None,
        "extras": journey_extras(card),
        "comparison_extras": comparison_extras(page.comparison, _step_titles(page))
        if page.comparison
        else None,
        "partner": page.partner,
        "samples": card.time_tax.samples,
        "seed": card.time_tax.seed,
    }


def _index_rows(pages: Sequence[JourneyPage]) -> list[dict[str, Any]]:
    rows = []
    for p in pages:
        c = p.card
        rows.append(
            {
                "title": p.journey.title,
                "href": p.href,
                "state": p.journey.state.value,
                "time_tax": fmt.minutes(c.time_tax.mean_minutes),
                "p80": fmt.minutes(c.time_tax.p80_minutes)
                if c.time_tax.p80_minutes is not None
                else "–",
                "annual": fmt.hours(c.annual.hours) if c.annual else "–",
                "handoffs": fmt.count(c.handoffs.person_handoffs),
                "repeated": fmt.count(c.tell_us_once.repeated_entries),
                "lead": fmt.days(c.lead_time.expected_days),
                "friction": len(c.friction_points),
                "trust": trust_summary(c.trust),
            }
        )
    return rows


def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    # Autoescape is on for every template (they all produce HTML); StrictUndefined turns a
    # typo in a template into an error instead of an empty string in the report.
    env = Environment(
        loader=PackageLoader("lifeexp.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Templates format figures with the same functions as every other output
    # (``{{ x | minutes }}``), never with ``"%.0f" | format``.
    env.filters.update(
        {name: getattr(fmt, name) for name in fmt.__all__ if callable(getattr(fmt, name))}
    )
    return env


def _generated_at() -> datetime:
    """When the report says it was made: now, or ``SOURCE_DATE_EPOCH`` when set (the
    reproducible-builds convention), so the same input, seed and epoch give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)


def _render_site(
    pages: Sequence[JourneyPage],
    catalog: Catalog,
    folder: Path,
    title: str,
) -> None:
    env = _environment()
    generated = _generated_at().strftime("%Y-%m-%d %H:%M UTC")
    common = {"report_title": title, "version": __version__, "generated": generated}
    comparisons = []
    done: set[int] = set()
    for p in pages:
        if p.comparison is not None and id(p.comparison) not in done:
            done.add(id(p.comparison))
            comparisons.append(_comparison_view(p.comparison, _step_titles(p)))
    index = env.get_template("index.html.j2").render(
        **common,
        root="",
        rows=_index_rows(pages),
        comparisons=comparisons,
        nav=[(p.journey.title, p.href) for p in pages],
    )
    (folder / "index.html").write_text(index, encoding="utf-8")
    (folder / "journeys").mkdir()
    template = env.get_template("journey.html.j2")
    for p in pages:
        html = template.render(
            **common,
            root="../",
            nav=[(q.journey.title, q.href) for q in pages],
            **_journey_view(p, catalog),
        )
        (folder / p.href).write_text(html, encoding="utf-8")
        for name, data in p.downloads.items():
            (folder / "journeys" / name).write_bytes(data)
    assets = folder / "assets"
    assets.mkdir()
    static = resources.files("lifeexp.report") / "static"
    for name in _ASSETS:
        (assets / name).write_bytes((static / name).read_bytes())
    write_manifest(folder, __version__, [p.journey.id for p in pages])


def write_report(
    journeys: str | os.PathLike[str] | Journey | Iterable[str | os.PathLike[str] | Journey],
    out_dir: str | os.PathLike[str],
    *,
    title: str | None = None,
    options: ScoringOptions | None = None,
    catalog: Catalog | None = None,
    catalog_paths: Sequence[str | os.PathLike[str]] = (),
    calibrations: Sequence[Calibration] = (),
) -> Path:
    """Write the HTML report for some journeys into a folder.

    The folder gets ``index.html`` (every journey with its headline scores and the
    current-vs-future comparisons), ``journeys/<id>.html`` (one page per journey: scorecard,
    swimlane map, friction points, handover heat table, charts, personas, pain points,
    sources and estimates) and ``assets/`` (one stylesheet and one small script). The pages
    work offline, opened straight from disk.

    The report is built in a temporary folder and moved into place at the end, so on any
    failure ``out_dir`` is left as it was. An existing ``out_dir`` is replaced only when it is
    empty or holds exactly an earlier report: every file listed in the report's manifest
    (``.lifeexp-report.json``, with SHA-256 hashes), unchanged, and nothing else. A symbolic
    link as ``out_dir`` is refused.

    Args:
        journeys: Journey files, folders of them, loaded `Journey`
            objects, or a mix.
        out_dir: The folder to write.
        title: Title of the report (default: "Life-experience journeys").
        options: Scoring options (Monte Carlo samples, seed) passed to
            `lifeexp.scoring.score`.
        catalog: Catalog to use for agency names; by default the one the journeys were
            validated against (bundled catalogs plus ``catalog_paths``).
        catalog_paths: Extra catalog files or folders.
        calibrations: Event-log calibrations (`lifeexp.evidence.calibrate` or
            `lifeexp.evidence.load_calibration`) laid over the journeys they name; each
            such page is scored with the measured figures and leads its evidence with a
            "measured against designed" section.

    Returns:
        The path of the report's ``index.html``.

    Raises:
        JourneyValidationError: A journey file has errors (every diagnostic is attached).
        JourneyLoadError: A journey file cannot be read.
        ReportError: ``out_dir`` holds other files, there is nothing to report, or a
            calibration names a journey not reported.
    """
    items: list[str | os.PathLike[str] | Journey]
    items = [journeys] if isinstance(journeys, str | os.PathLike | Journey) else list(journeys)
    target = Path(out_dir)
    from lifeexp.report._output import check_target

    check_target(target)  # fail before the expensive part
    warming = warm_up_renderer() if any(not isinstance(i, Journey) for i in items) else None
    try:
        loaded, cat = _resolve(items, catalog, catalog_paths)
    except BaseException:
        if warming is not None:
            warming.join()  # never leave native code compiling behind an error
        raise
    pages = build_pages(loaded, cat, options, calibrations)
    with staging_dir(target) as folder:
        _render_site(pages, cat, folder, title or DEFAULT_TITLE)
    return target / "index.html"
