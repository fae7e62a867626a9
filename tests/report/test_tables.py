"""Scorecard and comparison tables: what ``lifeexp score``/``compare`` print, from Python.

Issue 9 item 9: a negative saving reads "adds N h", every figure carries its unit, a change
keeps the precision its size needs, and nothing reads "−0" or "0.0% → 0.0%".
"""

from __future__ import annotations

from typing import Any

import pytest

from lifeexp.model import Journey
from lifeexp.report import (
    COMPARISON_COLUMNS,
    FRICTION_COLUMNS,
    comparison_headline,
    comparison_markdown,
    comparison_rows,
    friction_rows,
    scorecard_rows,
    scorecards_markdown,
)
from lifeexp.scoring import ScoringOptions, compare, score
from lifeexp.testing import make_journey

EXACT = ScoringOptions(samples=0, wage_rate=30.0)


def _journey(minutes: float, *, people: int | None = 1000, **fields: Any) -> Journey:
    j = make_journey(
        {"a": ["b"], "b": []}, minutes={"a": minutes}, agencies={"a": "SSA", "b": "SSA"}, **fields
    )
    data = j.model_dump(by_alias=True, exclude_none=True)
    if people is not None:
        data["annual_volume"] = {"people": people, "estimate": "test value"}
    return Journey.model_validate(data)


def test_a_slower_future_adds_hours_instead_of_saving_negative_hours() -> None:
    # 1,000 people a year, 30 → 90 minutes: 1,000 hours more, worth $30,000 at $30/h.
    c = compare(_journey(30), _journey(90), EXACT)
    assert c.annual_hours_saved == pytest.approx(-1000)
    headline = comparison_headline(c)
    assert headline == (
        "The future state would add 1,000 h of the public's time a year for 1,000 people "
        "(worth $30,000)."
    )
    assert "-" not in headline
    assert "−" not in headline


def test_a_faster_future_saves_hours() -> None:
    c = compare(_journey(90), _journey(30), EXACT)
    assert comparison_headline(c) == (
        "The future state would save 1,000 h of the public's time a year for 1,000 people "
        "(worth $30,000)."
    )


def test_no_headline_without_annual_volumes() -> None:
    c = compare(_journey(30, people=None), _journey(90, people=None), EXACT)
    assert comparison_headline(c) is None


def test_comparison_rows_carry_units_and_signed_changes() -> None:
    c = compare(_journey(30), _journey(90), EXACT)
    rows = {row[0]: row for row in comparison_rows(c)}
    assert rows["Expected time tax"] == (
        "Expected time tax",
        "30 min",
        "90 min",
        "+60 min",
        "worse",
    )
    assert rows["Annual burden hours"][1:4] == ("500 h", "1,500 h", "+1,000 h")
    assert rows["Annual burden value"][1:4] == ("$15,000", "$45,000", "+$30,000")
    for _, before, after, change, _ in rows.values():
        assert "−0" not in (before + after + change)
    md = comparison_markdown(c)
    assert "| " + " | ".join(COMPARISON_COLUMNS) + " |" in md
    assert "| Expected time tax | 30 min | 90 min | +60 min | worse |" in md
    assert "- The future state would add 1,000 h" in md


def test_scorecard_rows_and_markdown_use_the_registry_labels() -> None:
    card = score(_journey(1234.5), EXACT)
    rows = dict(scorecard_rows(card))
    assert rows["Expected time tax"] == "21 h"
    assert rows["Annual burden"] == "20,575 h for 1,000 people ($617,250 at $30.00/h)"
    assert rows["Friction points"] == str(len(card.friction_points))
    md = scorecards_markdown([card], top=0)
    assert "| Expected time tax | 21 h |" in md
    assert "Top friction points" not in md  # top=0 shows none


def test_friction_rows_follow_the_columns_and_escape_in_markdown() -> None:
    card = score(
        _journey(60, b={"title": "b"}, a={"title": "Apply | *now*", "channel": "mail"}), EXACT
    )
    rows = friction_rows(card)
    assert rows
    assert all(len(r) == len(FRICTION_COLUMNS) for r in rows)
    assert friction_rows(card, 0) == []
    md = scorecards_markdown([card])
    assert "\\| \\*now\\*" in md
