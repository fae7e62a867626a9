"""Mermaid exports: content, a line-by-line grammar check, and the real Mermaid parser.

The real parser runs when Node.js and the test-only packages are installed
(``npm install --prefix tests/rendering/mermaid``); otherwise that test skips and the grammar
check still runs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lifeexp.loading import load_journey
from lifeexp.model import Journey
from lifeexp.rendering import RenderOptions, to_mermaid, to_text
from lifeexp.testing import make_journey

from .conftest import FakeScorecard

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "journeys").glob("*.yaml"))
CHECKER = Path(__file__).parent / "mermaid"

_LABEL = r'"(?:[^"<>`]|<br/>)*"'
FLOWCHART_LINE = re.compile(
    r"^(?:flowchart TB"
    r"|  accTitle: (?:(?!%%)[^<>\n])*|  accDescr: (?:(?!%%)[^<>\n])*"
    rf"|  subgraph lane\d+\[{_LABEL}\]"
    r"|    direction LR"
    rf"|    s\d+(?:\({_LABEL}\)|\{{\{{{_LABEL}\}}\}}|\[/{_LABEL}/\]|\[{_LABEL}\]|\(\[{_LABEL}\]\))"
    rf"|    c\d+[ab]>{_LABEL}\]"
    r"|  end"
    rf"|  (?:s\d+|c\d+b) (?:-->|==>|-\.->)(?:\|{_LABEL}\|)? (?:s\d+|c\d+a)"
    r"|  lane0(?: ~~~ lane\d+)+"
    r"|  classDef friction[1-4] fill:#[0-9a-f]{6},color:#[0-9a-f]{6}"
    r"|  class s\d+(?:,s\d+)* friction[1-4]"
    r"|  linkStyle \d+ stroke:#[0-9a-f]{6}(?:,stroke-width:3px)?)$"
)
JOURNEY_LINE = re.compile(
    r"^(?:journey"
    # The acc lines run to the end of the line (Mermaid's own parser keeps : , ; # in them);
    # only a %% directive or a tag could break them.
    r"|  title [^#;\n]+|  accTitle: (?:(?!%%)[^<>\n])+|  accDescr: (?:(?!%%)[^<>\n])+"
    r"|  section [^#:;\n]+"
    r"|    [^#:;\n]+: [1-5]: [^#:;,\n]+)$"
)


def assert_flowchart_grammar(text: str) -> None:
    for line in text.rstrip("\n").split("\n"):
        assert FLOWCHART_LINE.match(line), f"not valid flowchart syntax: {line!r}"
    assert text.count("  subgraph ") == text.count("\n  end")


def assert_journey_grammar(text: str) -> None:
    for line in text.rstrip("\n").split("\n"):
        assert JOURNEY_LINE.match(line), f"not valid journey syntax: {line!r}"


def test_flowchart_has_one_subgraph_per_lane_and_every_step(sample_journey: Journey) -> None:
    text = to_mermaid(sample_journey)
    assert_flowchart_grammar(text)
    subgraphs = re.findall(r'subgraph lane\d+\["([^"]*)"\]', text)
    assert subgraphs == ["Person", "OPM", "SSA", "CMS"]
    for i, step in enumerate(sample_journey.steps):
        assert f"s{i}" in text
        assert step.title.split()[0] in text
    assert 's0{{"Decide when to retire<br/>2.3 h"}}' in text  # decision → hexagon
    assert 's7(["Covered by Medicare and<br/>receiving benefits"])' in text  # end → stadium
    assert "accTitle: Retiring from federal service (sample)" in text


def test_flowchart_arrows_carry_probability_loops_and_handoff_type(sample_journey: Journey) -> None:
    text = to_mermaid(sample_journey, scorecard=None)
    assert '  s0 -->|"retire now · 80%"| s1' in text  # within the person's lane
    # Across lanes: to a connector in the source's lane, on from its twin in the target's.
    assert '  s2 -.->|"↺ rework · documents missing · 25%"| c3a\n  c3b -.-> s3' in text
    assert '    c3a>"to Person:<br/>Send missing documents<br/>to OPM"]' in text
    assert '    c3b>"from OPM:<br/>Apply for the federal<br/>annuity (SF-3107)"]' in text
    assert '  s2 -.->|"75% · handoff: customer carries"| c4a' in text
    assert '  s4 ==>|"handoff: data shared"| c6a\n  c6b ==> s5' in text
    assert '  s5 -.->|"↺ appeal · 10% · handoff: start over"| c8a' in text
    # Both halves of the data-shared handoff (links 11 and 12) carry its colour.
    assert "  linkStyle 11 stroke:#0072b2,stroke-width:3px" in text
    assert "  linkStyle 12 stroke:#0072b2,stroke-width:3px" in text


def test_flowchart_lanes_share_no_arrow_and_are_chained_in_lane_order(
    sample_journey: Journey,
) -> None:
    """Mermaid keeps the order only of subgraphs that no arrow crosses: every link joins two
    nodes of one lane, and the lanes are chained in the configured order."""
    text = to_mermaid(sample_journey, options=RenderOptions(lane_order=("SSA", "CMS")))
    lanes = re.findall(r'subgraph lane\d+\["([^"]*)"\]', text)
    assert lanes == ["Person", "SSA", "CMS", "OPM"]
    lane_of: dict[str, int] = {}
    current = -1
    for line in text.splitlines():
        if line.startswith("  subgraph lane"):
            current += 1
        node = re.match(r"    ([sc]\d+[ab]?)\W", line)
        if node:
            lane_of[node.group(1)] = current
    for tail, head in re.findall(
        r"^  ([sc]\d+[ab]?) \S+?(?:\|[^|]*\|)? ([sc]\d+[ab]?)$", text, re.M
    ):
        assert lane_of[tail] == lane_of[head], f"{tail} -> {head} crosses lanes"
    assert "  lane0 ~~~ lane1 ~~~ lane2 ~~~ lane3\n" in text


def test_flowchart_shades_friction_with_classes(
    sample_journey: Journey, fake_scorecard: FakeScorecard
) -> None:
    text = to_mermaid(sample_journey, scorecard=fake_scorecard)
    assert_flowchart_grammar(text)
    assert "  classDef friction4 fill:#d7301f,color:#ffffff" in text
    assert "  class s6,s7 friction4" in text
    assert 's6("friction #35;1<br/>Ask for' in text  # '#' written as an entity inside labels
    assert '|"friction #35;2 · 75% · handoff: customer carries"|' in text


def test_journey_diagram_sections_are_phases_and_scores_come_from_friction(
    sample_journey: Journey, fake_scorecard: FakeScorecard
) -> None:
    text = to_mermaid(sample_journey, "journey", scorecard=fake_scorecard)
    assert_journey_grammar(text)
    assert re.findall(r"section (.+)", text) == [
        "Prepare",
        "Apply for benefits",
        "Enrol in Medicare",
    ]
    # No emotions recorded, so score = 5 − friction level: decide 0 → 5, covered 4 → 1.
    assert "    Decide when to retire: 5: Person" in text
    assert "    Covered by Medicare and receiving benefits: 1: Person" in text
    assert "    Apply for the federal annuity (SF-3107): 3: OPM" in text  # level 2


def test_journey_scores_come_from_emotion_when_recorded(sample_journey: Journey) -> None:
    data = sample_journey.model_dump(by_alias=True)
    data["steps"][0]["emotion"] = -2
    data["steps"][1]["emotion"] = 2
    text = to_mermaid(Journey.model_validate(data), "journey")
    assert "    Decide when to retire: 1: Person" in text
    assert "    Gather birth certificate and service records: 5: Person" in text
    assert "    Enrol in Medicare Part B: 3: CMS" in text  # emotion 0 → 3


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_journeys_pass_the_grammar_check(path: Path) -> None:
    journey = load_journey(path)
    assert_flowchart_grammar(to_mermaid(journey))
    assert_journey_grammar(to_mermaid(journey, "journey"))


def _mermaid_checker() -> list[str]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed; the real Mermaid parser cannot run")
    if not (CHECKER / "node_modules" / "mermaid").is_dir():
        pytest.skip(
            "run `npm install --prefix tests/rendering/mermaid` to check with Mermaid itself"
        )
    return [node, str(CHECKER / "check.mjs")]


def test_real_mermaid_parses_every_export(
    tmp_path: Path, fake_scorecard: FakeScorecard, sample_journey: Journey
) -> None:
    from .test_safety import hostile_journey

    command = _mermaid_checker()
    files: list[Path] = []
    journeys = [
        (sample_journey, fake_scorecard),
        (hostile_journey(), None),
        *((load_journey(p), None) for p in BUNDLED),
    ]
    for i, (journey, card) in enumerate(journeys):
        for kind in ("flowchart", "journey"):
            path = tmp_path / f"{i}-{kind}.mmd"
            path.write_text(to_mermaid(journey, kind, scorecard=card), encoding="utf-8")  # type: ignore[arg-type]
            files.append(path)
    bad = tmp_path / "broken.mmd"
    bad.write_text("flowchart LR\n  a --> b(\n", encoding="utf-8")
    done = subprocess.run(
        [*command, *map(str, files), str(bad)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = done.stdout.strip().split("\n")
    assert lines[-1].startswith(f"FAIL {bad}")  # the checker itself can fail
    assert [line for line in lines[:-1] if not line.startswith("ok ")] == []
    assert len(lines) == len(files) + 1


def test_accessible_description_uses_plain_ascii_punctuation(sample_journey: Journey) -> None:
    for kind in ("flowchart", "journey"):
        text = to_mermaid(sample_journey, kind)  # type: ignore[arg-type]
        descr = next(line for line in text.split("\n") if line.startswith("  accDescr: "))
        # 8 steps, 3 phases, lanes person/OPM/SSA/CMS, handoffs OPM→SSA, SSA→CMS, CMS→SSA.
        assert descr == (
            "  accDescr: Retiring from federal service (sample): 8 steps in 3 phases across "
            "4 lanes, 3 cross-agency handoffs."
        )
        assert "\u2236" not in text  # no look-alike ratio sign for ':'
        assert "\u201a" not in descr  # no look-alike low quote for ','


def test_one_handoff_is_singular() -> None:
    journey = make_journey(
        {"a": ["b"], "b": []}, agencies={"a": "SSA", "b": "CMS"}, a={"title": "Apply"}
    )
    data = journey.model_dump(by_alias=True, exclude_unset=True)
    data["transitions"][0]["handoff"] = "data_shared"
    one = Journey.model_validate(data)
    assert "1 cross-agency handoff." in to_mermaid(one)
    assert "1 cross-agency handoff." in to_text(one)
    assert "1 step" not in to_mermaid(one)  # two steps: plural
    assert "2 steps in 1 phase across 2 lanes" in to_mermaid(one)
