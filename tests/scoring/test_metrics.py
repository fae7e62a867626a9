"""Every scorecard section on a small journey computed by hand."""

from __future__ import annotations

from typing import Any

import pytest

from lifeexp.model import Journey
from lifeexp.scoring import ScoringOptions, score
from lifeexp.testing import make_journey

EXACT = ScoringOptions(samples=0)


def retirement_like(**overrides: Any) -> Journey:
    """apply (SSA, online) → enrol (CMS, mail) with p 0.6, else done; enrol → done.

    Hand figures: visits apply 1, enrol 0.6, done 1; TT = 30 + 0.6·15 = 39 min.
    """
    j = make_journey(
        {"apply": ["enrol", "done"], "enrol": ["done"]},
        probabilities={("apply", "enrol"): 0.6},
        agencies={"apply": "SSA", "enrol": "CMS"},
        apply={
            "channel": "online",
            "phase": "main",
            "burden": {"learning": 10, "completing": 20, "estimate": "t"},
            "wait": {"days": 5, "estimate": "t"},
            "data_requested": ["ssn", "full-name"],
            "sign_in": "account",
            "psychological_cost": 2,
        },
        enrol={
            "channel": "mail",
            "burden": {"completing": 15, "estimate": "t"},
            "wait": {"days": 10, "estimate": "t"},
            "data_requested": ["ssn"],
            "data_prefilled": ["full-name"],
            "sign_in": "identity_proofing",
            "deadlines": [{"title": "Enrol in Part B", "penalty": "10% a year", "estimate": "t"}],
        },
        done={"kind": "end"},
    )
    data = j.model_dump(by_alias=True, exclude_none=True)
    data["annual_volume"] = {"people": 1000, "estimate": "t"}
    for t in data["transitions"]:
        if (t["from"], t["to"]) == ("apply", "enrol"):
            t["handoff"] = "customer_carries"
    data.update(overrides)
    return Journey.model_validate(data)


LT = 5 + 0.6 * 10 + 39 / 1440  # days: waits plus burden minutes as days


def test_time_tax_attribution_and_annual_hours() -> None:
    card = score(retirement_like(), ScoringOptions(samples=0, wage_rate=30.0))
    tt = card.time_tax
    assert tt.mean_minutes == pytest.approx(39.0)
    assert tt.by_agency == pytest.approx({"SSA": 30.0, "CMS": 9.0, "person": 0.0})
    assert tt.by_component["learning"] == pytest.approx(10.0)
    assert tt.by_component["completing"] == pytest.approx(29.0)
    assert tt.learning_share == pytest.approx(10 / 39)
    assert tt.compliance_share == pytest.approx(29 / 39)
    assert tt.psychological_load == pytest.approx(2.0)  # never minutes: a 0–3 load × visits
    assert card.annual is not None
    assert card.annual.hours == pytest.approx(1000 * 39 / 60)  # 650 h
    assert card.annual.dollars == pytest.approx(650 * 30)


def test_no_annual_volume_means_no_annual_section() -> None:
    data = retirement_like().model_dump(by_alias=True, exclude_none=True)
    del data["annual_volume"]
    assert score(Journey.model_validate(data), EXACT).annual is None


def test_lead_time_activity_ratio_critical_path_and_bottlenecks() -> None:
    lt = score(retirement_like(), EXACT).lead_time
    assert lt.expected_days == pytest.approx(LT)
    assert lt.touch_minutes == pytest.approx(29.0)  # completing + submitting only
    assert lt.activity_ratio == pytest.approx((29 / 1440) / LT)
    assert lt.critical_path == ["apply", "enrol", "done"]
    assert [b.step_id for b in lt.bottlenecks] == ["enrol", "apply"]
    assert lt.bottlenecks[0].share == pytest.approx(0.6 * (10 + 15 / 1440) / LT)


def test_critical_path_skips_unlikely_branches() -> None:
    # The slow branch is taken 10% of the time: below the 0.2 threshold by default.
    j = make_journey(
        {"a": ["slow", "fast"], "slow": ["end"], "fast": ["end"]},
        probabilities={("a", "slow"): 0.1},
        slow={"wait": {"days": 100, "estimate": "t"}},
        fast={"wait": {"days": 1, "estimate": "t"}},
    )
    assert score(j, EXACT).lead_time.critical_path == ["a", "fast", "end"]
    loose = ScoringOptions(samples=0, critical_path_min_probability=0.0)
    assert score(j, loose).lead_time.critical_path == ["a", "slow", "end"]


