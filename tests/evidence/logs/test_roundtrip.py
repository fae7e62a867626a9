"""The round trip: simulate a bundled journey's log, calibrate it, recover the journey."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from tests.evidence.logs.conftest import RETIREMENT

from lifeexp.evidence import Calibration, apply_calibration, calibrate, simulate_log
from lifeexp.evidence._calibrate import wilson_interval
from lifeexp.evidence._overlay import END
from lifeexp.loading import load_journey
from lifeexp.model import Journey

CASES = 20_000
SEED = 20261201


@pytest.fixture(scope="module")
def journey() -> Journey:
    return load_journey(RETIREMENT)


@pytest.fixture(scope="module")
def calibrated(journey: Journey, tmp_path_factory: pytest.TempPathFactory) -> Calibration:
    log = tmp_path_factory.mktemp("roundtrip") / "log.parquet"
    simulate_log(journey, log, cases=CASES, seed=SEED)
    cal, warnings = calibrate(log, journey)
    assert warnings == []
    return cal


def test_every_designed_probability_is_recovered(journey: Journey, calibrated: Calibration) -> None:
    measured = {(t.from_, t.to): t for t in calibrated.transitions}
    inside95 = 0
    checked = 0
    for t in journey.transitions:
        m = measured.get((t.from_, t.to))
        if m is None or m.suppressed:
            # a branch too rare to reach k cases in this many cases
            assert t.probability * CASES < 200
            continue
        assert m.count is not None
        assert m.support is not None
        assert m.ci95 is not None
        checked += 1
        inside95 += m.ci95[0] <= t.probability <= m.ci95[1]
        # every one lies in its 99.9 % Wilson interval ...
        lo, hi = wilson_interval(m.count, m.support, z=3.2905)
        assert lo <= t.probability <= hi, (t.from_, t.to, t.probability, m.ci95)
    # ... and about 95 % in the published 95 % interval, as a correct interval must
    assert checked >= 40
    assert inside95 / checked >= 0.9
    # the journey has no move to the end from a step with transitions, and every end ends
    assert all(
        t.to != END or not journey.outgoing(t.from_) for t in calibrated.transitions if t.count
    )
    assert calibrated.conformance.fitness == 1.0
    assert calibrated.conformance.missing_from_journey == []


def _pert_quantiles(low: float, likely: float, high: float, ps: list[float]) -> list[float]:
    a = 1 + 4 * (likely - low) / (high - low)
    b = 1 + 4 * (high - likely) / (high - low)
    return [low + (high - low) * float(stats.beta.ppf(p, a, b)) for p in ps]


def test_wait_quantiles_match_the_pert_estimates(journey: Journey, calibrated: Calibration) -> None:
    ps = [0.05, 0.25, 0.5, 0.75, 0.9, 0.95]
    waits = {w.step: w for w in calibrated.waits}
    checked = 0
    for step in journey.steps:
        w = waits.get(step.id)
        if step.wait is None or w is None or w.suppressed or (w.count or 0) < 2_000:
            continue
        days = step.wait.days
        assert w.mean is not None
        assert w.mean == pytest.approx(days.mean, rel=0.03, abs=0.01)
        if days.low == days.high:
            assert w.quantiles is not None
            assert w.quantiles["p50"] == pytest.approx(days.low, rel=0.03, abs=1e-4)
            continue
        truth = _pert_quantiles(days.low, days.likely, days.high, ps)
        assert w.quantiles is not None
        got = [w.quantiles[f"p{round(p * 100):02d}"] for p in ps]
        # sampling error plus one histogram bin (2.3 %) plus whole-second rounding
        np.testing.assert_allclose(got, truth, rtol=0.06, atol=0.01 * (days.high - days.low))
        checked += 1
    assert checked >= 5


def test_processing_recovers_the_burden_the_simulator_used(
    journey: Journey, calibrated: Calibration
) -> None:
    processing = {p.step: p for p in calibrated.processing}
    for step in journey.steps:
        p = processing.get(step.id)
        if step.burden is None or p is None or p.suppressed or (p.count or 0) < 2_000:
            continue
        assert p.mean == pytest.approx(step.burden.mean, rel=0.03, abs=0.05)


def test_the_overlay_scores_close_to_the_design(journey: Journey, calibrated: Calibration) -> None:
    from lifeexp import score
    from lifeexp.scoring import ScoringOptions

    options = ScoringOptions(samples=0)
    calibrated_journey = apply_calibration(journey, calibrated)
    designed, measured = score(journey, options), score(calibrated_journey, options)
    # log time never enters the time tax: only probabilities move it, and they are recovered
    assert measured.time_tax.mean_minutes == pytest.approx(designed.time_tax.mean_minutes, rel=0.03)
    assert measured.lead_time.expected_days == pytest.approx(
        designed.lead_time.expected_days, rel=0.05
    )


def test_simulation_is_seeded(journey: Journey, tmp_path: Path) -> None:
    a = simulate_log(journey, tmp_path / "a.csv", cases=300, seed=5).path.read_bytes()
    b = simulate_log(journey, tmp_path / "b.csv", cases=300, seed=5).path.read_bytes()
    c = simulate_log(journey, tmp_path / "c.csv", cases=300, seed=6).path.read_bytes()
    assert a == b
    assert a != c
    header = a.split(b"\n", 1)[0].decode()
    assert header == (
        '"case:concept:name","concept:name","org:resource","start_timestamp","time:timestamp"'
    )
