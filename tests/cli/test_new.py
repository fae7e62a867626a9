"""``lifeexp new`` writes a commented skeleton that validates and scores as written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import Result

import lifeexp
from lifeexp.loading import parse_yaml
from lifeexp.model import LifeExperience
from lifeexp.schema import journey_schema
from lifeexp.skeleton import SKELETON_AGENCIES, skeleton_text

Cli = Callable[..., Result]
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("experience", [e.value for e in LifeExperience])
def test_the_skeleton_validates_strictly_and_scores(
    cli: Cli, tmp_path: Path, experience: str
) -> None:
    path = tmp_path / "passport.yaml"
    made = cli("new", path, "--life-experience", experience)
    assert made.exit_code == 0, made.output
    checked = cli("validate", "--strict", "--findings", path)
    assert checked.exit_code == 0, checked.output
    assert "All good: 1 file checked, no problems." in checked.output
    scored = cli("score", path)
    assert scored.exit_code == 0, scored.output
    journey = lifeexp.load_journey(path)
    assert journey.id == "passport"
    assert journey.life_experience.value == experience
    agencies = SKELETON_AGENCIES[LifeExperience(experience)]
    assert journey.agencies == [agencies.first, agencies.second]
    card = lifeexp.score(journey)
    assert card.handoffs.expected_cross_agency == pytest.approx(0.9)  # approved branch only
    # ...and it fits the JSON Schema an editor checks it against.
    data = parse_yaml(path.read_text(encoding="utf-8")).data  # YAML 1.2: dates stay text
    jsonschema.validate(data, journey_schema(lifeexp.bundled_catalog()))


def test_the_skeleton_has_every_part_the_tutorial_names() -> None:
    text = skeleton_text(life_experience="recovering-from-a-disaster", journey_id="x")
    data = yaml.safe_load(text)
    assert text.startswith("# yaml-language-server: $schema=")
    assert len(data["phases"]) == 3
    assert any(t.get("handoff") for t in data["transitions"])
    assert data["sources"][0]["url"].startswith("https://www.federalregister.gov/")
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) >= 10  # commented for the person who edits it


def test_the_modeline_points_at_the_repository_schema_by_a_relative_path(
    cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "journey.schema.json").write_text("{}", encoding="utf-8")
    path = tmp_path / "journeys" / "team" / "passport.yaml"
    assert cli("new", path).exit_code == 0
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/journey.schema.json"
    assert (path.parent / "../../schema/journey.schema.json").resolve().is_file()


def test_it_never_overwrites_without_force(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("mine\n", encoding="utf-8")
    refused = cli("new", path)
    assert refused.exit_code == 2
    assert "pass --force" in refused.output
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert cli("new", path, "--force").exit_code == 0
    assert path.read_text(encoding="utf-8") != "mine\n"


def test_a_bad_id_is_a_usage_error_and_nothing_is_written(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "update dmv.yaml"
    result = cli("new", path)
    assert result.exit_code == 2
    assert "ids use letters, digits" in result.output
    assert not path.exists()
    assert cli("new", path, "--id", "update-dmv").exit_code == 0


def test_a_title_with_a_colon_is_quoted(tmp_path: Path) -> None:
    text = skeleton_text(title='Passport: after a "name" change')
    assert yaml.safe_load(text)["title"] == 'Passport: after a "name" change'
