"""What ``lifeexp feedback import`` prints comes from the library (``ImportMatch``), so a
notebook gets the same lines; counts agree with their nouns."""

from __future__ import annotations

from lifeexp.evidence.feedback import ImportMatch, StepMatch
from lifeexp.model import FeedbackRow


def _row(row_id: str, stage: str, trust_answers: int) -> FeedbackRow:
    likert = [0, 0, 0, trust_answers, 0]
    return FeedbackRow(
        quarter="FY2025 Q1", service="Passports", stage=stage, channel="digital", row_id=row_id,
        likert=likert,
    )  # fmt: skip


def test_the_summary_names_each_steps_rows_and_the_rows_no_step_takes() -> None:
    rows = [_row("r1", "Apply", 1), _row("r2", "Renew", 40), _row("r3", "Mail", 2)]
    match = ImportMatch(
        rows,
        source="dos",
        steps=[StepMatch("apply", "Apply online", [0]), StepMatch("wait", "Wait", [])],
    )
    assert rows[0].trust_answers == 1
    assert match.summary_lines() == [
        "Read 3 feedback rows.",
        "Steps matching feedback source 'dos':",
        "  apply (Apply online): 1 row",
        "    row r1: Passports / Apply / digital, FY2025 Q1, likert_scale, 1 trust answer",
        "  wait (Wait): no row matched",
        "Rows no step takes (2):",
        "  row r2: Passports / Renew / digital, FY2025 Q1, likert_scale, 40 trust answers",
        "  row r3: Passports / Mail / digital, FY2025 Q1, likert_scale, 2 trust answers",
        "Nothing written (give --output to write a feedback file).",
    ]
    assert match.summary_lines("dos.feedback.yaml")[-1] == "Wrote 1 row to dos.feedback.yaml"
