"""Fixtures shared by the whole suite.

* ``ROOT``: the repository root.
* ``write_file``: write a text (dedented) or bytes file under ``tmp_path``.
* ``journey_data`` / ``journey_file``: a small, valid journey (as a dict, or written to YAML
  with overrides) that resolves against ``catalog_file``, a small catalog of its own, so tests
  do not depend on the bundled data.
* ``cli``: run the ``lifeexp`` command line in-process and return the click result.
* ``snapshot_dir``: a listing of a folder, to assert a failed command wrote nothing.
* ``clean_failure``: assert a command failed with the right exit code, a message and no
  traceback.
* ``golden``: ``golden(name, text)`` compares ``text`` with ``testdata/<name>`` next to the
  calling test file; ``pytest --update-golden`` rewrites every golden file of the suite
  (review the diff with ``git diff tests/``).

Feature areas keep their own fixtures in their sub-folder ``conftest.py``.
"""

from __future__ import annotations

import copy
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from lifeexp.cli import main

ROOT = Path(__file__).resolve().parents[1]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden files (tests/**/testdata) from the current output.",
    )


@pytest.fixture(name="golden")
def _golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    update = bool(request.config.getoption("--update-golden"))
    testdata = request.path.parent / "testdata"

    def check(name: str, text: str) -> None:
        path = testdata / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        assert path.exists(), f"{path} is missing; run `pytest --update-golden`"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, (
            f"{name} differs from the golden file {path}; if the change is intended run "
            "`pytest --update-golden` and review `git diff tests/`"
        )

    return check


settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.register_profile(
    "ci",
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
settings.load_profile("default")

FIXTURE_CATALOG: dict[str, Any] = {
    "agencies": [
        {"code": "SSA", "name": "Social Security Administration", "hisp": True},
        {"code": "CMS", "name": "Centers for Medicare & Medicaid Services", "hisp": True},
        {"code": "STATE-UI", "name": "State unemployment insurance agency", "kind": "state"},
    ],
    "forms": [
        {
            "id": "SSA-1",
            "title": "Application for Retirement Insurance Benefits",
            "agency": "SSA",
            "omb_control_number": "0960-0618",
            "minutes_per_response": 14.04,
            "minutes_basis": "derived",
            "minutes_note": "1,443,157 h × 60 ÷ 6,167,621 responses",
            "source": "https://omb.report/icr/202502-0960-015",
        },
        {
            "id": "CMS-40B",
            "title": "Application for Enrollment in Medicare Part B",
            "agency": "CMS",
            "omb_control_number": "0938-1230",
            "minutes_per_response": 15,
            "minutes_basis": "published",
            "source": "https://www.cms.gov/cms-40b",
        },
    ],
    "data_elements": [
        {"id": "ssn", "title": "Social Security number", "sensitivity": ["sensitive_pii"]},
        {"id": "full-name", "title": "Full name", "sensitivity": ["pii"]},
        {"id": "bank-account", "title": "Bank account", "sensitivity": ["financial"]},
    ],
    "documents": [{"id": "birth-certificate", "title": "Birth certificate"}],
    "channels": [{"id": "online", "title": "Online", "digital": True}],
}

JOURNEY: dict[str, Any] = {
    "id": "sample",
    "title": "Sample journey",
    "life_experience": "approaching-retirement",
    "start": "decide",
    "annual_volume": {"people": 1000, "source": "stats"},
    "phases": [{"id": "plan", "title": "Plan"}, {"id": "apply", "title": "Apply"}],
    "steps": [
        {
            "id": "decide",
            "title": "Decide when to claim",
            "phase": "plan",
            "agency": "person",
            "kind": "decision",
        },
        {
            "id": "apply-ssa",
            "title": "Apply for retirement benefits",
            "phase": "apply",
            "agency": "SSA",
            "channel": "online",
            "forms": ["SSA-1"],
            "data_requested": ["ssn", "full-name"],
            "burden": {"form": "SSA-1", "completing": 14.04},
        },
        {
            "id": "enrol-medicare",
            "title": "Enrol in Medicare Part B",
            "phase": "apply",
            "agency": "CMS",
            "channel": "mail",
            "forms": ["CMS-40B"],
            "data_requested": ["ssn"],
            "data_prefilled": ["ssn"],
            "burden": {"completing": [10, 15, 30], "estimate": "Reading and filling in the form"},
            "wait": {"days": [10, 30, 60], "estimate": "Mail processing"},
        },
        {"id": "done", "title": "Benefits start", "phase": "apply", "kind": "end"},
    ],
    "transitions": [
        {"from": "decide", "to": "apply-ssa"},
        {
            "from": "apply-ssa",
            "to": "enrol-medicare",
            "probability": 0.4,
            "handoff": "warm_referral",
            "source": "stats",
        },
        {"from": "apply-ssa", "to": "done", "probability": 0.6, "source": "stats"},
        {"from": "enrol-medicare", "to": "done"},
    ],
    "sources": [{"id": "stats", "title": "Annual Statistical Supplement", "url": "https://x.gov"}],
}


def dump_yaml(data: Any) -> str:
    """YAML text for test data (block style, key order kept)."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@pytest.fixture(name="write_file")
def _write_file(tmp_path: Path) -> Callable[..., Path]:
    """``write_file(content, name="journey.yaml")`` → path; str content is dedented."""

    def write(content: str | bytes, name: str = "journey.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture(name="journey_data")
def _journey_data() -> dict[str, Any]:
    """A fresh deep copy of the sample journey (clean against ``FIXTURE_CATALOG``)."""
    return copy.deepcopy(JOURNEY)


@pytest.fixture(name="catalog_file")
def _catalog_file(tmp_path: Path) -> Path:
    """The fixture catalog written as ``catalogs/test-catalog.yaml``."""
    path = tmp_path / "catalogs" / "test-catalog.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_yaml(FIXTURE_CATALOG), encoding="utf-8")
    return path


@pytest.fixture(name="journey_file")
def _journey_file(tmp_path: Path) -> Callable[..., Path]:
    """``journey_file(data=None, name="sample.yaml", **overrides)`` → path of a journey file."""

    def write(
        data: dict[str, Any] | None = None, name: str = "sample.yaml", **overrides: Any
    ) -> Path:
        body = copy.deepcopy(JOURNEY if data is None else data)
        body.update(overrides)
        path = tmp_path / "journeys" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_yaml(body), encoding="utf-8")
        return path

    return write


@pytest.fixture(name="cli")
def _cli() -> Callable[..., Result]:
    """``cli("validate", "x.yaml")`` runs lifeexp in-process; exceptions are not swallowed
    silently (the result keeps them for assertions)."""
    runner = CliRunner()

    def run(*args: str | Path, input: str | None = None) -> Result:
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=True)

    return run


@pytest.fixture(name="repo_root")
def _repo_root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(name="fixture_catalog")
def _fixture_catalog() -> dict[str, Any]:
    """A fresh copy of the fixture catalog's content."""
    return copy.deepcopy(FIXTURE_CATALOG)


@pytest.fixture(name="to_yaml")
def _to_yaml() -> Callable[[Any], str]:
    """``to_yaml(data)`` → YAML text."""
    return dump_yaml


def listing(folder: Path) -> list[tuple[str, int]]:
    """Every file under ``folder`` with its size, to show that nothing was written."""
    return sorted(
        (str(p.relative_to(folder)), p.stat().st_size) for p in folder.rglob("*") if p.is_file()
    )


@pytest.fixture(name="snapshot_dir")
def _snapshot_dir() -> Callable[[Path], list[tuple[str, int]]]:
    return listing


def assert_clean_failure(result: Result, code: int = 1, contains: Sequence[str] = ()) -> None:
    """The command failed with ``code``, without a traceback, and said what it must."""
    output = result.output  # stdout and stderr as the user sees them
    assert result.exit_code == code, output
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    for text in contains:
        assert text in output, f"{text!r} not in:\n{output}"


@pytest.fixture(name="clean_failure")
def _clean_failure() -> Callable[..., None]:
    """``clean_failure(result, code=1, contains=[...])``: see :func:`assert_clean_failure`."""
    return assert_clean_failure