def test_handoffs_touchpoints_channels_and_sign_ins() -> None:
    h = score(retirement_like(), EXACT).handoffs
    assert h.expected_cross_agency == pytest.approx(0.6)
    assert h.by_type["customer_carries"] == pytest.approx(0.6)
    assert h.by_type["data_shared"] == 0
    cells = {(c.from_agency, c.to_agency): c.expected for c in h.matrix}
    assert cells == pytest.approx(
        {("SSA", "CMS"): 0.6, ("SSA", "person"): 0.4, ("CMS", "person"): 0.6}
    )
    assert sum(c.share for c in h.matrix) == pytest.approx(1.0)
    assert h.agency_reach == pytest.approx({"SSA": 1.0, "CMS": 0.6})
    assert h.expected_agencies == pytest.approx(1.6)
    assert h.touchpoints == pytest.approx(1.6)  # the end step is not a contact
    assert h.channel_switches == pytest.approx(0.6)  # online → mail
    assert h.sign_ins == pytest.approx(1.6)
    assert h.reauthentications == pytest.approx(0.6)
    assert h.identity_proofings == pytest.approx(0.6)
    assert [(r.from_step, r.to_step, r.handoff) for r in h.transitions] == [
        ("apply", "enrol", "customer_carries")
    ]


def test_person_steps_in_between_are_not_handoffs() -> None:
    j = make_journey(
        {"a": ["p"], "p": ["b"], "b": []}, agencies={"a": "SSA", "p": "person", "b": "CMS"}
    )
    assert score(j, EXACT).handoffs.expected_cross_agency == 0


def test_tell_us_once() -> None:
    tuo = score(retirement_like(), EXACT).tell_us_once
    # ssn typed at apply (1 visit) and again at enrol (0.6): 0.6 re-entries; full-name once.
    assert tuo.repeated_entries == pytest.approx(0.6)
    assert tuo.by_element == pytest.approx({"ssn": 0.6})
    assert [(c.first_agency, c.again_agency) for c in tuo.by_agency_pair] == [("SSA", "CMS")]
    assert tuo.by_agency_pair[0].expected == pytest.approx(0.6)
    assert tuo.entries == pytest.approx(2.6)
    # needs: apply 2 + enrol 2×0.6 = 3.2; pre-filled 0.6
    assert tuo.prefill_rate == pytest.approx(0.6 / 3.2)
    assert tuo.prefill_steps_rate == pytest.approx(0.5)


def test_data_prefilled_earlier_makes_a_later_entry_a_repeat() -> None:
    j = make_journey(
        {"a": ["b"], "b": []},
        a={"data_prefilled": ["ssn"]},
        b={"data_requested": ["ssn"]},
    )
    assert score(j, EXACT).tell_us_once.repeated_entries == pytest.approx(1.0)


def test_repeats_on_rework_loops_count() -> None:
    # The worked example's loop: A asks for ssn on each of its 1/0.7 visits.
    j = make_journey(
        {"A": ["B"], "B": ["C", "END"], "C": ["A"]},
        probabilities={("B", "C"): 0.3},
        A={"data_requested": ["ssn"]},
    )
    assert score(j, EXACT).tell_us_once.repeated_entries == pytest.approx(1 / 0.7 - 1)


def test_friction_points_rules_reasons_and_ranking() -> None:
    card = score(retirement_like(), EXACT)
    points = {(p.step_id, p.transition): p for p in card.friction_points}
    enrol = points[("enrol", None)]
    assert enrol.rules == [
        "repeated_data",
        "reauthentication",
        "not_online",
        "bottleneck",
        "deadline_with_penalty",
    ]
    assert enrol.minutes_at_stake == pytest.approx(9.0)
    assert enrol.days_at_stake == pytest.approx(6.0)
    assert enrol.score == pytest.approx(100 * 5 * (9 / 39 + 6 / LT))
    assert "ssn" in enrol.reason
    assert "only mail" in enrol.reason
    assert "10% a year" in enrol.reason
    hand = points[("enrol", ("apply", "enrol"))]
    assert hand.rules == ["cross_agency_handoff", "channel_switch"]
    assert hand.minutes_at_stake == pytest.approx(0.6 * 15)
    assert hand.days_at_stake == pytest.approx(0.6 * 5)
    assert "from SSA to CMS" in hand.reason
    apply = points[("apply", None)]
    assert apply.rules == ["bottleneck", "high_psychological_cost"]
    assert [p.rank for p in card.friction_points] == list(range(1, len(points) + 1))
    scores = [p.score for p in card.friction_points]
    assert scores == sorted(scores, reverse=True)
    by_step = {s.step_id: s.friction_score for s in card.steps}
    assert by_step["enrol"] == pytest.approx(enrol.score + hand.score)


def test_friction_weights_and_thresholds_are_configurable() -> None:
    base = score(retirement_like(), EXACT)
    heavy = score(
        retirement_like(),
        ScoringOptions(samples=0, rule_weights={"high_psychological_cost": 10.0}),
    )
    s0 = {p.step_id: p.score for p in base.friction_points if p.transition is None}
    s1 = {p.step_id: p.score for p in heavy.friction_points if p.transition is None}
    assert s1["apply"] == pytest.approx(s0["apply"] * 11 / 2)
    strict = score(retirement_like(), ScoringOptions(samples=0, psychological_threshold=3))
    apply = next(p for p in strict.friction_points if p.step_id == "apply" and p.transition is None)
    assert "high_psychological_cost" not in apply.rules
    shared = ScoringOptions(samples=0, handoff_friction_types=frozenset({"start_over"}))
    hand = next(p for p in score(retirement_like(), shared).friction_points if p.transition)
    assert hand.rules == ["channel_switch"]


