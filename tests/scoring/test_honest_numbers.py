"""Issue 12: who bears the time, milestone waits, outcomes, handoffs the person carries,
volumes, per-persona scores, opportunities and rework — each against a hand computation."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifeexp.model import Journey
from lifeexp.scoring import ScoringOptions, compare, score
from lifeexp.testing import make_journey

EXACT = ScoringOptions(samples=0)


def _journey(
    edges: dict[str, list[str]],
    *,
    probabilities: dict[tuple[str, str], float] | None = None,
    transitions: dict[tuple[str, str], dict[str, Any]] | None = None,
    volume: int | None = None,
    **steps: dict[str, Any],
) -> Journey:
    """make_journey, plus extra fields on some transitions and an annual volume."""
    j = make_journey(edges, probabilities=probabilities, **steps)
    data = j.model_dump(by_alias=True, exclude_none=True)
    for t in data["transitions"]:
        t.update((transitions or {}).get((t["from"], t["to"]), {}))
    if volume is not None:
        data["annual_volume"] = {"people": volume, "estimate": "test"}
    return Journey.model_validate(data)


def _burden(**parts: Any) -> dict[str, Any]:
    return {"estimate": "test", **parts}


# ------------------------------------------------------------------ 1. who bears the time


def test_duty_and_agency_minutes_stay_out_of_the_time_tax() -> None:
    j = _journey(
        {"a": ["b"], "b": ["c"], "c": []},
        volume=600,
        a={"burden": _burden(completing=30)},
        b={
            "burden": _burden(
                learning=1440, travel=60, borne_by="duty", borne_by_component={"travel": "person"}
            )
        },
        c={"burden": _burden(completing=20, borne_by="agency")},
    )
    card = score(j, EXACT)
    # The person: 30 (a) + 60 (travel to the class); duty: 1,440; agency staff: 20.
    assert card.time_tax.mean_minutes == pytest.approx(90.0)
    assert card.time_tax.duty_minutes == pytest.approx(1440.0)
    assert card.time_tax.agency_staff_minutes == pytest.approx(20.0)
    assert card.time_tax.by_component["learning"] == pytest.approx(0.0)
    # Annual hours: 600 people × 90 min / 60 = 900 h; duty 600 × 1440 / 60 = 14,400 h.
    assert card.annual is not None
    assert card.annual.hours == pytest.approx(900.0)
    assert card.annual.duty_hours == pytest.approx(14_400.0)
    assert card.annual.agency_staff_hours == pytest.approx(200.0)
    # The class still takes calendar time: (30 + 1440 + 60) / 1440 days, staff minutes not.
    assert card.lead_time.expected_days == pytest.approx(1530 / 1440)
    # Step rows keep the person's minutes only.
    rows = {s.step_id: s for s in card.steps}
    assert rows["b"].burden_minutes == pytest.approx(60.0)


def test_monte_carlo_leaves_duty_out_of_minutes_but_in_days() -> None:
    j = _journey(
        {"a": ["b"], "b": []},
        a={"burden": _burden(completing=[10, 20, 60])},
        b={"burden": _burden(completing=2880, borne_by="duty")},
    )
    card = score(j, ScoringOptions(samples=2000, seed=1))
    assert card.time_tax.mc_mean_minutes == pytest.approx(25.0, rel=0.05)  # PERT mean of a
    assert card.lead_time.mc_mean_days == pytest.approx((25 + 2880) / 1440, rel=0.01)


@given(
    bearers=st.lists(st.sampled_from(["person", "duty", "agency"]), min_size=3, max_size=3),
    minutes=st.lists(st.floats(0, 500), min_size=3, max_size=3),
)
def test_bearers_split_the_minutes_without_losing_any(
    bearers: list[str], minutes: list[float]
) -> None:
    steps = {
        s: {"burden": _burden(completing=m, borne_by=b)}
        for s, b, m in zip("abc", bearers, minutes, strict=True)
    }
    card = score(_journey({"a": ["b"], "b": ["c"], "c": []}, **steps), EXACT)
    tt = card.time_tax
    assert tt.mean_minutes + tt.duty_minutes + tt.agency_staff_minutes == pytest.approx(
        sum(minutes)
    )
    assert tt.mean_minutes == pytest.approx(
        sum(m for b, m in zip(bearers, minutes, strict=True) if b == "person")
    )


# ------------------------------------------------------------------ 3. milestone waits


def test_milestone_waits_are_reported_apart_from_the_lead_time() -> None:
    j = _journey(
        {"a": ["b"], "b": ["c"], "c": ["d"], "d": []},
        a={"wait": {"days": 10, "estimate": "t"}, "burden": _burden(completing=[0, 720, 2160])},
        b={"wait": {"days": 700, "waits_for": "eligibility_date", "estimate": "t"}},
        c={"wait": {"days": [30, 60, 90], "waits_for": "own_timing", "estimate": "t"}},
    )
    card = score(j, EXACT)
    lt = card.lead_time
    # Government: 10 days + the person's 840 PERT minutes = 10.5833 days.
    assert lt.expected_days == pytest.approx(10 + 840 / 1440)
    assert lt.milestone_days == pytest.approx(760.0)
    assert lt.milestone_by_kind == {"eligibility_date": 700.0, "own_timing": 60.0}
    assert lt.calendar_days == pytest.approx(770 + 840 / 1440)
    assert [b.step_id for b in lt.bottlenecks] == ["a"]
    assert lt.critical_path_days == pytest.approx(10 + 840 / 1440)
    assert lt.activity_ratio == pytest.approx((840 / 1440) / (10 + 840 / 1440))


# ------------------------------------------------------------------ 5. outcomes


def test_outcome_take_up_and_expected_time_to_it() -> None:
    j = _journey(
        {"a": ["b", "c"], "b": ["d"], "c": [], "d": []},
        probabilities={("a", "b"): 0.4},
        a={"burden": _burden(completing=30)},
        b={"agency": "SSA", "burden": _burden(completing=10), "wait": {"days": 5, "estimate": "t"}},
        d={"outcome": "Paid"},
    )
    (paid,) = score(j, EXACT).outcomes
    assert paid.probability == pytest.approx(0.4)
    # Those who are paid spent a (30 min) and b (10 min, 5 days) first.
    assert paid.expected_minutes == pytest.approx(40.0)
    assert paid.expected_days == pytest.approx(5 + 40 / 1440)
    assert paid.steps == ["d"]


def test_outcome_through_a_loop_counts_every_visit_before_it() -> None:
    # a (2 days) → b; b → a half the time, else → out. Visits: a 2, b 2; 4 days to the outcome.
    j = _journey(
        {"a": ["b"], "b": ["a", "out"], "out": []},
        probabilities={("b", "a"): 0.5},
        a={"wait": {"days": 2, "estimate": "t"}},
        out={"outcome": "Decided", "wait": {"days": 99, "estimate": "after the outcome"}},
    )
    (decided,) = score(j, EXACT).outcomes
    assert decided.probability == pytest.approx(1.0)
    assert decided.expected_days == pytest.approx(4.0)


def test_milestones_count_in_time_to_outcome_but_not_in_government_days() -> None:
    j = _journey(
        {"a": ["b"], "b": []},
        a={"wait": {"days": 365, "waits_for": "eligibility_date", "estimate": "t"}},
        b={"outcome": "Enrolled"},
    )
    (o,) = score(j, EXACT).outcomes
    assert o.expected_days == pytest.approx(365.0)
    assert o.government_days == pytest.approx(0.0)


# ------------------------------------------------------------------ 6. handoffs


def test_agency_person_agency_is_a_handoff_the_person_carries() -> None:
    j = _journey(
        {"a": ["p"], "p": ["b"], "b": []},
        a={"agency": "SSA"},
        b={"agency": "IRS"},
    )
    h = score(j, EXACT).handoffs
    assert h.expected_cross_agency == 0.0
    assert h.through_person == pytest.approx(1.0)
    assert h.total == pytest.approx(1.0)
    assert h.person_handoffs == pytest.approx(1.0)
    assert h.by_type["customer_carries"] == pytest.approx(1.0)
    (ref,) = h.transitions
    assert (ref.from_agency, ref.to_agency, ref.from_step, ref.through_person) == (
        "SSA",
        "IRS",
        "p",
        True,
    )


def test_bridged_handoff_takes_the_type_of_its_last_transition() -> None:
    j = _journey(
        {"a": ["p"], "p": ["b"], "b": []},
        transitions={("p", "b"): {"handoff": "data_shared"}},
        a={"agency": "SSA"},
        b={"agency": "IRS"},
    )
    h = score(j, EXACT).handoffs
    assert h.person_handoffs == 0.0
    assert h.shared_handoffs == pytest.approx(1.0)


def test_only_people_coming_from_another_agency_are_handed_off() -> None:
    # start → SSA (0.3) or CMS (0.7) → the person decides → SSA again: only the CMS share,
    # 0.7, changes agency; SSA → person → SSA is no handoff.
    j = _journey(
        {"s": ["a", "c"], "a": ["p"], "c": ["p"], "p": ["q"], "q": ["d"], "d": []},
        probabilities={("s", "a"): 0.3},
        a={"agency": "SSA"},
        c={"agency": "CMS"},
        d={"agency": "SSA"},
    )
    h = score(j, EXACT).handoffs
    assert h.through_person == pytest.approx(0.7)
    (ref,) = h.transitions
    assert (ref.from_agency, ref.from_step, ref.to_step) == ("CMS", "q", "d")


def test_compare_never_calls_more_shared_handoffs_worse() -> None:
    now = _journey(
        {"a": ["b"], "b": []},
        transitions={("a", "b"): {"handoff": "customer_carries"}},
        a={"agency": "SSA"},
        b={"agency": "CMS"},
    )
    later = _journey(
        {"a": ["b"], "b": ["c"], "c": []},
        transitions={
            ("a", "b"): {"handoff": "data_shared"},
            ("b", "c"): {"handoff": "data_shared"},
        },
        a={"agency": "SSA"},
        b={"agency": "CMS"},
        c={"agency": "IRS"},
    )
    c = compare(now, later, EXACT)
    total = c.metric("handoffs.expected_cross_agency")
    assert (total.before, total.after, total.improved) == (1.0, 2.0, None)
    assert c.metric("handoffs.total").improved is None
    carried = c.metric("handoffs.person_handoffs")
    assert (carried.before, carried.after, carried.improved) == (1.0, 0.0, True)
    counts = ("person_handoffs", "shared_handoffs", "total", "expected_cross_agency")
    assert not any(c.metric(f"handoffs.{n}").improved is False for n in counts)


# ------------------------------------------------------------------ 4. volumes, 8. opportunities


def test_implied_volume_is_entry_volume_times_reach() -> None:
    j = _journey(
        {"a": ["ui", "x"], "ui": [], "x": []},
        probabilities={("a", "ui"): 0.65},
        volume=1000,
        ui={"program_volume": {"per_year": 500, "counts": "UI claims", "source": "dol"}},
    )
    (v,) = score(j, EXACT).volumes
    assert v.implied == pytest.approx(650.0)
    assert v.ratio == pytest.approx(1.3)
    assert v.consistent is False
    assert v.published_source == ["dol"]
    wide = score(j, ScoringOptions(samples=0, volume_factor=1.5)).volumes[0]
    assert wide.consistent is True


def test_opportunities_rank_by_annual_hours_at_stake() -> None:
    j = _journey(
        {"a": ["b", "c"], "b": [], "c": []},
        probabilities={("a", "b"): 0.9},
        volume=6000,
        b={"agency": "SSA", "channel": "mail", "burden": _burden(completing=10)},
        c={"agency": "SSA", "channel": "mail", "burden": _burden(completing=60)},
    )
    card = score(j, EXACT)
    hours = {p.step_id: p.annual_hours_at_stake for p in card.opportunities}
    # b: 0.9 × 10 min × 6000 / 60 = 900 h; c: 0.1 × 60 × 6000 / 60 = 600 h.
    assert hours == pytest.approx({"b": 900.0, "c": 600.0})
    assert [p.step_id for p in card.opportunities] == ["b", "c"]


def test_compare_attributes_the_hours_saved_to_the_steps_that_saved_them() -> None:
    now = _journey(
        {"a": ["b"], "b": ["c"], "c": []},
        volume=60,
        a={"burden": _burden(completing=30)},
        b={"burden": _burden(completing=20)},
        c={"burden": _burden(completing=5)},
    )
    later = _journey(
        {"a": ["c"], "c": ["n"], "n": []},
        volume=60,
        a={"burden": _burden(completing=10)},
        c={"burden": _burden(completing=5)},
        n={"burden": _burden(completing=3)},
    )
    c = compare(now, later, EXACT)
    by = {(h.before_step, h.after_step): h.hours for h in c.hours_saved_by_step}
    # 60 people: a saves 20 min → 20 h; b removed → 20 h; n added → −3 h.
    assert by == pytest.approx({("a", "a"): 20.0, ("b", None): 20.0, (None, "n"): -3.0})
    assert sum(by.values()) == pytest.approx(c.annual_hours_saved)


def test_compare_shows_outcomes_with_take_up_higher_is_better() -> None:
    now = _journey(
        {"a": ["b", "c"], "b": [], "c": []},
        probabilities={("a", "b"): 0.07},
        b={"outcome": "Enrolled in VA health care"},
    )
    later = _journey(
        {"a": ["b", "c"], "b": [], "c": []},
        probabilities={("a", "b"): 0.44},
        b={"outcome": "enrolled in VA health care"},
    )
    (o,) = compare(now, later, EXACT).outcomes
    assert (o.before_probability, o.after_probability, o.improved) == pytest.approx(
        (0.07, 0.44, True)
    )


# ------------------------------------------------------------------ 7. personas


def test_each_persona_path_is_scored_and_the_spread_reported() -> None:
    data = make_journey(
        {"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []},
        probabilities={("a", "b"): 0.7},
        minutes={"a": 10, "b": 20, "c": 80, "d": 5},
    ).model_dump(by_alias=True, exclude_none=True)
    data["personas"] = [
        {"id": "usual", "name": "Usual", "share": 0.7},
        {"id": "hard", "name": "Hard case", "share": 0.3, "choices": {"a": "c"}},
    ]
    card = score(Journey.model_validate(data), EXACT)
    rows = {p.persona_id: p for p in card.personas}
    assert rows["usual"].time_tax_minutes == pytest.approx(35.0)  # a + b (most likely) + d
    assert rows["hard"].time_tax_minutes == pytest.approx(95.0)  # a + c + d
    assert rows["hard"].path == ["a", "c", "d"]
    assert rows["hard"].share == 0.3
    spread = card.persona_spread
    assert spread is not None
    assert (spread.highest, spread.lowest, spread.minutes) == ("hard", "usual", 60.0)
    assert spread.ratio == pytest.approx(95 / 35)
    # The shares weight back to the whole journey here: 0.7 × 35 + 0.3 × 95 = 53 = TT.
    assert card.time_tax.mean_minutes == pytest.approx(53.0)
    one = score(Journey.model_validate(data), EXACT, persona="hard")
    assert one.persona == "hard"
    assert one.time_tax.mean_minutes == pytest.approx(95.0)


def test_unknown_persona_is_a_scoring_error_naming_the_known_ones() -> None:
    from lifeexp.errors import ScoringError

    j = make_journey({"a": []})
    with pytest.raises(ScoringError, match="no persona 'ghost'"):
        score(j, EXACT, persona="ghost")


# ------------------------------------------------------------------ 9. smaller fixes


def test_rework_minutes_include_the_first_visit_to_a_rework_only_step() -> None:
    j = _journey(
        {"a": ["b"], "b": ["fix", "end"], "fix": ["b"], "end": []},
        probabilities={("b", "fix"): 0.1},
        transitions={("b", "fix"): {"kind": "rework"}},
        a={"burden": _burden(completing=30)},
        fix={"burden": _burden(completing=65)},
    )
    rework = score(j, EXACT).rework
    # fix is visited 0.1 / 0.9 = 0.111 times, every one of them rework: 65 × 0.111 = 7.22 min.
    assert rework.minutes == pytest.approx(65 / 9)
    assert rework.by_step["fix"] == pytest.approx(1 / 9)


def test_friction_reasons_on_wait_steps_name_days_not_zero_minutes() -> None:
    j = _journey(
        {"a": ["w"], "w": ["a", "end"], "end": []},
        probabilities={("w", "a"): 0.2},
        a={"agency": "SSA", "channel": "online", "burden": _burden(completing=10)},
        w={"agency": "SSA", "kind": "wait", "wait": {"days": 30, "estimate": "t"}},
    )
    reasons = [p.reason for p in score(j, EXACT).friction_points if p.step_id == "w"]
    assert reasons
    assert all("0.00 min" not in r for r in reasons)
    assert any("days" in r for r in reasons)


# ------------------------------------------------------------------ property: bridging


def _paths(j: Journey) -> list[tuple[list[str], float]]:
    """Every start-to-end path of an acyclic journey with its probability."""
    out: list[tuple[list[str], float]] = []
    stack = [([j.start], 1.0)]
    while stack:
        path, p = stack.pop()
        nxt = j.outgoing(path[-1])
        if not nxt:
            out.append((path, p))
        stack.extend(([*path, t.to], p * t.probability) for t in nxt)
    return out


@given(
    owners=st.lists(st.sampled_from(["person", "SSA", "IRS", "CMS"]), min_size=6, max_size=6),
    split=st.floats(0.05, 0.95),
)
def test_handoffs_through_person_steps_match_path_enumeration(
    owners: list[str], split: float
) -> None:
    # A small DAG with a branch: s → (a | b) → c → d → e.
    names = ["s", "a", "b", "c", "d", "e"]
    j = _journey(
        {"s": ["a", "b"], "a": ["c"], "b": ["c"], "c": ["d"], "d": ["e"], "e": []},
        probabilities={("s", "a"): split},
        **{n: {"agency": o} for n, o in zip(names, owners, strict=True)},
    )
    agency = dict(zip(names, owners, strict=True))
    expected = 0.0
    for path, p in _paths(j):
        last: str | None = None  # last agency before a run of person steps
        for u, w in itertools.pairwise(path):
            if agency[u] != "person":
                last = agency[u]
            if agency[u] == "person" and agency[w] != "person" and last not in (None, agency[w]):
                expected += p
    assert score(j, EXACT).handoffs.through_person == pytest.approx(expected)
