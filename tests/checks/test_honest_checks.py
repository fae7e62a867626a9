"""Issue 12 checks: form parts (LX311, LX504), forms filed anyway (LX507), online steps with
travel (LX508), duty classes charged to the person (LX509), volumes (LX510), handoffs through
the person's steps (LX605), and located errors for the new fields."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lifeexp.checks import CheckConfig, ValidationResult, validate
from lifeexp.errors import JourneyValidationError
from lifeexp.loading import load_journey

Lint = Callable[..., ValidationResult]


def codes(result: ValidationResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def _step(data: dict[str, Any], step_id: str) -> dict[str, Any]:
    return next(s for s in data["steps"] if s["id"] == step_id)


@pytest.fixture(name="parts_catalog")
def _parts_catalog(catalog_file: Path) -> Path:
    """The fixture catalog plus a Form 1040 with its Schedule 8812."""
    extra = catalog_file.parent / "irs.yaml"
    extra.write_text(
        """
agencies:
  - {code: IRS, name: Internal Revenue Service}
forms:
  - id: IRS-1040
    title: U.S. Individual Income Tax Return
    agency: IRS
    omb_control_number: 1545-0074
    minutes_per_response: 480
    minutes_basis: published
    source: https://www.irs.gov/1040
    parts:
      - id: SCHEDULE-8812
        title: Credits for Qualifying Children and Other Dependents
        minutes_per_response: 45
        minutes_basis: published
        source: https://www.irs.gov/8812
