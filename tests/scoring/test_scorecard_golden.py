"""A scorecard's JSON, whole, against a golden file.

Any change to a figure, a field name or the order of fields shows up as a diff to review
(``pytest --update-golden``, then ``git diff tests/``). Floats are compared at nine
significant digits so a different BLAS or SuperLU build, which moves the last bits of a
sparse solve, does not fail the test (``to_dict`` itself writes 8 significant digits and
sorts set-valued options, so the file is the exported form).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lifeexp.loading import load_journey
from lifeexp.scoring import ScoringOptions, score

ROOT = Path(__file__).resolve().parents[2]


def _normalise(value: Any) -> Any:
    if isinstance(value, float):
        return float(f"{value:.9g}")
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return value


def test_scorecard_json_matches_the_golden_file(golden: Callable[[str, str], None]) -> None:
    journey = load_journey(ROOT / "journeys" / "approaching-retirement.yaml")
    card = score(journey, ScoringOptions(samples=2000, seed=14058, wage_rate=33.18))
    data = _normalise(card.to_dict())
    golden("approaching-retirement.scorecard.json", json.dumps(data, indent=2) + "\n")
