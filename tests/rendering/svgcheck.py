"""Reading Graphviz SVG in tests: parse it as XML (never compare bytes) and find overlaps.

Graphviz SVG puts every node in ``<g class="node">`` (its ``<title>`` is the node id, its
shape a ``polygon``/``ellipse``/``path``, its label ``text`` elements) and every edge in
``<g class="edge">`` with the label's ``text`` elements. Text boxes are estimated from the
font size and the number of characters, with the Helvetica average width Graphviz itself
uses when it has no font metrics.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG_NS = "{http://www.w3.org/2000/svg}"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, margin: float = 0.0) -> bool:
        return not (
            self.x1 - margin <= other.x0
            or other.x1 - margin <= self.x0
            or self.y1 - margin <= other.y0
            or other.y1 - margin <= self.y0
        )


def parse(svg: bytes) -> ET.Element:
    """The SVG root; raises if the bytes are not well-formed XML."""
    return ET.fromstring(svg)


def groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG_NS}g") if g.get("class") == cls]


def title_of(group: ET.Element) -> str:
    t = group.find(f"{SVG_NS}title")
    return (t.text or "") if t is not None else ""


def texts(group: ET.Element) -> list[str]:
    return [t.text or "" for t in group.iter(f"{SVG_NS}text")]


def all_text(root: ET.Element) -> str:
    return "\n".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))


def shape_box(group: ET.Element) -> Box | None:
    """Bounding box of a node's drawn shape (``None`` for invisible and plaintext nodes)."""
    xs: list[float] = []
    ys: list[float] = []
    for el in group:
        tag = el.tag.removeprefix(SVG_NS)
        if tag in ("polygon", "polyline"):
            nums = [float(n) for n in _NUMBER.findall(el.get("points", ""))]
        elif tag == "path":
            nums = [float(n) for n in _NUMBER.findall(el.get("d", ""))]
        elif tag == "ellipse":
            cx, cy = float(el.get("cx", 0)), float(el.get("cy", 0))
            rx, ry = float(el.get("rx", 0)), float(el.get("ry", 0))
            nums = [cx - rx, cy - ry, cx + rx, cy + ry]
        else:
            continue
        xs.extend(nums[0::2])
        ys.extend(nums[1::2])
    if not xs:
        return None
    return Box(min(xs), min(ys), max(xs), max(ys))


# Helvetica advance widths in em (the metrics Graphviz itself falls back to).
_WIDTHS = {
    **dict.fromkeys("abdeghnopqu0123456789", 0.556),
    **dict.fromkeys("cksvxyz", 0.5),
    **dict.fromkeys("ijl", 0.222),
    **dict.fromkeys("ft ./:,;!'|", 0.278),
    **dict.fromkeys("r()-[]", 0.333),
    "m": 0.833,
    "w": 0.722,
    "=": 0.584,
    "%": 0.889,
}


def text_width(text: str, size: float) -> float:
    """Estimated width of a line of Helvetica text (capitals 0.7 em, others 0.6 em)."""
    return size * sum(_WIDTHS.get(ch, 0.7 if ch.isupper() else 0.6) for ch in text)


def text_box(el: ET.Element) -> Box:
    """Estimated box of one ``<text>`` line."""
    size = float(el.get("font-size", "14"))
    width = text_width(el.text or "", size)
    x, y = float(el.get("x", 0)), float(el.get("y", 0))
    anchor = el.get("text-anchor", "start")
    x0 = x - width / 2 if anchor == "middle" else (x - width if anchor == "end" else x)
    return Box(x0, y - 0.75 * size, x0 + width, y + 0.2 * size)


def label_node_overlaps(root: ET.Element) -> list[str]:
    """Text of any node or edge label that overlaps the drawn shape of another node (by more
    than one point). Arrow labels are plaintext nodes (no shape), so their text is checked
    against every step, and step texts against every other step."""
    shapes = {title_of(g): b for g in groups(root, "node") if (b := shape_box(g)) is not None}
    problems: list[str] = []
    for group in [*groups(root, "node"), *groups(root, "edge")]:
        owner = title_of(group)
        for el in group.iter(f"{SVG_NS}text"):
            tb = text_box(el)
            for node, nb in shapes.items():
                if node != owner and tb.overlaps(nb, margin=1.0):
                    problems.append(f"text {el.text!r} of {owner!r} overlaps node {node!r}")
    return problems


def label_label_overlaps(root: ET.Element) -> list[str]:
    """Texts of two different nodes or edges whose boxes overlap."""
    items = [
        (title_of(g), text_box(el), el.text)
        for g in [*groups(root, "node"), *groups(root, "edge")]
        for el in g.iter(f"{SVG_NS}text")
    ]
    problems: list[str] = []
    for i, (a, ba, ta) in enumerate(items):
        for b, bb, tb in items[i + 1 :]:
            if a != b and ba.overlaps(bb, margin=1.0):
                problems.append(f"text {ta!r} of {a!r} overlaps text {tb!r} of {b!r}")
    return problems


def node_overlaps(root: ET.Element) -> list[str]:
    """Pairs of drawn node shapes that overlap."""
    items = [(title_of(g), b) for g in groups(root, "node") if (b := shape_box(g)) is not None]
    problems: list[str] = []
    for i, (a, ba) in enumerate(items):
        for b, bb in items[i + 1 :]:
            if ba.overlaps(bb, margin=1.0):
                problems.append(f"node {a!r} overlaps node {b!r}")
    return problems
