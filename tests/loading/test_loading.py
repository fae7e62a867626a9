"""Loading journeys: schema errors located at the right place, every file's problems at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import lifeexp
from lifeexp.errors import JourneyLoadError, JourneyValidationError, LifeexpError
from lifeexp.loading import load_catalog, load_journey, load_journeys, source_path


def codes(exc: LifeexpError) -> list[tuple[str, int | None, int | None]]:
    return [(d.code, d.line, d.column) for d in exc.diagnostics]  # type: ignore[attr-defined]


def test_valid_journey_loads_and_remembers_its_file(journey_file: Callable[..., Path]) -> None:
    path = journey_file()
    journey = lifeexp.load_journey(path)
    assert journey.id == "sample"
    assert [s.id for s in journey.steps] == ["decide", "apply-ssa", "enrol-medicare", "done"]
    assert source_path(journey) == path
    assert source_path(journey.model_copy()) is None


def test_journey_built_in_python_has_no_source_path() -> None:
    from lifeexp.testing import make_journey

    assert source_path(make_journey({"a": ["b"]})) is None


def test_unknown_field_points_at_the_key_and_suggests(write_file: Callable[..., Path]) -> None:
    path = write_file(
        """
        id: j
        title: J
        life_experience: other
        start: a
        phases: [{id: p, title: P}]
        steps:
          - id: a
            title: A
            phase: p
            agnecy: SSA
        """
    )
    with pytest.raises(JourneyValidationError) as info:
        load_journey(path)
    (d,) = info.value.diagnostics
    assert (d.code, d.line, d.column) == ("LX101", 10, 5)
    assert d.message == "steps[a]: unknown field 'agnecy'"
    assert d.hint == "did you mean 'agency'?"


def test_missing_field_points_at_the_parent_mapping(write_file: Callable[..., Path]) -> None:
    path = write_file(
        """
        id: j
        title: J
        life_experience: other
        start: a
        phases: [{id: p, title: P}]
        steps:
          - id: a
            phase: p
        """
    )
    with pytest.raises(JourneyValidationError) as info:
        load_journey(path)
    (d,) = info.value.diagnostics
    assert (d.code, d.line, d.column) == ("LX102", 7, 5)
    assert "missing required field 'title'" in d.message


def test_wrong_types_point_at_the_values(write_file: Callable[..., Path]) -> None:
    path = write_file(
        """
        id: j
        title: J
        life_experience: approaching-retirment
        start: a
        phases: [{id: p, title: P}]
        steps:
          - id: a
            title: A
            phase: p
            channel: web
            emotion: 7
            burden: {completing: [30, 20, 10], estimate: guess}
        transitions:
          - {from: a, to: a, probability: high}
        annual_volume: {people: 10, source: [1]}
        """
    )
    with pytest.raises(JourneyValidationError) as info:
        load_journey(path)
    found = codes(info.value)
    assert ("LX103", 3, 18) in found  # life_experience typo
    assert ("LX103", 10, 14) in found  # channel
    assert ("LX103", 11, 14) in found  # emotion out of range
    assert ("LX103", 12, 26) in found  # three-point out of order
    assert ("LX103", 14, 35) in found  # probability not a number
    assert ("LX103", 15, 37) in found  # source: one message for the union, at the value
    by_line = {d.line: d for d in info.value.diagnostics}
    assert by_line[3].hint == "did you mean 'approaching-retirement'?"
    assert by_line[10].hint is None or "online" in by_line[10].hint
    assert "in that order" in by_line[12].message
    assert "[10, 20, 30]" in (by_line[12].hint or "")
    assert len(info.value.diagnostics) == 6


def test_union_errors_are_merged_into_one(write_file: Callable[..., Path]) -> None:
    path = write_file(
        """
        id: j
        title: J
        life_experience: other
        start: a
        phases: [{id: p, title: P}]
        steps: [{id: a, title: A, phase: p}]
        annual_volume: {people: 10, source: 5}
        """
    )
    with pytest.raises(JourneyValidationError) as info:
        load_journey(path)
    (d,) = info.value.diagnostics
    assert (d.code, d.line, d.column) == ("LX103", 7, 37)
    assert "annual_volume.source" in d.message


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("", "LX008"),
        ("- a\n- b\n", "LX008"),
        ("id: [\n", "LX004"),
        ("id: a\nid: b\n", "LX005"),
        ("id: !!python/object/apply:os.system ['true']\n", "LX006"),
        ("a: &a [*a]\n", "LX007"),
        (b"id: \xff\n", "LX002"),
    ],
)
def test_unreadable_files_raise_load_error(
    write_file: Callable[..., Path], content: str | bytes, code: str
) -> None:
    path = write_file(content)
    with pytest.raises(JourneyLoadError) as info:
        load_journey(path)
    assert [d.code for d in info.value.diagnostics] == [code]
    assert info.value.diagnostics[0].path is not None
    assert str(info.value).startswith("1 problem in 1 file")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(JourneyLoadError) as info:
        load_journey(tmp_path / "absent.yaml")
    assert codes(info.value)[0][0] == "LX001"


def test_folder_problems_of_every_file_are_collected(
    tmp_path: Path, journey_file: Callable[..., Path], write_file: Callable[..., Path]
) -> None:
    journey_file()
    write_file("id: [\n", "journeys/broken.yaml")
    write_file("id: x\nid: y\n", "journeys/dupes.yaml")
    with pytest.raises(JourneyLoadError) as info:
        load_journeys(tmp_path / "journeys")
    assert sorted(d.code for d in info.value.diagnostics) == ["LX004", "LX005"]
    assert {Path(d.path or "").name for d in info.value.diagnostics} == {
        "broken.yaml",
        "dupes.yaml",
    }


def test_folder_loads_in_name_order_and_skips_catalogs(
    tmp_path: Path,
    journey_file: Callable[..., Path],
    journey_data: dict[str, Any],
    catalog_file: Path,
) -> None:
    journey_file(name="b.yaml", id="b")
    journey_file(name="a.yml", id="a")
    (tmp_path / "journeys" / "catalog.yaml").write_text(catalog_file.read_text())
    (tmp_path / "journeys" / "notes.txt").write_text("not yaml")
    journeys = load_journeys([tmp_path / "journeys"])
    assert [j.id for j in journeys] == ["a", "b"]


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(JourneyLoadError) as info:
        load_journeys(tmp_path / "empty")
    assert codes(info.value)[0][0] == "LX011"


def test_catalog_argument_runs_error_checks(
    journey_file: Callable[..., Path], journey_data: dict[str, Any], catalog_file: Path
) -> None:
    catalog = load_catalog(catalog_file, include_bundled=False)
    assert lifeexp.load_journey(journey_file(), catalog=catalog).id == "sample"
    journey_data["steps"][1]["agency"] = "SAA"
    bad = journey_file(journey_data, name="bad.yaml")
    load_journey(bad)  # the loader below the checks reads the schema only
    with pytest.raises(JourneyValidationError) as info:
        lifeexp.load_journey(bad, catalog=catalog)
    (d,) = info.value.diagnostics
    assert d.code == "LX301"
    assert d.hint == "did you mean 'SSA'?"
    with pytest.raises(JourneyValidationError):
        lifeexp.load_journeys([bad], catalog=catalog)
