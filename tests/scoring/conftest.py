"""Shared journeys for the scoring tests."""

from __future__ import annotations

import pytest

from lifeexp.model import Journey
from lifeexp.testing import make_journey


@pytest.fixture
def worked_example() -> Journey:
    """The reference's worked example: A→B, B→C 0.3 / end 0.7, C→A; 30, 0, 20 minutes."""
    return make_journey(
        {"A": ["B"], "B": ["C", "END"], "C": ["A"]},
        probabilities={("B", "C"): 0.3},
        minutes={"A": 30, "B": 0, "C": 20},
    )
