"""One scorecard through every output: the same figure reads the same everywhere.

The journey is built so the old formatters disagreed on it: 1,234.5 minutes was "21 h" on
the map, "20 h 34 min" in the report and "1,234 min" on the command line; a share of 0.256
was "26%" in one place and "25.6%" in another. Every output now uses
:mod:`lifeexp.formatting`, so each figure below must appear, spelt one way, in each output.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from lifeexp import formatting as fmt
from lifeexp.cli import main
from lifeexp.model import Journey
from lifeexp.rendering import to_dot, to_mermaid, to_text
from lifeexp.report import scorecards_markdown, write_report
from lifeexp.scoring import Scorecard, ScoringOptions, score
from lifeexp.testing import make_journey

EXACT = ScoringOptions(samples=0)
LONG_STEP = 1234.5  # minutes at "apply": 20.575 h
BRANCH = 0.256  # the share of people sent to "appeal"


@pytest.fixture(scope="module")
def journey() -> Journey:
    return make_journey(
        {"apply": ["appeal", "done"], "appeal": ["done"], "done": []},
        probabilities={("apply", "appeal"): BRANCH},
        minutes={"apply": LONG_STEP},
        agencies={"apply": "SSA", "appeal": "SSA", "done": "SSA"},
        journey_id="vocabulary",
    )


@pytest.fixture(scope="module")
def card(journey: Journey) -> Scorecard:
    return score(journey, EXACT)


def _visible(page: Path) -> str:
    raw = page.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", "", raw, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


@pytest.fixture(scope="module")
def outputs(
    journey: Journey, card: Scorecard, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("vocabulary")
    path = folder / "vocabulary.yaml"
    data = journey.model_dump(by_alias=True, exclude_none=True, mode="json")
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    runner = CliRunner()
    cli = {
        fmt_: runner.invoke(main, ["score", str(path), "--samples", "0", "--format", fmt_])
        for fmt_ in ("table", "markdown")
    }
    for result in cli.values():
        assert result.exit_code == 0, result.output
    write_report([journey], folder / "report", options=EXACT)
    return {
        "map (DOT)": to_dot(journey, scorecard=card),
        "map (Mermaid)": to_mermaid(journey, scorecard=card),
        "text map": to_text(journey, scorecard=card),
        "report page": _visible(folder / "report" / "journeys" / "vocabulary.html"),
        "CLI table": cli["table"].stdout,
        "CLI Markdown": cli["markdown"].stdout,
        "library Markdown": scorecards_markdown([card]),
    }


def test_the_hand_worked_figures(card: Scorecard) -> None:
    # The exact chain: everyone visits "apply" once, so the time tax is that step's burden.
    assert card.time_tax.mean_minutes == pytest.approx(LONG_STEP)
    assert fmt.minutes(LONG_STEP) == "21 h"
    assert fmt.share(BRANCH) == "26%"


@pytest.mark.parametrize(
    "name", ["map (DOT)", "map (Mermaid)", "text map", "report page", "CLI table"]
)
def test_a_step_burden_reads_the_same(outputs: dict[str, str], name: str) -> None:
    text = outputs[name]
    assert "21 h" in text, name
    # (The report's estimates table quotes the YAML input as written, "1,234.5 min"; that is
    # the source figure, not a computed one, so it is not in this list.)
    for other in ("20 h 34 min", "20 h 35 min", "1,234 min", "20.6 h", "20.58 h"):
        assert other not in text, (name, other)


@pytest.mark.parametrize("name", ["report page", "CLI table", "CLI Markdown", "library Markdown"])
def test_the_time_tax_reads_the_same(outputs: dict[str, str], name: str, card: Scorecard) -> None:
    shown = fmt.minutes(card.time_tax.mean_minutes)
    assert shown == "21 h"
    text = outputs[name]
    if "Markdown" in name:
        assert f"| Expected time tax | {shown} |" in text
    else:
        assert re.search(rf"(Expected time tax|Time tax per person)\W+{shown}", text), name


@pytest.mark.parametrize("name", ["map (DOT)", "map (Mermaid)", "text map"])
def test_a_branch_share_reads_the_same(outputs: dict[str, str], name: str) -> None:
    assert "26%" in outputs[name]
    assert "25.6%" not in outputs[name]


def test_friction_reasons_and_stakes_read_the_same(
    outputs: dict[str, str], card: Scorecard
) -> None:
    assert card.friction_points, "the long step should be a friction point"
    top = card.friction_points[0]
    stake = fmt.minutes(top.minutes_at_stake)
    for name in ("CLI table", "CLI Markdown", "report page"):
        assert stake in outputs[name], name
    # The reason is written once, by scoring, with the same formatter.
    assert top.reason in outputs["CLI Markdown"].replace("\\", "")
    assert html.unescape(top.reason) in outputs["report page"]


def test_the_cli_markdown_is_the_library_markdown(outputs: dict[str, str]) -> None:
    assert outputs["CLI Markdown"].strip() == outputs["library Markdown"].strip()
