"""``lifeexp score`` and ``lifeexp compare`` end to end through click."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from lifeexp.cli import main
from lifeexp.model import Journey
from lifeexp.rendering import markdown_table_cell
from lifeexp.report import csv_cell
from lifeexp.testing import make_journey


def _write(path: Path, journey: Journey, **changes: Any) -> Path:
    data = journey.model_dump(by_alias=True, exclude_none=True, mode="json")
    data.update(changes)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _worked(journey_id: str = "test-journey", **fields: Any) -> Journey:
    return make_journey(
        {"A": ["B"], "B": ["C", "END"], "C": ["A"]},
        probabilities={("B", "C"): 0.3},
        minutes={"A": 30, "C": 20},
        journey_id=journey_id,
        **fields,
    )


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def worked_file(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "worked.yaml", _worked(), annual_volume={"people": 600, "estimate": "t"}
    )


def test_json_output_has_the_exact_figures(runner: CliRunner, worked_file: Path) -> None:
    result = runner.invoke(main, ["score", str(worked_file), "--format", "json", "--samples", "0"])
    assert result.exit_code == 0, result.output
    cards = json.loads(result.stdout)
    assert len(cards) == 1
    assert cards[0]["time_tax"]["mean_minutes"] == pytest.approx(36 / 0.7)
    assert cards[0]["annual"]["hours"] == pytest.approx(600 * 36 / 0.7 / 60)


def test_seed_and_samples_reach_the_scorecard(runner: CliRunner, worked_file: Path) -> None:
    args = ["score", str(worked_file), "--format", "json", "--samples", "2000", "--seed", "5"]
    first = runner.invoke(main, args)
    second = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    tt = json.loads(first.stdout)[0]["time_tax"]
    assert (tt["samples"], tt["seed"]) == (2000, 5)


def test_wage_rate_values_the_hours(runner: CliRunner, worked_file: Path) -> None:
    result = runner.invoke(
        main, ["score", str(worked_file), "--format", "json", "--samples", "0", "--wage-rate", "30"]
    )
    annual = json.loads(result.stdout)[0]["annual"]
    assert annual["dollars"] == pytest.approx(annual["hours"] * 30)


def test_csv_summary_steps_and_friction_rows(runner: CliRunner, worked_file: Path) -> None:
    for kind, expected_rows in (("summary", 1), ("steps", 4)):
        result = runner.invoke(
            main, ["score", str(worked_file), "--format", "csv", "--samples", "0", "--rows", kind]
        )
        assert result.exit_code == 0, result.output
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert len(rows) == expected_rows
    summary = runner.invoke(main, ["score", str(worked_file), "--format", "csv", "--samples", "0"])
    row = next(csv.DictReader(io.StringIO(summary.stdout)))
    assert float(row["time_tax.mean_minutes"]) == pytest.approx(36 / 0.7)


def test_table_and_markdown_show_headline_metrics(runner: CliRunner, worked_file: Path) -> None:
    table = runner.invoke(main, ["score", str(worked_file), "--samples", "0"])
    assert table.exit_code == 0, table.output
    assert "Expected time tax" in table.stdout
    assert "51 min" in table.stdout  # 36 / 0.7 = 51.43 minutes, as every output reads it
    md = runner.invoke(main, ["score", str(worked_file), "--samples", "0", "--format", "markdown"])
    assert "| Expected time tax | 51 min |" in md.stdout


def test_folder_scores_every_journey(runner: CliRunner, tmp_path: Path) -> None:
    _write(tmp_path / "a.yaml", _worked("a"))
    _write(tmp_path / "b.yaml", _worked("b"))
    result = runner.invoke(main, ["score", str(tmp_path), "--format", "json", "--samples", "0"])
    assert result.exit_code == 0, result.output
    assert [c["journey_id"] for c in json.loads(result.stdout)] == ["a", "b"]


def test_fail_over_exits_1_naming_the_metric(runner: CliRunner, worked_file: Path) -> None:
    result = runner.invoke(
        main,
        [
            "score",
            str(worked_file),
            "--samples",
            "0",
            "--format",
            "json",
            "--fail-over",
            "time_tax.mean_minutes=50",
        ],
    )
    assert result.exit_code == 1
    assert "time_tax.mean_minutes" in result.stderr
    assert "over the allowed 50" in result.stderr
    ok = runner.invoke(
        main, ["score", str(worked_file), "--samples", "0", "--fail-over", "mean_minutes=60"]
    )
    assert ok.exit_code == 0, ok.output


def test_fail_over_on_a_higher_is_better_metric_fails_when_under(
    runner: CliRunner, worked_file: Path
) -> None:
    # No step pre-fills anything: prefill rate 0 (A asks for nothing either, so n/a → note).
    path = _write(worked_file.parent / "data.yaml", _worked(A={"data_requested": ["ssn"]}))
    result = runner.invoke(
        main, ["score", str(path), "--samples", "0", "--fail-over", "prefill_rate=0.5"]
    )
    assert result.exit_code == 1
    assert "prefill_rate = 0 is under the allowed 0.5" in result.stderr


@pytest.mark.parametrize(
    "bad", ["nonsense=1", "time_tax.mean_minutes", "mean_minutes=abc", "mean_minutes=inf"]
)
def test_bad_fail_over_is_a_usage_error(runner: CliRunner, worked_file: Path, bad: str) -> None:
    result = runner.invoke(main, ["score", str(worked_file), "--fail-over", bad])
    assert result.exit_code == 2
    assert "--fail-over" in result.stderr


def test_usage_errors_exit_2(runner: CliRunner, worked_file: Path) -> None:
    assert runner.invoke(main, ["score"]).exit_code == 2
    assert runner.invoke(main, ["score", str(worked_file), "--samples", "-1"]).exit_code == 2
    assert runner.invoke(main, ["score", str(worked_file), "--format", "xml"]).exit_code == 2


def test_missing_file_exits_1_without_traceback(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["score", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "nope.yaml" in result.stderr


def test_loop_with_no_way_out_exits_1_with_a_message(runner: CliRunner, tmp_path: Path) -> None:
    trapped = make_journey({"a": ["b", "end"], "b": ["c"], "c": ["b"]})
    path = _write(tmp_path / "trapped.yaml", trapped)
    result = runner.invoke(main, ["score", str(path), "--samples", "100"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "'b'" in result.stderr


def test_hostile_titles_are_escaped(runner: CliRunner, tmp_path: Path) -> None:
    hostile = "[bold red]x[/] | *y* <script>\x1b[2J"
    path = _write(tmp_path / "h.yaml", _worked(), title=hostile)
    table = runner.invoke(main, ["score", str(path), "--samples", "0"])
    assert table.exit_code == 0, table.output
    assert "\x1b" not in table.stdout
    assert "[bold red]x[/]" in table.stdout  # shown literally, not as markup
    md = runner.invoke(main, ["score", str(path), "--samples", "0", "--format", "markdown"])
    assert "<script>" not in md.stdout
    assert "\\| \\*y\\*" in md.stdout


def test_escaping_helpers() -> None:
    assert markdown_table_cell("a|b\nc") == "a\\|b c"
    assert markdown_table_cell("x\x1by") == "x y"
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_cell(-3.5) == -3.5


def test_no_progress_bar_when_piped(runner: CliRunner, worked_file: Path) -> None:
    result = runner.invoke(
        main, ["score", str(worked_file), "--samples", "60000", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def _future(journey_id: str = "test-journey.future") -> Journey:
    # C is gone: the journey ends after B.
    return make_journey({"A": ["B"], "B": []}, minutes={"A": 30}, journey_id=journey_id)


def test_compare_prints_deltas_and_hours_saved(runner: CliRunner, tmp_path: Path) -> None:
    before = _write(
        tmp_path / "now.yaml", _worked(), annual_volume={"people": 600, "estimate": "t"}
    )
    after = _write(tmp_path / "later.yaml", _future(), state="future", compares_to="test-journey")
    result = runner.invoke(
        main, ["compare", str(before), str(after), "--samples", "0", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    deltas = {m["name"]: m for m in data["metrics"]}
    assert deltas["time_tax.mean_minutes"]["delta"] == pytest.approx(30 - 36 / 0.7)
    assert data["steps_removed"] == ["C", "END"]
    assert data["annual_hours_saved"] == pytest.approx(600 * (36 / 0.7 - 30) / 60)
    table = runner.invoke(main, ["compare", str(before), str(after), "--samples", "0"])
    assert "Expected time tax" in table.stdout
    assert "better" in table.stdout
    assert "Steps removed: C, END" in table.stdout
    md = runner.invoke(
        main, ["compare", str(before), str(after), "--samples", "0", "--format", "markdown"]
    )
    # Before and after carry their unit; the change its sign and unit (30 - 51.43 min).
    assert "| Expected time tax | 51 min | 30 min | −21 min | better |" in md.stdout
    rows = list(
        csv.DictReader(
            io.StringIO(
                runner.invoke(
                    main, ["compare", str(before), str(after), "--samples", "0", "--format", "csv"]
                ).stdout
            )
        )
    )
    assert rows[0]["name"] == "time_tax.mean_minutes"


def test_compare_rejects_folders(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path / "a.yaml", _worked())
    result = runner.invoke(main, ["compare", str(tmp_path), str(path)])
    assert result.exit_code == 2


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_for_long_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    from lifeexp.cli.score import _progress

    fake = _Terminal()
    monkeypatch.setattr("sys.stderr", fake)
    with _progress(journeys=2, samples=50_000) as bar:
        assert bar is not None
        bar.advance(100_000)
    with _progress(journeys=25, samples=0) as per_journey:
        assert per_journey is not None  # many journeys, even without sampling
    with _progress(journeys=1, samples=10) as short:
        assert short is None  # short runs stay quiet
    monkeypatch.setattr("sys.stderr", io.StringIO())
    with _progress(journeys=2, samples=50_000) as piped:
        assert piped is None
