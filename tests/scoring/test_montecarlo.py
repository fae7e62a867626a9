"""The seeded, vectorised Monte Carlo: convergence, reproducibility, PERT-Beta sampling."""

from __future__ import annotations

import numpy as np
import pytest

from lifeexp import ScoringError
from lifeexp.model import Journey
from lifeexp.scoring import ScoringOptions, score
from lifeexp.scoring._markov import build_chain
from lifeexp.scoring._montecarlo import pert_beta_params, simulate
from lifeexp.scoring._time_tax import step_figures
from lifeexp.testing import make_journey


def _uncertain_loop() -> Journey:
    # The worked example with three-point estimates and waits, so every source of randomness
    # (branches, burden components, waits) is exercised.
    return make_journey(
        {"A": ["B"], "B": ["C", "END"], "C": ["A"]},
        probabilities={("B", "C"): 0.3},
        A={"burden": {"learning": [5, 10, 30], "completing": 20, "estimate": "test"}},
        C={
            "burden": {"completing": [10, 20, 45], "estimate": "test"},
            "wait": {"days": [3, 10, 40], "estimate": "test"},
        },
    )


def test_monte_carlo_mean_is_within_five_standard_errors_of_the_exact_mean() -> None:
    samples = 40_000
    card = score(_uncertain_loop(), ScoringOptions(samples=samples, seed=7))
    tt = card.time_tax
    assert tt.mc_mean_minutes is not None
    assert tt.std_minutes is not None
    se = tt.std_minutes / np.sqrt(samples)
    assert abs(tt.mc_mean_minutes - tt.mean_minutes) <= 5 * se
    lt = card.lead_time
    assert lt.mc_mean_days is not None
    # Lead-time standard error from the same runs (days).
    assert abs(lt.mc_mean_days - lt.expected_days) <= 0.05 * lt.expected_days


def test_same_seed_gives_identical_results_and_another_seed_does_not() -> None:
    j = _uncertain_loop()
    a = score(j, ScoringOptions(samples=5000, seed=123))
    b = score(j, ScoringOptions(samples=5000, seed=123))
    c = score(j, ScoringOptions(samples=5000, seed=124))
    assert a.to_dict() == b.to_dict()
    assert a.time_tax.p80_minutes != c.time_tax.p80_minutes
    assert a.time_tax.seed == 123
    assert a.time_tax.samples == 5000


def test_percentiles_are_ordered_and_bracket_point_estimates() -> None:
    # A straight journey with point estimates: every run costs exactly 42 minutes.
    j = make_journey({"a": ["b"], "b": []}, minutes={"a": 30, "b": 12})
    tt = score(j, ScoringOptions(samples=500)).time_tax
    assert tt.p50_minutes == tt.p80_minutes == tt.p95_minutes == pytest.approx(42.0)
    assert tt.std_minutes == pytest.approx(0.0)
    loop = score(_uncertain_loop(), ScoringOptions(samples=2000)).time_tax
    assert loop.p50_minutes is not None
    assert loop.p80_minutes is not None
    assert loop.p95_minutes is not None
    assert loop.p50_minutes <= loop.p80_minutes <= loop.p95_minutes


def test_pert_beta_sampling_has_the_pert_mean_and_stays_in_range() -> None:
    # One step, one component [5, 10, 30]: PERT mean 12.5.
    j = make_journey({"a": []}, a={"burden": {"completing": [5, 10, 30], "estimate": "t"}})
    chain = build_chain(j)
    sim = simulate(chain, step_figures(chain), samples=50_000, seed=1, max_walk=10)
    assert sim.minutes.min() >= 5
    assert sim.minutes.max() <= 30
    se = sim.minutes.std() / np.sqrt(len(sim.minutes))
    assert abs(sim.minutes.mean() - 12.5) <= 5 * se
    assert sim.burden_draws == 50_000


def test_pert_beta_parameters() -> None:
    alpha, beta = pert_beta_params(np.array([5.0]), np.array([10.0]), np.array([30.0]))
    assert alpha[0] == pytest.approx(1 + 4 * 5 / 25)
    assert beta[0] == pytest.approx(1 + 4 * 20 / 25)
    # The Beta mean α/(α+β) maps back to the PERT mean.
    assert 5 + 25 * alpha[0] / (alpha[0] + beta[0]) == pytest.approx(12.5)


def test_zero_samples_gives_exact_figures_only() -> None:
    card = score(_uncertain_loop(), ScoringOptions(samples=0))
    assert card.time_tax.p80_minutes is None
    assert card.time_tax.samples == 0
    assert card.lead_time.p95_days is None


def test_walks_that_do_not_end_within_the_limit_raise() -> None:
    # Absorbing but nearly endless: leaves the loop with probability 1e-6 per pass.
    j = make_journey({"a": ["a", "end"]}, probabilities={("a", "a"): 1 - 1e-6})
    with pytest.raises(ScoringError, match="did not end within 50 visits"):
        score(j, ScoringOptions(samples=100, max_walk_length=50))


def test_progress_callback_counts_every_finished_run() -> None:
    finished: list[int] = []
    score(_uncertain_loop(), ScoringOptions(samples=300), progress=finished.append)
    assert sum(finished) == 300
