"""The report never removes or changes a file it did not write, on every replacement path.

Each test takes a snapshot of everything under ``tmp_path`` (every file's bytes, every link's
target, every folder) before the run and checks it afterwards: a refused run changes nothing
at all, a successful one changes only the report's own files, and no temporary folder is ever
left behind.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lifeexp.cli import main
from lifeexp.errors import ReportError
from lifeexp.report import MARKER_NAME, write_report
from lifeexp.report import _output as output
from lifeexp.report._output import check_target, staging_dir, write_manifest
from lifeexp.scoring import ScoringOptions
from lifeexp.testing import make_journey

ROOT = Path(__file__).resolve().parents[2]
JOURNEY = str(ROOT / "docs" / "examples" / "first-journey.yaml")
FAST = ScoringOptions(samples=0)


def snapshot(root: Path) -> dict[str, object]:
    """Every entry under ``root``: file bytes, link targets and folders, by relative path."""
    seen: dict[str, object] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                seen[rel] = ("link", str(path.readlink()))
            elif path.is_dir():
                seen[rel] = "folder"
            elif path.is_file():
                seen[rel] = path.read_bytes()
            else:  # a FIFO or socket: opening it could block
                seen[rel] = ("special", path.lstat().st_mode)
    return seen


def _report(out: Path) -> None:
    write_report([make_journey({"a": ["b"], "b": []}, journey_id="j")], out, options=FAST)


def _replace_with_a_new_report(target: Path, meanwhile: Path | None = None) -> None:
    """Stage a one-page report for ``target``; ``meanwhile`` is written by "the user" during."""
    with staging_dir(target) as folder:
        if meanwhile is not None:
            meanwhile.write_text("typed meanwhile", encoding="utf-8")
        (folder / "index.html").write_text("new", encoding="utf-8")
        write_manifest(folder, "0", [])


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["report", *args, "--samples", "0"])
    return result.exit_code, result.output


@pytest.fixture(name="earlier")
def _earlier(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    _report(out)
    return out


class TestRefusals:
    """Each case the run must refuse: exit 2 from the CLI, nothing under tmp_path changed."""

    def test_files_added_inside_an_earlier_report(self, earlier: Path, tmp_path: Path) -> None:
        (earlier / "notes.txt").write_text("my notes", encoding="utf-8")
        (earlier / "mydata").mkdir()
        (earlier / "mydata" / "keep.csv").write_text("a,b\n1,2\n", encoding="utf-8")
        before = snapshot(tmp_path)
        code, out = _cli(JOURNEY, "-o", str(earlier))
        assert code == 2, out
        assert "notes.txt" in out
        assert "mydata/keep.csv" in out
        assert "nothing was changed" in out
        assert snapshot(tmp_path) == before

    def test_an_empty_folder_added_inside_an_earlier_report(
        self, earlier: Path, tmp_path: Path
    ) -> None:
        (earlier / "journeys" / "drafts").mkdir()
        before = snapshot(tmp_path)
        assert _cli(JOURNEY, "-o", str(earlier))[0] == 2
        assert snapshot(tmp_path) == before

    def test_a_report_page_edited_since(self, earlier: Path, tmp_path: Path) -> None:
        with (earlier / "index.html").open("a", encoding="utf-8") as fh:
            fh.write("<!-- my edit -->")
        before = snapshot(tmp_path)
        code, out = _cli(JOURNEY, "-o", str(earlier))
        assert code == 2
        assert "changed since the report wrote them (index.html)" in out
        assert snapshot(tmp_path) == before

    def test_a_copied_or_forged_marker(self, tmp_path: Path) -> None:
        target = tmp_path / "thesis"
        (target / "important").mkdir(parents=True)
        (target / "important" / "thesis.tex").write_text("\\chapter{One}", encoding="utf-8")
        (target / MARKER_NAME).write_text('{"generator": "lifeexp"}', encoding="utf-8")
        before = snapshot(tmp_path)
        code, out = _cli(JOURNEY, "-o", str(target))
        assert code == 2
        assert "marker without a valid list" in out
        assert snapshot(tmp_path) == before

    def test_a_genuine_manifest_copied_beside_other_files(
        self, earlier: Path, tmp_path: Path
    ) -> None:
        target = tmp_path / "mine"
        target.mkdir()
        (target / MARKER_NAME).write_bytes((earlier / MARKER_NAME).read_bytes())
        (target / "thesis.tex").write_text("mine", encoding="utf-8")
        before = snapshot(tmp_path)
        assert _cli(JOURNEY, "-o", str(target))[0] == 2
        assert snapshot(tmp_path) == before

    def test_a_manifest_naming_files_outside_the_folder(self, tmp_path: Path) -> None:
        (tmp_path / "victim.txt").write_text("keep me", encoding="utf-8")
        target = tmp_path / "out"
        target.mkdir()
        manifest = {"generator": "lifeexp", "folders": [], "files": {"../victim.txt": "0"}}
        (target / MARKER_NAME).write_text(json.dumps(manifest), encoding="utf-8")
        before = snapshot(tmp_path)
        assert _cli(JOURNEY, "-o", str(target))[0] == 2
        assert snapshot(tmp_path) == before

    def test_a_marker_of_the_old_format(self, earlier: Path, tmp_path: Path) -> None:
        (earlier / MARKER_NAME).write_text(
            '{"generator": "lifeexp", "version": "0.1", "journeys": ["j"]}', encoding="utf-8"
        )
        before = snapshot(tmp_path)
        assert _cli(JOURNEY, "-o", str(earlier))[0] == 2
        assert snapshot(tmp_path) == before

    def test_symlink_to_an_empty_folder(self, tmp_path: Path) -> None:
        (tmp_path / "empty").mkdir()
        (tmp_path / "link").symlink_to(tmp_path / "empty", target_is_directory=True)
        before = snapshot(tmp_path)
        code, out = _cli(JOURNEY, "-o", str(tmp_path / "link"))
        assert code == 2
        assert "symbolic link" in out
        assert snapshot(tmp_path) == before  # link kept, no .link-empty.*.old left

    def test_symlink_to_an_earlier_report(self, earlier: Path, tmp_path: Path) -> None:
        (tmp_path / "link").symlink_to(earlier, target_is_directory=True)
        before = snapshot(tmp_path)
        assert _cli(JOURNEY, "-o", str(tmp_path / "link"))[0] == 2
        assert snapshot(tmp_path) == before

    def test_broken_symlink(self, tmp_path: Path) -> None:
        (tmp_path / "link").symlink_to(tmp_path / "nowhere")
        before = snapshot(tmp_path)
        assert _cli(JOURNEY, "-o", str(tmp_path / "link"))[0] == 2
        assert snapshot(tmp_path) == before

    def test_symlink_inside_an_earlier_report(self, earlier: Path, tmp_path: Path) -> None:
        outside = tmp_path / "outside"
        outside.mkdir()
        (outside / "data.csv").write_text("precious", encoding="utf-8")
        (earlier / "journeys" / "data").symlink_to(outside, target_is_directory=True)
        (earlier / "assets" / "report.css").unlink()
        (earlier / "assets" / "report.css").symlink_to(outside / "data.csv")
        before = snapshot(tmp_path)
        code, out = _cli(JOURNEY, "-o", str(earlier))
        assert code == 2
        assert "journeys/data" in out
        assert snapshot(tmp_path) == before

    def test_fifo_inside_an_earlier_report(self, earlier: Path, tmp_path: Path) -> None:
        os.mkfifo(earlier / "pipe")
        before = snapshot(tmp_path)
        assert _cli(JOURNEY, "-o", str(earlier))[0] == 2
        assert snapshot(tmp_path) == before

    def test_api_raises_before_any_work(self, earlier: Path) -> None:
        (earlier / "notes.txt").write_text("x", encoding="utf-8")
        with pytest.raises(ReportError, match="did not write"):
            _report(earlier)
        assert (earlier / "notes.txt").read_text(encoding="utf-8") == "x"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    added=st.lists(
        st.lists(
            st.sampled_from(["notes.txt", "journeys", "assets", "index.html", "x", "keep.csv"]),
            min_size=1,
            max_size=3,
        ),
        min_size=1,
        max_size=3,
    )
)
def test_any_file_added_to_a_report_is_never_lost(
    added: list[list[str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("prop")
    target = root / "out"
    target.mkdir()
    (target / "index.html").write_text("report", encoding="utf-8")
    (target / "journeys").mkdir()
    (target / "journeys" / "j.html").write_text("page", encoding="utf-8")
    write_manifest(target, "0", ["j"])
    genuine = snapshot(root)
    wrote_any = False
    for parts in added:
        path = target.joinpath(*parts)
        if path.exists() or any(p.is_file() for p in path.parents if p != target):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("user data " + "/".join(parts), encoding="utf-8")
        wrote_any = True
    before = snapshot(root)
    if not wrote_any:
        assert before == genuine
        return
    with pytest.raises(ReportError):
        _replace_with_a_new_report(target)
    assert snapshot(root) == before


class TestReplacement:
    def test_earlier_report_is_replaced_and_only_its_files_go(
        self, earlier: Path, tmp_path: Path
    ) -> None:
        (tmp_path / "beside.txt").write_text("beside", encoding="utf-8")
        old_manifest = json.loads((earlier / MARKER_NAME).read_text(encoding="utf-8"))
        code, out = _cli(JOURNEY, "-o", str(earlier))
        assert code == 0, out
        after = snapshot(tmp_path)
        assert after["beside.txt"] == b"beside"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["beside.txt", "out"]
        manifest = json.loads((earlier / MARKER_NAME).read_text(encoding="utf-8"))
        assert manifest["journeys"] == ["first-journey"]
        assert set(old_manifest["files"]) - set(manifest["files"]) == {
            "journeys/j.html",
            "journeys/j.map.png",
            "journeys/j.map.svg",
        }
        assert not (earlier / "journeys" / "j.html").exists()
        # Every file now in the folder is listed with its true hash, and nothing else is there.
        on_disk = {k for k, v in snapshot(earlier).items() if isinstance(v, bytes)}
        assert on_disk == set(manifest["files"]) | {MARKER_NAME}
        for name, digest in manifest["files"].items():
            assert output._sha256(earlier / name) == digest

    def test_empty_folder_is_used(self, tmp_path: Path) -> None:
        (tmp_path / "out").mkdir()
        assert _cli(JOURNEY, "-o", str(tmp_path / "out"))[0] == 0
        assert (tmp_path / "out" / "index.html").is_file()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]

    def test_a_file_added_while_the_report_is_built(self, earlier: Path, tmp_path: Path) -> None:
        with pytest.raises(ReportError, match=r"notes\.txt"):
            _replace_with_a_new_report(earlier, meanwhile=earlier / "notes.txt")
        assert (earlier / "notes.txt").read_text(encoding="utf-8") == "typed meanwhile"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]

    def test_a_file_slipping_in_during_the_swap_is_kept(self, tmp_path: Path) -> None:
        aside = tmp_path / "aside"
        aside.mkdir()
        (aside / "index.html").write_text("old", encoding="utf-8")
        write_manifest(aside, "0", [])
        manifest = output.read_manifest(aside)
        (aside / "late.txt").write_text("late", encoding="utf-8")
        with pytest.raises(ReportError, match="still holds files it did not write"):
            output._remove_by_manifest(aside, manifest)
        assert sorted(p.name for p in aside.iterdir()) == ["late.txt"]

    def test_failed_swap_puts_the_earlier_report_back(
        self, earlier: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        before = snapshot(tmp_path)
        real_rename = Path.rename

        def rename(self: Path, target: Path) -> Path:
            if self.name.endswith(".tmp"):
                raise OSError(28, "No space left on device")
            return real_rename(self, target)

        monkeypatch.setattr(Path, "rename", rename)
        with pytest.raises(OSError, match="No space"):
            _report(earlier)
        assert snapshot(tmp_path) == before


class TestInterrupts:
    def test_ctrl_c_while_writing_pages(
        self, earlier: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from lifeexp.report import _build

        before = snapshot(tmp_path)

        def interrupted(*args: object, **kwargs: object) -> None:
            folder = args[2]
            assert isinstance(folder, Path)
            (folder / "index.html").write_text("half", encoding="utf-8")
            raise KeyboardInterrupt

        monkeypatch.setattr(_build, "_render_site", interrupted)
        with pytest.raises(KeyboardInterrupt):
            _report(earlier)
        assert snapshot(tmp_path) == before

    @pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
    def test_sigterm_while_writing_pages(self, earlier: Path, tmp_path: Path) -> None:
        before = snapshot(tmp_path)
        script = textwrap.dedent(
            f"""
            import os, signal, sys
            from pathlib import Path
            from lifeexp.report._output import staging_dir
            with staging_dir(Path({str(earlier)!r})) as folder:
                (folder / "index.html").write_text("half", encoding="utf-8")
                os.kill(os.getpid(), signal.SIGTERM)
                sys.exit("SIGTERM was not delivered")
            """
        )
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=False
        )
        assert done.returncode == 128 + signal.SIGTERM, done.stderr
        assert snapshot(tmp_path) == before

    def test_check_target_on_missing_folder_touches_nothing(self, tmp_path: Path) -> None:
        check_target(tmp_path / "a" / "b")
        assert list(tmp_path.iterdir()) == []


class TestBigJourneys:
    def test_a_journey_too_big_to_draw_gets_the_handover_map_and_a_note(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from lifeexp.report import _build

        monkeypatch.setattr(_build, "MAX_MAP_STEPS", 3)
        steps = {f"s{i}": [f"s{i + 1}"] for i in range(5)}
        steps["s5"] = []
        journey = make_journey(steps, agencies={"s2": "SSA", "s3": "CMS"}, journey_id="big")
        write_report([journey], tmp_path / "out", options=FAST)
        page = (tmp_path / "out" / "journeys" / "big.html").read_text(encoding="utf-8")
        assert "This journey has 6 steps, more than the 3 the report draws" in page
        assert "Agency handover map of" in page
        assert "<svg" in page  # the summary map is drawn
        assert "Map as text" in page  # and the text map lists every step
        assert page.count("s5") >= 1

    def test_a_small_journey_gets_the_swimlane_map(self, tmp_path: Path) -> None:
        _report(tmp_path / "out")
        page = (tmp_path / "out" / "journeys" / "j.html").read_text(encoding="utf-8")
        assert "Swimlane map of" in page
        assert "the report draws as a swimlane map" not in page

    def test_the_report_map_keeps_lanes_straight_for_its_pinned_lane_names(
        self, tmp_path: Path
    ) -> None:
        from lifeexp.loading import load_journey

        journey = load_journey(
            Path(__file__).parents[2] / "journeys" / "approaching-retirement.yaml"
        )
        write_report([journey], tmp_path / "out", options=FAST)
        page = (tmp_path / "out" / "journeys" / f"{journey.id}.html").read_text(encoding="utf-8")
        assert "<title>lane:0</title>" in page  # the lane names the page pins while panning
        assert "<title>tag:" not in page  # no per-phase names: the lanes never step
