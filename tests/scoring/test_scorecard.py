"""The scorecard as data: frozen, JSON round trip, flat rows, headline metrics."""

from __future__ import annotations

import csv
import io
import json
from typing import Literal

import pydantic
import pytest

from lifeexp.model import Journey
from lifeexp.scoring import METRICS, Scorecard, ScoringOptions, score


def test_scorecard_is_frozen(worked_example: Journey) -> None:
    card = score(worked_example, ScoringOptions(samples=100))
    with pytest.raises(pydantic.ValidationError):
        card.journey_id = "other"  # type: ignore[misc]


def test_json_round_trip(worked_example: Journey) -> None:
    card = score(worked_example, ScoringOptions(samples=100))
    text = card.to_json()
    again = Scorecard.model_validate(json.loads(text))
    assert again.to_json() == text  # the exported form is a fixed point
    # 36 / 0.7 = 51.428571428571...: exported with 8 significant digits, not 17
    assert json.loads(text)["time_tax"]["mean_minutes"] == 51.428571
    assert card.time_tax.mean_minutes == pytest.approx(36 / 0.7, rel=1e-12)  # Python keeps all


def test_exported_floats_have_eight_significant_digits_and_sets_are_sorted() -> None:
    from lifeexp.scoring._export import SIGNIFICANT_DIGITS, exported

    assert SIGNIFICANT_DIGITS == 8
    noisy = {"a": 2.3619999999999997, "b": [11.000000000000002, -0.1 - 0.2], "c": 7, "d": None}
    assert exported(noisy) == {"a": 2.362, "b": [11.0, -0.3], "c": 7, "d": None}
    assert exported(123456789.4) == 123456790.0
    assert exported(0.0) == 0.0
    dumped = ScoringOptions(handoff_friction_types=frozenset({"start_over", "warm_referral"}))
    assert dumped.model_dump(mode="json")["handoff_friction_types"] == [
        "start_over",
        "warm_referral",
    ]


def test_metrics_follow_the_metric_table(worked_example: Journey) -> None:
    card = score(worked_example, ScoringOptions(samples=0))
    metrics = card.metrics()
    assert list(metrics) == [m.name for m in METRICS]
    assert metrics["time_tax.mean_minutes"] == pytest.approx(36 / 0.7)
    assert metrics["annual.hours"] is None  # no annual volume
    assert metrics["time_tax.p80_minutes"] is None  # no sampling


def test_rows_write_as_csv(worked_example: Journey) -> None:
    card = score(worked_example, ScoringOptions(samples=0))
    tables: tuple[Literal["summary", "steps", "friction"], ...] = ("summary", "steps", "friction")
    for table in tables:
        rows = card.rows(table)
        out = io.StringIO()
        if rows:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
            assert all(not isinstance(v, dict | list) for row in rows for v in row.values())
    steps = card.rows("steps")
    assert [r["step_id"] for r in steps] == ["A", "B", "C", "END"]
    assert steps[0]["journey_id"] == "test-journey"


def test_public_names_reach_the_scoring_package(worked_example: Journey) -> None:
    import lifeexp

    card = lifeexp.score(worked_example, lifeexp.ScoringOptions(samples=0))
    assert isinstance(card, lifeexp.Scorecard)
    assert isinstance(lifeexp.compare(card, card), lifeexp.Comparison)


def test_friction_rows_name_the_transition(worked_example: Journey) -> None:
    # Give the loop's C a different agency so C → A is a cross-agency handoff.
    data = worked_example.model_dump(by_alias=True, exclude_none=True)
    for step in data["steps"]:
        step["agency"] = "CMS" if step["id"] == "C" else "SSA"
    card = score(Journey.model_validate(data), ScoringOptions(samples=0))
    rows = card.rows("friction")
    handoffs = [r for r in rows if "cross_agency_handoff" in r["rules"]]
    assert {r["transition"] for r in handoffs} == {"B→C", "C→A"}
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))


def test_scoring_leaves_the_garbage_collector_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # gc.disable is process-wide: the report draws maps on another thread while it scores.
    import gc

    from lifeexp.testing import make_journey

    def refuse() -> None:
        raise AssertionError("scoring switched the garbage collector off")

    monkeypatch.setattr(gc, "disable", refuse)
    monkeypatch.setattr(gc, "freeze", refuse)
    card = score(make_journey({"a": ["b"], "b": []}, minutes={"a": 5}), ScoringOptions(samples=50))
    assert card.time_tax.mean_minutes == pytest.approx(5.0)
    assert gc.isenabled()
