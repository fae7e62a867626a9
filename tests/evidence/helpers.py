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
