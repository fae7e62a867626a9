"""Exact expected visits and reach probabilities of the absorbing chain."""

from __future__ import annotations

import math
import threading

import pytest

from lifeexp import ScoringError
from lifeexp.model import Journey
from lifeexp.scoring import ScoringOptions, score
from lifeexp.scoring._markov import build_chain
from lifeexp.testing import make_journey

EXACT = ScoringOptions(samples=0)


def test_worked_example_visits_reach_and_time_tax(worked_example: Journey) -> None:
    # Hand computation: every pass through A and B leaves with probability 0.7, so the number
    # of passes is geometric with mean 1/0.7 = 1.428571...; C is visited on 0.3 of them.
    card = score(worked_example, EXACT)
    steps = {s.step_id: s for s in card.steps}
    assert steps["A"].expected_visits == pytest.approx(1 / 0.7, abs=1e-12)
    assert steps["B"].expected_visits == pytest.approx(1 / 0.7, abs=1e-12)
    assert steps["C"].expected_visits == pytest.approx(0.3 / 0.7, abs=1e-12)
    assert [round(steps[s].expected_visits, 4) for s in "ABC"] == [1.4286, 1.4286, 0.4286]
    assert [steps[s].reach_probability for s in "ABC"] == pytest.approx([1, 1, 0.3])
    # TT = 30/0.7 + 20·0.3/0.7 = 36/0.7 = 51.4286
    assert card.time_tax.mean_minutes == pytest.approx(36 / 0.7, abs=1e-10)
    assert round(card.time_tax.mean_minutes, 2) == 51.43
    # Rework: (1.4286−1)·2 + (0.4286−0.3) = 0.9857
    assert card.rework.expected_extra_visits == pytest.approx(2 * (1 / 0.7 - 1) + 0.3 / 0.7 - 0.3)
    assert round(card.rework.expected_extra_visits, 3) == 0.986


def test_small_dag_matches_path_enumeration() -> None:
    # s → a (0.25) | b (0.75); a → c (0.4) | end (0.6); b → c (0.1) | end (0.9); c → end.
    # Minutes: s 7, a 11, b 3, c 13, end 0. Paths and probabilities by hand:
    #   s a c end  0.25·0.4 = 0.100   7+11+13 = 31
    #   s a end    0.25·0.6 = 0.150   7+11    = 18
    #   s b c end  0.75·0.1 = 0.075   7+3+13  = 23
    #   s b end    0.75·0.9 = 0.675   7+3     = 10
    expected = 0.100 * 31 + 0.150 * 18 + 0.075 * 23 + 0.675 * 10
    j = make_journey(
        {"s": ["a", "b"], "a": ["c", "end"], "b": ["c", "end"], "c": ["end"]},
        probabilities={("s", "a"): 0.25, ("a", "c"): 0.4, ("b", "c"): 0.1},
        minutes={"s": 7, "a": 11, "b": 3, "c": 13},
    )
    assert score(j, EXACT).time_tax.mean_minutes == pytest.approx(expected, abs=1e-9)
    assert expected == pytest.approx(14.275)  # 3.1 + 2.7 + 1.725 + 6.75


def test_self_loop_reach_and_visits() -> None:
    # a repeats itself with probability 0.5: visits 2, reach 1, one extra visit.
    j = make_journey({"a": ["a", "end"]}, probabilities={("a", "a"): 0.5}, minutes={"a": 10})
    card = score(j, EXACT)
    a = card.steps[0]
    assert a.expected_visits == pytest.approx(2.0)
    assert a.reach_probability == pytest.approx(1.0)
    assert card.time_tax.mean_minutes == pytest.approx(20.0)
    assert card.rework.by_step == pytest.approx({"a": 1.0})


def test_unreachable_steps_are_left_out() -> None:
    j = make_journey({"a": ["end"], "orphan": ["end"]}, minutes={"orphan": 99})
    card = score(j, EXACT)
    assert [s.step_id for s in card.steps] == ["a", "end"]
    assert card.time_tax.mean_minutes == 0


