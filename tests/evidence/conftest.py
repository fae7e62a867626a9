"""Fixtures for the feedback tests: the export fixtures, one per published layout."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"

V2_TABLES = {
    "collections": "cx_collections",
    "details": "cx_collection_details",
    "responses": "cx_responses",
}


@pytest.fixture(name="v2_files")
def _v2_files(tmp_path: Path) -> Callable[[str], dict[str, Path]]:
    """``v2_files("csv" | "json")`` → a writable copy of the Touchpoints v2 fixture."""

    def copy(ext: str) -> dict[str, Path]:
        folder = tmp_path / f"v2_{ext}"
        shutil.copytree(DATA / f"v2_{ext}", folder, dirs_exist_ok=True)
        return {role: folder / f"{name}.{ext}" for role, name in V2_TABLES.items()}

    return copy


@pytest.fixture(name="v1_file")
def _v1_file(tmp_path: Path) -> Path:
    """A writable copy of the legacy A-11 v1 fixture."""
    target = tmp_path / "omb_cx_reporting_collections.csv"
    shutil.copy(DATA / "v1_csv" / "omb_cx_reporting_collections.csv", target)
    return target
