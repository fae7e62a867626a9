"""The swimlane map's print options: pages, a subset of phases, edge routing."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lifeexp.cli import main
from lifeexp.errors import RenderError
from lifeexp.model import Journey
from lifeexp.rendering import RenderOptions, render, to_dot
from lifeexp.rendering._pages import page_spec, stack_pages, tile_svg

ROOT = Path(__file__).resolve().parents[2]
RETIREMENT = ROOT / "journeys" / "approaching-retirement.yaml"


def test_phases_draws_only_those_phases(sample_journey: Journey) -> None:
    dot = to_dot(sample_journey, options=RenderOptions(phases=("apply", "enrol")))
    assert '"apply-ss"' in dot
    assert '"enrol-b"' in dot
    assert '"decide"' not in dot
    assert '"gather"' not in dot
    assert "Prepare" not in dot
    full = to_dot(sample_journey)
    assert '"decide"' in full


def test_unknown_phase_is_a_plain_error(sample_journey: Journey) -> None:
    with pytest.raises(RenderError, match="has no phase 'nope'"):
        to_dot(sample_journey, options=RenderOptions(phases=("nope",)))
    result = CliRunner().invoke(main, ["render", str(RETIREMENT), "-f", "dot", "--phases", "x"])
    assert result.exit_code == 2
    assert "has no phase 'x'" in result.output


def test_edges_option_sets_graphviz_splines(sample_journey: Journey) -> None:
    # Straight by default: each arrow one slant into its target's lane, then a level run.
    assert 'splines="line"' in to_dot(sample_journey)
    assert "splines" not in to_dot(sample_journey, options=RenderOptions(edges="smooth"))
    assert 'splines="ortho"' in to_dot(sample_journey, options=RenderOptions(edges="orthogonal"))
    with pytest.raises(ValueError, match="edges must be"):
        RenderOptions(edges="zigzag")  # type: ignore[arg-type]


def _svg(width: int, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}pt" height="{height}pt" '
        f'viewBox="0.00 0.00 {width}.00 {height}.00"><title id="lifeexp-title">Wide</title>'
        '<text font-size="9">a</text><text font-size="14">b</text></svg>'
    )


_PIECE = re.compile(
    r'<svg x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" '
    r'viewBox="([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)">'
)


def _pieces(page: str) -> list[tuple[float, ...]]:
    return [tuple(float(v) for v in m.groups()) for m in _PIECE.finditer(page)]


def test_tiling_without_cuts_keeps_text_at_seven_points() -> None:
    spec = page_spec("letter")
    pages = tile_svg(_svg(3000, 500), spec, title="Wide")
    # Smallest text 9 units → scale 7/9: a page holds 720 * 9/7 = 925.7 units across, so
    # 3,000 units take 4 pages; the 500-unit height fits 540 * 9/7 = 694.3 units.
    assert len(pages) == 4
    for n, page in enumerate(pages, 1):
        assert f"Wide · page {n} of 4" in page
        assert 'width="792pt" height="612pt"' in page
        ((x, y, w, h, *_, vw, _vh),) = _pieces(page)
        assert w / vw == pytest.approx(7 / 9, abs=1e-3)  # 9-unit text prints at 7 pt
        assert x + w <= 756 + 0.01
        assert y + h <= 576 + 0.01
    stacked = stack_pages(pages, spec)
    assert stacked.count("<title") == 1  # one accessible title for the whole sheet
    assert stacked.count('id="lifeexp-map"') == 1  # the picture once, shown on every page


def test_tiling_by_phase_and_lane_repeats_the_headers_on_every_page() -> None:
    spec = page_spec("letter")
    pages = tile_svg(
        _svg(2000, 800),
        spec,
        title="Map",
        header_x=100,
        header_y=50,
        x_cuts=(600, 1100, 1500),
        y_cuts=(400,),
    )
    # At 7/9 a page holds 925.7 - 100 = 825.7 units of phases: 500 | 500 | 400 | 500, never
    # two together; and 694.3 - 50 = 644.3 units of lanes: 350 | 400, one per page.
    assert len(pages) == 8
    bodies = []
    for page in pages:
        corner, top, left, body = _pieces(page)
        assert corner[4:] == (0, 0, 100, 50)  # the title corner
        assert top[4:6] == (body[4], 0)
        assert top[6] == body[6]
        assert left[4:6] == (0, body[5])
        assert left[7] == body[7]
        for x, y, w, h, *_ in (corner, top, left, body):
            assert x >= 36
            assert y >= 36
            assert x + w <= 756 + 0.01
            assert y + h <= 576 + 0.01
        bodies.append(body[4:])
    assert bodies == [
        (100, 50, 500, 350),
        (600, 50, 500, 350),
        (1100, 50, 400, 350),
        (1500, 50, 500, 350),
        (100, 400, 500, 400),
        (600, 400, 500, 400),
        (1100, 400, 400, 400),
        (1500, 400, 500, 400),
    ]


def test_swimlane_pdf_on_pages(svg_backends: list[str]) -> None:
    pytest.importorskip("svg2pdf_py")
    pypdf = pytest.importorskip("pypdf")
    import lifeexp

    journey = lifeexp.load_journey(RETIREMENT)
    pdf = render(journey, "pdf", page="tabloid")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (1224.0, 792.0)


def test_a_drawn_swimlane_map_is_cut_at_its_phases_and_lanes(svg_backends: list[str]) -> None:
    import lifeexp
    from lifeexp.rendering._layout import build_layout
    from lifeexp.rendering._swimlane import swimlane_cuts

    journey = lifeexp.load_journey(RETIREMENT)
    layout = build_layout(journey)
    cuts = swimlane_cuts(render(journey, "svg").decode())
    assert cuts is not None
    # The lane names sit inside the header column, which the legend below makes wider.
    assert 0 < cuts.header_left < cuts.header_x
    assert len(cuts.x_cuts) == len(journey.phases) - 1  # between every two phases
    assert len(cuts.y_cuts) == len(layout.lanes)  # below every lane
    assert cuts.header_x < cuts.x_cuts[0]
    assert cuts.header_y < cuts.y_cuts[0]
    assert list(cuts.x_cuts) == sorted(cuts.x_cuts)
    assert list(cuts.y_cuts) == sorted(cuts.y_cuts)
    handover = render(journey, "svg", view="handover").decode()
    assert swimlane_cuts(handover) is None  # no lanes: cut into page-sized windows


def test_headers_wider_than_a_page_are_tiled_with_the_rest() -> None:
    # A 1,900-unit header leaves no room on a letter page (925.71 units at 7/9): no strip is
    # repeated, and the picture is cut into page-wide windows overlapping by a tenth or more:
    # ceil((2000 - 925.71) / (0.9 * 925.71)) + 1 = 3 windows, 537.14 units apart.
    pages = tile_svg(_svg(2000, 500), page_spec("letter"), header_x=1900, header_y=10)
    windows = [_pieces(page) for page in pages]
    assert all(len(pieces) == 1 for pieces in windows)
    assert [(p[0][4], p[0][6]) for p in windows] == [
        (0, 925.71),
        (537.14, 925.71),
        (1074.29, 925.71),
    ]


def test_only_a_graphviz_swimlane_drawing_has_cuts() -> None:
    from lifeexp.rendering._swimlane import swimlane_cuts

    assert swimlane_cuts(_svg(100, 100)) is None


def test_render_pages_of_the_swimlane_map(svg_backends: list[str]) -> None:
    import lifeexp
    from lifeexp.rendering import render_pages
    from lifeexp.rendering._swimlane import swimlane_cuts

    journey = lifeexp.load_journey(RETIREMENT)
    pages = render_pages(journey, page="letter")
    assert len(pages) > 1
    cuts = swimlane_cuts(render(journey, "svg", compact=False).decode())
    assert cuts is not None
    starts: set[float] = set()
    for n, page in enumerate(pages, 1):
        assert 'width="792pt" height="612pt"' in page
        assert f"page {n} of {len(pages)}" in page
        _corner, top, left, body = _pieces(page)
        # The lane names (left of header_x) and phase names (above header_y) on every page.
        assert left[4] == pytest.approx(cuts.header_left, abs=0.01)
        assert left[4] + left[6] == pytest.approx(cuts.header_x, abs=0.02)
        assert top[5] == 0
        assert top[7] == pytest.approx(cuts.header_y, abs=0.01)
        # Pages start at a phase boundary unless a phase wider than a page was split.
        starts.add(round(body[4], 2))
        # Printed at 7/9 (9-pt arrow labels print at 7 pt), the strip and body fit the page.
        assert body[2] == pytest.approx(body[6] * 7 / 9, abs=0.02)
        assert (left[6] + body[6]) * 7 / 9 <= 720 + 0.01
    boundaries = {round(x, 2) for x in (cuts.header_x, *cuts.x_cuts)}
    assert boundaries <= starts  # every phase begins a page


def test_a_paged_swimlane_png(svg_backends: list[str]) -> None:
    pytest.importorskip("resvg_py")
    import lifeexp

    png = render(lifeexp.load_journey(RETIREMENT), "png", page="a3")
    assert png.startswith(b"\x89PNG")


def test_a_top_to_bottom_map_is_cut_into_page_sized_windows(svg_backends: list[str]) -> None:
    import lifeexp
    from lifeexp.rendering import render_pages

    journey = lifeexp.load_journey(RETIREMENT)
    pages = render_pages(journey, page="tabloid", rankdir="TB")
    assert pages
    assert all(len(_pieces(page)) == 1 for page in pages)  # no header strips to repeat