""",
        encoding="utf-8",
    )
    return extra


@pytest.fixture(name="lint_irs")
def _lint_irs(journey_file: Callable[..., Path], catalog_file: Path, parts_catalog: Path) -> Lint:
    """Lint against the fixture catalog plus the Form 1040 with its parts."""

    def run(data: dict[str, Any], config: CheckConfig | None = None) -> ValidationResult:
        return validate(
            [journey_file(data)],
            catalog_paths=[catalog_file, parts_catalog],
            include_bundled=False,
            config=config,
        )

    return run


def _irs_step(data: dict[str, Any], burden: dict[str, Any]) -> dict[str, Any]:
    data["steps"].insert(
        3,
        {
            "id": "claim-ctc",
            "title": "Claim the child tax credit",
            "phase": "apply",
            "agency": "IRS",
            "channel": "online",
            "burden": burden,
        },
    )
    data["transitions"][-1] = {
        "from": "enrol-medicare",
        "to": "claim-ctc",
        "handoff": "customer_carries",
    }
    data["transitions"].append({"from": "claim-ctc", "to": "done"})
    return data


def test_form_part_is_checked_against_the_parts_minutes(
    lint_irs: Lint, journey_data: dict[str, Any]
) -> None:
    lint = lint_irs
    data = _irs_step(
        journey_data, {"form": "IRS-1040", "form_part": "SCHEDULE-8812", "completing": 45}
    )
    assert codes(lint(data)) == []
    _step(data, "claim-ctc")["burden"]["completing"] = 480
    result = lint(data)
    assert codes(result) == ["LX504"]
    assert "'IRS-1040 SCHEDULE-8812' publishes 45 min" in result.diagnostics[0].message
    _step(data, "claim-ctc")["burden"].update(form_part="SCHEDULE-881", completing=45)
    result = lint(data)
    assert codes(result) == ["LX311"]
    assert result.diagnostics[0].hint == "did you mean 'SCHEDULE-8812'?"


def test_whole_form_filed_anyway_is_flagged_unless_for_non_filers(
    lint_irs: Lint, journey_data: dict[str, Any]
) -> None:
    lint = lint_irs
    data = _irs_step(journey_data, {"form": "IRS-1040", "completing": 480})
    data["filed_anyway"] = [{"form": "IRS-1040", "source": "stats"}]
    result = lint(data)
    assert codes(result) == ["LX507"]
    d = result.diagnostics[0]
    assert "charges the whole of form 'IRS-1040'" in d.message
    assert d.hint is not None
    assert "SCHEDULE-8812" in d.hint
    data["filed_anyway"][0]["except_at"] = ["claim-ctc"]
    assert codes(lint(data)) == []
    data["filed_anyway"][0]["except_at"] = ["claim-ctx"]
    result = lint(data)
    assert sorted(codes(result)) == ["LX402", "LX507"]
    (unknown,) = (d for d in result.diagnostics if d.code == "LX402")
    assert unknown.hint == "did you mean 'claim-ctc'?"


def test_online_step_with_travel_or_line_waiting(lint: Lint, journey_data: dict[str, Any]) -> None:
    _step(journey_data, "apply-ssa")["burden"] = {
        "completing": 14.04,
        "waiting": 18.52,
        "travel": 60,
        "estimate": "all-mode average",
    }
    result = lint(journey_data)
    assert codes(result) == ["LX508"]
    assert "keeps travel and waiting minutes" in result.diagnostics[0].message
    _step(journey_data, "apply-ssa")["channel"] = "in_person"
    assert codes(lint(journey_data)) == []


def test_multi_day_class_charged_to_the_person(lint: Lint, journey_data: dict[str, Any]) -> None:
    step = _step(journey_data, "enrol-medicare")
    step["burden"] = {"learning": 1440, "estimate": "three-day class"}
    result = lint(journey_data)
    assert codes(result) == ["LX509"]
    assert "1,440 minutes (3.0 working days)" in result.diagnostics[0].message
    step["burden"]["borne_by"] = "duty"
    assert codes(lint(journey_data)) == []
    step["burden"] = {
        "learning": 1440,
        "estimate": "class",
        "borne_by_component": {"learning": "duty"},
    }
    assert codes(lint(journey_data)) == []


def test_volume_disagreement_gives_both_figures_and_sources(
    lint: Lint, journey_data: dict[str, Any]
) -> None:
    # 1,000 people enter; 40% reach enrol-medicare = 400, against a published 250.
    _step(journey_data, "enrol-medicare")["program_volume"] = {
        "per_year": 250,
        "counts": "Part B applications",
        "estimate": "test figure",
    }
    result = lint(journey_data)
    assert codes(result) == ["LX510"]
    message = result.diagnostics[0].message
    assert "entry volume 1,000 × reach 0.400 implies 400 a year (stats)" in message
    assert "publishes 250 Part B applications (estimate: test figure): 1.60×" in message
    assert "allowed 1.25×" in message
    assert codes(lint(journey_data, config=CheckConfig(volume_factor=2.0))) == []
    with pytest.raises(ValueError, match="at least 1"):
        CheckConfig(volume_factor=0.5)


def test_handoff_through_the_persons_steps_without_a_type_is_noted(
    lint: Lint, journey_data: dict[str, Any]
) -> None:
    # SSA → the person decides → CMS.
    journey_data["steps"].insert(
        2,
        {
            "id": "think",
            "title": "Think it over",
            "phase": "apply",
            "agency": "person",
            "kind": "decision",
        },
    )
    journey_data["transitions"][1] = {
        "from": "apply-ssa",
        "to": "think",
        "probability": 0.4,
        "source": "stats",
    }
    journey_data["transitions"].append({"from": "think", "to": "enrol-medicare"})
    result = lint(journey_data)
    # A finding about the service (the person carries the case), not a problem in the file.
    assert codes(result) == []
    assert [f.code for f in result.findings] == ["LX605"]
    assert "from SSA through their own steps to CMS" in result.findings[0].message
    journey_data["transitions"][-1]["handoff"] = "data_shared"
    again = lint(journey_data)
    assert codes(again) == []  # and no LX602: the type means something here
    assert again.findings == []


@pytest.mark.parametrize(
    ("burden_or_wait", "fragment", "expected"),
    [
        (
            {"burden": {"completing": 5, "borne_by": "dutty", "estimate": "t"}},
            "borne_by",
            "did you mean 'duty'?",
        ),
        (
            {
                "burden": {
                    "completing": 5,
                    "borne_by_component": {"travel": "duty"},
                    "estimate": "t",
                }
            },
            "borne_by_component names travel but the burden gives no travel minutes",
            None,
        ),
        (
            {"burden": {"travel": 5, "borne_by_component": {"travel": "agency"}, "estimate": "t"}},
            "travel cannot be agency staff time",
            None,
        ),
        (
            {"burden": {"completing": 5, "waits_for": "own_timing", "estimate": "t"}},
            "waits_for marks a calendar wait",
            None,
        ),
        (
            {"wait": {"days": 5, "borne_by": "duty", "estimate": "t"}},
            "calendar days are nobody's minutes",
            None,
        ),
        (
            {"wait": {"days": 5, "waits_for": "eligibilty_date", "estimate": "t"}},
            "waits_for",
            "did you mean 'eligibility_date'?",
        ),
    ],
)
def test_markers_in_the_wrong_place_are_located_errors(
    journey_file: Callable[..., Path],
    journey_data: dict[str, Any],
    burden_or_wait: dict[str, Any],
    fragment: str,
    expected: str | None,
) -> None:
    step = _step(journey_data, "enrol-medicare")
    step.pop("burden")
    step.pop("wait")
    step.update(burden_or_wait)
    with pytest.raises(JourneyValidationError) as info:
        load_journey(journey_file(journey_data))
    (d,) = info.value.diagnostics
    assert d.code == "LX103"
    assert d.line is not None
    assert d.column is not None
    assert fragment in d.message
    assert "ValueError" not in d.message
    assert "pydantic" not in d.message
    if expected is not None:
        assert d.hint == expected
