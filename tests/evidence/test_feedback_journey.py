"""Feedback in a journey: matching, checks, the scorecard roll-up and round trips."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.evidence.conftest import DATA
from tests.evidence.helpers import feedback_journey, v2_source

import lifeexp
from lifeexp.checks import validate
from lifeexp.diagnostics import Severity
from lifeexp.errors import JourneyValidationError
from lifeexp.scoring import ScoringOptions, score

OPTIONS = ScoringOptions(samples=0, feedback_min_responses=5)
THUMBS = {"up": 1, "down": 1}


def _thumbs(up: int, down: int, quarter: str = "FY2026 Q4", **extra: object) -> dict[str, object]:
    return {"figures": [{"quarter": quarter, "thumbs": {"up": up, "down": down}, **extra}]}


@pytest.fixture(name="folder")
def _folder(tmp_path: Path) -> Path:
    shutil.copytree(DATA / "v2_csv", tmp_path / "v2_csv")
    return tmp_path


def _codes(path: Path) -> list[str]:
    return [d.code for d in validate([path]).diagnostics]


def test_rollup_pools_counts_weighted_by_expected_visits(folder: Path) -> None:
    # apply-ssa is visited once per person, enrol-medicare 0.4 times (the 0.4 branch).
    # Pooled: (90 + 0.4·300) / (100 + 0.4·900) = 210 / 460; a mean of the two shares
    # weighted by visits would give (0.9 + 0.4·0.333) / 1.4 = 0.738 instead.
    path = feedback_journey(
        folder,
        steps={"apply-ssa": _thumbs(90, 10), "enrol-medicare": _thumbs(300, 600)},
    )
    card = score(lifeexp.load_journey(path), OPTIONS)
    assert card.trust is not None
    (journey,) = card.trust.journey
    assert journey.share.value == pytest.approx(210 / 460)
    assert journey.share.responses == 1000
    # Kish: (100 + 360)² / (100 + 0.16·900) = 211,600 / 244
    assert journey.share.effective_n == pytest.approx(211_600 / 244)
    assert card.metrics()["trust.share"] == pytest.approx(210 / 460)
    by_step = {s.step_id: s for s in card.trust.steps}
    assert by_step["enrol-medicare"].expected_visits == pytest.approx(0.4)
    assert by_step["apply-ssa"].trust[0].share.value == pytest.approx(0.9)
    agencies = {a.agency: a.trust[0].share.value for a in card.trust.by_agency}
    assert agencies == {"SSA": pytest.approx(0.9), "CMS": pytest.approx(300 / 900)}


def test_thumbs_and_likert_are_never_pooled(folder: Path) -> None:
    path = feedback_journey(
        folder,
        steps={
            "apply-ssa": _thumbs(90, 10),
            "enrol-medicare": {
                "figures": [{"quarter": "FY2026 Q4", "likert": [10, 10, 20, 30, 30]}]
            },
        },
    )
    card = score(lifeexp.load_journey(path), OPTIONS)
    assert card.trust is not None
    assert [t.format for t in card.trust.journey] == ["thumbs_up_down", "likert_scale"]
    assert card.trust.share is None  # no single journey figure to gate on
    likert = card.trust.journey[1]
    assert likert.share.value == pytest.approx(0.6)
    assert likert.mean is not None
    assert likert.mean.value == pytest.approx(3.6)


def test_touchpoints_export_matched_by_stage_with_history(folder: Path) -> None:
    path = feedback_journey(
        folder,
        steps={"apply-ssa": {"match": {"source": "ssa-tp", "stage": "apply"}}},
        sources=[v2_source(synthetic=True)],
    )
    assert validate([path]).ok
    card = score(lifeexp.load_journey(path), OPTIONS)
    assert card.trust is not None
    (step,) = card.trust.steps
    assert step.quarter == "FY2026 Q4"
    assert step.trust[0].share.value == pytest.approx(0.9)
    assert step.rows == ["ssa-tp:202"]
    assert step.synthetic
    q3, q4 = step.history
    assert (q3.quarter, q4.quarter, q4.previous_quarter) == ("FY2026 Q3", "FY2026 Q4", "FY2026 Q3")
    assert q4.change == pytest.approx(0.1)
    assert step.response_rate is not None
    assert step.response_rate.value == pytest.approx(10 / 600)
    assert step.coverage is not None
    assert step.coverage.value == pytest.approx(600 / 1200)
    ease = {d.driver: d for d in step.drivers}["ease"]
    assert ease.positive.value == pytest.approx(0.8)
    assert ease.net == pytest.approx(0.8)
    assoc = {a.driver: a for a in step.associations}["ease"]
    assert assoc.named.value == pytest.approx(1.0)
    assert "association" in assoc.label


def test_below_the_minimum_the_point_is_hidden_everywhere(folder: Path) -> None:
    path = feedback_journey(folder, steps={"apply-ssa": _thumbs(8, 2)})
    card = score(lifeexp.load_journey(path), ScoringOptions(samples=0))
    assert card.trust is not None
    share = card.trust.journey[0].share
    assert share.value is None
    assert share.low_sample
    assert (round(share.low or 0, 2), round(share.high or 0, 2)) == (0.49, 0.94)
    assert card.metrics()["trust.share"] is None
    assert card.metrics()["trust.lower_bound"] == pytest.approx(share.low)


def test_unknown_source_is_an_error_with_a_suggestion(folder: Path) -> None:
    path = feedback_journey(
        folder,
        steps={"apply-ssa": {"match": {"source": "ssa-t", "stage": "Apply"}}},
        sources=[v2_source()],
    )
    (d,) = [d for d in validate([path]).diagnostics if d.code == "LX810"]
    assert d.severity is Severity.error
    assert d.hint == "did you mean 'ssa-tp'?"
    assert d.line is not None


def test_checks_for_matching(folder: Path) -> None:
    path = feedback_journey(
        folder,
        steps={
            "apply-ssa": {"match": {"source": "ssa-tp", "service": "Retirement benefits"}},
            "enrol-medicare": {"match": {"source": "ssa-tp", "stage": "Decision"}},
            "done": {"match": {"source": "ssa-tp", "stage": "No such stage"}},
        },
        sources=[v2_source()],
    )
    result = validate([path])
    by_code: dict[str, list[str]] = {}
    for d in result.diagnostics:
        by_code.setdefault(d.code, []).append(d.message)
    # apply-ssa takes all three rows: thumbs and Likert, two wordings.
    assert any("apply-ssa" in m for m in by_code["LX811"])
    assert any("2 trust-question wordings" in m for m in by_code["LX815"])
    # row 203 is taken by both steps: shown, allowed.
    assert any("row 203" in m and "enrol-medicare" in m for m in by_code["LX814"])
    assert any("done" in m for m in by_code["LX813"])
    assert result.ok  # all of these are warnings or notes


def test_stale_feedback_is_flagged(folder: Path) -> None:
    import datetime as dt

    from lifeexp.model import current_quarter

    path = feedback_journey(folder, steps={"apply-ssa": _thumbs(90, 10, quarter="FY2024 Q1")})
    assert "LX812" in _codes(path)
    # this quarter's figures are fresh whenever the test runs
    this_quarter = current_quarter(dt.date.today())
    fresh = feedback_journey(folder, steps={"apply-ssa": _thumbs(90, 10, quarter=this_quarter)})
    assert "LX812" not in _codes(fresh)
    # made-up example figures never go stale
    made_up = {**_thumbs(90, 10, quarter="FY2024 Q1"), "synthetic": True}
    example = feedback_journey(folder, steps={"apply-ssa": made_up})
    assert "LX812" not in _codes(example)


def test_bundled_journeys_do_not_go_stale() -> None:
    # their feedback is synthetic: `lifeexp validate --strict journeys/` in CI must not start
    # failing a year after the example data's last quarter
    import datetime as dt

    import lifeexp
    from lifeexp.checks._feedback import check_feedback

    root = Path(__file__).resolve().parents[2] / "journeys"
    for path in sorted(root.glob("*.yaml")):
        journey = lifeexp.load_journey(path)
        findings, _problems = check_feedback(journey, today=dt.date(2031, 1, 1))
        assert "LX812" not in {f.code for f in findings}, path.name


def test_export_problems_are_reported_in_the_export_by_validate(folder: Path) -> None:
    details = folder / "v2_csv" / "cx_collection_details.csv"
    details.write_text(details.read_text(encoding="utf-8").replace(",10,", ",-10,", 1), "utf-8")
    path = feedback_journey(
        folder,
        steps={"apply-ssa": {"match": {"source": "ssa-tp", "stage": "Apply"}}},
        sources=[v2_source()],
    )
    result = validate([path])
    assert not result.ok
    codes = {d.code: d for d in result.diagnostics}
    assert codes["LX802"].path is not None
    assert codes["LX802"].path.endswith("cx_collection_details.csv")
    assert codes["LX802"].line == 2
    assert "LX806" in codes
    with pytest.raises(JourneyValidationError):
        lifeexp.load_journeys([path], catalog=lifeexp.load_catalog())


@pytest.mark.parametrize(
    ("figures", "words"),
    [
        ({"quarter": "FY2031 Q1", "thumbs": {"up": 1, "down": 1}}, "has not started"),
        ({"quarter": "2026 Q1", "thumbs": {"up": 1, "down": 1}}, "quarter"),
        ({"quarter": "FY2026 Q1", "thumbs": {"up": -1, "down": 1}}, "up"),
        ({"quarter": "FY2026 Q1", "thumbs": {"up": 2.5, "down": 1}}, "up"),
        ({"quarter": "FY2026 Q1", "likert": [1, 2, 3, 4]}, "likert"),
        (
            {
                "quarter": "FY2026 Q1",
                "thumbs": {"up": 1, "down": 1},
                "respondents": 5,
                "offered": 4,
            },
            "exceed",
        ),
        (
            {
                "quarter": "FY2026 Q1",
                "thumbs": {"up": 1, "down": 1},
                "drivers": {"ease": {"positive": 3, "negative": 0, "offered": 2}},
            },
            "exceed",
        ),
        ({"quarter": "FY2026 Q1", "thumbs": {"up": 1, "down": 1}, "likert": [1] * 5}, "either"),
        (
            {"quarter": "FY2026 Q1", "thumbs": {"up": 1, "down": 1}, "drivers": {"speed": {}}},
            "speed",
        ),
    ],
)
def test_bad_inline_figures_are_located_errors(
    folder: Path, figures: dict[str, object], words: str
) -> None:
    path = feedback_journey(folder, steps={"apply-ssa": {"figures": [figures]}})
    errors = [d for d in validate([path]).diagnostics if d.severity is Severity.error]
    assert errors
    assert errors[0].line is not None
    assert errors[0].code.startswith("LX1")
    assert words in errors[0].format()
    assert "pydantic" not in errors[0].format()


def test_feedback_figures_need_provenance(folder: Path) -> None:
    bare = feedback_journey(folder, steps={"apply-ssa": _thumbs(90, 10)})
    (d,) = [d for d in validate([bare]).diagnostics if d.code == "LX503"]
    assert "feedback FY2026 Q4" in d.message
    sourced = feedback_journey(folder, steps={"apply-ssa": _thumbs(90, 10, source="stats")})
    assert "LX503" not in _codes(sourced)
    unknown = feedback_journey(folder, steps={"apply-ssa": _thumbs(90, 10, source="stat")})
    assert "LX306" in _codes(unknown)
