"""The Mermaid flowchart drawn by the real Mermaid in headless Chromium: lanes in lane order.

Mermaid's layout (dagre) orders subgraphs that arrows cross as it likes; the export therefore
joins no two lanes by an arrow and chains the lanes themselves. This test draws every
bundled journey's export with Mermaid's own bundle (``tests/rendering/mermaid``, installed by
``npm install --prefix tests/rendering/mermaid``) and reads where each lane's box landed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import lifeexp
from lifeexp.rendering import RenderOptions, to_mermaid

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore::ResourceWarning")]

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "journeys").glob("*.yaml"))
MERMAID_JS = ROOT / "tests" / "rendering" / "mermaid" / "node_modules" / "mermaid" / "dist"
MERMAID_JS = MERMAID_JS / "mermaid.min.js"

_LANE_BOXES = """async (text) => {
  const { svg } = await mermaid.render("m", text);
  document.body.innerHTML = svg;
  return [...document.querySelectorAll("g.cluster")].map((g) => {
    const r = g.getBoundingClientRect();
    return [g.id, r.top, r.bottom];
  });
}"""


@pytest.fixture(scope="module", name="mermaid_page")
def _mermaid_page(browser: Browser) -> Iterator[Page]:
    if not MERMAID_JS.is_file():
        pytest.skip("Mermaid is not installed: npm install --prefix tests/rendering/mermaid")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(content=MERMAID_JS.read_text(encoding="utf-8"))
    page.evaluate("mermaid.initialize({startOnLoad: false, securityLevel: 'strict'})")
    yield page
    page.close()


def _lane_tops(page: Page, text: str) -> list[tuple[float, float]]:
    boxes = page.evaluate(_LANE_BOXES, text)
    lanes = sorted(
        (b for b in boxes if "-lane" in b[0]), key=lambda b: int(b[0].rsplit("lane", 1)[1])
    )
    return [(top, bottom) for _, top, bottom in lanes]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_mermaid_draws_the_lanes_top_to_bottom_in_lane_order(
    mermaid_page: Page, path: Path
) -> None:
    journey = lifeexp.load_journey(path)
    text = to_mermaid(journey)
    lanes = _lane_tops(mermaid_page, text)
    assert len(lanes) == text.count("  subgraph lane")
    for n, ((_, bottom), (top, _)) in enumerate(itertools.pairwise(lanes)):
        assert bottom <= top + 0.5, f"{path.stem}: lane {n + 1} is not below lane {n}"


def test_a_configured_lane_order_is_the_drawn_order(mermaid_page: Page) -> None:
    journey = lifeexp.load_journey(ROOT / "journeys" / "approaching-retirement.yaml")
    text = to_mermaid(journey, options=RenderOptions(lane_order=("IRS", "CMS", "SSA")))
    assert '  subgraph lane1["IRS"]' in text
    assert '  subgraph lane3["SSA"]' in text
    tops = [top for top, _ in _lane_tops(mermaid_page, text)]
    assert tops == sorted(tops)
