"""``lifeexp schema``: prints or atomically writes the draft-07 schemas."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

import lifeexp

Cli = Callable[..., Result]


def test_prints_the_journey_schema_by_default(cli: Cli) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == lifeexp.journey_schema(lifeexp.bundled_catalog())


def test_writes_the_catalog_schema(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "catalog.schema.json"
    result = cli("schema", "catalog", "-o", out)
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == lifeexp.catalog_schema()
    assert [p.name for p in out.parent.iterdir()] == ["catalog.schema.json"]  # no temp debris


def test_unknown_kind_is_a_usage_error(cli: Cli, clean_failure: Callable[..., None]) -> None:
    clean_failure(cli("schema", "steps"), 2, ["Invalid value"])


def test_unwritable_output_is_exit_3(
    cli: Cli, clean_failure: Callable[..., None], tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    clean_failure(cli("schema", "-o", blocker / "schema.json"), 3, ["error:"])
