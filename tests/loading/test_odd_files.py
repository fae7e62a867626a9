"""Odd paths: non-regular files are refused without blocking, and folder scans stay inside.

A FIFO given as a journey used to block forever and ``/dev/zero`` was called "too large
(0 bytes)"; a symbolic link in a scanned folder to a file elsewhere was read and its content
quoted in the diagnostics.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from lifeexp.checks import validate
from lifeexp.errors import JourneyLoadError, LifeexpError
from lifeexp.loading import expand_paths, load_journey, load_journeys

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "first-journey.yaml"
SECRET = "TOP-SECRET-VALUE-1234"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types")


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "journey.yaml"
    os.mkfifo(fifo)
    # In a child process with a timeout: a regression would block, not fail.
    done = subprocess.run(
        [sys.executable, "-m", "lifeexp", "validate", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "is a named pipe (FIFO), not a regular file" in done.stdout + done.stderr
    assert "LX001" in done.stdout + done.stderr


def test_a_device_is_refused_by_the_library() -> None:
    with pytest.raises(JourneyLoadError) as caught:
        load_journey("/dev/zero")
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "LX001"
    assert diagnostic.message == "is a device, not a regular file; give a YAML file"
    assert "too large" not in diagnostic.message


def test_a_fifo_in_a_folder_is_not_opened(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(EXAMPLE.read_bytes())
    os.mkfifo(tmp_path / "b.yaml")
    files, problems = expand_paths([tmp_path])
    assert [f.name for f in files] == ["a.yaml"]
    assert problems == []


@pytest.fixture(name="scan")
def _scan(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd.yaml").write_text(f"{SECRET}: x\n", encoding="utf-8")
    folder = tmp_path / "scan"
    folder.mkdir()
    (folder / "first.yaml").write_bytes(EXAMPLE.read_bytes())
    (folder / "evil.yaml").symlink_to(outside / "passwd.yaml")
    (folder / "inside.yml").symlink_to(folder / "first.yaml")  # stays in the folder: read
    return folder


def test_a_link_leaving_the_folder_is_skipped_and_its_content_never_shown(scan: Path) -> None:
    result = validate([scan])
    assert [j.id for j in result.journeys] == ["first-journey"]  # first.yaml (inside.yml = same)
    skipped = [d for d in result.diagnostics if d.code == "LX014"]
    assert [Path(d.path or "").name for d in skipped] == ["evil.yaml"]
    assert all(SECRET not in d.message and "passwd" not in d.format() for d in result.diagnostics)
    assert result.ok  # a warning: --strict makes it fail


def test_links_inside_the_folder_are_read(scan: Path) -> None:
    files, _ = expand_paths([scan])
    assert sorted(f.name for f in files) == ["first.yaml"]  # inside.yml is the same file
    (scan / "first.yaml").rename(scan / "real.yaml")
    (scan / "inside.yml").unlink()
    (scan / "inside.yml").symlink_to(scan / "real.yaml")
    (scan / "real.yaml").rename(scan / "real.txt")  # not YAML itself, but the link is
    (scan / "inside.yml").unlink()
    (scan / "inside.yml").symlink_to(scan / "real.txt")
    files, problems = expand_paths([scan])
    assert [f.name for f in files] == ["inside.yml"]
    assert [p.code for p in problems] == ["LX014"]


def test_follow_symlinks_reads_them(scan: Path) -> None:
    result = validate([scan], follow_symlinks=True)
    assert not [d for d in result.diagnostics if d.code == "LX014"]
    assert any(d.path and d.path.endswith("evil.yaml") for d in result.errors)
    with pytest.raises(LifeexpError, match="problems in 1 file"):
        load_journeys([scan], follow_symlinks=True)
    assert [j.id for j in load_journeys([scan])] == ["first-journey"]


def test_a_link_named_explicitly_is_read(scan: Path) -> None:
    result = validate([scan / "evil.yaml"])
    assert result.errors  # read, and it is not a journey


def test_cli_says_it_skipped_and_strict_fails(cli: Callable[..., Result], scan: Path) -> None:
    result = cli("score", scan, "--samples", "0", "--format", "json")
    assert result.exit_code == 0
    assert "evil.yaml: warning[LX014]" in result.output
    assert SECRET not in result.output
    strict = cli("validate", "--strict", scan)
    assert strict.exit_code == 1
    assert SECRET not in strict.output
    followed = cli("validate", "--follow-symlinks", scan)
    assert followed.exit_code == 1
    assert "evil.yaml:1:1" in followed.output


def test_a_folder_of_only_outside_links_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "only"
    folder.mkdir()
    (folder / "x.yaml").symlink_to(EXAMPLE)
    files, problems = expand_paths([folder])
    assert files == []
    assert [p.code for p in problems] == ["LX014", "LX011"]
