"""The generated report in a real headless Chromium: loads cleanly, links work, accessible.

Every page of the report of the bundled journeys is opened from disk (``file://``, as a
reader would) and checked for console errors, the inline map, working links, axe-core
violations, and layout at 200% zoom and at phone width.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore::ResourceWarning")]


def _axe_source() -> str:
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(name="page")
def _page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def _open(page: Page, path: Path) -> list[str]:
    """Open a page; return its console errors and uncaught exceptions."""
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    response = page.goto(path.as_uri(), wait_until="load")
    assert response is not None
    assert response.ok, f"{path.name}: {response.status}"
    return problems


def test_every_page_loads_without_console_errors(page: Page, pages: list[Path]) -> None:
    assert len(pages) >= 2
    for path in pages:
        problems = _open(page, path)
        page.wait_for_timeout(50)
        assert problems == [], f"{path.name}: {problems}"
        assert page.title(), f"{path.name} has no title"
        assert page.locator("h1").count() == 1
        duplicates = page.evaluate(
            """() => {
                const seen = new Set(), twice = new Set();
                for (const el of document.querySelectorAll("[id]")) {
                    (seen.has(el.id) ? twice : seen).add(el.id);
                }
                return [...twice];
            }"""
        )
        assert duplicates == [], f"{path.name}: ids used twice: {duplicates}"


def test_every_journey_page_has_the_map_svg(page: Page, report_dir: Path) -> None:
    journey_pages = sorted((report_dir / "journeys").glob("*.html"))
    assert journey_pages
    for path in journey_pages:
        _open(page, path)
        svg = page.locator("#map svg.map-svg")
        assert svg.count() == 1, f"{path.name}: no map"
        assert svg.get_attribute("role") == "img"
        name = svg.evaluate(
            """el => el.getAttribute("aria-label") || (el.getAttribute("aria-labelledby") || "")
                .split(" ").map(id => (document.getElementById(id) || {}).textContent || "")
                .join(" ").trim()"""
        )
        assert name, f"{path.name}: the map has no accessible name"
        box = svg.bounding_box()
        assert box is not None
        assert box["width"] > 50
        assert box["height"] > 20
        # the text alternative is there too
        assert (page.locator("#map-text pre").text_content() or "").strip()


def _local_links(page: Page) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    return [h for h in hrefs if h.startswith("file://")]


def test_links_between_pages_resolve(page: Page, pages: list[Path], report_dir: Path) -> None:
    checked = 0
    ids_cache: dict[Path, set[str]] = {}
    for path in pages:
        _open(page, path)
        for href in _local_links(page):
            parts = urlsplit(href)
            target = Path(unquote(parts.path))
            assert target.is_file(), f"{path.name} links to missing {target}"
            assert report_dir in target.parents or target.parent == report_dir
            if parts.fragment:
                if target not in ids_cache:
                    other = page.context.new_page()
                    other.goto(target.as_uri())
                    ids_cache[target] = set(
                        other.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
                    )
                    other.close()
                assert parts.fragment in ids_cache[target], f"{path.name}: broken #{parts.fragment}"
            checked += 1
    assert checked > 20


def test_navigating_from_the_overview_to_a_journey_and_back(page: Page, report_dir: Path) -> None:
    _open(page, report_dir / "index.html")
    first = page.locator("table.overview tbody th a").first
    name = first.inner_text()
    with page.expect_navigation():
        first.click()
    assert page.locator("h1").inner_text() == name
    with page.expect_navigation():
        page.get_by_role("link", name="Overview").first.click()
    assert page.url.endswith("/index.html")


def _axe(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(content=_axe_source())
    # preload off: axe would fetch the stylesheet with XHR, which file:// pages may not do.
    options = "{preload: false, resultTypes: ['violations']}"
    result = page.evaluate(f"async () => JSON.stringify(await axe.run(document, {options}))")
    violations: list[dict[str, Any]] = json.loads(result)["violations"]
    return violations


def test_axe_core_finds_no_violations(page: Page, pages: list[Path]) -> None:
    failures = {}
    for path in pages:
        _open(page, path)
        violations = _axe(page)
        if violations:
            failures[path.name] = [
                f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
                for v in violations
            ]
    assert failures == {}


def _horizontal_overflow(page: Page) -> int:
    return int(
        page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    )


@pytest.mark.parametrize(
    ("width", "height", "scale"),
    [
        pytest.param(640, 450, 2, id="desktop-at-200pct-zoom"),
        pytest.param(360, 740, 3, id="phone"),
    ],
)
def test_readable_at_200pct_zoom_and_phone_width(
    browser: Browser, pages: list[Path], width: int, height: int, scale: int
) -> None:
    # 200% zoom of a 1280 px window is a 640 CSS px viewport at device scale 2.
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale
    )
    page = context.new_page()
    try:
        for path in pages:
            page.goto(path.as_uri())
            assert _horizontal_overflow(page) <= 0, f"{path.name} scrolls sideways at {width}px"
            font = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
            assert font >= 14
    finally:
        context.close()


def test_map_zoom_buttons_change_the_map_size(page: Page, report_dir: Path) -> None:
    path = next(iter(sorted((report_dir / "journeys").glob("*.html"))))
    _open(page, path)
    svg = page.locator("#map svg.map-svg")
    before = svg.bounding_box()
    assert before is not None
    page.get_by_role("button", name="Zoom in").click()
    page.get_by_role("button", name="Zoom in").click()
    after = svg.bounding_box()
    assert after is not None
    assert after["width"] == pytest.approx(before["width"] * 1.25 * 1.25, rel=0.02)
    assert _horizontal_overflow(page) <= 0  # the map box scrolls, not the page
    page.get_by_role("button", name="Fit map to the page").click()
    fitted = svg.bounding_box()
    assert fitted is not None
    box_width = page.locator("#map .map-viewport").evaluate("el => el.clientWidth")
    assert fitted["width"] <= box_width + 1
    page.get_by_role("button", name="Show the map at full size").click()
    full = svg.bounding_box()
    assert full is not None
    natural_pt = float((svg.get_attribute("data-natural-width") or "0").removesuffix("pt"))
    assert full["width"] == pytest.approx(natural_pt * 4 / 3, rel=0.02)  # 1pt = 4/3 CSS px


def test_pages_work_without_javascript(browser: Browser, report_dir: Path) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1024, "height": 800}
    )
    page = context.new_page()
    try:
        path = next(iter(sorted((report_dir / "journeys").glob("*.html"))))
        page.goto(path.as_uri())
        assert page.locator("#map svg.map-svg").count() == 1
        assert page.get_by_role("button", name="Zoom in").count() == 0
        assert _horizontal_overflow(page) <= 0
    finally:
        context.close()


def test_hostile_strings_are_shown_as_text_and_never_run(page: Page, report_dir: Path) -> None:
    problems = _open(page, report_dir / "journeys" / "hostile.html")
    assert problems == []
    assert page.evaluate("() => window.__pwned") is None
    assert "<script>" in page.locator("h1").inner_text()
    assert page.locator("main img").count() == 0
    assert page.locator("main script").count() == 0
    for link in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
        assert not link.lower().startswith("javascript:")
    # the pain point with a javascript: source is shown, its source is not a link
    assert page.get_by_text("window.__pwned=3").count() >= 1


def _canvas_page(report_dir: Path) -> Path:
    return report_dir / "journeys" / "approaching-retirement.html"


def test_canvas_leads_and_is_legible_at_1400px(browser: Browser, report_dir: Path) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    try:
        _open(page, _canvas_page(report_dir))
        order = page.evaluate(
            "() => [...document.querySelectorAll('main section[id]')].map(s => s.id)"
        )
        assert order.index("canvas") < order.index("map")
        # The most likely path first, then one canvas per persona.
        keys = page.evaluate("() => [...document.querySelectorAll('figure.canvas')].map(f => f.id)")
        assert keys[0] == "canvas-likely"
        assert len(keys) == 1 + 5  # approaching-retirement has five personas
        # Without any interaction, every canvas text is drawn at 10 CSS px or more.
        smallest = page.evaluate(
            """() => {
                const svg = document.querySelector('figure.canvas svg.canvas-body');
                let least = Infinity;
                for (const t of svg.querySelectorAll('text')) {
                    const h = t.getBoundingClientRect().height;
                    if (h > 0) least = Math.min(least, h);
                }
                return least;
            }"""
        )
        assert smallest >= 10, smallest
        first = page.locator("figure.canvas").first.bounding_box()
        assert first is not None
        assert first["width"] <= 1400
    finally:
        context.close()


def test_canvas_scrolls_in_its_box_with_headers_pinned_at_390px(
    browser: Browser, report_dir: Path
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        _open(page, _canvas_page(report_dir))
        assert _horizontal_overflow(page) <= 0  # no page-level sideways scroll
        box = page.locator(".canvas-box").first
        sizes = box.evaluate("el => [el.clientWidth, el.scrollWidth]")
        assert sizes[1] > sizes[0] + 100  # the canvas is wider than its box and scrolls there
        before = page.locator(".canvas-pin").first.bounding_box()
        box.evaluate("el => { el.scrollLeft = 800; }")
        page.wait_for_timeout(50)
        after = page.locator(".canvas-pin").first.bounding_box()
        assert before is not None
        assert after is not None
        assert after["x"] == pytest.approx(before["x"], abs=1)  # the row headers stay put
        assert _horizontal_overflow(page) <= 0
    finally:
        context.close()


def test_map_links_open_full_size_and_download(page: Page, report_dir: Path) -> None:
    _open(page, _canvas_page(report_dir))
    links = page.locator("#map .map-files a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert "approaching-retirement.map.svg" in hrefs
    assert "approaching-retirement.map.png" in hrefs
    for href in set(hrefs):
        assert href is not None
        assert (report_dir / "journeys" / href).stat().st_size > 1000


def test_lane_headers_stay_visible_while_panning_the_map(page: Page, report_dir: Path) -> None:
    _open(page, _canvas_page(report_dir))
    viewport = page.locator("#map .map-viewport")
    head = page.locator("#map g.node:has(> title:text-is('lane:0'))")
    before = head.bounding_box()
    viewport.evaluate("el => { el.scrollLeft = 900; el.dispatchEvent(new Event('scroll')); }")
    page.wait_for_timeout(50)
    after = head.bounding_box()
    assert before is not None
    assert after is not None
    assert after["x"] == pytest.approx(before["x"], abs=2)  # still at the left edge


def test_fit_fits_the_map_at_phone_width(browser: Browser, report_dir: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        _open(page, _canvas_page(report_dir))  # the widest bundled map
        page.get_by_role("button", name="Fit map to the page").click()
        svg_width, box_width = page.evaluate(
            """() => [document.querySelector('#map svg.map-svg').getBoundingClientRect().width,
                      document.querySelector('#map .map-viewport').clientWidth]"""
        )
        assert svg_width <= box_width + 1
        assert _horizontal_overflow(page) <= 0
    finally:
        context.close()


def test_trust_views_are_readable_without_colour(page: Page, report_dir: Path) -> None:
    # The bundled current-state journeys carry (synthetic) A-11 feedback.
    path = report_dir / "journeys" / "approaching-retirement.html"
    _open(page, path)
    section = page.locator("#trust")
    assert section.count() == 1
    assert "Synthetic data" in section.inner_text()
    chart = section.locator("svg.chart")
    assert chart.get_attribute("role") == "img"
    name = chart.evaluate("el => el.querySelector('title').textContent")
    assert "75% goal" in name
    # Every figure is also in a table, written out with its n and interval.
    cells = section.locator("table tbody td").all_inner_texts()
    assert any("95% CI" in c and "n = " in c for c in cells)
    lost = page.locator("#trust-lost table tbody tr")
    assert lost.count() >= 1
    assert "Where trust is lost" in page.locator("#trust-lost h2").inner_text()
    assert "PRIVATE-COMMENT" not in page.content()
    assert _axe(page) == []


def test_the_calibrated_page_shows_measured_against_designed(page: Page, report_dir: Path) -> None:
    _open(page, report_dir / "journeys" / "approaching-retirement.html")
    section = page.locator("#measured")
    assert section.count() == 1
    captions = section.locator("caption").all_inner_texts()
    assert any(c.startswith("Branch probabilities") for c in captions)
    # the log's hostile file name is shown as text, never as markup
    assert "claims <b>x<i>.parquet" in (section.locator("p").first.inner_text())
    assert section.locator("b, i").count() == 0
