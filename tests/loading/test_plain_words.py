"""The plain-word explanation of each kind of bad value, case by case (hand-written expected
sentences: these are what a journey author reads)."""

from __future__ import annotations

from typing import Any

import pytest

from lifeexp.loading._plain_words import explain_value, suggest_id

CASES: list[tuple[str, str | None, list[str], Any, dict[str, Any], str, str | None]] = [
    # field, holder, failure kinds, value, ctx, message, hint
    ("days", "wait", ["model_type"], "6-4 weeks", {}, "days is a number of calendar days, or "
     "[low, likely, high], not text", "write days: [28, 35, 42] (calendar days: low, likely, "
     "high)"),
    ("days", "wait", ["model_type"], "3 fortnights", {}, "days is a number of calendar days, or "
     "[low, likely, high], not text", "e.g. days: [28, 35, 42]"),
    ("days", "wait", ["model_type"], {"low": 1}, {}, "days is a number of calendar days, or "
     "[low, likely, high], not a mapping", "e.g. days: [28, 35, 42]"),
    ("completing", "burden", ["model_type"], True, {}, "completing is a number of minutes, or "
     "[low, likely, high]", "e.g. completing: [20, 30, 45]"),
    ("wait", "steps", ["model_type"], 30, {}, "wait is a mapping with the calendar days, not a "
     "single number", "write wait: {days: 30}"),
    ("wait", "steps", ["model_type"], "2 weeks", {}, "wait is a mapping with the calendar days, "
     "not text", "write wait: {days: 14}"),
    ("wait", "steps", ["model_type"], "1-2 weeks", {}, "wait is a mapping with the calendar "
     "days, not text", "write wait: {days: [7, 10.5, 14]}"),
    ("annual_volume", None, ["model_type"], 1000, {}, "annual_volume is a mapping with the "
     "number of people a year, not a single number", "write annual_volume: {people: 1000, "
     "source: <source id>}"),
    ("probability", "transitions", ["float_parsing"], "0.6", {}, "a probability is a share of "
     "people between 0 and 1; write it without quotes", "write 0.6"),
    ("probability", "transitions", ["float_parsing"], "most", {}, "a probability is a share of "
     "people between 0 and 1, not text", "e.g. probability: 0.6"),
    ("probability", "transitions", ["greater_than"], 0, {"gt": 0}, "a probability is a share of "
     "people between 0 and 1 and must be above 0", "remove a transition that nobody takes"),
    ("probability", "transitions", ["less_than_equal"], 150, {"le": 1}, "a probability is a "
     "share of people between 0 and 1, so 150 is too large", "write e.g. 0.6"),
    ("window_days", "deadlines", ["greater_than_equal"], -1, {"ge": 0}, "window_days is a "
     "number of days, 0 or more", None),
    ("limit", None, ["less_than", "greater_than"], 9, {"lt": 5, "gt": 1}, "limit is a number "
     "above 1 and below 5", None),
    ("code", "suppress", ["string_pattern_mismatch"], "603", {}, "a diagnostic code is LX and "
     "three digits", "e.g. code: LX603"),
    ("accessed", "sources", ["string_pattern_mismatch"], "May 2024", {}, "a date is written "
     "YYYY, YYYY-MM or YYYY-MM-DD", "e.g. accessed: 2024-05-01"),
    ("id", "steps", ["string_pattern_mismatch"], "!!!", {}, "ids use letters, digits, '-', '_' "
     "and '.', and start with a letter or digit", None),
    ("id", "steps", ["string_too_long"], "x" * 90, {"max_length": 80}, "id is longer than 80 "
     "characters", "shorten it"),
    ("steps", None, ["too_long"], [1, 2], {}, "steps has too many items", None),
    ("emotion", "steps", ["int_type"], None, {}, "emotion is a whole number from -2 (very "
     "negative) to 2 (very positive)", None),
    ("people", "annual_volume", ["int_parsing"], "10 thousand", {}, "people is a whole number "
     "of people above 0, not text", "write the number without quotes or units, e.g. people: "
     "1000"),
    ("minutes_per_response", "forms", ["float_parsing"], "1 hour", {}, "minutes_per_response "
     "is a number of minutes, 0 or more, not text", "write minutes_per_response: 60"),
    ("title", "steps", ["missing"], None, {}, "title is required", None),
    ("title", "steps", ["something_new"], None, {}, "title has a value that does not fit", None),
    ("completing", "burden", ["value_error"], {"low": 3, "likely": 2, "high": 1}, {},
     "a three-point estimate lists low, likely and high in that order; got [3, 2, 1]",
     "write [1, 2, 3]"),
]  # fmt: skip


@pytest.mark.parametrize(("field", "holder", "kinds", "value", "ctx", "message", "hint"), CASES)
def test_each_kind_of_bad_value_is_explained(
    field: str,
    holder: str | None,
    kinds: list[str],
    value: Any,
    ctx: dict[str, Any],
    message: str,
    hint: str | None,
) -> None:
    detail = message if "value_error" in kinds else None
    explained = explain_value(field, holder, kinds, value, ctx, detail=detail)
    assert (explained.message, explained.hint) == (message, hint)


def test_a_value_error_without_a_sentence_falls_back() -> None:
    explained = explain_value("days", "wait", ["value_error"], [1, 2], {}, detail="a list of 2")
    assert explained.message == "a list of 2"


def test_suggested_ids_are_valid_or_none() -> None:
    assert suggest_id("update dmv") == "update-dmv"
    assert suggest_id("???") is None
    assert suggest_id("a" * 100) == "a" * 80
