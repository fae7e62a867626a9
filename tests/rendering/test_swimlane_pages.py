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
from lifeexp.rendering._pages import MIN_PRINT_PT, page_spec, stack_pages, tile_svg

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
    assert "splines" not in to_dot(sample_journey)  # smooth: Graphviz's default curves
    assert 'splines="line"' in to_dot(sample_journey, options=RenderOptions(edges="straight"))
    assert 'splines="ortho"' in to_dot(sample_journey, options=RenderOptions(edges="orthogonal"))
    with pytest.raises(ValueError, match="edges must be"):
        RenderOptions(edges="zigzag")  # type: ignore[arg-type]


WIDE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="3000pt" height="500pt" '
    'viewBox="0.00 0.00 3000.00 500.00"><title id="lifeexp-title">Wide</title>'
    '<text font-size="9">a</text><text font-size="14">b</text></svg>'
)


def test_tiling_keeps_text_at_seven_points() -> None:
    spec = page_spec("letter")
    pages = tile_svg(WIDE, spec, title="Wide")
    # Smallest text 9 units → scale at least 7/9; the 500-unit height fits 540 pt at 1.0,
    # but the width does not, so the scale is max(7/9, min(1, 540/500, 720/3000)) = 7/9.
    scale = 7 / 9
    window = spec.inner_width / scale
    expected = 1 + -(-(3000 - window) // (window * 0.9))
    assert len(pages) == expected
    for n, page in enumerate(pages, 1):
        assert f"page {n} of {len(pages)}" in page
        assert 'width="792pt" height="612pt"' in page
        box = re.search(r'<svg x="36" y="36" width="720" height="540" viewBox="([\d. -]+)"', page)
        assert box is not None
        w = float(box.group(1).split()[2])
        assert 9 * spec.inner_width / w >= MIN_PRINT_PT - 1e-6
    stacked = stack_pages(pages, spec)
    assert stacked.count("<title") == 1  # one accessible title for the whole sheet


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
