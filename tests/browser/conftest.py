"""Fixtures for the browser tests: a real report and a real headless Chromium.

The tests drive Debian's ``chromium`` through Playwright (``executable_path``, so Playwright
never downloads a browser of its own). When Chromium or Playwright is missing they are skipped
with the reason on a developer's machine, but under ``CI=true`` a missing browser is a
failure: CI installs it, so a skip there would hide a broken report.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# A journey whose every string tries to break out of HTML, SVG or a URL.
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>&amp;'


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session", name="chromium_path")
def _chromium_path() -> str:
    path = _chromium()
    if path is None:
        _unavailable("chromium is not installed (apt-get install chromium chromium-driver)")
    assert path is not None
    return path


@pytest.fixture(scope="session", name="browser")
def _browser(chromium_path: str) -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _hostile_journey() -> Any:
    from lifeexp.testing import make_journey

    base = make_journey(
        {"start": ["fill"], "fill": ["done"], "done": []},
        minutes={"start": 10, "fill": 45},
        agencies={"fill": "SSA"},
        journey_id="hostile",
        fill={
            "pain_points": [{"text": HOSTILE, "source": "javascript:window.__pwned=3"}],
            "channel": "online",
        },
    )
    data = base.model_dump(by_alias=True, exclude_none=True)
    data["title"] = f"Hostile {HOSTILE}"
    data["description"] = HOSTILE
    data["steps"][1]["title"] = f"Fill {HOSTILE}"
    data["sources"] = [{"id": "evil", "title": HOSTILE, "url": "javascript:window.__pwned=4"}]
    return type(base).model_validate(data)


def _calibration(folder: Path) -> Any:
    """A calibration of the retirement journey from a simulated log whose file name tries to
    break out of HTML (the name is shown as the figures' provenance)."""
    from lifeexp.evidence import calibrate, simulate_log
    from lifeexp.loading import load_journey

    journey = load_journey(ROOT / "journeys" / "approaching-retirement.yaml")
    log = simulate_log(journey, folder / "claims <b>x<i>.parquet", cases=400, seed=3).path
    calibration, _warnings = calibrate(log, journey)
    return calibration


@pytest.fixture(scope="session", name="report_dir")
def _report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of every bundled journey plus one hostile journey, built once; the
    retirement journey is laid over with an event-log calibration."""
    from lifeexp.report import write_report

    out = tmp_path_factory.mktemp("browser") / "report"
    journeys: list[Any] = sorted((ROOT / "journeys").glob("*.yaml"))
    journeys.append(_hostile_journey())
    calibrations = [_calibration(out.parent)]
    write_report(journeys, out, title="Browser test report", calibrations=calibrations)
    return out


@pytest.fixture(scope="session", name="pages")
def _pages(report_dir: Path) -> list[Path]:
    return [report_dir / "index.html", *sorted((report_dir / "journeys").glob("*.html"))]
