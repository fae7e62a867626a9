"""Property tests on generated journeys (hypothesis)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifeexp.model import Journey
from lifeexp.scoring import ScoringOptions, score
from lifeexp.testing import make_journey

EXACT = ScoringOptions(samples=0)


@st.composite
def journeys(
    draw: st.DrawFn, *, loops: bool = False, agencies: tuple[str, ...] = ("SSA", "CMS", "person")
) -> dict[str, Any]:
    """A random journey: forward edges (a DAG), optionally with rework loops back."""
    n = draw(st.integers(min_value=2, max_value=8))
    ids = [f"s{i}" for i in range(n)]
    edges: dict[str, list[str]] = {}
    probs: dict[tuple[str, str], float] = {}
    for i in range(n - 1):
        targets = draw(
            st.lists(
                st.integers(min_value=i + 1, max_value=n - 1), min_size=1, max_size=3, unique=True
            )
        )
        outs = [ids[t] for t in targets]
        if loops and i > 0 and draw(st.booleans()):
            outs.append(ids[draw(st.integers(min_value=0, max_value=i))])
        weights = draw(
            st.lists(st.integers(min_value=1, max_value=9), min_size=len(outs), max_size=len(outs))
        )
        total = sum(weights)
        for out, w in zip(outs[:-1], weights[:-1], strict=True):
            probs[(ids[i], out)] = w / total
        edges[ids[i]] = outs
    edges[ids[-1]] = []
    minutes = {sid: draw(st.integers(min_value=0, max_value=120)) for sid in ids}
    owner = {sid: draw(st.sampled_from(agencies)) for sid in ids}
    return {"edges": edges, "probabilities": probs, "minutes": minutes, "agencies": owner}


def _build(spec: dict[str, Any]) -> Journey:
    return make_journey(
        spec["edges"],
        probabilities=spec["probabilities"],
        minutes=spec["minutes"],
        agencies=spec["agencies"],
    )


def _paths(edges: dict[str, list[str]], node: str) -> list[list[str]]:
    if not edges.get(node):
        return [[node]]
    return [[node, *rest] for nxt in edges[node] for rest in _paths(edges, nxt)]


@settings(max_examples=60, deadline=None)
@given(journeys())
def test_expected_time_tax_lies_between_cheapest_and_dearest_path(spec: dict[str, Any]) -> None:
    j = _build(spec)
    costs = [sum(spec["minutes"][s] for s in p) for p in _paths(spec["edges"], "s0")]
    tt = score(j, EXACT).time_tax.mean_minutes
    assert min(costs) - 1e-9 <= tt <= max(costs) + 1e-9


@settings(max_examples=60, deadline=None)
@given(journeys())
def test_dag_time_tax_equals_probability_weighted_path_sum(spec: dict[str, Any]) -> None:
    j = _build(spec)
    prob = {(t.from_, t.to): t.probability for t in j.transitions}
    expected = 0.0
    for path in _paths(spec["edges"], "s0"):
        p = 1.0
        for u, w in itertools.pairwise(path):
            p *= prob[(u, w)]
        expected += p * sum(spec["minutes"][s] for s in path)
    assert score(j, EXACT).time_tax.mean_minutes == pytest.approx(expected, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(journeys(loops=True), st.integers(min_value=1, max_value=90))
def test_adding_a_step_with_burden_on_every_path_never_lowers_time_tax(
    spec: dict[str, Any], extra: int
) -> None:
    before = score(_build(spec), EXACT).time_tax.mean_minutes
    # A new first step that every path goes through.
    spec2 = {
        "edges": {"new": ["s0"], **spec["edges"]},
        "probabilities": spec["probabilities"],
        "minutes": {**spec["minutes"], "new": extra},
        "agencies": {**spec["agencies"], "new": "person"},
    }
    after = score(_build(spec2), EXACT).time_tax.mean_minutes
    assert after >= before
    assert after == pytest.approx(before + extra)


@settings(max_examples=60, deadline=None)
@given(journeys(loops=True, agencies=("SSA", "person")))
def test_one_agency_journey_has_no_cross_agency_handoffs(spec: dict[str, Any]) -> None:
    h = score(_build(spec), EXACT).handoffs
    assert h.expected_cross_agency == 0
    assert all(v == 0 for v in h.by_type.values())
    assert h.expected_agencies <= 1 + 1e-12


@settings(max_examples=40, deadline=None)
@given(journeys(loops=True))
def test_visits_are_at_least_reach_and_reach_is_a_probability(spec: dict[str, Any]) -> None:
    card = score(_build(spec), EXACT)
    for s in card.steps:
        assert 0 <= s.reach_probability <= 1 + 1e-12
        assert s.expected_visits >= s.reach_probability - 1e-12
    assert card.rework.expected_extra_visits >= -1e-12


@settings(max_examples=40, deadline=None)
@given(journeys(loops=True))
def test_visits_and_reach_match_the_dense_fundamental_matrix(spec: dict[str, Any]) -> None:
    # Cross-check of the sparse solve and the per-loop reach against N = (I − Q)⁻¹ directly:
    # v = N[start, :], h = v / diag(N).
    import numpy as np

    from lifeexp.scoring._markov import build_chain

    chain = build_chain(_build(spec))
    n_matrix = np.linalg.inv(np.eye(chain.n) - chain.q.toarray())
    v = n_matrix[chain.start]
    assert chain.visits == pytest.approx(v, abs=1e-9)
    assert chain.reach == pytest.approx(np.minimum(v / np.diag(n_matrix), 1.0), abs=1e-9)
