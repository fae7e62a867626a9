"""The swimlane map's geometry as Graphviz draws it: level arrow runs, labels on their arrows.

Read from the SVG Graphviz writes (every edge a ``<g class="edge">`` titled ``tail->head``
with one ``path``; every node a ``<g class="node">`` titled with its id), for every bundled
journey, so a change to the DOT that brings back zig-zags or stray labels fails here.
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path

import pytest

import lifeexp
from lifeexp.rendering import render

from . import svgcheck

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "journeys").glob("*.yaml"))
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_PORT = re.compile(r":[nsew](?=->|$)")

LABEL_DISTANCE_PT = 6.0
"""How far an arrow may pass from the middle of its label's text, in points: the label sits
on the line, which enters and leaves it beside the text."""
LEVEL_PT = 1.0
"""How far the two ends of one run of a long arrow may differ across the lanes, in points."""


def _points(d: str) -> list[tuple[float, float]]:
    values = [float(v) for v in _NUMBER.findall(d)]
    return list(zip(values[::2], values[1::2], strict=False))


@cache
def _drawing(path: Path) -> tuple[dict[str, list[tuple[float, float]]], dict[str, tuple]]:
    """Edge ``tail->head`` → its path points; label node id → (centre, text lines)."""
    root = svgcheck.parse(render(lifeexp.load_journey(path), "svg"))
    edges: dict[str, list[tuple[float, float]]] = {}
    for group in svgcheck.groups(root, "edge"):
        found = group.find(f"{svgcheck.SVG_NS}path")
        if found is not None:
            # Graphviz titles an edge `tail[:port]->head[:port]`; the ports are dropped.
            edges[_PORT.sub("", svgcheck.title_of(group))] = _points(found.get("d", ""))
    labels: dict[str, tuple] = {}
    for group in svgcheck.groups(root, "node"):
        name = svgcheck.title_of(group)
        texts = list(group.iter(f"{svgcheck.SVG_NS}text"))
        if name.startswith("via:") and texts:
            xs = [float(t.get("x", 0)) for t in texts]
            ys = [float(t.get("y", 0)) for t in texts]
            labels[name] = ((sum(xs) / len(xs), (min(ys) + max(ys)) / 2), svgcheck.texts(group))
    return edges, labels


def _distance(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    length2 = (bx - ax) ** 2 + (by - ay) ** 2
    t = (
        0.0
        if length2 == 0
        else max(0.0, min(1.0, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / length2))
    )
    return math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_branch_label_sits_on_its_arrow(path: Path, svg_backends: list[str]) -> None:
    edges, labels = _drawing(path)
    assert labels, "the bundled journeys label their branches"
    worst = 0.0
    for name, (centre, lines) in labels.items():
        into = next(pts for title, pts in edges.items() if title.endswith("->" + name))
        out = next(pts for title, pts in edges.items() if title.startswith(name + "->"))
        # The arrow reaches the label at the end of `into` and leaves it at the start of `out`.
        gap = _distance(centre, into[-1], out[0])
        worst = max(worst, gap)
        assert gap <= LABEL_DISTANCE_PT, f"{path.stem}: label {lines} is {gap:.1f} pt off its arrow"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_long_arrows_run_level_not_in_zig_zags(path: Path, svg_backends: list[str]) -> None:
    edges, labels = _drawing(path)
    # Runs between two waypoints; the one slant of an arrow is from its label (in the
    # source's lane) to its first waypoint (in the target's).
    runs = {
        t: pts
        for t, pts in edges.items()
        if re.fullmatch(r"via:\d+:\d+->via:\d+:\d+", t) and t.split("->")[0] not in labels
    }
    assert runs, "the bundled journeys have arrows across several columns"
    for title, pts in runs.items():
        rise = abs(pts[0][1] - pts[-1][1])
        assert rise <= LEVEL_PT, f"{path.stem}: {title} climbs {rise:.1f} pt"


def _rail_ys(svg: bytes) -> dict[int, list[float]]:
    """Rail number → the y of each of its segments' starts (the lane boundaries, left to right)."""
    root = svgcheck.parse(svg)
    found: dict[int, list[float]] = {}
    for group in svgcheck.groups(root, "edge"):
        title = svgcheck.title_of(group)
        match = re.fullmatch(r"rail:(\d+):(?:h|\d+)->rail:\d+:(?:h|\d+)", title)
        path = group.find(f"{svgcheck.SVG_NS}path")
        if match and path is not None:
            found.setdefault(int(match.group(1)), []).append(_points(path.get("d", ""))[0][1])
    return found


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_compact_lanes_take_no_room_where_they_are_empty(
    path: Path, svg_backends: list[str]
) -> None:
    journey = lifeexp.load_journey(path)
    straight = render(journey, "svg", compact=False)
    compact = render(journey, "svg")
    # The straight map's lane boundaries are level; the compact map's step at phases.
    assert all(max(ys) - min(ys) <= LEVEL_PT for ys in _rail_ys(straight).values())
    assert any(max(ys) - min(ys) > 20 for ys in _rail_ys(compact).values())

    def height(svg: bytes) -> float:
        return float(svgcheck.parse(svg).get("height", "0").removesuffix("pt"))

    # Every bundled journey has lanes empty for whole phases: at least a sixth is saved.
    assert height(compact) <= height(straight) * 5 / 6
    # Each phase after the first names its lanes again, in lane order.
    texts = svgcheck.all_text(svgcheck.parse(compact))
    assert texts.count("Person") >= len({s.phase for s in journey.steps})
