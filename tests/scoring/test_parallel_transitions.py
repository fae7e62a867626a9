"""Two transitions between the same steps are scored each on its own (issue 9, item 4)."""

from __future__ import annotations

from typing import Any

import pytest

from lifeexp.model import Journey
from lifeexp.scoring import ScoringOptions, score


def _journey(handoffs: list[tuple[float, str]]) -> Journey:
    """SSA step ``a`` hands over to CMS step ``b`` through parallel transitions."""
    transitions: list[dict[str, Any]] = [
        {"from": "a", "to": "b", "probability": p, "handoff": h} for p, h in handoffs
    ]
    transitions.append({"from": "b", "to": "done", "probability": 1.0})
    return Journey.model_validate(
        {
            "id": "parallel",
            "title": "Parallel",
            "life_experience": "other",
            "start": "a",
            "phases": [{"id": "main", "title": "Main"}],
            "steps": [
                {"id": "a", "title": "A", "phase": "main", "agency": "SSA"},
                {"id": "b", "title": "B", "phase": "main", "agency": "CMS"},
                {"id": "done", "title": "Done", "phase": "main", "agency": "person", "kind": "end"},
            ],
            "transitions": transitions,
        }
    )


def test_each_parallel_transition_counts_its_own_traversals() -> None:
    card = score(_journey([(0.5, "data_shared"), (0.5, "start_over")]), ScoringOptions(samples=0))
    # a is visited once; each transition is taken 1 × 0.5 times
    assert card.handoffs.expected_cross_agency == pytest.approx(1.0)
    assert card.handoffs.by_type["data_shared"] == pytest.approx(0.5)
    assert card.handoffs.by_type["start_over"] == pytest.approx(0.5)
    refs = sorted((h.handoff, h.expected) for h in card.handoffs.transitions)
    assert refs == [("data_shared", pytest.approx(0.5)), ("start_over", pytest.approx(0.5))]


def test_the_start_over_half_is_friction_the_data_shared_half_is_not() -> None:
    mixed = score(_journey([(0.5, "data_shared"), (0.5, "start_over")]), ScoringOptions(samples=0))
    shared = score(_journey([(1.0, "data_shared")]), ScoringOptions(samples=0))
    assert [f for f in shared.friction_points if f.transition == ("a", "b")] == []
    handoff_points = [f for f in mixed.friction_points if f.transition == ("a", "b")]
    assert handoff_points, "the start_over half must be a friction point"


def test_a_parallel_pair_scores_like_the_same_split_made_through_a_decision() -> None:
    # The visits are those of one merged edge: the chain is unchanged by splitting it.
    card = score(_journey([(0.25, "warm_referral"), (0.75, "warm_referral")]))
    single = score(_journey([(1.0, "warm_referral")]))
    assert card.time_tax.mean_minutes == pytest.approx(single.time_tax.mean_minutes)
    assert card.handoffs.by_type["warm_referral"] == pytest.approx(1.0)


def test_only_an_indistinguishable_parallel_transition_is_warned_about() -> None:
    from lifeexp.checks import check_journeys
    from lifeexp.loading import bundled_catalog

    catalog = bundled_catalog()
    different = check_journeys([_journey([(0.5, "data_shared"), (0.5, "start_over")])], catalog)
    assert "LX410" not in {d.code for d in different}
    same = check_journeys([_journey([(0.5, "start_over"), (0.5, "start_over")])], catalog)
    assert [d.message for d in same if d.code == "LX410"] == [
        "transitions[a→b]: a transition a→b already exists (transition 1)"
    ]