def _run_with_timeout(journey: Journey, seconds: float = 20.0) -> BaseException | None:
    caught: list[BaseException] = []

    def target() -> None:
        try:
            score(journey, ScoringOptions(samples=1000))
        except BaseException as exc:
            caught.append(exc)

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "scoring hung on a journey whose loop never ends"
    return caught[0] if caught else None


def test_loop_with_no_way_out_is_a_scoring_error_not_a_hang() -> None:
    # b ⇄ c can never reach an end once entered.
    j = make_journey({"a": ["b", "end"], "b": ["c"], "c": ["b"]})
    exc = _run_with_timeout(j)
    assert isinstance(exc, ScoringError)
    message = str(exc)
    assert "loop with no way out" in message
    assert "'b'" in message
    assert "'c'" in message


def test_self_loop_with_probability_one_is_a_scoring_error() -> None:
    j = make_journey({"a": ["a"]})
    exc = _run_with_timeout(j)
    assert isinstance(exc, ScoringError)
    assert "'a'" in str(exc)


def test_probabilities_not_summing_to_one_are_rejected() -> None:
    base = make_journey({"a": ["b", "c"], "b": [], "c": []})
    data = base.model_dump(by_alias=True)
    data["transitions"][0]["probability"] = 0.9  # 0.9 + 0.5 = 1.4
    j = Journey.model_validate(data)
    with pytest.raises(ScoringError, match="sum to 1"):
        score(j, EXACT)


def test_first_hits_and_hit_probability(worked_example: Journey) -> None:
    chain = build_chain(worked_example)
    c_only = [sid == "C" for sid in chain.ids]
    import numpy as np

    mask = np.asarray(c_only)
    assert chain.hit_probability(mask) == pytest.approx(0.3)
    assert chain.first_hits(mask)[chain.index["C"]] == pytest.approx(0.3)


def test_long_chain_has_no_round_off_drift() -> None:
    # 2,000 steps in a row, each 1 minute: exactly 2,000 minutes.
    n = 2000
    edges = {f"s{i}": [f"s{i + 1}"] for i in range(n - 1)}
    edges[f"s{n - 1}"] = []
    j = make_journey(edges, minutes={f"s{i}": 1 for i in range(n)})
    assert math.isclose(score(j, EXACT).time_tax.mean_minutes, n, rel_tol=1e-12)


def test_the_chains_loops_are_the_graph_layers_components() -> None:
    # start → a ⇄ b → end, b → c, c loops on itself, and x ⇄ y is out of reach.
    journey = make_journey(
        {
            "start": ["a"],
            "a": ["b"],
            "b": ["a", "c", "end"],
            "c": ["c", "end"],
            "end": [],
            "x": ["y"],
            "y": ["x"],
        },
        probabilities={("b", "a"): 0.5, ("b", "c"): 0.25, ("b", "end"): 0.25},
    )
    chain = build_chain(journey)
    assert chain.ids == ["start", "a", "b", "c", "end"]  # x and y are not reachable
    label = dict(zip(chain.ids, chain.scc_labels.tolist(), strict=True))
    assert label["a"] == label["b"]
    assert len({label["start"], label["a"], label["c"], label["end"]}) == 4
    assert chain.in_loop.tolist() == [False, True, True, True, False]
    # By hand: v_a = 1 + ½·v_b and v_b = v_a, so both are 2; v_c = ¼·v_b + ½·v_c = 1;
    # c is reached when b leaves to c before the end: ¼ / (¼ + ¼) = ½ (= v_c / N[c,c] = 1/2).
    assert chain.visits.tolist() == pytest.approx([1.0, 2.0, 2.0, 1.0, 1.0])
    assert chain.reach.tolist() == pytest.approx([1.0, 1.0, 1.0, 0.5, 1.0])
