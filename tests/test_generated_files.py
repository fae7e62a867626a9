"""Generated files committed to the repository must match what the code generates."""

from __future__ import annotations

from pathlib import Path

import pytest

from lifeexp.loading import bundled_catalog
from lifeexp.schema import SCHEMA_KINDS, schema_text


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_committed_schema_is_current(kind: str, repo_root: Path) -> None:
    committed = repo_root / "schema" / f"{kind}.schema.json"
    assert committed.is_file(), f"schema/{kind}.schema.json is missing"
    assert committed.read_text(encoding="utf-8") == schema_text(kind, catalog=bundled_catalog()), (  # type: ignore[arg-type]
        f"schema/{kind}.schema.json is stale, run "
        f"`lifeexp schema {kind} -o schema/{kind}.schema.json`"
    )
