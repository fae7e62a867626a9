"""``lifeexp score`` and ``lifeexp compare`` report what issue 12 added: duty time beside the
time tax, milestones beside the lead time, outcomes first, handoffs by type, personas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from lifeexp.cli import main
from lifeexp.testing import make_journey


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _journey(tmp_path: Path, name: str, handoff: str, take_up: float) -> Path:
    j = make_journey(
        {"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []},
        probabilities={("a", "b"): take_up},
        agencies={"a": "SSA", "b": "CMS", "c": "SSA", "d": "person"},
        journey_id=name,
        a={"burden": {"completing": 30, "estimate": "t"}},
        b={
            "burden": {"learning": 1440, "borne_by": "duty", "estimate": "class on duty"},
            "wait": {"days": 365, "waits_for": "eligibility_date", "estimate": "t"},
            "outcome": "Enrolled",
        },
    )
    data = j.model_dump(by_alias=True, exclude_none=True, mode="json")
    for t in data["transitions"]:
        if (t["from"], t["to"]) == ("a", "b"):
            t["handoff"] = handoff
    data["annual_volume"] = {"people": 600, "estimate": "t"}
    data["personas"] = [
        {"id": "enrols", "name": "Enrols", "choices": {"a": "b"}},
        {"id": "stays", "name": "Stays", "choices": {"a": "c"}},
    ]
    return _write(tmp_path / f"{name}.yaml", data)


def test_table_reports_outcomes_duty_time_milestones_and_personas(tmp_path: Path) -> None:
    path = _journey(tmp_path, "now", "customer_carries", 0.25)
    result = CliRunner().invoke(
        main, ["score", str(path), "--samples", "0", "--top", "0", "--format", "markdown"]
    )
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "Outcome: Enrolled" in out
    assert "25% reach it" in out
    # 0.25 × 1,440 duty minutes = 6 h; the time tax is the 30 person minutes.
    assert "| Duty or work time (not in the time tax) | 6 h |" in out
    assert "| Expected time tax | 30 min |" in out
    assert "| Milestone waits (apart from lead time) | 91 days |" in out  # 0.25 × 365
    assert "Handoffs the person carries" in out
    assert "Persona: Enrols" in out
    assert "Spread between personas" in out


def test_persona_option_scores_one_path(tmp_path: Path) -> None:
    path = _journey(tmp_path, "now", "customer_carries", 0.25)
    result = CliRunner().invoke(
        main, ["score", str(path), "--samples", "0", "--format", "json", "--persona", "enrols"]
    )
    assert result.exit_code == 0, result.output
    (card,) = json.loads(result.stdout)
    assert card["persona"] == "enrols"
    assert card["time_tax"]["duty_minutes"] == pytest.approx(1440.0)
    assert card["outcomes"][0]["probability"] == pytest.approx(1.0)


def test_unknown_persona_is_a_usage_error_listing_the_known_ones(tmp_path: Path) -> None:
    path = _journey(tmp_path, "now", "customer_carries", 0.25)
    result = CliRunner().invoke(main, ["score", str(path), "--persona", "ghost"])
    assert result.exit_code == 2
    assert "no persona 'ghost'" in result.output
    assert "enrols, stays" in result.output
    assert "Traceback" not in result.output


def test_compare_shows_outcomes_first_and_judges_handoffs_by_type(tmp_path: Path) -> None:
    before = _journey(tmp_path, "now", "customer_carries", 0.25)
    after = _journey(tmp_path, "later", "data_shared", 0.5)
    result = CliRunner().invoke(
        main, ["compare", str(before), str(after), "--samples", "0", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    c = json.loads(result.stdout)
    (o,) = c["outcomes"]
    assert (o["before_probability"], o["after_probability"], o["improved"]) == (0.25, 0.5, True)
    m = {x["name"]: x for x in c["metrics"]}
    assert m["handoffs.person_handoffs"]["improved"] is True
    assert m["handoffs.expected_cross_agency"]["improved"] is None
    text = CliRunner().invoke(main, ["compare", str(before), str(after), "--samples", "0"])
    assert "Outcome Enrolled: 25% → 50% reach it" in " ".join(text.stdout.split())
