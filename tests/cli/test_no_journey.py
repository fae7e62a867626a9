"""A command given no journey is a usage error, so a CI gate on the wrong folder fails.

``lifeexp score catalogs/ --fail-over ...`` used to exit 0 with empty output and
``lifeexp render catalogs/agencies.yaml -f dot`` to exit 0 writing nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "catalogs"


@pytest.mark.parametrize(
    "args",
    [
        ["score", str(CATALOGS), "--fail-over", "time_tax.mean_minutes=1"],
        ["score", str(CATALOGS / "agencies.yaml"), "--format", "json"],
        ["render", str(CATALOGS / "agencies.yaml"), "-f", "dot"],
        ["render", str(CATALOGS), "-f", "text"],
    ],
)
def test_catalogs_instead_of_journeys_exit_2_saying_what_was_found(
    cli: Callable[..., Result], args: list[str]
) -> None:
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert "no journey to work on" in result.output
    assert "agencies.yaml" in result.output
    assert "catalog file" in result.output
    assert "Traceback" not in result.output


def test_report_on_catalogs_exits_2_and_writes_nothing(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    result = cli("report", CATALOGS, "-o", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "no journey to work on" in result.output
    assert not (tmp_path / "out").exists()


def test_compare_with_a_catalog_file_exits_2(cli: Callable[..., Result]) -> None:
    journey = ROOT / "journeys" / "approaching-retirement.yaml"
    result = cli("compare", journey, CATALOGS / "agencies.yaml")
    assert result.exit_code == 2, result.output
    assert "compare needs two journeys" in result.output
    assert "hold 1" in result.output


def test_a_journey_beside_catalogs_still_works(cli: Callable[..., Result]) -> None:
    journey = ROOT / "docs" / "examples" / "first-journey.yaml"
    result = cli("render", journey, CATALOGS / "agencies.yaml", "-f", "text")
    assert result.exit_code == 0, result.output
