"""Helpers for the feedback tests (importable, unlike conftest)."""

from __future__ import annotations

import csv
from pathlib import Path

PRIVATE = "PRIVATE-COMMENT"
"""A marker every free-text answer in the fixtures carries; it must never appear in output."""


def replace_cell(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell of a CSV fixture (by 1-based line and column name)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = _split(lines[line - 1])
    cells[header.index(column)] = value
    lines[line - 1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _split(line: str) -> list[str]:
    return [f'"{c}"' if "," in c else c for c in next(csv.reader([line]))]


def feedback_journey(
    folder: Path,
    *,
    steps: dict[str, dict[str, object]],
    sources: list[dict[str, object]] | None = None,
) -> Path:
    """Write the suite's sample journey with feedback at some steps into ``folder``.

    ``steps`` maps step ids to their ``feedback`` value; ``sources`` are the journey's
    ``feedback_sources`` (paths relative to ``folder``).
    """
    import copy

    import yaml
    from tests.conftest import JOURNEY

    data = copy.deepcopy(JOURNEY)
    for step in data["steps"]:
        if step["id"] in steps:
            step["feedback"] = steps[step["id"]]
    if sources:
        data["feedback_sources"] = sources
    path = folder / "journey.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def v2_source(folder: str = "v2_csv", **extra: object) -> dict[str, object]:
    """A ``touchpoints_v2_csv`` feedback source reading the fixture copied to ``folder``."""
    return {
        "id": "ssa-tp",
        "kind": "touchpoints_v2_csv",
        "collections": f"{folder}/cx_collections.csv",
        "details": f"{folder}/cx_collection_details.csv",
        "responses": f"{folder}/cx_responses.csv",
        **extra,
    }
