"""Property tests: whatever the answers, reading an export counts them exactly."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from lifeexp.evidence.feedback import read_export
from lifeexp.model import DRIVERS, FeedbackSourceKind

FLAG = st.sampled_from(["0", "1", "null"])
ANSWER = st.tuples(
    st.one_of(st.none(), st.integers(min_value=0, max_value=1)),
    st.lists(FLAG, min_size=len(DRIVERS), max_size=len(DRIVERS)),
    st.lists(FLAG, min_size=len(DRIVERS), max_size=len(DRIVERS)),
)


def _write(folder: Path, answers: list[tuple[int | None, list[str], list[str]]]) -> dict[str, Path]:
    def table(name: str, rows: list[dict[str, str]]) -> Path:
        path = folder / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        return path

    n = len(answers)
    details = {
        "id": "1", "cx_collection_id": "1", "service_name": "S", "transaction_point": "T",
        "channel": "digital", "service_stage_name": "Apply", "volume_of_customers": str(4 * n),
        "volume_of_customers_provided_survey_opportunity": str(2 * n),
        "volume_of_respondents": str(n), "survey_type": "thumbs_up_down",
        "trust_question_text": "Q",
    }  # fmt: skip
    responses = []
    for q1, pos, neg in answers:
        row = {"cx_collection_detail_id": "1", "question_1": "" if q1 is None else str(q1)}
        row |= {f"positive_{d.value}": v for d, v in zip(DRIVERS, pos, strict=True)}
        row |= {f"negative_{d.value}": v for d, v in zip(DRIVERS, neg, strict=True)}
        row["question_4"] = "free, text"
        responses.append(row)
    return {
        "collections": table(
            "c", [{"id": "1", "fiscal_year": "2026", "quarter": "2", "service_name": "S"}]
        ),
        "details": table("d", [details]),
        "responses": table("r", responses),
    }


@settings(max_examples=60)
@given(answers=st.lists(ANSWER, min_size=1, max_size=40))
def test_counts_equal_a_direct_tally(
    answers: list[tuple[int | None, list[str], list[str]]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = _write(Path(tmp), answers)
        read = read_export(FeedbackSourceKind.touchpoints_v2_csv, files, today=dt.date(2026, 12, 1))
    assert read.ok, read.diagnostics
    (row,) = read.rows
    assert row.thumbs is not None
    assert row.thumbs.up == sum(1 for q, _, _ in answers if q == 1)
    assert row.thumbs.down == sum(1 for q, _, _ in answers if q == 0)
    for k, d in enumerate(DRIVERS):
        offered = [a for a in answers if a[1][k] != "null"]
        if not offered and all(a[2][k] == "null" for a in answers):
            assert d not in row.drivers  # never asked: no counts at all, not zeros
            continue
        counts = row.drivers[d]
        assert counts.offered == len(offered)
        assert counts.positive == sum(1 for a in offered if a[1][k] == "1")
        assert counts.negative == sum(1 for a in answers if a[2][k] == "1")
        assert counts.negative_base == sum(1 for a in answers if a[2][k] != "null")
        assoc = row.associations.get(d)
        answered = [a for a in offered if a[0] is not None]
        if assoc is not None:
            assert assoc.named + assoc.not_named == len(answered)
            assert assoc.named_trusting + assoc.not_named_trusting == sum(
                1 for a in answered if a[0] == 1
            )
