"""Every statistic against values computed by hand from the tiny log in conftest.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from lifeexp.evidence import calibrate, wilson_interval
from lifeexp.evidence._overlay import END, Calibration
from lifeexp.model import Journey


@pytest.fixture
def cal(tiny_log: Path, tiny_journey: Journey) -> Calibration:
    result, warnings = calibrate(tiny_log, tiny_journey, min_cases=1)
    assert warnings == []
    return result


def _edge(cal: Calibration, a: str, b: str) -> dict[str, object]:
    (t,) = [t for t in cal.transitions if t.from_ == a and t.to == b]
    return t.model_dump()


def test_transition_probabilities_use_pm4py_denominator_with_the_end(cal: Calibration) -> None:
    # a: a->b twice (c1, c3), a->c once (c2); b: b->c twice, b->b once; c ends three times.
    ab, ac = _edge(cal, "a", "b"), _edge(cal, "a", "c")
    assert (ab["count"], ab["support"], ab["cases"]) == (2, 3, 2)
    assert ab["probability"] == pytest.approx(2 / 3, abs=1e-6)
    assert ac["probability"] == pytest.approx(1 / 3, abs=1e-6)
    bb, bc = _edge(cal, "b", "b"), _edge(cal, "b", "c")
    assert (bb["count"], bc["count"], bc["support"]) == (1, 2, 3)
    assert _edge(cal, "c", END)["probability"] == 1.0
    lo, hi = wilson_interval(2, 3)
    assert ab["ci95"] == [pytest.approx(lo, abs=1e-6), pytest.approx(hi, abs=1e-6)]


def test_waits_are_next_start_minus_completion_floored_at_zero(cal: Calibration) -> None:
    # a->b: 1 h (c1) and 10 min (c3); a->c: c2's c starts 10 min before a completes -> 0.
    ab, ac = _edge(cal, "a", "b"), _edge(cal, "a", "c")
    assert ab["mean_wait_days"] == pytest.approx(35 / 1440, abs=1e-6)
    assert ac["mean_wait_days"] == 0.0
    (wait_a,) = [w for w in cal.waits if w.step == "a"]
    assert wait_a.count == 3
    assert wait_a.mean == pytest.approx((60 + 10 + 0) / 3 / 1440, abs=1e-6)
    # b->c: 2 h (c1), 50 min (c3 second b); b->b: 20 min
    (wait_b,) = [w for w in cal.waits if w.step == "b"]
    assert wait_b.mean == pytest.approx((120 + 50 + 20) / 3 / 1440, abs=1e-6)
    assert not [w for w in cal.waits if w.step == "c"]  # c is always last: no wait after it


def test_processing_time_is_completion_minus_start_in_minutes(cal: Calibration) -> None:
    by_step = {p.step: p for p in cal.processing}
    assert by_step["a"].mean == pytest.approx((60 + 30 + 10) / 3, abs=1e-6)
    assert by_step["b"].mean == pytest.approx((60 + 20 + 10) / 3, abs=1e-6)
    assert by_step["c"].mean == pytest.approx((30 + 40 + 0) / 3, abs=1e-6)
    assert by_step["c"].count == 3


def test_three_point_keeps_the_measured_mean(cal: Calibration) -> None:
    for w in [*cal.waits, *cal.processing]:
        assert w.three_point is not None
        assert w.mean is not None
        low, likely, high = w.three_point
        assert low <= likely <= high
        if low < w.mean < high:
            assert (low + 4 * likely + high) / 6 == pytest.approx(w.mean, rel=1e-3, abs=1e-4)


def test_handover_of_work_counts_direct_successions(cal: Calibration) -> None:
    # SSA->SSA: c1 a->b, c3 a->b, c3 b->b; SSA->CMS: c1, c2, c3.
    cells = {(h.from_, h.to): (h.count, h.share) for h in cal.handover}
    assert cells == {("SSA", "SSA"): (3, 0.5), ("SSA", "CMS"): (3, 0.5)}


def test_rework_starts_ends_and_volume(cal: Calibration) -> None:
    (rework,) = cal.rework
    assert (rework.step, rework.extra_visits, rework.cases_with_rework) == ("b", 1, 1)
    assert rework.per_case == 0.5
    assert [(s.step, s.count, s.share) for s in cal.starts] == [("a", 3, 1.0)]
    assert [(s.step, s.count) for s in cal.ends] == [("c", 3)]
    assert [(v.year, v.cases) for v in cal.volume] == [(2024, 2), (2025, 1)]


def test_conformance(cal: Calibration) -> None:
    conf = cal.conformance
    assert (conf.cases, conf.fitting_cases) == (3, 2)  # c3's b -> b is not in the journey
    assert conf.fitness == pytest.approx(2 / 3, abs=1e-6)
    assert [(e.from_, e.to, e.count) for e in conf.missing_from_journey] == [("b", "b", 1)]
    assert conf.never_observed == []
    # designed b -> c is 1.0, measured 2/3 with n = 3: 1.0 is outside (0.21, 0.94)
    assert [(e.from_, e.to) for e in conf.outside_interval] == [("b", "c")]


def test_provenance(cal: Calibration, tiny_log: Path) -> None:
    import hashlib

    prov = cal.provenance
    assert prov.sha256 == hashlib.sha256(tiny_log.read_bytes()).hexdigest()
    assert (prov.rows, prov.cases, prov.mapped_cases) == (9, 3, 3)
    assert prov.period == ["2024-03-01T00:00:00Z", "2025-01-02T12:00:00Z"]
    assert prov.engine.startswith("duckdb ")


@pytest.mark.parametrize(
    ("k", "n", "lo", "hi"),
    [(8, 10, 0.49, 0.94), (1500, 2000, 0.731, 0.768), (0, 5, 0.0, 0.434), (5, 5, 0.566, 1.0)],
)
def test_wilson_interval_reference_values(k: int, n: int, lo: float, hi: float) -> None:
    got = wilson_interval(k, n)
    digits = 2 if n == 10 else 3
    assert (round(got[0], digits), round(got[1], digits)) == (lo, hi)
