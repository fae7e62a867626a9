"""``lifeexp.load_journey`` checks references like the commands do (issue 9, item 7), and
folders are read recursively (item 11)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

import lifeexp
from lifeexp.cli._common import format_diagnostic_text
from lifeexp.testing import make_journey

JourneyFile = Callable[..., Path]


@pytest.fixture(name="saa_journey")
def _saa_journey(journey_file: JourneyFile, journey_data: dict[str, Any]) -> Path:
    data = copy.deepcopy(journey_data)
    data["steps"][1]["agency"] = "SAA"  # a typo of SSA; the forms still name SSA's SSA-1
    return journey_file(data, name="saa.yaml")


def test_an_unknown_agency_is_refused_by_the_library_as_by_the_cli(
    saa_journey: Path, cli: Callable[..., Result]
) -> None:
    with pytest.raises(lifeexp.JourneyValidationError) as info:
        lifeexp.load_journey(saa_journey)
    problems = [d for d in info.value.diagnostics if d.code == "LX301"]
    assert len(problems) == 1
    problem = problems[0]
    assert problem.message == "unknown agency 'SAA'"
    assert problem.hint == "did you mean 'SSA'?"
    assert problem.path is not None
    assert problem.path.endswith("saa.yaml")
    assert problem.line is not None
    assert problem.column is not None
    # the command rejects it with the very same line
    result = cli("score", saa_journey)
    assert result.exit_code == 1
    assert str(problem) in result.stderr


def test_the_raw_model_is_an_explicit_opt_out(saa_journey: Path) -> None:
    journey = lifeexp.load_journey(saa_journey, check=False)
    assert journey.steps[1].agency == "SAA"
    assert lifeexp.load_journeys([saa_journey], check=False)[0].id == "sample"
    with pytest.raises(lifeexp.JourneyValidationError):
        lifeexp.load_journeys([saa_journey])


def test_a_given_catalog_extends_the_bundled_one(saa_journey: Path, tmp_path: Path) -> None:
    extra = tmp_path / "team-catalog.yaml"
    extra.write_text(
        "agencies:\n  - code: SAA\n    name: State Aging Agency\n    kind: state\n",
        encoding="utf-8",
    )
    journey = lifeexp.load_journey(saa_journey, catalogs=[extra])
    assert journey.steps[1].agency == "SAA"


def test_str_of_a_diagnostic_is_the_cli_line() -> None:
    hint = "did you mean 'SSA'?"
    d = lifeexp.Diagnostic(
        "LX301", lifeexp.Severity.error, "unknown agency 'SAA'", "j.yaml", 4, 13, hint
    )
    assert str(d) == "j.yaml:4:13: error[LX301]: unknown agency 'SAA' (did you mean 'SSA'?)"
    assert str(d) == format_diagnostic_text(d)
    assert "Diagnostic(" not in f"{d}"


def test_validate_names_the_place_in_a_journey_built_in_python() -> None:
    journey = make_journey({"a": ["b"]}, agencies={"a": "SAA"})
    result = lifeexp.validate([journey])
    (problem,) = [d for d in result.diagnostics if d.code == "LX301"]
    assert problem.path == "<test-journey>"
    assert problem.message == "steps[a].agency: unknown agency 'SAA'"


def test_folders_are_read_recursively(
    journey_file: JourneyFile, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    nested = tmp_path / "nested"
    (nested / "deeper" / "deepest").mkdir(parents=True)
    (nested / ".hidden").mkdir()
    source = journey_file()
    (nested / "deeper" / "deepest" / "j.yaml").write_bytes(source.read_bytes())
    (nested / ".hidden" / "ignored.yaml").write_text("not: [valid", encoding="utf-8")
    assert [j.id for j in lifeexp.load_journeys(nested)] == ["sample"]
    result = cli("validate", nested)
    assert result.exit_code == 0, result.output


def test_an_empty_folder_tree_says_sub_folders_were_searched(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    result = cli("validate", tmp_path / "empty")
    assert result.exit_code == 1
    assert "in it or in its sub-folders" in result.output