def test_data_shared_handoff_is_not_friction() -> None:
    j = make_journey({"a": ["b"], "b": []}, agencies={"a": "SSA", "b": "CMS"})
    data = j.model_dump(by_alias=True, exclude_none=True)
    data["transitions"][0]["handoff"] = "data_shared"
    card = score(Journey.model_validate(data), EXACT)
    assert card.handoffs.by_type["data_shared"] == pytest.approx(1.0)
    assert not [p for p in card.friction_points if "cross_agency_handoff" in p.rules]


def test_not_online_flags_actions_only() -> None:
    j = make_journey(
        {"apply": ["decision"], "decision": []},
        agencies={"apply": "SSA", "decision": "SSA"},
        apply={"channel": "phone", "burden": {"completing": 20, "estimate": "t"}},
        decision={"channel": "mail", "kind": "wait", "wait": {"days": 30, "estimate": "t"}},
    )
    points = {p.step_id: p.rules for p in score(j, EXACT).friction_points if p.transition is None}
    assert "not_online" in points["apply"]
    assert "not_online" not in points.get("decision", [])


def test_options_reject_unknown_rules_and_handoff_types() -> None:
    import pydantic

    with pytest.raises(pydantic.ValidationError, match="unknown friction rule"):
        ScoringOptions(rule_weights={"no_such_rule": 2.0})
    with pytest.raises(pydantic.ValidationError, match="unknown handoff type"):
        ScoringOptions(handoff_friction_types=frozenset({"teleport"}))
    with pytest.raises(pydantic.ValidationError, match=">= 0"):
        ScoringOptions(rule_weights={"bottleneck": -1.0})


def test_channel_switches_bridge_steps_without_a_channel() -> None:
    # online → (person decides, no channel) → mail: one switch, located on decide → b.
    j = make_journey(
        {"a": ["decide"], "decide": ["b"], "b": []},
        agencies={"a": "SSA", "b": "CMS"},
        a={"channel": "online", "burden": {"completing": 10, "estimate": "t"}},
        decide={"kind": "decision"},
        b={"channel": "mail", "burden": {"completing": 20, "estimate": "t"}},
    )
    card = score(j, EXACT)
    assert card.handoffs.channel_switches == pytest.approx(1.0)
    point = next(p for p in card.friction_points if p.transition == ("decide", "b"))
    # SSA → the person deciding → CMS is also a handoff the person carries (issue 12).
    assert point.rules == ["cross_agency_handoff", "channel_switch"]
    assert "from online to mail" in point.reason
    assert point.minutes_at_stake == pytest.approx(20.0)
    same = make_journey(
        {"a": ["decide"], "decide": ["b"], "b": []},
        a={"channel": "online"},
        decide={"kind": "decision"},
        b={"channel": "online"},
    )
    assert score(same, EXACT).handoffs.channel_switches == 0


def test_channel_switches_by_hand_with_branches_and_loops() -> None:
    # a online → p1 phone (0.5) | p2 no channel (0.5); both → b mail.
    # Switches: a→p1 0.5 (online→phone), p1→b 0.5 (phone→mail), p2→b 0.5 (online→mail).
    j = make_journey(
        {"a": ["p1", "p2"], "p1": ["b"], "p2": ["b"], "b": []},
        a={"channel": "online"},
        p1={"channel": "phone"},
        p2={"kind": "decision"},
        b={"channel": "mail"},
    )
    assert score(j, EXACT).handoffs.channel_switches == pytest.approx(1.5)
    # The worked example's loop with A online, B no channel, C mail: every pass through C
    # switches twice (B→C online→mail, C→A mail→online), 0.3/0.7 passes on average.
    loop = make_journey(
        {"A": ["B"], "B": ["C", "END"], "C": ["A"]},
        probabilities={("B", "C"): 0.3},
        A={"channel": "online"},
        B={"kind": "decision"},
        C={"channel": "mail"},
        END={"kind": "end"},
    )
    assert score(loop, EXACT).handoffs.channel_switches == pytest.approx(2 * 0.3 / 0.7)


def test_friction_list_cap_keeps_the_best_and_counts_all() -> None:
    full = score(retirement_like(), EXACT)
    capped = score(retirement_like(), ScoringOptions(samples=0, max_friction_points=2))
    assert full.friction_total == len(full.friction_points) > 2
    assert capped.friction_total == full.friction_total
    assert capped.metrics()["friction.count"] == full.friction_total
    assert capped.friction_points == full.friction_points[:2]
    # Step friction scores still add up every point, kept or not.
    assert [s.friction_score for s in capped.steps] == [s.friction_score for s in full.steps]
