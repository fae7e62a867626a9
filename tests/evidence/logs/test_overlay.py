"""The overlay: score, compare, render and report take it; the journey file never changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lifeexp.cli import main
from lifeexp.evidence import (
    EvidenceError,
    apply_calibration,
    calibrate,
    load_calibration,
    proposed_changes,
)
from lifeexp.model import Journey


@pytest.fixture
def overlay(tmp_path: Path, tiny_log: Path, tiny_journey_file: Path) -> Path:
    out = tmp_path / "tiny.calibration.yaml"
    before = tiny_journey_file.read_bytes()
    result = CliRunner().invoke(
        main,
        ["calibrate", str(tiny_log), "--journey", str(tiny_journey_file), "--min-cases", "1",
         "-o", str(out), "--diff"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert tiny_journey_file.read_bytes() == before  # never rewritten
    assert "-0.5000\n+0.6667" in result.output  # a -> b: designed 0.5, measured 2/3
    return out


def test_case_ids_are_never_written(overlay: Path) -> None:
    text = overlay.read_text()
    assert all(case not in text for case in ("c1", "c2", "c3"))


def test_apply_replaces_probabilities_with_provenance(overlay: Path, tiny_journey: Journey) -> None:
    cal = load_calibration(overlay)
    j = apply_calibration(tiny_journey, cal)
    probs = {(t.from_, t.to): (t.probability, t.source) for t in j.transitions}
    assert probs[("a", "b")] == (pytest.approx(2 / 3), cal.source_id)
    assert probs[("a", "c")] == (pytest.approx(1 / 3), cal.source_id)
    # b -> b is not in the journey (reported under conformance); along the journey's own
    # transitions b always goes to c
    assert probs[("b", "c")] == (1.0, cal.source_id)
    (source,) = [s for s in j.sources if s.id == cal.source_id]
    assert cal.provenance.sha256[:12] in source.title
    assert "3 cases" in source.title
    assert "duckdb" in source.title
    assert "tiny" in proposed_changes(tiny_journey, cal)


def test_score_compare_render_report_take_the_overlay(
    overlay: Path, tiny_journey_file: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    plain = runner.invoke(main, ["score", str(tiny_journey_file), "--format", "json"])
    laid = runner.invoke(
        main, ["score", str(tiny_journey_file), "--overlay", str(overlay), "--format", "json"]
    )
    assert plain.exit_code == laid.exit_code == 0, laid.output
    assert plain.output != laid.output
    after = tmp_path / "after" / "tiny.yaml"
    after.parent.mkdir()
    after.write_text(tiny_journey_file.read_text().replace("id: tiny\n", "id: tiny-2\n", 1))
    cmp = runner.invoke(
        main, ["compare", str(tiny_journey_file), str(after), "--overlay", str(overlay)]
    )
    assert cmp.exit_code == 0, cmp.output
    text = runner.invoke(
        main, ["render", str(tiny_journey_file), "--overlay", str(overlay), "-f", "text"]
    )
    assert text.exit_code == 0, text.output
    report = runner.invoke(
        main,
        ["report", str(tiny_journey_file), "--overlay", str(overlay), "-o", str(tmp_path / "r"),
         "--samples", "100"],
    )  # fmt: skip
    assert report.exit_code == 0, report.output
    page = next((tmp_path / "r" / "journeys").glob("*.html")).read_text()
    assert "calibration-" in page  # the calibration is a cited source
    assert 'href="#measured"' in page
    assert 'id="measured"' in page


def _table(page: str, key: str) -> list[list[str]]:
    """The rows (cells as text) of a "measured against designed" table."""
    import html
    import re

    start = page.index(f'id="cap-measured-{key}"')
    body = page[start : page.index("</table>", start)]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)[1:]  # after the heading row
    return [
        [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(
            r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in rows
    ]  # fmt: skip


def _row(rows: list[list[str]], *first: str) -> list[str]:
    (row,) = [r for r in rows if r[: len(first)] == list(first)]
    return row


def test_report_shows_measured_against_designed(
    overlay: Path, tiny_journey: Journey, tmp_path: Path
) -> None:
    from lifeexp.evidence import wilson_interval
    from lifeexp.report import write_report
    from lifeexp.scoring import ScoringOptions

    cal = load_calibration(overlay)
    index = write_report(
        [tiny_journey], tmp_path / "r", options=ScoringOptions(samples=0), calibrations=[cal]
    )
    page = (index.parent / "journeys" / "tiny.html").read_text(encoding="utf-8")
    assert 'href="#measured"' in page
    moves = _table(page, "transitions")
    # a -> b: designed 0.5; measured 2 of 3 moves out of a; Wilson 95 % interval of 2/3
    lo, hi = (f"{x:.3f}".rstrip("0") for x in wilson_interval(2, 3))
    assert _row(moves, "a", "b") == ["a", "b", "0.5", "0.667", f"{lo}–{hi}", "2", "3", ""]
    # b -> b is in the log, not in the journey: flagged in words, not by colour alone
    assert _row(moves, "b", "b")[-1] == "not in the journey"
    assert 'class="flagged"' in page
    # waits after a: 60, 10 and 0 minutes, mean 23.3 min = 0.016 days (two decimals)
    assert _row(_table(page, "waits"), "a")[3] == "0.02 days"
    # processing at a: 60, 30 and 10 minutes, mean 33 minutes, 3 instances
    assert _row(_table(page, "processing"), "a")[2:] == ["33 min", "3"]
    section = page[page.index('<section id="measured"') :]
    section = section[: section.index("</section>")]
    assert "3 cases" in section  # provenance: the cases behind the figures
    assert "Moves in the log the journey does not have: b → b (1)." in section


def test_report_marks_suppressed_figures_and_refuses_a_stray_calibration(
    tiny_log: Path, tiny_journey: Journey, tmp_path: Path
) -> None:
    from lifeexp.errors import ReportError
    from lifeexp.report import write_report
    from lifeexp.scoring import ScoringOptions

    cal, _ = calibrate(tiny_log, tiny_journey)  # 3 cases, k = 11: every figure suppressed
    index = write_report(
        [tiny_journey], tmp_path / "r", options=ScoringOptions(samples=0), calibrations=[cal]
    )
    page = (index.parent / "journeys" / "tiny.html").read_text(encoding="utf-8")
    assert _row(_table(page, "transitions"), "a", "b")[:4] == [
        "a", "b", "0.5", "suppressed (< 11 cases)"
    ]  # fmt: skip
    assert 'class="suppressed"' in page
    other = tiny_journey.model_copy(update={"id": "other"})
    with pytest.raises(ReportError, match="not reported"):
        write_report([other], tmp_path / "r2", calibrations=[cal])
    assert not (tmp_path / "r2").exists()


def test_a_calibration_for_another_journey_is_refused(
    overlay: Path, tmp_path: Path, tiny_journey: Journey
) -> None:
    other = tiny_journey.model_copy(update={"id": "other"})
    with pytest.raises(EvidenceError, match="is for journey 'tiny'"):
        apply_calibration(other, load_calibration(overlay))
    bad = tmp_path / "bad.calibration.yaml"
    bad.write_text("journey: tiny\nprovenance: 3\n")
    result = CliRunner().invoke(main, ["score", str(tmp_path / "x.yaml"), "--overlay", str(bad)])
    assert result.exit_code != 0


def test_bad_calibration_file_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "bad.calibration.yaml"
    bad.write_text("journey: tiny\nprovenance: 3\n")
    with pytest.raises(EvidenceError) as info:
        load_calibration(bad)
    assert any(d.line == 2 for d in info.value.diagnostics)


def test_fail_under_fitness(tmp_path: Path, tiny_log: Path, tiny_journey_file: Path) -> None:
    args = ["calibrate", str(tiny_log), "--journey", str(tiny_journey_file), "--min-cases", "1"]
    assert CliRunner().invoke(main, [*args, "--fail-under-fitness", "0.6"]).exit_code == 0
    failed = CliRunner().invoke(main, [*args, "--fail-under-fitness", "0.9"])
    assert failed.exit_code == 1
    assert "under --fail-under-fitness" in failed.output


def test_small_cells_are_suppressed_and_marked(tiny_log: Path, tiny_journey: Journey) -> None:
    cal, _ = calibrate(tiny_log, tiny_journey)  # k = 11 > 3 cases: everything suppressed
    assert all(t.suppressed and t.count is None for t in cal.transitions)
    assert all(w.suppressed and w.quantiles is None for w in cal.waits)
    assert all(h.suppressed for h in cal.handover)
    assert cal.privacy.min_cases == 11
    assert cal.privacy.suppressed > 0
    # nothing suppressed can be laid over the journey
    assert apply_calibration(tiny_journey, cal).transitions[0].source is None


def test_complementary_suppression(tiny_log: Path, tiny_journey: Journey) -> None:
    # k = 2: a -> c comes from one case only; a -> b (2 cases) must go too, or 3 - 2 gives it
    cal, _ = calibrate(tiny_log, tiny_journey, min_cases=2)
    cells = {(t.from_, t.to): t.suppressed for t in cal.transitions}
    assert cells[("a", "c")] is True
    assert cells[("a", "b")] is True
    assert cells[("c", "(end)")] is False


def test_markdown_shows_measured_against_designed_escaped(
    tmp_path: Path, tiny_journey_file: Path
) -> None:
    from tests.evidence.logs.conftest import TINY_ROWS, write_log

    rows = [*TINY_ROWS, "c1,x|y,SSA,2024-03-01T05:00:00Z,2024-03-01T05:00:00Z"]
    log = write_log(tmp_path / "l.csv", rows)
    result = CliRunner().invoke(
        main,
        ["calibrate", str(log), "--journey", str(tiny_journey_file), "--min-cases", "1",
         "--format", "markdown"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "| b | c | 1 | 0.667 |" in result.output
    assert "designed outside the interval" in result.output
    assert "| b | b | – | 0.333 |" in result.output
    assert "not in the journey" in result.output
    assert "x\\|y (1 events)" in result.output  # a pipe in a name cannot break the table


def test_calibrations_are_laid_over_the_journeys_they_name(
    overlay: Path, tiny_journey: Journey
) -> None:
    from lifeexp.evidence import apply_calibrations

    cal = load_calibration(overlay)
    other = tiny_journey.model_copy(update={"id": "other"})
    laid, untouched = apply_calibrations([tiny_journey, other], [cal])
    assert {t.source for t in laid.transitions} == {cal.source_id}
    assert untouched is other
    with pytest.raises(EvidenceError, match="not among the journeys given \\('other'\\)"):
        apply_calibrations([other], [cal])
    with pytest.raises(EvidenceError, match="two calibrations are for journey 'tiny'"):
        apply_calibrations([tiny_journey], [cal, cal])
