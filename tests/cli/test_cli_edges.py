"""Small command-line edges a new user trips over (issue 9, item 11): unrelated journeys
compared without a word, tables cut at 80 columns, a progress bar that names no journey."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from lifeexp.cli import score as score_cli

Cli = Callable[..., Result]
ROOT = Path(__file__).resolve().parents[2]
SHOCK = ROOT / "journeys" / "facing-a-financial-shock.yaml"
SHOCK_FUTURE = ROOT / "journeys" / "facing-a-financial-shock.future.yaml"
RETIREMENT = ROOT / "journeys" / "approaching-retirement.yaml"


def test_comparing_unrelated_journeys_warns_in_every_format(cli: Cli) -> None:
    for fmt in ("table", "json", "csv", "markdown"):
        result = cli("compare", SHOCK, RETIREMENT, "--samples", "0", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert (
            "warning: 'facing-a-financial-shock' and 'approaching-retirement' are different "
            in (result.stderr)
        )
        assert "share no step" in result.stderr
    as_json = cli("compare", SHOCK, RETIREMENT, "--samples", "0", "--format", "json")
    assert '"warnings": [' in as_json.stdout


def test_a_current_and_its_future_state_compare_without_a_warning(cli: Cli) -> None:
    result = cli("compare", SHOCK, SHOCK_FUTURE, "--samples", "0")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr


def test_tables_keep_whole_names_when_piped(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("score", SHOCK, "--samples", "0")
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    assert "medicaid-determination" in result.stdout
    assert "high_psychological_cost" in result.stdout
    compared = cli("compare", SHOCK, SHOCK_FUTURE, "--samples", "0")
    assert "…" not in compared.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_names_the_journey(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = _Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    with score_cli._progress(2, 60_000) as bar:
        assert bar is not None
        bar.start("approaching-retirement")
        bar.advance(10)
        description = bar._bar.tasks[0].description
    assert description == "scoring approaching-retirement (1/2), walks"
