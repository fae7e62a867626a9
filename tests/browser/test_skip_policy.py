"""Without Chromium the browser tests skip on a laptop but fail under CI.

Each case runs pytest on one browser test in a subprocess whose ``PATH`` holds only the Python
interpreter's folder, so no ``chromium`` can be found.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Runs the browser tests (which then skip or fail for want of Chromium): deselected with them.
pytestmark = pytest.mark.browser


def _run_without_chromium(ci: str | None) -> subprocess.CompletedProcess[str]:
    # The inner run checks one skip, not the suite: CI's PYTEST_ADDOPTS (the coverage gate)
    # would fail it on the coverage of a single test.
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "PYTEST_ADDOPTS"}}
    env["PATH"] = str(Path(sys.executable).parent)
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            "tests/browser/test_report_in_browser.py::test_pages_work_without_javascript",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.skipif(
    Path(sys.executable).parent.joinpath("chromium").exists(), reason="chromium next to python"
)
class TestSkipPolicy:
    def test_skips_with_the_reason_outside_ci(self) -> None:
        done = _run_without_chromium(None)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "1 skipped" in done.stdout
        assert "chromium is not installed" in done.stdout

    def test_fails_under_ci(self) -> None:
        done = _run_without_chromium("true")
        assert done.returncode == 1, done.stdout + done.stderr
        assert "browser tests cannot run under CI: chromium is not installed" in done.stdout
