"""The report's trust views from a Touchpoints-layout export (round trip) and free text."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.evidence.conftest import DATA
from tests.evidence.helpers import PRIVATE, feedback_journey, v2_source

from lifeexp.evidence.feedback import TRUST_GOAL, share_figure
from lifeexp.evidence.feedback._results import TrustFigure
from lifeexp.report import write_report
from lifeexp.report._trust import interval_chart
from lifeexp.scoring import ScoringOptions


def test_export_round_trips_into_the_report(tmp_path: Path) -> None:
    shutil.copytree(DATA / "v2_csv", tmp_path / "v2_csv")
    journey = feedback_journey(
        tmp_path,
        steps={
            "apply-ssa": {"match": {"source": "ssa-tp", "stage": "Apply"}},
            "enrol-medicare": {"match": {"source": "ssa-tp", "stage": "Decision"}},
        },
        sources=[v2_source(synthetic=True)],
    )
    index = write_report(
        [journey], tmp_path / "report", options=ScoringOptions(samples=0, feedback_min_responses=5)
    )
    page = (index.parent / "journeys" / "sample.html").read_text(encoding="utf-8")
    assert 'id="trust"' in page
    assert "Synthetic data" in page
    assert "goal 75%" in page  # the goal line on the chart, in words
    assert "90% (n = 10; 95% CI 59.6–98.2%)" in page  # FY2026 Q4, 9 of 10
    assert "+10 points since FY2026 Q3" in page  # quarter-over-quarter change
    lost = page[page.index('id="trust-lost"') :]
    # Enrol in Medicare: efficiency named as not going well by 2 of 5, and a friction point.
    assert "efficiency: 40% (n = 5; 95% CI 11.8–76.9%) said it did not go well" in lost
    assert "ease: 0%" not in lost  # drivers nobody named are left out
    assert "not fully online" in lost
    assert "(arriving from Apply for retirement benefits)" in lost
    assert "Trust by agency" in page  # SSA and CMS steps
    overview = index.read_text(encoding="utf-8")
    assert "Post-transaction trust" in overview
    for path in index.parent.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", "replace")
            assert PRIVATE not in text, path
            assert "123-45-6789" not in text, path


def test_interval_chart_escapes_labels_and_draws_the_goal() -> None:
    fig = TrustFigure(
        format="thumbs_up_down",
        quarters=["FY2026 Q4"],
        share=share_figure(80, 100, 100, 30),
    )
    svg = str(interval_chart([('<script>alert("x")</script>', fig)], TRUST_GOAL, "c"))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "goal 75%" in svg
    assert 'role="img"' in svg
    assert "80% (n = 100; 95% CI" in svg  # the description says it in words
