"""Customer-side logs (web, phone, message contacts) calibrate contacts and channels."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.evidence.logs.conftest import ROOT

from lifeexp.evidence import EvidenceError, apply_calibration, calibrate, simulate_log
from lifeexp.loading import load_journey
from lifeexp.model import Journey

DISASTER = ROOT / "journeys" / "recovering-from-a-disaster.yaml"


@pytest.fixture(scope="module")
def journey() -> Journey:
    return load_journey(DISASTER)


@pytest.fixture(scope="module")
def contacts_log(journey: Journey, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("customer") / "contacts.parquet"
    return simulate_log(journey, path, cases=4000, seed=3, channels=True).path


def test_channels_are_recovered_and_laid_over(journey: Journey, contacts_log: Path) -> None:
    cal, _ = calibrate(contacts_log, journey, customer_side=True)
    assert cal.mode == "customer"
    calibrated = apply_calibration(journey, cal)
    by_id = {s.id: s for s in calibrated.steps}
    changed = 0
    for step in journey.steps:
        shares = [c for c in cal.channels if c.step == step.id and not c.suppressed]
        if step.channel.value == "none" or sum(c.count or 0 for c in shares) < 500:
            continue
        main = max(shares, key=lambda c: c.count or 0)
        assert main.channel == step.channel.value
        # the simulator sends 70 % through the main channel when the step has others
        others = set(step.other_channels) - {step.channel}
        assert main.share == pytest.approx(0.7 if others else 1.0, abs=0.05)
        after = by_id[step.id]
        assert after.channel == step.channel
        assert set(after.other_channels) == set(step.other_channels) - {step.channel}
        assert cal.source_id in after.sources
        changed += 1
    assert changed >= 3
    contacts = {c.step: c for c in cal.contacts}
    assert all(c.per_case is None or c.per_case >= 1 for c in contacts.values())
    assert cal.channel_switches
    assert sum(s.share or 0 for s in cal.channel_switches) == pytest.approx(1, abs=1e-5)


def test_agency_mode_leaves_channels_alone(journey: Journey, contacts_log: Path) -> None:
    cal, _ = calibrate(contacts_log, journey)
    assert cal.mode == "agency"
    assert cal.contacts == []
    calibrated = apply_calibration(journey, cal)
    assert [s.channel for s in calibrated.steps] == [s.channel for s in journey.steps]


def test_customer_side_needs_a_channel_column(journey: Journey, tmp_path: Path) -> None:
    log = simulate_log(journey, tmp_path / "no-channel.parquet", cases=50, seed=1).path
    with pytest.raises(EvidenceError) as info:
        calibrate(log, journey, customer_side=True)
    assert info.value.diagnostics[0].code == "LX902"
    assert "'channel'" in info.value.diagnostics[0].message
