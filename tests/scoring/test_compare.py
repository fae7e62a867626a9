"""Comparing two journeys: deltas, steps and handoffs removed or added, hours saved."""

from __future__ import annotations

import pytest

from lifeexp.model import Journey
from lifeexp.scoring import ScoringOptions, compare, score
from lifeexp.testing import make_journey

EXACT = ScoringOptions(samples=0)


def _with(j: Journey, **changes: object) -> Journey:
    data = j.model_dump(by_alias=True, exclude_none=True)
    data.update(changes)
    return Journey.model_validate(data)


def current() -> Journey:
    j = make_journey(
        {"apply": ["refer"], "refer": ["reapply"], "reapply": []},
        minutes={"apply": 30, "refer": 5, "reapply": 40},
        agencies={"apply": "FEMA", "refer": "FEMA", "reapply": "SBA"},
        journey_id="disaster",
    )
    data = j.model_dump(by_alias=True, exclude_none=True)
    data["annual_volume"] = {"people": 6000, "estimate": "t"}
    data["transitions"][1]["handoff"] = "start_over"
    return Journey.model_validate(data)


def future() -> Journey:
    # refer disappears; reapply is renamed but keeps its title; the handoff shares data.
    j = make_journey(
        {"apply": ["sba-loan"], "sba-loan": []},
        minutes={"apply": 30, "sba-loan": 10},
        agencies={"apply": "FEMA", "sba-loan": "SBA"},
        journey_id="disaster.future",
    )
    data = j.model_dump(by_alias=True, exclude_none=True)
    data["steps"][1]["title"] = "reapply"
    j = Journey.model_validate(data)
    data = j.model_dump(by_alias=True, exclude_none=True)
    data["transitions"][0]["handoff"] = "data_shared"
    data.update(state="future", compares_to="disaster")
    return Journey.model_validate(data)


def test_metric_deltas_and_hours_saved() -> None:
    c = compare(current(), future(), ScoringOptions(samples=0, wage_rate=20.0))
    tt = c.metric("time_tax.mean_minutes")
    assert (tt.before, tt.after, tt.delta) == pytest.approx((75.0, 40.0, -35.0))
    assert tt.improved is True
    assert tt.relative == pytest.approx(-35 / 75)
    assert c.annual_people == 6000
    assert c.annual_hours_saved == pytest.approx(6000 * 35 / 60)  # 3,500 h
    assert c.annual_dollars_saved == pytest.approx(3500 * 20)
    assert {m.name for m in c.metrics} >= {"handoffs.expected_cross_agency", "annual.hours"}


def test_steps_matched_by_id_then_title() -> None:
    c = compare(current(), future(), EXACT)
    assert c.steps_removed == ["refer"]
    assert c.steps_added == []
    assert c.steps_matched_by_title == [("reapply", "sba-loan")]


def test_handoffs_removed_and_added() -> None:
    c = compare(current(), future(), EXACT)
    assert [(h.from_step, h.to_step, h.handoff) for h in c.handoffs_removed] == [
        ("refer", "reapply", "start_over")
    ]
    assert [(h.from_step, h.to_step, h.handoff) for h in c.handoffs_added] == [
        ("apply", "sba-loan", "data_shared")
    ]


def test_handoff_type_change_is_reported() -> None:
    before = current()
    data = before.model_dump(by_alias=True, exclude_none=True)
    data["transitions"][1]["handoff"] = "data_shared"
    c = compare(before, Journey.model_validate(data), EXACT)
    assert not c.handoffs_removed
    assert not c.handoffs_added
    assert [(a.handoff, b.handoff) for a, b in c.handoffs_changed] == [
        ("start_over", "data_shared")
    ]


def test_compare_accepts_scorecards_and_is_symmetric_in_sign() -> None:
    a, b = score(current(), EXACT), score(future(), EXACT)
    forward = compare(a, b)
    backward = compare(b, a)
    assert forward.metric("time_tax.mean_minutes").delta == pytest.approx(-35.0)
    assert backward.metric("time_tax.mean_minutes").delta == pytest.approx(35.0)
    assert backward.metric("time_tax.mean_minutes").improved is False
    unchanged = compare(a, a)
    assert all(m.improved is None for m in unchanged.metrics)
    assert unchanged.annual_hours_saved == 0
