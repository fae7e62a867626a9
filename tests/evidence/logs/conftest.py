"""Shared fixtures for the event-log tests: a tiny journey and a hand-written log of it."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("duckdb", reason="the calibrate tests need the `logs` extra")
pytest.importorskip("pyarrow", reason="the calibrate tests need the `logs` extra")

from lifeexp.model import Journey
from lifeexp.testing import make_journey

ROOT = Path(__file__).resolve().parents[3]
RETIREMENT = ROOT / "journeys" / "approaching-retirement.yaml"

HEADER = "case:concept:name,concept:name,org:resource,start_timestamp,time:timestamp\n"
# Three cases of the tiny journey a -> (b | c), b -> c (see tiny_journey); times in UTC.
# case 3 does b twice (b -> b is not in the journey) and starts in 2025.
TINY_ROWS = [
    "c1,a,SSA,2024-03-01T00:00:00Z,2024-03-01T01:00:00Z",
    "c1,b,SSA,2024-03-01T02:00:00Z,2024-03-01T03:00:00Z",
    "c1,c,CMS,2024-03-01T05:00:00Z,2024-03-01T05:30:00Z",
    "c2,a,SSA,2024-03-01T00:00:00Z,2024-03-01T00:30:00Z",
    "c2,c,CMS,2024-03-01T00:20:00Z,2024-03-01T01:00:00Z",
    "c3,a,SSA,2025-01-02T10:00:00Z,2025-01-02T10:10:00Z",
    "c3,b,SSA,2025-01-02T10:20:00Z,2025-01-02T10:40:00Z",
    "c3,b,SSA,2025-01-02T11:00:00Z,2025-01-02T11:10:00Z",
    "c3,c,CMS,2025-01-02T12:00:00Z,2025-01-02T12:00:00Z",
]


@pytest.fixture
def tiny_journey() -> Journey:
    """a -> b (0.5) | c (0.5); b -> c (1.0); c is the end. a and b are SSA's, c is CMS's."""
    return make_journey(
        {"a": ["b", "c"], "b": ["c"], "c": []},
        probabilities={("a", "b"): 0.5},
        agencies={"a": "SSA", "b": "SSA", "c": "CMS"},
        journey_id="tiny",
    )


@pytest.fixture
def tiny_journey_file(tmp_path: Path, tiny_journey: Journey) -> Path:
    import yaml

    path = tmp_path / "tiny.yaml"
    data = tiny_journey.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def write_log(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def tiny_log(tmp_path: Path) -> Path:
    return write_log(tmp_path / "tiny.csv", TINY_ROWS)
