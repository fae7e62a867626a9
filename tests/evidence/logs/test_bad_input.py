"""Each bad input of issue 14 is a clear located error (exit 1, nothing written) or a counted
warning; never a traceback."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from tests.evidence.logs.conftest import HEADER, TINY_ROWS, write_log

from lifeexp.cli import main
from lifeexp.diagnostics import Diagnostic
from lifeexp.evidence import Calibration


def _run(tmp_path: Path, log: Path, journey: Path, *extra: str) -> tuple[Result, Path]:
    out = tmp_path / "out.calibration.yaml"
    args = ["calibrate", str(log), "--journey", str(journey), "-o", str(out), *extra]
    result = CliRunner().invoke(main, args)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result, out


def _fails(result: Result, out: Path, code: str) -> str:
    assert result.exit_code == 1, result.output
    assert not out.exists()
    assert f"error[{code}]" in result.output
    return result.output


def test_missing_column_lists_the_columns_found(tmp_path: Path, tiny_journey_file: Path) -> None:
    log = write_log(tmp_path / "l.csv", TINY_ROWS, HEADER.replace("case:concept:name", "case_id"))
    result, out = _run(tmp_path, log, tiny_journey_file)
    text = _fails(result, out, "LX902")
    assert "'case:concept:name'" in text
    assert "'case_id'" in text  # the columns found
    assert "--case" in text


def test_misnamed_column_option_suggests_the_close_one(
    tmp_path: Path, tiny_log: Path, tiny_journey_file: Path
) -> None:
    result, out = _run(tmp_path, tiny_log, tiny_journey_file, "--org", "org:resourse")
    text = _fails(result, out, "LX902")
    assert "did you mean 'org:resource'?" in text


def test_column_options_read_other_names(tmp_path: Path, tiny_journey_file: Path) -> None:
    header = "id,step,agency,began,ended\n"
    log = write_log(tmp_path / "l.csv", TINY_ROWS, header)
    result, out = _run(
        tmp_path, log, tiny_journey_file, "--case", "id", "--activity", "step", "--org",
        "agency", "--start-ts", "began", "--ts", "ended", "--min-cases", "1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert out.exists()


def test_unparsable_timestamp_is_located(tmp_path: Path, tiny_journey_file: Path) -> None:
    rows = list(TINY_ROWS)
    rows[3] = "c2,a,SSA,2024-03-01T00:00:00Z,yesterday"
    result, out = _run(tmp_path, write_log(tmp_path / "l.csv", rows), tiny_journey_file)
    text = _fails(result, out, "LX903")
    assert "l.csv:5:" in text  # header is line 1, the fourth row line 5


def test_naive_and_aware_times_mixed(tmp_path: Path, tiny_journey_file: Path) -> None:
    rows = list(TINY_ROWS)
    rows[6] = "c3,b,SSA,2025-01-02 10:20:00,2025-01-02 10:40:00"
    result, out = _run(tmp_path, write_log(tmp_path / "l.csv", rows), tiny_journey_file)
    text = _fails(result, out, "LX904")
    assert "l.csv:8:" in text


def test_start_after_completion(tmp_path: Path, tiny_journey_file: Path) -> None:
    rows = list(TINY_ROWS)
    rows[1] = "c1,b,SSA,2024-03-01T04:00:00Z,2024-03-01T03:00:00Z"
    result, out = _run(tmp_path, write_log(tmp_path / "l.csv", rows), tiny_journey_file)
    text = _fails(result, out, "LX905")
    assert "l.csv:3:" in text


def test_events_out_of_order_are_sorted_and_counted(
    tmp_path: Path, tiny_journey_file: Path
) -> None:
    rows = list(TINY_ROWS)
    rows[0], rows[2] = rows[2], rows[0]  # c1's c listed before its a
    log = write_log(tmp_path / "l.csv", rows)
    result, _out = _run(tmp_path, log, tiny_journey_file, "--min-cases", "1")
    assert result.exit_code == 0, result.output
    assert "warning[LX912]" in result.output
    # the figures do not depend on the order of rows in the file
    from lifeexp.evidence import calibrate
    from lifeexp.loading import load_journey

    journey = load_journey(tiny_journey_file)
    shuffled, _ = calibrate(log, journey, min_cases=1)
    ordered, _ = calibrate(write_log(tmp_path / "o.csv", TINY_ROWS), journey, min_cases=1)
    for part in ("transitions", "waits", "processing", "handover", "rework", "conformance"):
        assert getattr(shuffled, part) == getattr(ordered, part), part


def test_duplicate_events_are_counted_once(tmp_path: Path, tiny_journey_file: Path) -> None:
    rows = [*TINY_ROWS, TINY_ROWS[0], TINY_ROWS[0]]
    result, out = _run(
        tmp_path, write_log(tmp_path / "l.csv", rows), tiny_journey_file, "--min-cases", "1"
    )
    assert result.exit_code == 0, result.output
    assert "warning[LX913]: 2 duplicate event(s)" in result.output
    assert "count: 2\n" in out.read_text()  # a -> b still twice


@pytest.mark.parametrize("content", ["", HEADER])
def test_empty_log(tmp_path: Path, tiny_journey_file: Path, content: str) -> None:
    log = tmp_path / "l.csv"
    log.write_text(content)
    result, out = _run(tmp_path, log, tiny_journey_file)
    _fails(result, out, "LX906")


def test_no_activity_maps(tmp_path: Path, tiny_journey_file: Path) -> None:
    rows = [r.replace(",a,", ",x,").replace(",b,", ",y,").replace(",c,", ",z,") for r in TINY_ROWS]
    result, out = _run(tmp_path, write_log(tmp_path / "l.csv", rows), tiny_journey_file)
    text = _fails(result, out, "LX907")
    assert "--map" in text


def test_truncated_xes(tmp_path: Path, tiny_journey_file: Path) -> None:
    from lifeexp.evidence import simulate_log
    from lifeexp.loading import load_journey

    full = simulate_log(load_journey(tiny_journey_file), tmp_path / "l.xes", cases=20).path
    cut = tmp_path / "cut.xes"
    cut.write_bytes(full.read_bytes()[:-400])
    result, out = _run(tmp_path, cut, tiny_journey_file)
    text = _fails(result, out, "LX901")
    assert "cut.xes:" in text
    assert "cut off" in text
    gz = tmp_path / "cut.xes.gz"
    gz.write_bytes(gzip.compress(full.read_bytes())[:-60])
    result, out = _run(tmp_path, gz, tiny_journey_file)
    _fails(result, out, "LX901")


def test_truncated_parquet(tmp_path: Path, tiny_journey_file: Path) -> None:
    from lifeexp.evidence import simulate_log
    from lifeexp.loading import load_journey

    full = simulate_log(load_journey(tiny_journey_file), tmp_path / "l.parquet", cases=50).path
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(full.read_bytes()[:-100])
    result, out = _run(tmp_path, cut, tiny_journey_file)
    text = _fails(result, out, "LX901")
    assert "Parquet" in text


def test_missing_and_unknown_files(tmp_path: Path, tiny_journey_file: Path) -> None:
    result, out = _run(tmp_path, tmp_path / "nope.csv", tiny_journey_file)
    _fails(result, out, "LX901")
    odd = tmp_path / "log.json"
    odd.write_text("{}")
    result, out = _run(tmp_path, odd, tiny_journey_file)
    assert "did" not in _fails(result, out, "LX901")


def test_mapping_to_unknown_step_suggests_the_close_one(
    tmp_path: Path, tiny_log: Path, tiny_journey_file: Path
) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("activities:\n  a: a\n  b: bb\n  c: c\n")
    result, out = _run(tmp_path, tiny_log, tiny_journey_file, "--map", str(mapping))
    text = _fails(result, out, "LX921")
    assert "map.yaml:3:" in text
    assert "did you mean 'b'?" in text


def test_mapping_file_format_errors_are_located(
    tmp_path: Path, tiny_log: Path, tiny_journey_file: Path
) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("activites:\n  a: a\nactivities:\n  're:(': a\n")
    result, out = _run(tmp_path, tiny_log, tiny_journey_file, "--map", str(mapping))
    text = _fails(result, out, "LX923")
    assert "map.yaml:1:" in text
    assert "did you mean 'activities'?" in text
    assert "map.yaml:4:" in text  # the bad regular expression


def test_missing_engine_is_exit_3(
    tmp_path: Path, tiny_log: Path, tiny_journey_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "duckdb", None)
    result, out = _run(tmp_path, tiny_log, tiny_journey_file)
    assert result.exit_code == 3
    assert "pip install 'lifeexp[logs]'" in result.output
    assert not out.exists()


def test_mapping_to_unknown_agency_suggests_the_close_one(
    tmp_path: Path, tiny_log: Path, tiny_journey_file: Path
) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("activities:\n  a: a\n  b: b\n  c: c\norganisations:\n  SSA: SSAA\n")
    result, out = _run(tmp_path, tiny_log, tiny_journey_file, "--map", str(mapping))
    text = _fails(result, out, "LX922")
    assert "map.yaml:6:" in text
    assert "did you mean 'SSA'?" in text


def test_bad_memory_limit_is_a_plain_error(
    tmp_path: Path, tiny_log: Path, tiny_journey_file: Path
) -> None:
    result, out = _run(tmp_path, tiny_log, tiny_journey_file, "--memory-limit", "lots")
    assert result.exit_code == 1
    assert "DuckDB cannot start" in result.output
    assert "Error:" not in result.output.split("start with these settings:")[0]
    assert not out.exists()


def _calibrated(
    tmp_path: Path, journey: Path, rows: list[str], activities: dict[str, str | None] | None
) -> tuple[Calibration, list[Diagnostic]]:
    from lifeexp.evidence import LogMapping, calibrate
    from lifeexp.loading import load_journey

    log = write_log(tmp_path / f"log{len(rows)}.csv", rows)
    used = LogMapping.from_dict(activities) if activities is not None else None
    return calibrate(log, load_journey(journey), mapping=used, min_cases=1)


def _codes(warnings: list[Diagnostic]) -> list[str]:
    return [w.code for w in warnings]


def test_events_at_the_same_times_are_not_duplicates(
    tmp_path: Path, tiny_journey_file: Path
) -> None:
    # c2's c shares a's start and completion: two different events, neither left out
    rows = [*TINY_ROWS[:4], "c2,c,CMS,2024-03-01T00:00:00Z,2024-03-01T00:30:00Z"]
    cal, warnings = _calibrated(tmp_path, tiny_journey_file, rows, None)
    assert "LX913" not in _codes(warnings)
    (ac,) = [t for t in cal.transitions if t.from_ == "a" and t.to == "c"]
    assert ac.count == 1


def test_duplicates_between_events_at_the_same_times_are_found(
    tmp_path: Path, tiny_journey_file: Path
) -> None:
    # a copy of c2's a with c2's c in between (all three at the same times, file order a c a)
    same = "2024-03-01T00:00:00Z,2024-03-01T00:30:00Z"
    rows = [*TINY_ROWS[:3], f"c2,a,SSA,{same}", f"c2,c,CMS,{same}", f"c2,a,SSA,{same}"]
    cal, warnings = _calibrated(tmp_path, tiny_journey_file, rows, None)
    assert _codes(warnings).count("LX913") == 1
    (ac,) = [t for t in cal.transitions if t.from_ == "a" and t.to == "c"]
    assert ac.count == 1  # a -> c once; no c -> a from the copy
    assert not [t for t in cal.transitions if t.from_ == "c" and t.to == "a"]


def test_duplicates_of_an_activity_the_mapping_leaves_out_reach_no_figure(
    tmp_path: Path, tiny_journey_file: Path
) -> None:
    # an ignored activity's copy (at the same times as c1's b) reaches no figure and is not
    # counted; a copy of b itself is
    letter = "c1,print-letter,SSA,2024-03-01T02:00:00Z,2024-03-01T03:00:00Z"
    mapping: dict[str, str | None] = {"a": "a", "b": "b", "c": "c", "print-letter": None}
    rows = [*TINY_ROWS, letter, letter]
    cal, warnings = _calibrated(tmp_path, tiny_journey_file, rows, mapping)
    assert "LX913" not in _codes(warnings)
    (ignored,) = cal.conformance.ignored_activities
    assert (ignored.activity, ignored.events) == ("print-letter", 2)
    cal, warnings = _calibrated(tmp_path, tiny_journey_file, [*rows, TINY_ROWS[1]], mapping)
    assert [w.message.split(" ")[0] for w in warnings if w.code == "LX913"] == ["1"]


def test_duplicates_with_several_activities_per_step(
    tmp_path: Path, tiny_journey_file: Path
) -> None:
    # "b-start" and "b" both map to b: consecutive b events are one visit; a copy is dropped
    rows = [*TINY_ROWS, "c1,b-start,SSA,2024-03-01T01:30:00Z,2024-03-01T02:00:00Z"]
    rows.append(rows[-1])
    mapping: dict[str, str | None] = {"a": "a", "b": "b", "b-start": "b", "c": "c"}
    cal, warnings = _calibrated(tmp_path, tiny_journey_file, rows, mapping)
    assert _codes(warnings).count("LX913") == 1
    (ab,) = [t for t in cal.transitions if t.from_ == "a" and t.to == "b"]
    assert ab.count == 2
    assert not [t for t in cal.transitions if t.from_ == "b" and t.to == "b" and t.count == 2]
