"""No Mermaid directive, ``click``, ``style`` or ``classDef`` from user text takes effect.

Every payload is put in every text position of a journey (journey title, lane/agency name,
phase title, step title, transition label) and both exports are run through the real Mermaid
parser (``tests/rendering/mermaid/check.mjs --inspect``): each must parse, set no
configuration, and build exactly the nodes, classes, styles and links lifeexp wrote itself.
Long titles are cut in the labels, kept in full in the accessible description, and an export
over Mermaid's ``maxTextSize`` warns.
"""

from __future__ import annotations

import json
import subprocess
import warnings
from pathlib import Path
from typing import Any

import pytest

from lifeexp.model import Journey
from lifeexp.rendering import to_mermaid
from lifeexp.rendering._mermaid import MAX_LABEL, MERMAID_MAX_TEXT_SIZE, MermaidSizeWarning
from lifeexp.testing import make_journey

from .test_mermaid import _mermaid_checker

PAYLOADS = {
    "init": "%%{init: {'theme': 'dark', 'themeCSS': 'svg{background:url(https://evil.example/x)}'}}%%",
    "init-inline": "a %%{init: {'theme':'forest'}}%% b",
    "wrap": "%%{wrap}%%",
    "comment": "%% everything after me",
    "click": 'x"] \n  click s0 href "javascript:alert(1)"',
    "click-callback": "x)\nclick s1 call alert(1)",
    "style": 'x"]\nstyle s0 fill:#f00,stroke:url(https://evil.example)',
    "classdef": 'x"]\nclassDef evil fill:#f00\nclass s0,s1 evil',
    "linkstyle": "x|\nlinkStyle 0 stroke:url(https://evil.example)",
    "subgraph": 'x"]\nend\nsubgraph evil["owned"]',
    "accdescr": "x\naccDescr { evil }",
    "entities": "#quot;]; click s0 href #quot;javascript:alert(1)#quot;",
    "markdown-string": '"`**bold** <img src=x onerror=alert(1)>`"',
}


def _journey(payload: str) -> Journey:
    base = make_journey(
        {"a": ["b"], "b": ["c"], "c": []},
        minutes={"a": 5, "b": 10},
        agencies={"b": "SSA"},
        journey_id="inj",
    )
    data = base.model_dump(by_alias=True, exclude_none=True)
    data["title"] = payload
    data["phases"][0]["title"] = payload
    for step in data["steps"]:
        step["title"] = payload
    data["transitions"][0]["label"] = payload
    data["transitions"][0]["probability"] = 1
    return Journey.model_validate(data)


