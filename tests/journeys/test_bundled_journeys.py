"""The bundled journeys are believable: complete, sourced and consistent with the catalogs.

Every fact checked here is read from the files in ``journeys/`` and ``catalogs/``; adding a
journey, a form or a transition is enough for it to be covered. The tests state the rules a
federal CX reviewer relies on when opening a bundled journey: each life experience has a
current and a future state, journeys are a reasonable size and cross at least three agencies,
cross-agency moves say how the case travels, every form has its OMB number and a sourced
minutes figure (or says plainly that the figure is an estimate), and every figure has
provenance.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from lifeexp.checks import validate
from lifeexp.diagnostics import Severity
from lifeexp.loading import bundled_catalog, load_journeys
from lifeexp.model import (
    PERSON,
    BurdenComponent,
    Catalog,
    HandoffType,
    Journey,
    JourneyState,
    LifeExperience,
    MinutesBasis,
    Provenance,
    StepKind,
    Transition,
)

ROOT = Path(__file__).resolve().parents[2]
JOURNEY_DIR = ROOT / "journeys"
CATALOG_DIR = ROOT / "catalogs"
JOURNEY_FILES = sorted(JOURNEY_DIR.glob("*.yaml"))
CATALOG_FILES = sorted(CATALOG_DIR.glob("*.yaml"))
MIN_STEPS, MAX_STEPS = 15, 40
MIN_AGENCIES = 3


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return bundled_catalog()


@pytest.fixture(scope="module")
def journeys() -> dict[str, Journey]:
    loaded = load_journeys(JOURNEY_FILES)
    return {path.name: journey for path, journey in zip(JOURNEY_FILES, loaded, strict=True)}


def _ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


def _cross_agency(journey: Journey, transition: Transition) -> bool:
    a = journey.step(transition.from_).agency
    b = journey.step(transition.to).agency
    return a is not None and b is not None and a != b and PERSON not in (a, b)


def _figures(journey: Journey) -> Iterator[tuple[str, Provenance]]:
    """Every figure that must carry provenance, with a readable location."""
    if journey.annual_volume is not None:
        yield "annual_volume", journey.annual_volume
    for i, goal in enumerate(journey.goals):
        yield f"goals[{i}]", goal
    for step in journey.steps:
        burden = step.burden
        # A burden that is only the PRA figure of a catalog form takes its provenance from the
        # form (tested separately below); anything added on top needs its own.
        only_the_form = (
            burden is not None
            and burden.form is not None
            and set(burden.components()) == {BurdenComponent.completing}
        )
        if burden is not None and not only_the_form:
            yield f"{step.id}.burden", burden
        if step.wait is not None:
            yield f"{step.id}.wait", step.wait
        for i, deadline in enumerate(step.deadlines):
            yield f"{step.id}.deadlines[{i}]", deadline
        for i, pain in enumerate(step.pain_points):
            yield f"{step.id}.pain_points[{i}]", pain
    for t in journey.transitions:
        if t.probability < 1:
            yield f"transition {t.from_}->{t.to}", t


def _forms_used(journey: Journey) -> set[str]:
    used = {f for s in journey.steps for f in s.forms}
    used |= {s.burden.form for s in journey.steps if s.burden is not None and s.burden.form}
    return used


def test_the_folder_holds_bundled_journeys() -> None:
    # Guards the parametrised tests below against silently running over nothing.
    assert JOURNEY_FILES, f"no journeys found in {JOURNEY_DIR}"


def test_every_life_experience_has_a_current_and_a_future_journey(
    journeys: dict[str, Journey],
) -> None:
    designated = {e for e in LifeExperience if e is not LifeExperience.other}
    for state in JourneyState:
        covered = {j.life_experience for j in journeys.values() if j.state is state}
        missing = sorted(e.value for e in designated - covered)
        assert not missing, f"no {state.value}-state journey for: {', '.join(missing)}"


@pytest.mark.parametrize("path", JOURNEY_FILES, ids=_ids(JOURNEY_FILES))
def test_file_name_id_and_schema_line_follow_the_convention(
    path: Path, journeys: dict[str, Journey]
) -> None:
    journey = journeys[path.name]
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schema/journey.schema.json"
    stem = path.name.removesuffix(".yaml")
    assert journey.id == stem
    if journey.state is JourneyState.future:
        assert stem == f"{journey.life_experience.value}.future"
    else:
        assert stem == journey.life_experience.value


@pytest.mark.parametrize("path", JOURNEY_FILES, ids=_ids(JOURNEY_FILES))
def test_journey_size_and_agencies(
    path: Path, journeys: dict[str, Journey], catalog: Catalog
) -> None:
    journey = journeys[path.name]
    assert MIN_STEPS <= len(journey.steps) <= MAX_STEPS, f"{len(journey.steps)} steps"
    assert len(journey.agencies) >= MIN_AGENCIES, f"agencies: {journey.agencies}"
    unknown = [a for a in journey.agencies if a not in catalog.agencies]
    assert not unknown, f"agencies missing from the catalog: {unknown}"


@pytest.mark.parametrize("path", JOURNEY_FILES, ids=_ids(JOURNEY_FILES))
def test_cross_agency_handoffs_are_typed(path: Path, journeys: dict[str, Journey]) -> None:
    journey = journeys[path.name]
    crossing = [t for t in journey.transitions if _cross_agency(journey, t)]
    assert crossing, "no transition between two agencies"
    untyped = [f"{t.from_}->{t.to}" for t in crossing if t.handoff is None]
    assert not untyped, f"cross-agency transitions without a handoff type: {untyped}"
    # A handoff type only means something between two agencies.
    stray = [
        f"{t.from_}->{t.to}"
        for t in journey.transitions
        if t.handoff is not None and not _cross_agency(journey, t)
    ]
    assert not stray, f"handoff types on transitions that do not cross agencies: {stray}"
    kinds = {t.handoff for t in crossing}
    assert kinds <= set(HandoffType)


# Known data gaps, reported to the journey's author; strict xfail turns into a failure as soon
# as the gap is fixed, so the marker cannot outlive the problem.
KNOWN_FORM_GAPS: dict[str, str] = {}


def _with_known_gaps(paths: list[Path]) -> list[object]:
    return [
        pytest.param(
            p, id=p.name, marks=pytest.mark.xfail(reason=KNOWN_FORM_GAPS[p.name], strict=True)
        )
        if p.name in KNOWN_FORM_GAPS
        else pytest.param(p, id=p.name)
        for p in paths
    ]


@pytest.mark.parametrize("path", _with_known_gaps(JOURNEY_FILES))
def test_every_form_has_omb_number_and_sourced_minutes_or_an_estimate(
    path: Path, journeys: dict[str, Journey], catalog: Catalog
) -> None:
    journey = journeys[path.name]
    problems = []
    for form_id in sorted(_forms_used(journey)):
        form = catalog.forms.get(form_id)
        if form is None:
            problems.append(f"{form_id}: not in the catalogs")
            continue
        sourced = (
            form.omb_control_number is not None
            and form.minutes_per_response is not None
            and form.minutes_basis in {MinutesBasis.published, MinutesBasis.derived}
            and bool(form.source)
        )
        catalog_estimate = form.minutes_basis is MinutesBasis.estimate and bool(form.minutes_note)
        # A form with no figure at all is acceptable only where every step using it gives
        # its own minutes marked as an estimate.
        users = [s for s in journey.steps if form_id in s.forms]
        step_estimates = bool(users) and all(
            s.burden is not None and bool(s.burden.estimate) for s in users
        )
        if not (sourced or catalog_estimate or step_estimates):
            problems.append(f"{form_id}: no OMB number with sourced minutes and no estimate marker")
    assert not problems, "; ".join(problems)


@pytest.mark.parametrize("path", JOURNEY_FILES, ids=_ids(JOURNEY_FILES))
def test_burden_that_cites_a_form_uses_its_minutes(
    path: Path, journeys: dict[str, Journey], catalog: Catalog
) -> None:
    journey = journeys[path.name]
    for step in journey.steps:
        if step.burden is None or step.burden.form is None:
            continue
        form = catalog.forms[step.burden.form]
        assert step.burden.form in step.forms, f"{step.id}: burden.form is not among its forms"
        if form.minutes_per_response is not None:
            completing = step.burden.completing
            assert completing is not None, f"{step.id}: cites {form.id} but gives no completing"
            assert math.isclose(completing.likely, form.minutes_per_response), step.id


@pytest.mark.parametrize("path", JOURNEY_FILES, ids=_ids(JOURNEY_FILES))
def test_annual_volume_has_a_source(path: Path, journeys: dict[str, Journey]) -> None:
    journey = journeys[path.name]
    volume = journey.annual_volume
    assert volume is not None, "no annual volume"
    assert volume.source_ids, "annual volume has no source"


@pytest.mark.parametrize("path", JOURNEY_FILES, ids=_ids(JOURNEY_FILES))
def test_every_figure_has_provenance_that_resolves(
    path: Path, journeys: dict[str, Journey]
) -> None:
    journey = journeys[path.name]
    defined = {s.id for s in journey.sources}
    missing, dangling = [], []
    for where, figure in _figures(journey):
        if not figure.has_provenance:
            missing.append(where)
        dangling += [
            f"{where}: {s}" for s in figure.source_ids if s not in defined and "://" not in s
        ]
    assert not missing, f"figures with neither source nor estimate: {missing}"
    assert not dangling, f"sources not defined in the journey: {dangling}"


@pytest.mark.parametrize("path", JOURNEY_FILES, ids=_ids(JOURNEY_FILES))
def test_action_steps_take_time_and_ends_are_explicit(
    path: Path, journeys: dict[str, Journey]
) -> None:
    journey = journeys[path.name]
    no_burden = [s.id for s in journey.steps if s.kind is StepKind.action and s.burden is None]
    assert not no_burden, f"action steps without burden: {no_burden}"
    ends = [s for s in journey.steps if not journey.outgoing(s.id)]
    assert ends, "no end step"
    assert all(s.kind is StepKind.end for s in ends), [s.id for s in ends]


@pytest.mark.parametrize(
    "path",
    [p for p in JOURNEY_FILES if p.name.endswith(".future.yaml")],
    ids=_ids([p for p in JOURNEY_FILES if p.name.endswith(".future.yaml")]),
)
def test_future_states_name_their_current_state_and_have_sourced_goals(
    path: Path, journeys: dict[str, Journey]
) -> None:
    future = journeys[path.name]
    assert future.state is JourneyState.future
    current = journeys.get(f"{future.compares_to}.yaml")
    assert current is not None, f"compares_to {future.compares_to!r} is not a bundled journey"
    assert current.state is JourneyState.current
    assert current.life_experience is future.life_experience
    assert future.goals, "a future state models published goals"
    assert all(g.source_ids for g in future.goals), "every goal cites where it was published"


def _requests_not_prefilled(journey: Journey) -> int:
    return sum(len(set(s.data_requested) - set(s.data_prefilled)) for s in journey.steps)


@pytest.mark.parametrize(
    "path",
    [p for p in JOURNEY_FILES if p.name.endswith(".future.yaml")],
    ids=_ids([p for p in JOURNEY_FILES if p.name.endswith(".future.yaml")]),
)
def test_future_states_ask_for_less_data_than_today(
    path: Path, journeys: dict[str, Journey]
) -> None:
    # Every published goal asks government to reuse what it already holds.
    future = journeys[path.name]
    current = journeys[f"{future.compares_to}.yaml"]
    assert _requests_not_prefilled(future) < _requests_not_prefilled(current)


def test_bundled_journeys_and_catalogs_validate_without_errors() -> None:
    result = validate([JOURNEY_DIR, CATALOG_DIR])
    errors = [f"{d.path}:{d.line}: {d.code} {d.message}" for d in result.errors]
    assert not errors, "\n".join(errors)
    assert len(result.journeys) == len(JOURNEY_FILES)


def test_bundled_files_pass_the_strict_gate(cli: Any) -> None:
    # The CI gate a team copies: no warnings about the files; the findings about today's
    # service (data asked for again, forms without an OMB number) are recorded, not failed.
    result = cli("validate", "--strict", str(JOURNEY_DIR), str(CATALOG_DIR))
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output
    assert "findings about the service" in result.output


def test_remaining_warnings_are_true_findings(catalog: Catalog) -> None:
    # Tell-us-once repeats are the point of the journeys; a federal form without an OMB number
    # is acceptable only where the catalog says no number or figure was found or it is an
    # estimate (e.g. forms service members fill in on duty).
    result = validate([JOURNEY_DIR, CATALOG_DIR])
    unexpected = []
    for d in [*result.diagnostics, *result.findings]:
        if d.severity is not Severity.warning or d.code == "LX603":
            continue
        if d.code == "LX202":
            form_id = d.message.split("'")[1]
            basis = catalog.forms[form_id].minutes_basis
            if basis in {MinutesBasis.estimate, MinutesBasis.not_found}:
                continue
        unexpected.append(f"{d.path}:{d.line}: {d.code} {d.message}")
    assert not unexpected, "\n".join(unexpected)


@pytest.mark.parametrize("path", CATALOG_FILES, ids=_ids(CATALOG_FILES))
def test_catalog_files_start_with_the_schema_line(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schema/catalog.schema.json"


@pytest.mark.parametrize(
    "path",
    [p for p in CATALOG_FILES if p.name.startswith("forms-")],
    ids=_ids([p for p in CATALOG_FILES if p.name.startswith("forms-")]),
)
def test_published_and_derived_minutes_say_where_and_when(path: Path) -> None:
    forms = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("forms", [])
    assert forms, f"{path.name} defines no forms"
    incomplete = [
        f["id"]
        for f in forms
        if f.get("minutes_basis") in {"published", "derived"}
        and not (f.get("source") and f.get("as_of") and f.get("minutes_note"))
    ]
    assert not incomplete, f"published/derived minutes without source, as_of or note: {incomplete}"
