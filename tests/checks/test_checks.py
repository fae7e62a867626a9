"""Each semantic check fires on the mistake it is for, at the right place, and nowhere else."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifeexp.checks import CheckConfig, ValidationResult, check_journeys
from lifeexp.diagnostics import Severity
from lifeexp.model import Catalog
from lifeexp.testing import make_journey

Lint = Callable[..., ValidationResult]


def codes(result: ValidationResult) -> list[str]:
    """Problems and findings about the service alike."""
    return [
        d.code for d in sorted([*result.diagnostics, *result.findings], key=lambda d: d.sort_key())
    ]


def test_sample_journey_is_clean(lint: Lint, journey_data: dict[str, Any]) -> None:
    result = lint(journey_data)
    assert result.diagnostics == []
    assert result.ok
    assert [j.id for j in result.journeys] == ["sample"]


def _step(data: dict[str, Any], step_id: str) -> dict[str, Any]:
    return next(s for s in data["steps"] if s["id"] == step_id)


def _mutations() -> list[tuple[str, Callable[[dict[str, Any]], None], str, str]]:
    """(id, mutate, expected code, text in message)."""

    def set_step(step_id: str, **fields: Any) -> Callable[[dict[str, Any]], None]:
        return lambda d: _step(d, step_id).update(fields)

    def add_transition(**fields: Any) -> Callable[[dict[str, Any]], None]:
        return lambda d: d["transitions"].append(fields)

    def add_step(**fields: Any) -> Callable[[dict[str, Any]], None]:
        return lambda d: d["steps"].append({"phase": "apply", "agency": "person", **fields})

    def both(*fns: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
        def run(d: dict[str, Any]) -> None:
            for fn in fns:
                fn(d)

        return run

    return [
        ("unknown-agency", set_step("apply-ssa", agency="SAA"), "LX301", "unknown agency 'SAA'"),
        ("unknown-form", set_step("apply-ssa", forms=["SSA-l"]), "LX302", "unknown form"),
        (
            "unknown-burden-form",
            set_step("apply-ssa", burden={"form": "SSA-2", "completing": 14.04}),
            "LX302",
            "unknown form 'SSA-2'",
        ),
        ("unknown-data", set_step("apply-ssa", data_requested=["snn"]), "LX303", "'snn'"),
        ("unknown-document", set_step("apply-ssa", documents=["passport"]), "LX304", "passport"),
        ("unknown-phase", set_step("decide", phase="plann"), "LX305", "unknown phase"),
        (
            "undefined-source",
            lambda d: d["annual_volume"].update(source="statz"),
            "LX306",
            "source 'statz' is not defined",
        ),
        (
            "duplicate-phase",
            lambda d: d["phases"].append({"id": "plan", "title": "x"}),
            "LX309",
            "phase id",
        ),
        (
            "duplicate-step",
            add_step(id="decide", title="Again", kind="end"),
            "LX401",
            "used twice",
        ),
        (
            "unknown-target",
            add_transition(**{"from": "done", "to": "nowhere"}),
            "LX402",
            "'nowhere'",
        ),
        ("unknown-start", lambda d: d.update(start="begin"), "LX403", "start step 'begin'"),
        (
            "unreachable",
            add_step(id="orphan", title="Orphan"),
            "LX404",
            "'orphan' cannot be reached",
        ),
        (
            "probabilities",
            lambda d: d["transitions"][1].update(probability=0.3),
            "LX406",
            "sum to 0.9",
        ),
        (
            "end-with-transitions",
            both(set_step("enrol-medicare", kind="end")),
            "LX408",
            "kind 'end'",
        ),
        (
            "persona-choice",
            lambda d: d.update(
                personas=[{"id": "p", "name": "P", "choices": {"apply-ssa": "decide"}}]
            ),
            "LX409",
            "no such transition",
        ),
        (
            "persona-unknown-step",
            lambda d: d.update(personas=[{"id": "p", "name": "P", "choices": {"x": "decide"}}]),
            "LX402",
            "unknown step 'x'",
        ),
        (
            "duplicate-transition",
            lambda d: d["transitions"].extend([{"from": "enrol-medicare", "to": "done"}]),
            "LX410",
            "already exists",
        ),
        ("no-owner", lambda d: _step(d, "decide").pop("agency"), "LX501", "no owner"),
        ("no-burden", lambda d: _step(d, "enrol-medicare").pop("burden"), "LX502", "no burden"),
        (
            "no-provenance",
            lambda d: _step(d, "enrol-medicare")["wait"].pop("estimate"),
            "LX503",
            "wait has no source and no estimate",
        ),
        (
            "probability-without-provenance",
            lambda d: d["transitions"][2].pop("source"),
            "LX503",
            "transition apply-ssa→done",
        ),
        (
            "burden-disagrees",
            set_step("apply-ssa", burden={"form": "SSA-1", "completing": 30}),
            "LX504",
            "publishes 14.04",
        ),
        (
            "burden-form-without-completing",
            set_step("apply-ssa", burden={"form": "SSA-1", "waiting": 5, "estimate": "hold"}),
            "LX504",
            "completing is not given",
        ),
        (
            "burden-counted-twice",
            set_step(
                "apply-ssa",
                burden={"form": "SSA-1", "completing": 14.04, "gathering": 30, "estimate": "x"},
            ),
            "LX506",
            "adds gathering on top of the PRA figure of form 'SSA-1'",
        ),
        (
            "handoff-missing",
            lambda d: d["transitions"][1].pop("handoff"),
            "LX601",
            "crosses from SSA to CMS",
        ),
        (
            "handoff-unused",
            lambda d: d["transitions"][0].update(handoff="data_shared"),
            "LX602",
            "does not cross agencies",
        ),
        (
            "tell-us-once",
            set_step("enrol-medicare", data_prefilled=[]),
            "LX603",
            "asks again for 1 data element",
        ),
    ]


@pytest.mark.parametrize(
    ("mutate", "code", "words"),
    [pytest.param(m, c, w, id=i) for i, m, c, w in _mutations()],
)
def test_check_fires(
    lint: Lint,
    journey_data: dict[str, Any],
    mutate: Callable[[dict[str, Any]], None],
    code: str,
    words: str,
) -> None:
    mutate(journey_data)
    result = lint(journey_data)
    hits = [d for d in [*result.diagnostics, *result.findings] if d.code == code]
    assert hits, [d.format() for d in result.diagnostics]
    assert any(words in d.message for d in hits), [d.message for d in hits]
    for d in hits:
        assert d.path is not None
        assert d.path.endswith("sample.yaml")
        assert d.line is not None
        assert d.column is not None


def test_unknown_reference_location_and_hint(lint: Lint, journey_data: dict[str, Any]) -> None:
    _step(journey_data, "apply-ssa")["agency"] = "SAA"
    (d,) = lint(journey_data).diagnostics
    assert d.format().endswith("error[LX301]: unknown agency 'SAA' (did you mean 'SSA'?)")
    lines = Path(d.path or "").read_text(encoding="utf-8").splitlines()
    expected_line = next(i for i, text in enumerate(lines, 1) if "agency: SAA" in text)
    assert (d.line, d.column) == (expected_line, lines[expected_line - 1].index("SAA") + 1)
    assert not lint(journey_data).ok


def test_loop_without_exit_and_steps_leading_into_it(
    lint: Lint, journey_data: dict[str, Any]
) -> None:
    journey_data["steps"] += [
        {"id": "submit", "title": "Submit", "phase": "apply", "agency": "person", "kind": "wait"},
        {"id": "review", "title": "Review", "phase": "apply", "agency": "person", "kind": "wait"},
        {"id": "lead-in", "title": "Lead", "phase": "apply", "agency": "person", "kind": "wait"},
    ]
    journey_data["transitions"][0]["probability"] = 0.5
    journey_data["transitions"][0]["estimate"] = "half"
    journey_data["transitions"] += [
        {"from": "decide", "to": "lead-in", "probability": 0.5, "estimate": "half"},
        {"from": "lead-in", "to": "submit"},
        {"from": "submit", "to": "review"},
        {"from": "review", "to": "submit"},
    ]
    result = lint(journey_data)
    # The loop is the root cause; the step that can only lead into it is folded into it.
    assert codes(result) == ["LX407"]
    (loop,) = result.diagnostics
    assert "'submit' → 'review'" in loop.message
    assert loop.message.endswith("so 1 earlier step cannot finish: lead-in")


def test_self_loop_without_exit(lint: Lint, journey_data: dict[str, Any]) -> None:
    journey_data["transitions"][-1]["to"] = "enrol-medicare"
    assert codes(lint(journey_data)) == ["LX407"]


def test_prefill_and_data_passed_satisfy_tell_us_once(
    lint: Lint, journey_data: dict[str, Any]
) -> None:
    medicare = _step(journey_data, "enrol-medicare")
    medicare["data_prefilled"] = []
    assert codes(lint(journey_data)) == ["LX603"]
    journey_data["transitions"][1]["data_passed"] = ["ssn"]
    assert codes(lint(journey_data)) == []


def test_time_the_pra_figure_excludes_is_not_counted_twice(
    lint: Lint, journey_data: dict[str, Any]
) -> None:
    # Hold time and travel are outside a PRA per-response figure, so they may be added (at an
    # office visit: online they would trip LX508).
    _step(journey_data, "apply-ssa")["channel"] = "in_person"
    _step(journey_data, "apply-ssa")["burden"] = {
        "form": "SSA-1",
        "completing": 14.04,
        "waiting": [0, 36, 60],
        "travel": 30,
        "source": "stats",
    }
    assert codes(lint(journey_data)) == []


def test_repeat_after_a_branch_is_only_a_note(lint: Lint, journey_data: dict[str, Any]) -> None:
    # decide → apply-ssa (half) or straight to enrol-medicare (half): only the people who went
    # through apply-ssa gave their SSN before, so the repeat is a note (LX604), not LX603.
    medicare = _step(journey_data, "enrol-medicare")
    medicare["data_prefilled"] = []
    journey_data["transitions"][0].update(probability=0.5, estimate="half claim first")
    journey_data["transitions"].append(
        {"from": "decide", "to": "enrol-medicare", "probability": 0.5, "estimate": "half"}
    )
    journey_data["transitions"][1]["handoff"] = "warm_referral"
    result = lint(journey_data)
    assert codes(result) == ["LX604"]
    (note,) = result.findings
    assert note.severity.value == "info"
    assert "'ssn' (at 'apply-ssa', SSA)" in note.message
    # Once every path goes through apply-ssa again, the repeat is certain.
    journey_data["transitions"].pop()
    journey_data["transitions"][0].update(probability=1.0)
    assert codes(lint(journey_data)) == ["LX603"]


def test_rework_loops_are_not_earlier_steps(lint: Lint, journey_data: dict[str, Any]) -> None:
    # enrol-medicare sends the person back to apply-ssa: apply-ssa asking for the SSN again is
    # rework, not a tell-us-once finding against enrol-medicare's own request.
    medicare = _step(journey_data, "enrol-medicare")
    medicare["data_prefilled"] = []
    medicare["data_requested"] = ["bank-account"]
    journey_data["transitions"][-1] = {
        "from": "enrol-medicare",
        "to": "done",
        "probability": 0.9,
        "estimate": "most",
    }
    journey_data["transitions"].append(
        {
            "from": "enrol-medicare",
            "to": "apply-ssa",
            "probability": 0.1,
            "kind": "rework",
            "estimate": "some",
            "handoff": "customer_carries",
        }
    )
    assert codes(lint(journey_data)) == []


def test_burden_form_alone_is_its_own_provenance(lint: Lint, journey_data: dict[str, Any]) -> None:
    burden = _step(journey_data, "apply-ssa")["burden"]
    assert "source" not in burden
    assert "estimate" not in burden
    assert codes(lint(journey_data)) == []
    _step(journey_data, "apply-ssa")["channel"] = "in_person"  # travel online would be LX508
    burden["travel"] = 30  # a component the PRA figure excludes needs its own provenance
    result = lint(journey_data)
    assert codes(result) == ["LX503"]
    assert "(travel)" in result.diagnostics[0].message


def test_urls_are_valid_sources(lint: Lint, journey_data: dict[str, Any]) -> None:
    journey_data["annual_volume"]["source"] = ["stats", "https://www.ssa.gov/x"]
    assert codes(lint(journey_data)) == []


# --- suppressions and configuration ---------------------------------------------------------


def test_step_suppression_with_reason(lint: Lint, journey_data: dict[str, Any]) -> None:
    medicare = _step(journey_data, "enrol-medicare")
    medicare["data_prefilled"] = []
    medicare["suppress"] = [{"code": "LX603", "reason": "CMS must re-verify by law"}]
    assert codes(lint(journey_data)) == []


def test_journey_suppression(lint: Lint, journey_data: dict[str, Any]) -> None:
    journey_data["transitions"][1].pop("handoff")
    journey_data["suppress"] = [{"code": "LX601", "reason": "modelled in a later issue"}]
    assert codes(lint(journey_data)) == []


def test_suppression_on_the_wrong_step_does_not_apply(
    lint: Lint, journey_data: dict[str, Any]
) -> None:
    _step(journey_data, "enrol-medicare")["data_prefilled"] = []
    _step(journey_data, "decide")["suppress"] = [{"code": "LX603", "reason": "wrong place"}]
    assert sorted(codes(lint(journey_data))) == ["LX603", "LX702"]


def test_unknown_and_unsuppressible_codes(lint: Lint, journey_data: dict[str, Any]) -> None:
    journey_data["suppress"] = [
        {"code": "LX999", "reason": "no such code"},
        {"code": "LX101", "reason": "schema cannot be silenced"},
    ]
    result = lint(journey_data)
    assert codes(result) == ["LX701", "LX701"]
    assert "does not exist" in result.diagnostics[0].message
    assert "cannot be suppressed" in result.diagnostics[1].message


def test_suppression_needs_a_reason(lint: Lint, journey_data: dict[str, Any]) -> None:
    journey_data["suppress"] = [{"code": "LX601"}]
    assert codes(lint(journey_data)) == ["LX102"]


def test_config_select_ignore_and_severity(lint: Lint, journey_data: dict[str, Any]) -> None:
    _step(journey_data, "enrol-medicare")["data_prefilled"] = []
    _step(journey_data, "apply-ssa")["agency"] = "SAA"
    assert sorted(codes(lint(journey_data))) == ["LX301", "LX603"]
    assert codes(lint(journey_data, config=CheckConfig(ignore=("LX3",)))) == ["LX603"]
    assert codes(lint(journey_data, config=CheckConfig(select=("LX6",)))) == ["LX603"]
    raised = lint(
        journey_data, config=CheckConfig(select=("LX603",), severities={"LX603": Severity.error})
    )
    assert [d.severity for d in raised.diagnostics] == [Severity.error]
    assert not raised.ok


def test_schema_codes_cannot_be_ignored(lint: Lint, journey_data: dict[str, Any]) -> None:
    journey_data["steps"][0]["colour"] = "red"
    result = lint(journey_data, config=CheckConfig(ignore=("LX1",)))
    assert codes(result) == ["LX101"]


def test_config_rejects_unknown_codes() -> None:
    with pytest.raises(ValueError, match="matches no diagnostic code"):
        CheckConfig(select=("LX99",))
    with pytest.raises(ValueError, match="not a diagnostic code"):
        CheckConfig(severities={"LX000": Severity.error})


def test_strict_counts_warnings(lint: Lint, journey_data: dict[str, Any]) -> None:
    _step(journey_data, "apply-ssa")["agency"] = None  # LX501, a warning about the file
    assert lint(journey_data).ok
    assert not lint(journey_data, strict=True).ok


def test_service_findings_never_fail_strict(lint: Lint, journey_data: dict[str, Any]) -> None:
    _step(journey_data, "enrol-medicare")["data_prefilled"] = []
    result = lint(journey_data, strict=True)
    assert result.ok
    assert result.diagnostics == []
    assert [(d.code, d.severity) for d in result.findings] == [("LX603", Severity.warning)]
    # A team that wants to gate on a finding re-grades it; then it is a problem like any other.
    gated = lint(journey_data, config=CheckConfig(severities={"LX603": Severity.error}))
    assert [d.code for d in gated.diagnostics] == ["LX603"]
    assert not gated.ok


def test_estimates_are_listed_with_location(lint: Lint, journey_data: dict[str, Any]) -> None:
    result = lint(journey_data)
    listed = [(e.what, e.value, e.rationale) for e in result.estimates]
    assert listed == [
        (
            "step 'enrol-medicare' burden",
            "completing [10, 15, 30] min",
            "Reading and filling in the form",
        ),
        ("step 'enrol-medicare' wait", "[10, 30, 60] days", "Mail processing"),
    ]
    assert all(e.path and e.path.endswith("sample.yaml") and e.line for e in result.estimates)


# --- cross-journey checks and journeys built in Python -----------------------------------


def test_duplicate_journey_ids_and_missing_comparison(
    journey_file: Callable[..., Any], catalog_file: Any, journey_data: dict[str, Any]
) -> None:
    from lifeexp.checks import validate

    a = journey_file(journey_data, name="a.yaml")
    b = journey_file(journey_data, name="b.yaml")
    future = journey_file(
        journey_data, name="f.yaml", id="sample.future", state="future", compares_to="elsewhere"
    )
    result = validate([a, b, future], catalog_paths=[catalog_file], include_bundled=False)
    assert codes(result) == ["LX307", "LX308"]
    assert result.diagnostics[1].severity is Severity.info
    assert "a.yaml" in result.diagnostics[0].message


def test_a_journey_compared_with_itself_is_an_error(
    journey_file: Callable[..., Path],
    journey_data: dict[str, Any],
    catalog_file: Path,
) -> None:
    from lifeexp.checks import validate

    path = journey_file(
        journey_data, name="f.yaml", id="sample.future", state="future", compares_to="sample.future"
    )
    result = validate([path], catalog_paths=[catalog_file], include_bundled=False)
    assert codes(result) == ["LX312"]
    found = result.diagnostics[0]
    assert found.severity is Severity.error
    assert "'sample.future'" in found.message
    assert found.line is not None  # points at the compares_to value
    assert (
        "compares_to: sample.future"
        in path.read_text(encoding="utf-8").splitlines()[found.line - 1]
    )
    assert not result.ok


def test_checks_on_journeys_built_in_python() -> None:
    journey = make_journey({"a": ["b", "c"], "b": [], "c": ["c"]})
    found = check_journeys([journey], Catalog(), config=CheckConfig(select=("LX4",)))
    assert [d.code for d in found] == ["LX407"]
    # no file, so the journey is named like <stdin> and the place by its path in the document
    assert (found[0].path, found[0].line) == ("<test-journey>", None)
    assert found[0].message == "steps[c]: loop with no way out: 'c' → itself"
    assert str(found[0]) == (
        "<test-journey>: error[LX407]: steps[c]: loop with no way out: 'c' → itself "
        "(add a transition that leaves the loop)"
    )


@st.composite
def dags(draw: st.DrawFn) -> dict[str, list[str]]:
    n = draw(st.integers(min_value=1, max_value=12))
    edges: dict[str, list[str]] = {}
    for i in range(n):
        later = [f"s{j}" for j in range(i + 1, n)]
        edges[f"s{i}"] = draw(st.lists(st.sampled_from(later), unique=True)) if later else []
    # keep every step reachable: chain step i to i+1 when nothing else reaches it
    for i in range(1, n):
        if not any(f"s{i}" in vs for vs in edges.values()):
            edges[f"s{i - 1}"].append(f"s{i}")
    return edges


@given(dags())
def test_any_acyclic_journey_has_no_graph_errors(edges: dict[str, list[str]]) -> None:
    journey = make_journey(edges)
    found = [d.code for d in check_journeys([journey], Catalog()) if d.code.startswith("LX4")]
    assert found == []


@given(dags(), st.data())
def test_closing_a_loop_at_an_end_is_always_reported(
    edges: dict[str, list[str]], data: st.DataObject
) -> None:
    journey = make_journey(edges)
    ends = [s.id for s in journey.steps if not journey.outgoing(s.id)]
    end = data.draw(st.sampled_from(ends))
    looped = dict(edges)
    looped[end] = [end]
    found = [d.code for d in check_journeys([make_journey(looped)], Catalog())]
    assert "LX407" in found
    # every step that can only end in that loop is reported too
    assert found.count("LX407") == 1