def _inspect(tmp_path: Path, texts: dict[str, str]) -> dict[str, dict[str, Any]]:
    command = _mermaid_checker()
    files = []
    for name, text in texts.items():
        path = tmp_path / f"{name}.mmd"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    done = subprocess.run(
        [command[0], command[1], "--inspect", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    results = [json.loads(line) for line in done.stdout.strip().split("\n")]
    return {Path(r["file"]).stem: r for r in results}


def _structure(result: dict[str, Any]) -> dict[str, Any]:
    """What the parser built, apart from the label texts."""
    return {
        "type": result["type"],
        "config": result["config"],
        "nodes": [
            (n["id"], n["classes"], n["styles"], n["link"], n["haveCallback"])
            for n in result.get("nodes", [])
        ],
        "edges": [e["style"] for e in result.get("edges", [])],
        "classes": result.get("classes"),
        "subgraphs": len(result.get("subgraphs", [])),
        "tasks": [(t["score"], t["people"]) for t in result.get("tasks", [])],
    }


def test_no_user_text_takes_effect_in_the_real_parser(tmp_path: Path) -> None:
    # Each hostile export must build exactly what the same journey with plain titles builds:
    # the same nodes with the same classes, styles and (no) links, the same edges, class
    # definitions and subgraphs, and no configuration.
    plain = _journey("plain")
    texts = {
        "plain-flowchart": to_mermaid(plain, "flowchart"),
        "plain-journey": to_mermaid(plain, "journey"),
    }
    for name, payload in PAYLOADS.items():
        journey = _journey(payload)
        texts[f"{name}-flowchart"] = to_mermaid(journey, "flowchart")
        texts[f"{name}-journey"] = to_mermaid(journey, "journey")
    results = _inspect(tmp_path, texts)
    assert set(results) == set(texts)
    baseline = {kind: _structure(results[f"plain-{kind}"]) for kind in ("flowchart", "journey")}
    assert baseline["flowchart"]["config"] == {}
    assert all(n[3] is None and not n[4] for n in baseline["flowchart"]["nodes"])
    # 3 steps, 2 connector pairs (a → b and b → c change lanes), and the 2 lanes, which the
    # parser lists as nodes too because the lane-order chain links them.
    assert len(baseline["flowchart"]["nodes"]) == 3 + 4 + 2
    assert len(baseline["journey"]["tasks"]) == 3
    for name, r in results.items():
        assert r["ok"], f"{name} does not parse: {r.get('error')}"
        assert r["config"] == {}, f"{name}: a directive took effect: {r['config']}"
        kind = name.rsplit("-", 1)[1]
        assert _structure(r) == baseline[kind], f"{name}: user text changed the diagram"


def test_a_lone_percent_stays_readable_and_double_ones_are_escaped() -> None:
    text = to_mermaid(_journey("80% done %%{init}%%"))
    assert "80% done #37;%{init}#37;%" in text
    assert "%%" not in text


def test_every_bundled_and_hostile_export_still_parses(tmp_path: Path) -> None:
    from .test_safety import hostile_journey

    journey = hostile_journey()
    results = _inspect(
        tmp_path,
        {"flow": to_mermaid(journey, "flowchart"), "journey": to_mermaid(journey, "journey")},
    )
    assert all(r["ok"] and r["config"] == {} for r in results.values()), results


class TestLongTitles:
    def test_labels_are_cut_and_the_full_text_is_in_the_description(self, tmp_path: Path) -> None:
        long = "Apply for the benefit " + "and wait " * 1_100  # about 10,000 characters
        journey = _journey(long)
        with warnings.catch_warnings():
            warnings.simplefilter("error", MermaidSizeWarning)
            flow = to_mermaid(journey, "flowchart")
            trip = to_mermaid(journey, "journey")
        for text in (flow, trip):
            assert len(text) < MERMAID_MAX_TEXT_SIZE
            assert "Apply for the benefit and wait" in text
            assert "…" in text
        results = _inspect(tmp_path, {"flow": flow, "trip": trip})
        assert all(r["ok"] for r in results.values()), results
        for node in results["flow"]["nodes"]:
            shown = node["text"].replace("<br/>", " ")
            assert len(shown) <= MAX_LABEL + 80  # the cut title plus friction and minutes lines
        for result in results.values():
            described = result["accDescr"]
            # ':' is written as the look-alike ratio sign in the unquoted accDescr line.
            assert "Full text of the shortened labels: Apply for the benefit and wait" in (
                described
            )
            assert described.count("Apply for the benefit") == 2  # the cut title, the full text
            assert 1_900 < len(described) < 2_300  # the full text, up to its cap, once

    def test_short_titles_are_not_cut(self) -> None:
        text = to_mermaid(_journey("x" * MAX_LABEL))
        assert "x" * MAX_LABEL in text
        assert "Full text of the shortened labels" not in text

    def test_an_export_over_the_limit_warns(self) -> None:
        steps = {f"s{i}": [f"s{i + 1}"] for i in range(1_500)}
        steps["s1500"] = []
        journey = make_journey(steps, journey_id="big")
        with pytest.warns(MermaidSizeWarning, match="more than Mermaid's default limit of 50,000"):
            text = to_mermaid(journey)
        assert len(text) > MERMAID_MAX_TEXT_SIZE

    def test_a_small_export_does_not_warn(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("error", MermaidSizeWarning)
            to_mermaid(_journey("short"))
