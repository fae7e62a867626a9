"""The mapping and calibration files' edge cases, and the two commands end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lifeexp.cli import main
from lifeexp.evidence import (
    EvidenceError,
    LogMapping,
    calibrate,
    load_mapping,
    measured_vs_designed,
    proposed_changes,
)
from lifeexp.evidence.logs import quantile
from lifeexp.model import Journey


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        ("- a\n- b\n", "a mapping file is a mapping", 1),
        ("activities: [a, b]\n", "activities must map names to ids", 1),
        ("activities:\n  a: [b]\n", "must map to an id or null", 2),
        ("activities:\n  a: a\norganisations:\n  SSA: null\n", "must map to an agency id", 4),
    ],
)
def test_mapping_format_errors(tmp_path: Path, text: str, words: str, line: int) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(text)
    with pytest.raises(EvidenceError) as info:
        load_mapping(path)
    (diag,) = info.value.diagnostics
    assert diag.code == "LX923"
    assert words in diag.message
    assert diag.line == line


@pytest.mark.parametrize("text", ["activities: {a: a\n", "a: 1\na: 2\n"])
def test_mapping_yaml_errors_are_located(tmp_path: Path, text: str) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(text)
    with pytest.raises(EvidenceError) as info:
        load_mapping(path)
    assert info.value.diagnostics
    assert info.value.diagnostics[0].path is not None


def test_patterns_exact_names_first_then_file_order() -> None:
    m = LogMapping.from_dict({"Review *": "r1", "re:Review (a|b)": "r2", "Review a": "exact"})
    from lifeexp.evidence.logs import ActivityCount

    got = m.resolve([ActivityCount(n, 1, 1) for n in ("Review a", "Review b", "Other")], [])
    assert got.steps == {"Review a": "exact", "Review b": "r1"}


def test_quantile_of_an_empty_histogram_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        quantile({}, 0.5)
    assert quantile({3: 0, 5: 2}, 0.5) > 0


def test_simulate_log_command(tmp_path: Path, tiny_journey_file: Path) -> None:
    out = tmp_path / "log.csv"
    result = CliRunner().invoke(
        main, ["simulate-log", str(tiny_journey_file), "--cases", "30", "--seed", "2",
               "-o", str(out), "--two-row"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "events of 30 cases written" in result.output
    assert "lifecycle:transition" in out.read_text().splitlines()[0]
    bad = CliRunner().invoke(
        main, ["simulate-log", str(tiny_journey_file), "-o", str(tmp_path / "log.txt")]
    )
    assert bad.exit_code == 1
    assert "cannot tell the log format" in bad.output


def test_json_output_and_an_overlay_for_no_journey_given(
    tmp_path: Path, tiny_log: Path, tiny_journey_file: Path
) -> None:
    out = tmp_path / "c.yaml"
    result = CliRunner().invoke(
        main, ["calibrate", str(tiny_log), "--journey", str(tiny_journey_file), "--format",
               "json", "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["journey"] == "tiny"
    other = tmp_path / "other.yaml"
    other.write_text(tiny_journey_file.read_text().replace("id: tiny\n", "id: other\n", 1))
    refused = CliRunner().invoke(main, ["score", str(other), "--overlay", str(out)])
    assert refused.exit_code == 1
    assert "is for journey 'tiny', which is not among the journeys given" in refused.output


def test_markdown_marks_suppressed_figures(tiny_log: Path, tiny_journey: Journey) -> None:
    cal, _ = calibrate(tiny_log, tiny_journey)  # 3 cases, k = 11: everything suppressed
    text = measured_vs_designed(tiny_journey, cal)
    assert "suppressed (< 11 cases)" in text
    assert "(no figure would change)" in proposed_changes(tiny_journey, cal)
