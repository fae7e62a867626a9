"""Reading Touchpoints exports: counts, and every bad input as a located error."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.evidence.helpers import PRIVATE, replace_cell

from lifeexp.evidence.feedback import read_export
from lifeexp.model import Driver, FeedbackSourceKind

CSV, JSON, V1 = (
    FeedbackSourceKind.touchpoints_v2_csv,
    FeedbackSourceKind.touchpoints_v2_json,
    FeedbackSourceKind.a11_v1_csv,
)
TODAY = dt.date(2026, 12, 1)


def test_v2_csv_counts(v2_files: Callable[[str], dict[str, Path]]) -> None:
    read = read_export(CSV, v2_files("csv"), today=TODAY)
    assert read.ok, read.diagnostics
    apply_q3, apply_q4, decision = read.rows
    assert (apply_q3.quarter, apply_q3.service, apply_q3.stage) == (
        "FY2026 Q3",
        "Retirement benefits",
        "Apply",
    )
    assert apply_q3.thumbs is not None
    assert (apply_q3.thumbs.up, apply_q3.thumbs.down) == (8, 2)
    assert (apply_q3.customers, apply_q3.offered, apply_q3.respondents) == (1000, 500, 10)
    ease = apply_q3.drivers[Driver.ease]
    assert (ease.positive, ease.negative, ease.offered) == (5, 3, 10)
    # 'null' means not offered: humanity was not on the form, so it has no counts at all.
    assert Driver.humanity not in apply_q3.drivers
    # The five who named ease all trusted; of the other five, three did.
    assoc = apply_q3.associations[Driver.ease]
    assert (assoc.named, assoc.named_trusting, assoc.not_named, assoc.not_named_trusting) == (
        5,
        5,
        5,
        3,
    )
    assert decision.likert == [1, 1, 0, 2, 1]
    assert decision.drivers[Driver.humanity].offered == 5
    assert apply_q4.thumbs is not None
    assert apply_q4.thumbs.up == 9


def test_v2_json_reads_the_same_counts_as_csv(
    v2_files: Callable[[str], dict[str, Path]],
) -> None:
    from_csv = read_export(CSV, v2_files("csv"), today=TODAY)
    from_json = read_export(JSON, v2_files("json"), today=TODAY)
    assert from_json.ok, from_json.diagnostics
    assert from_json.rows == from_csv.rows


def test_v1_legacy_item_2_is_trust_items_3_to_7_are_drivers(v1_file: Path) -> None:
    read = read_export(V1, {"path": v1_file}, today=TODAY)
    assert read.ok, read.diagnostics
    (row,) = read.rows
    assert row.likert == [120, 80, 300, 900, 600]
    assert row.quarter == "FY2023 Q2"
    assert row.trust_question == "This interaction increased my confidence in SSA."
    eff = row.drivers[Driver.effectiveness]  # q3: agree 800 + 700, disagree 100 + 100
    assert (eff.positive, eff.negative, eff.offered) == (1500, 200, 2000)
    assert set(row.drivers) == {Driver.effectiveness, Driver.ease}


def test_free_text_is_never_read(v2_files: Callable[[str], dict[str, Path]]) -> None:
    files = v2_files("csv")
    assert PRIVATE in files["responses"].read_text(encoding="utf-8")
    read = read_export(CSV, files, today=TODAY)
    assert PRIVATE not in repr(read.rows)
    assert "123-45-6789" not in repr(read.rows)


# --------------------------------------------------------------------------- bad input


def _one_error(read: object, code: str) -> tuple[str, int | None, int | None, str]:
    diagnostics = read.diagnostics  # type: ignore[attr-defined]
    assert read.rows == []  # type: ignore[attr-defined]
    assert diagnostics, "expected an error"
    d = diagnostics[0]
    assert d.code == code, d.format()
    assert "Error" not in d.message
    assert "pydantic" not in d.message
    return d.path or "", d.line, d.column, d.message


def test_missing_and_renamed_columns_are_listed(v2_files: Callable[[str], dict[str, Path]]) -> None:
    files = v2_files("csv")
    text = files["details"].read_text(encoding="utf-8")
    text = text.replace("survey_type", "survey_kind").replace(",trust_question_text", ",question")
    files["details"].write_text(text, encoding="utf-8")
    path, line, col, message = _one_error(read_export(CSV, files, today=TODAY), "LX801")
    assert path.endswith("cx_collection_details.csv")
    assert (line, col) == (1, 1)
    assert "survey_type" in message
    assert "trust_question_text" in message
    d = read_export(CSV, files, today=TODAY).diagnostics[0]
    assert d.hint is not None
    assert "survey_kind" in d.hint


def test_missing_column_in_json(v2_files: Callable[[str], dict[str, Path]]) -> None:
    files = v2_files("json")
    doc = json.loads(files["responses"].read_text(encoding="utf-8"))
    for item in doc["data"]:
        del item["attributes"]["positive_ease"]
    files["responses"].write_text(json.dumps(doc), encoding="utf-8")
    _, _, _, message = _one_error(read_export(JSON, files, today=TODAY), "LX801")
    assert "positive_ease" in message


def test_driver_value_other_than_0_1_null(v2_files: Callable[[str], dict[str, Path]]) -> None:
    files = v2_files("csv")
    replace_cell(files["responses"], 4, "positive_ease", "yes")
    path, line, col, message = _one_error(read_export(CSV, files, today=TODAY), "LX802")
    assert path.endswith("cx_responses.csv")
    header = files["responses"].read_text(encoding="utf-8").splitlines()[3]
    assert line == 4
    assert header[(col or 1) - 1 :].startswith("yes")
    assert "positive_ease" in message
    assert "'yes'" in message


def test_empty_driver_flag_is_not_taken_as_zero(
    v2_files: Callable[[str], dict[str, Path]],
) -> None:
    files = v2_files("csv")
    replace_cell(files["responses"], 2, "negative_ease", "")
    _one_error(read_export(CSV, files, today=TODAY), "LX802")


@pytest.mark.parametrize(("line", "value"), [(2, "2"), (2, "-1"), (22, "6"), (22, "0")])
def test_trust_outside_the_format_range(
    v2_files: Callable[[str], dict[str, Path]], line: int, value: str
) -> None:
    files = v2_files("csv")  # line 2: a thumbs survey; line 22: a 1–5 survey
    replace_cell(files["responses"], line, "question_1", value)
    _, got_line, _, message = _one_error(read_export(CSV, files, today=TODAY), "LX802")
    assert got_line == line
    assert "question_1" in message


def test_future_quarter(v2_files: Callable[[str], dict[str, Path]]) -> None:
    files = v2_files("csv")
    replace_cell(files["collections"], 3, "fiscal_year", "2027")
    replace_cell(files["collections"], 3, "quarter", "3")
    _, line, _, message = _one_error(read_export(CSV, files, today=TODAY), "LX803")
    assert line == 3
    assert "FY2027 Q3" in message
    assert "future" in message


@pytest.mark.parametrize("value", ["-5", "12.5", "many"])
def test_bad_counts(v2_files: Callable[[str], dict[str, Path]], value: str) -> None:
    files = v2_files("csv")
    replace_cell(files["details"], 2, "volume_of_customers", value)
    _, line, _, message = _one_error(read_export(CSV, files, today=TODAY), "LX802")
    assert line == 2
    assert "volume_of_customers" in message


def test_respondents_exceeding_offered(v2_files: Callable[[str], dict[str, Path]]) -> None:
    files = v2_files("csv")
    replace_cell(files["details"], 2, "volume_of_respondents", "501")
    _, line, _, message = _one_error(read_export(CSV, files, today=TODAY), "LX804")
    assert line == 2
    assert "501" in message
    assert "500" in message


def test_respondents_exceeding_offered_in_v1(v1_file: Path) -> None:
    replace_cell(v1_file, 2, "volume_of_respondents", "2300")
    _one_error(read_export(V1, {"path": v1_file}, today=TODAY), "LX804")


def test_wrong_encoding(v2_files: Callable[[str], dict[str, Path]]) -> None:
    files = v2_files("csv")
    raw = files["details"].read_bytes().replace(b"Retirement", "Retraite é".encode("latin-1"), 1)
    files["details"].write_bytes(raw)
    _, line, col, message = _one_error(read_export(CSV, files, today=TODAY), "LX805")
    assert line == 2
    assert col is not None
    assert "UTF-8" in message


def test_utf16_is_refused(v1_file: Path) -> None:
    v1_file.write_bytes(v1_file.read_text(encoding="utf-8").encode("utf-16"))
    _one_error(read_export(V1, {"path": v1_file}, today=TODAY), "LX805")


def test_response_naming_an_unknown_detail(v2_files: Callable[[str], dict[str, Path]]) -> None:
    files = v2_files("csv")
    replace_cell(files["responses"], 5, "cx_collection_detail_id", "999")
    _, line, _, message = _one_error(read_export(CSV, files, today=TODAY), "LX802")
    assert line == 5
    assert "999" in message


def test_unknown_survey_type(v2_files: Callable[[str], dict[str, Path]]) -> None:
    files = v2_files("csv")
    replace_cell(files["details"], 3, "survey_type", "stars")
    _one_error(read_export(CSV, files, today=TODAY), "LX802")


def test_json_of_the_wrong_table(v2_files: Callable[[str], dict[str, Path]]) -> None:
    files = v2_files("json")
    files["details"], files["responses"] = files["responses"], files["details"]
    _, _, _, message = _one_error(read_export(JSON, files, today=TODAY), "LX801")
    assert "cx_collection_details" in message


def test_csv_given_as_json_is_not_guessed(v2_files: Callable[[str], dict[str, Path]]) -> None:
    _one_error(read_export(JSON, v2_files("csv"), today=TODAY), "LX801")


@pytest.mark.parametrize("ext", ["csv", "json"])
def test_free_text_column_is_dropped_as_rows_are_read(
    v2_files: Callable[[str], dict[str, Path]], ext: str
) -> None:
    from lifeexp.evidence.feedback._tables import read_csv_table, read_json_table

    path = v2_files(ext)["responses"]
    if ext == "csv":
        table = read_csv_table(path, "r.csv")
    else:
        table = read_json_table(path, "r.json", expect_type="cx_responses")
    assert "question_4" in table.columns  # the export has it ...
    assert all("question_4" not in record for record in table.records)  # ... no record keeps it
    assert PRIVATE not in repr(table.records)


def test_json_value_errors_point_at_the_value(v2_files: Callable[[str], dict[str, Path]]) -> None:
    files = v2_files("json")
    doc = json.loads(files["responses"].read_text(encoding="utf-8"))
    doc["data"][2]["attributes"]["question_1"] = 7
    text = json.dumps(doc, indent=2)
    files["responses"].write_text(text, encoding="utf-8")
    _, line, col, message = _one_error(read_export(JSON, files, today=TODAY), "LX802")
    target = text.splitlines()[(line or 1) - 1]
    assert target.strip().startswith('"question_1": 7')
    assert target[(col or 1) - 1 :].startswith("7")
    assert "question_1" in message


def test_api_pages_are_read_as_one_table(v2_files: Callable[[str], dict[str, Path]]) -> None:
    files = v2_files("json")
    doc = json.loads(files["responses"].read_text(encoding="utf-8"))
    first, second = dict(doc), dict(doc)
    first["data"], second["data"] = doc["data"][:7], doc["data"][7:]
    page1 = files["responses"].with_name("page1.json")
    page2 = files["responses"].with_name("page2.json")
    page1.write_text(json.dumps(first), encoding="utf-8")
    second["data"][3]["attributes"]["negative_ease"] = "maybe"
    page2.write_text(json.dumps(second, indent=2), encoding="utf-8")
    paged = {**files, "responses": [page1, page2]}
    read = read_export(JSON, paged, today=TODAY)
    (d,) = read.diagnostics
    assert d.path is not None
    assert d.path.endswith("page2.json")  # the error names the page it is on
    assert "negative_ease" in d.message
    second["data"][3]["attributes"]["negative_ease"] = "0"
    page2.write_text(json.dumps(second, indent=2), encoding="utf-8")
    whole = read_export(JSON, files, today=TODAY)
    pages = read_export(JSON, paged, today=TODAY)
    assert pages.ok, pages.diagnostics
    assert [r.thumbs for r in pages.rows] == [r.thumbs for r in whole.rows]
