"""The journey schema completes catalog ids in an editor and rejects unknown ones.

Checked the way an editor or a CI job would: with ``check-jsonschema``, the standard
command-line validator, against the committed schema and a team's project schema.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

from lifeexp.loading import bundled_catalog
from lifeexp.schema import journey_schema

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "schema" / "journey.schema.json"

JOURNEY = """\
# yaml-language-server: $schema=journey.schema.json
id: passport-name-change
title: Passport after a name change
life_experience: other
start: renew
phases:
  - {id: change, title: Change your name}
steps:
  - id: renew
    title: Renew the passport
    phase: change
    agency: AGENCY
"""


def _check_jsonschema(schema: Path, document: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert exe is not None, "check-jsonschema is a dev dependency; pip install -e '.[dev]'"
    return subprocess.run(
        [exe, "--schemafile", str(schema), str(document)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_jsonschema_rejects_a_journey_with_an_unknown_agency(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(JOURNEY.replace("AGENCY", "SSA"), encoding="utf-8")
    assert _check_jsonschema(SCHEMA, good).returncode == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(JOURNEY.replace("AGENCY", "SAA"), encoding="utf-8")
    result = _check_jsonschema(SCHEMA, bad)
    assert result.returncode == 1, result.stdout
    assert "'SAA' is not one of" in result.stdout + result.stderr


def _schema_node(schema: dict[str, Any], model: str, field: str) -> dict[str, Any]:
    node: dict[str, Any] = schema["definitions"][model]["properties"][field]
    return node


def test_the_schema_lists_every_kind_of_catalog_id_with_its_name() -> None:
    schema = journey_schema(bundled_catalog())
    agency = _schema_node(schema, "Step", "agency")["anyOf"][0]
    assert {"SSA", "CMS", "person"} <= set(agency["enum"])
    ssa = agency["enum"].index("SSA")
    assert agency["markdownEnumDescriptions"][ssa] == "**Social Security Administration** (federal)"
    forms = _schema_node(schema, "Step", "forms")["items"]["enum"]
    assert "CMS-40B" in forms
    assert "CMS-40B" in _schema_node(schema, "Burden", "form")["anyOf"][0]["enum"]
    data = _schema_node(schema, "Step", "data_requested")["items"]["enum"]
    assert "ssn" in data
    assert data == _schema_node(schema, "Transition", "data_passed")["items"]["enum"]
    assert "birth-certificate" in _schema_node(schema, "Step", "documents")["items"]["enum"]
    channel = schema["definitions"]["Channel"]
    assert len(channel["markdownEnumDescriptions"]) == len(channel["enum"])


def test_hover_text_is_markdown_and_the_schema_claims_no_unresolvable_id() -> None:
    text = SCHEMA.read_text(encoding="utf-8")
    assert "``" not in text  # reStructuredText literals shown raw in an editor's hover
    schema = json.loads(text)
    assert "$id" not in schema
    agency = _schema_node(schema, "Step", "agency")
    assert agency["markdownDescription"] == agency["description"]
    assert "`person`" in agency["markdownDescription"]
    assert "\n" not in agency["description"]  # docstring line breaks are not hover breaks


TEAM_CATALOG = """\
agencies:
  - code: DOS-CA
    name: Department of State, Bureau of Consular Affairs
"""


def test_a_project_schema_lists_the_team_catalog_ids(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    (tmp_path / "catalogs").mkdir()
    (tmp_path / "catalogs" / "state.yaml").write_text(TEAM_CATALOG, encoding="utf-8")
    project_schema = tmp_path / "journey.schema.json"
    result = cli("schema", "journey", "--catalog", tmp_path / "catalogs", "-o", project_schema)
    assert result.exit_code == 0, result.output
    schema = json.loads(project_schema.read_text(encoding="utf-8"))
    assert {"DOS-CA", "SSA"} <= set(_schema_node(schema, "Step", "agency")["anyOf"][0]["enum"])
    journey = tmp_path / "passport.yaml"
    journey.write_text(JOURNEY.replace("AGENCY", "DOS-CA"), encoding="utf-8")
    assert _check_jsonschema(project_schema, journey).returncode == 0
    assert _check_jsonschema(SCHEMA, journey).returncode == 1  # the bundled one has no DOS-CA


def test_a_broken_team_catalog_is_a_located_error_not_a_traceback(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("agencies:\n  - code: X\n    nmae: Y\n", encoding="utf-8")
    result = cli("schema", "--catalog", bad)
    assert result.exit_code == 1
    assert "bad.yaml:3:5: error[LX101]" in result.output
    assert "Traceback" not in result.output


def test_bundled_journeys_pass_the_schema_with_catalog_ids() -> None:
    journeys = sorted((ROOT / "journeys").glob("*.yaml"))
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert exe is not None
    result = subprocess.run(
        [exe, "--schemafile", str(SCHEMA), *map(str, journeys)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_the_project_configuration_names_the_catalogs_of_the_project_schema(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    (tmp_path / "team-catalogs").mkdir()
    (tmp_path / "team-catalogs" / "state.yaml").write_text(TEAM_CATALOG, encoding="utf-8")
    (tmp_path / "lifeexp.toml").write_text('catalogs = ["team-catalogs"]\n', encoding="utf-8")
    out = tmp_path / "schema" / "journey.schema.json"
    result = cli("schema", "journey", "-o", out)
    assert result.exit_code == 0, result.output
    schema = json.loads(out.read_text(encoding="utf-8"))
    assert "DOS-CA" in _schema_node(schema, "Step", "agency")["anyOf"][0]["enum"]
