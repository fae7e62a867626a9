"""The benchmark's synthetic journeys are valid, absorbing and scoreable."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))

from synthetic import synthetic_data, synthetic_journey, synthetic_yaml  # type: ignore[import-not-found]

from lifeexp.scoring import ScoringOptions, score


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_synthetic_journeys_score_with_loops_and_handoffs(seed: int) -> None:
    card = score(synthetic_journey(400, seed=seed, loops=0.3), ScoringOptions(samples=500))
    assert card.rework.expected_extra_visits > 0  # it has loops ...
    assert card.time_tax.mean_minutes > 0  # ... and they all end (no ScoringError)
    assert card.handoffs.expected_cross_agency > 0
    assert len({s.agency for s in card.steps}) > 2


def test_synthetic_yaml_round_trips() -> None:
    text = synthetic_yaml(50)
    assert text.startswith("# yaml-language-server: $schema=")
    assert yaml.safe_load(text) == synthetic_data(50)


def test_too_small_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        synthetic_data(1)
