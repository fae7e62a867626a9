"""Every bundled journey and catalog validates against the committed JSON Schema, checked by an
independent validator (jsonschema, draft-07), and starts with the yaml-language-server modeline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from lifeexp.loading import parse_yaml

ROOT = Path(__file__).resolve().parents[1]
JOURNEYS = sorted((ROOT / "journeys").glob("*.yaml"))
CATALOGS = sorted((ROOT / "catalogs").glob("*.yaml"))


def _validator(kind: str) -> Draft7Validator:
    schema = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def _check(path: Path, kind: str) -> None:
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0] if text else ""
    assert first == f"# yaml-language-server: $schema=../schema/{kind}.schema.json", (
        f"{path.name} must start with the modeline"
    )
    data: Any = parse_yaml(text, str(path)).data
    errors = sorted(_validator(kind).iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"{path.name}: {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:20]
    )


@pytest.mark.skipif(not JOURNEYS, reason="journeys/ has no journeys yet")
@pytest.mark.parametrize("path", JOURNEYS, ids=[p.name for p in JOURNEYS])
def test_bundled_journey_matches_committed_schema(path: Path) -> None:
    _check(path, "journey")


@pytest.mark.skipif(not CATALOGS, reason="catalogs/ has no catalogs yet")
@pytest.mark.parametrize("path", CATALOGS, ids=[p.name for p in CATALOGS])
def test_bundled_catalog_matches_committed_schema(path: Path) -> None:
    _check(path, "catalog")


def test_schema_rejects_what_the_model_rejects() -> None:
    # The independent validator must actually enforce the schema, not accept anything.
    validator = _validator("journey")
    assert not validator.is_valid({"id": "x"})
    assert not validator.is_valid(
        {
            "id": "x",
            "title": "X",
            "life_experience": "other",
            "start": "a",
            "phases": [{"id": "p", "title": "P"}],
            "steps": [{"id": "a", "title": "A", "phase": "p", "colour": "red"}],
        }
    )
    assert validator.is_valid(
        {
            "id": "x",
            "title": "X",
            "life_experience": "other",
            "start": "a",
            "phases": [{"id": "p", "title": "P"}],
            "steps": [{"id": "a", "title": "A", "phase": "p", "burden": {"completing": [1, 2, 3]}}],
            "transitions": [{"from": "a", "to": "a", "probability": 0.5}],
        }
    )
