"""The checks' reach probabilities (LX510) are exact, in pure Python: checked against a
dense linear solve with numpy on random journeys (numpy is the reference here only)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifeexp.checks._reach import reach_probabilities
from lifeexp.testing import make_journey


@st.composite
def journeys(draw: st.DrawFn) -> dict[str, list[str]]:
    n = draw(st.integers(min_value=1, max_value=9))
    names = [f"s{k}" for k in range(n)]
    return {name: draw(st.lists(st.sampled_from(names), max_size=3, unique=True)) for name in names}


def _reference(edges: dict[str, list[str]], target: str) -> float | None:
    """Solve (I − Qᵀ) x = e_start with the target made absorbing (None: singular)."""
    names = list(edges)
    index = {s: i for i, s in enumerate(names)}
    q = np.zeros((len(names), len(names)))
    for u, vs in edges.items():
        if u == target:
            continue
        for v in vs:
            q[index[u], index[v]] += 1 / len(vs)
    rhs = np.zeros(len(names))
    rhs[0] = 1.0
    system = np.eye(len(names)) - q.T
    if abs(np.linalg.det(system)) < 1e-9:
        return None
    return float(min(1.0, max(0.0, np.linalg.solve(system, rhs)[index[target]])))


@settings(max_examples=200, deadline=None)
@given(journeys(), st.data())
def test_reach_agrees_with_a_dense_solve(edges: dict[str, list[str]], data: st.DataObject) -> None:
    target = data.draw(st.sampled_from(list(edges)))
    got = reach_probabilities(make_journey(edges), [target])
    expected = 1.0 if target == "s0" else _reference(edges, target)
    if expected is None:
        assert got is None
    else:
        assert got is not None
        assert got[target] == pytest.approx(expected, abs=1e-9)


def test_a_rework_loop_by_hand() -> None:
    # apply → review; review sends back to apply 1 time in 5, else on to decide or withdraw.
    journey = make_journey(
        {"apply": ["review"], "review": ["apply", "decide", "withdraw"], "decide": []},
        probabilities={("review", "apply"): 0.2, ("review", "decide"): 0.6},
    )
    # h(review) = 0.6 + 0.2 · h(review) → 0.75; a withdrawal never decides
    assert reach_probabilities(journey, ["decide", "review"]) == pytest.approx(
        {"decide": 0.75, "review": 1.0}
    )


def test_an_undefined_chain_has_no_reach() -> None:
    trapped = make_journey({"a": ["b", "c"], "b": ["b"], "c": []})
    assert reach_probabilities(trapped, ["c"]) is None  # b loops on itself forever
    assert reach_probabilities(trapped, ["nope"]) is None
    lopsided = make_journey({"a": ["b", "c"], "b": [], "c": []}, probabilities={("a", "b"): 0.9})
    data = lopsided.model_dump(by_alias=True)
    data["transitions"][1]["probability"] = 0.5  # 0.9 + 0.5 ≠ 1
    from lifeexp.model import Journey

    assert reach_probabilities(Journey.model_validate(data), ["b"]) is None


def test_a_long_loop_is_solved_sparsely() -> None:
    # s0 → s1 → … → s199 → s0, each step going on with 0.99 and ending with 0.01: a loop of
    # 200 steps, above the dense limit. Reaching s199 takes 199 steps on: 0.99^199.
    from lifeexp.checks._reach import DENSE_LIMIT

    n = 200
    assert n > DENSE_LIMIT
    edges = {f"s{i}": [f"s{(i + 1) % n}", "end"] for i in range(n)}
    probabilities = {(f"s{i}", f"s{(i + 1) % n}"): 0.99 for i in range(n)}
    journey = make_journey(edges, probabilities=probabilities)
    reach = reach_probabilities(journey, ["s199", "s1"])
    assert reach == pytest.approx({"s199": 0.99**199, "s1": 0.99})


def test_a_loop_that_all_but_never_ends_has_no_reach() -> None:
    # Left with probability 1e-13 per round: about 10^13 visits, no usable figure.
    tiny = 1e-13
    alone = make_journey(
        {"a": ["a", "b"], "b": []}, probabilities={("a", "a"): 1 - tiny, ("a", "b"): tiny}
    )
    assert reach_probabilities(alone, ["b"]) is None
    pair = make_journey(
        {"s": ["a"], "a": ["b"], "b": ["a", "end"]},
        probabilities={("b", "a"): 1 - tiny, ("b", "end"): tiny},
    )
    assert reach_probabilities(pair, ["end"]) is None
