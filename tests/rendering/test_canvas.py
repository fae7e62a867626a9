"""The journey canvas and the service blueprint: content, escaping, wrapping, pages, golden SVG."""

from __future__ import annotations

import itertools
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import lifeexp
from lifeexp.cli import main
from lifeexp.errors import RenderError
from lifeexp.model import Journey
from lifeexp.rendering import RenderOptions, render
from lifeexp.rendering._canvas import (
    COL_W,
    HEADER_W,
    PAD,
    PHASE_H,
    ROWS,
    TITLE_H,
    build_canvas,
    canvas_pages,
    canvas_svg,
    canvas_table,
)
from lifeexp.rendering._layout import FrictionInfo, friction_info
from lifeexp.rendering._measure import text_width
from lifeexp.rendering._pages import MIN_PRINT_PT, chunk_groups, page_spec

from .conftest import FakeScorecard
from .svgcheck import SVG_NS

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "journeys").glob("*.yaml"))
_TRANSFORM = re.compile(r"translate\(([\d.]+) ([\d.]+)\) scale\(([\d.]+)\)")


def journey_from(data: dict[str, Any]) -> Journey:
    return Journey.model_validate(data)


def linear(n: int, **extra: Any) -> Journey:
    """A path of ``n`` steps in ``phases`` phases, every step with minutes and an emotion."""
    phases = extra.pop("phases", 4)
    steps = [
        {
            "id": f"s{i}",
            "title": f"Step number {i} of the long path",
            "phase": f"p{i * phases // n}",
            "agency": "SSA" if i % 2 else "person",
            "burden": {"completing": 10 + i % 7, "estimate": "test"},
            "emotion": (i % 5) - 2,
        }
        for i in range(n)
    ]
    return journey_from(
        {
            "id": "long",
            "title": "A long path",
            "life_experience": "other",
            "start": "s0",
            "phases": [{"id": f"p{k}", "title": f"Phase {k}"} for k in range(phases)],
            "steps": steps,
            "transitions": [{"from": f"s{i}", "to": f"s{i + 1}"} for i in range(n - 1)],
            **extra,
        }
    )


def canvas_of(journey: Journey, **options: Any) -> Any:
    view = options.pop("view", "canvas")
    compare = options.pop("compare", None)
    friction = options.pop("friction", FrictionInfo())
    return build_canvas(
        journey, RenderOptions(view=view, **options), friction, view=view, compare=compare
    )


def texts_with_size(root: ET.Element) -> list[tuple[float, float, float, str, bool]]:
    """(x, y, size, text, bold) of every text element."""
    out = []
    for t in root.iter(f"{SVG_NS}text"):
        out.append(
            (
                float(t.get("x", 0)),
                float(t.get("y", 0)),
                float(t.get("font-size", 0)),
                t.text or "",
                t.get("font-weight") == "bold",
            )
        )
    return out


def words(svg: str) -> str:
    """The SVG's text as a reader sees it: every text line, joined by spaces."""
    return " ".join(t.text or "" for t in ET.fromstring(svg).iter(f"{SVG_NS}text"))


def assert_no_overflow(svg: str) -> None:
    """Every text line ends inside its column (or the header column); titles and phase
    headers, which span several columns, inside the sheet."""
    root = ET.fromstring(svg)
    sheet_w = float(root.get("viewBox", "0 0 0 0").split()[2])
    for x, y, size, text, bold in texts_with_size(root):
        right = x + text_width(text, size, bold=bold)
        if y < TITLE_H + PHASE_H:
            assert right <= sheet_w + 0.5, (text, right)
            continue
        if x < HEADER_W:
            assert right <= HEADER_W - PAD + 0.5, (text, right)
        else:
            col = int((x - HEADER_W) // COL_W)
            edge = HEADER_W + (col + 1) * COL_W
            assert right <= edge + 0.5, (text, right, edge)


# --------------------------------------------------------------------------------------------
# Rows and content.


def test_one_row_table_drives_both_views() -> None:
    ids = [r.id for r in ROWS]
    assert len(ids) == len(set(ids))
    assert {"action", "agency", "time", "emotion", "pain", "friction", "handoff"} <= set(ids)
    assert {"customer", "frontstage", "backstage", "support"} <= set(ids)
    assert all(r.views <= {"canvas", "blueprint"} and r.views for r in ROWS)


def test_columns_follow_the_persona_path(sample_journey: Journey) -> None:
    likely = canvas_of(sample_journey)
    assert [c.step.id for c in likely.columns] == [
        "decide",
        "gather",
        "apply-annuity",
        "apply-ss",
        "enrol-b",
        "covered",
    ]
    early = canvas_of(sample_journey, persona="early")
    assert [c.step.id for c in early.columns][-2:] == ["appeal", "covered"]
    assert early.path_name == "Retiring at 62"
    # Phase runs: prepare (2), apply (2), enrol (2).
    assert likely.phase_runs == [("prepare", 2), ("apply", 2), ("enrol", 2)]


def test_branches_off_the_path_are_summarised(sample_journey: Journey) -> None:
    svg = canvas_svg(canvas_of(sample_journey))
    # decide → gather 80 %, apply-ss 20 %: the path takes gather; the other is summarised.
    assert "20% go to “Apply for Social Security retirement" in words(svg)
    assert "25% go to “Send missing documents to OPM”" in words(svg)


def test_handoffs_are_labelled_with_type_and_pattern(sample_journey: Journey) -> None:
    canvas = canvas_of(sample_journey)
    by_id = {c.step.id: c for c in canvas.columns}
    assert by_id["apply-ss"].handoff
    assert by_id["enrol-b"].handoff
    assert not by_id["gather"].handoff
    svg = canvas_svg(canvas)
    assert "handoff: customer carries (dashed line)" in words(svg)
    assert "handoff: data shared (solid line)" in words(svg)
    assert "from OPM to SSA" in words(svg)
    # The dashed arrow is drawn with a dash pattern, not colour alone.
    assert 'stroke-dasharray="6 3"' in svg


def test_time_bars_share_one_scale(sample_journey: Journey) -> None:
    canvas = canvas_of(sample_journey)
    # Largest PERT mean on the path: decide = (60 + 4*120 + 300) / 6 = 140 minutes.
    assert canvas.max_minutes == pytest.approx(140.0)
    # Largest wait: apply-annuity (30 + 4*60 + 120) / 6 = 65 days.
    assert canvas.max_days == pytest.approx(65.0)
    root = ET.fromstring(canvas_svg(canvas))
    bars = [
        float(r.get("width", 0)) for r in root.iter(f"{SVG_NS}rect") if r.get("fill") == "#0072b2"
    ]
    full = COL_W - 2 * PAD
    # gather: 90 of 140 minutes → 90/140 of the full bar.
    assert any(abs(b - full * 90 / 140) < 0.1 for b in bars)
    assert max(bars) == pytest.approx(full, abs=0.1)


def test_emotion_curve_breaks_where_emotion_is_missing() -> None:
    journey = linear(5)
    data = journey.model_dump(by_alias=True, exclude_unset=True)
    del data["steps"][2]["emotion"]  # the middle step records no emotion
    gappy = journey_from(data)
    canvas = canvas_of(gappy)
    assert [c.emotion for c in canvas.columns] == [-2, -1, None, 1, 2]
    root = ET.fromstring(canvas_svg(canvas))
    lines = [p.get("points", "").split() for p in root.iter(f"{SVG_NS}polyline")]
    assert [len(points) for points in lines] == [2, 2]  # two runs, nothing invented between
    circles = list(root.iter(f"{SVG_NS}circle"))
    assert len(circles) == 4
    written = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert "−2" in written
    assert "+2" in written
    assert "not recorded" in written


def test_emotion_values_are_placed_on_the_scale() -> None:
    root = ET.fromstring(canvas_svg(canvas_of(linear(5))))
    ys = [float(c.get("cy", 0)) for c in root.iter(f"{SVG_NS}circle")]
    # Emotions −2, −1, 0, +1, +2: equal steps upwards (SVG y grows downwards).
    gaps = [a - b for a, b in itertools.pairwise(ys)]
    assert all(g == pytest.approx(gaps[0]) and g > 0 for g in gaps)


def test_friction_from_the_scorecard(
    sample_journey: Journey, fake_scorecard: FakeScorecard
) -> None:
    canvas = canvas_of(sample_journey, friction=friction_info(fake_scorecard, 5))
    svg = canvas_svg(canvas)
    assert "#3 top friction point: Waits 65 days" in words(svg)
    # The edge friction point (apply-annuity → apply-ss) shows at the step it arrives at.
    assert "#2 top friction point: Papers carried by hand" in words(svg)
    assert "friction 4/4" in words(svg)


def test_opportunities_from_a_future_state(sample_journey: Journey) -> None:
    data = sample_journey.model_dump(by_alias=True, exclude_unset=True)
    for step in data["steps"]:
        if step["id"] == "apply-annuity":
            step["channel"] = "online"
            step["burden"] = {"completing": 30, "estimate": "sample"}
            step["wait"] = {"days": 20, "estimate": "sample"}
    data["id"] = "sample-retirement.future"
    data["state"] = "future"
    data["steps"] = [s for s in data["steps"] if s["id"] != "gather"]
    data["transitions"] = [t for t in data["transitions"] if "gather" not in (t["from"], t["to"])]
    future = journey_from(data)
    canvas = canvas_of(sample_journey, compare=future)
    assert canvas.opportunities is not None
    # 120 → 30 minutes saves 90; waits (30 + 240 + 120)/6 = 65 → 20 days.
    assert canvas.opportunities["apply-annuity"] == [
        "online instead of mail",
        "saves 90 min of the person's time; waits 45 days less (65 days → 20 days)",
    ]
    assert canvas.opportunities["gather"] == [
        "step removed in the future state; saves 90 min of the person's time"
    ]
    assert "Opportunities (future state)" in words(canvas_svg(canvas))


def test_blueprint_rows_and_line_of_visibility(sample_journey: Journey) -> None:
    data = sample_journey.model_dump(by_alias=True, exclude_unset=True)
    for t in data["transitions"]:
        if (t["from"], t["to"]) == ("apply-ss", "enrol-b"):
            t["data_passed"] = ["ssn", "date-of-birth"]
    journey = journey_from(data)
    svg = canvas_svg(canvas_of(journey, view="blueprint"))
    for header in (
        "Customer actions",
        "Frontstage touchpoints",
        "Backstage: agency work",
        "Support: data passed between agencies",
    ):
        assert header in words(svg)
    assert "line of visibility" in words(svg)
    assert "SSA → CMS: ssn, date-of-birth" in words(svg)
    assert "mail with OPM" in words(svg)
    assert "Emotion" not in words(svg)  # a canvas row, not a blueprint one


# --------------------------------------------------------------------------------------------
# Bad input.


HOSTILE = '<script>alert("x")</script> & ]]> \x1b[31m' + "Supercalifragilistic" * 12


def test_hostile_and_long_text_is_escaped_and_wrapped(sample_journey: Journey) -> None:
    data = sample_journey.model_dump(by_alias=True, exclude_unset=True)
    data["title"] = HOSTILE
    data["personas"][0]["name"] = HOSTILE
    data["steps"][0]["title"] = HOSTILE
    data["steps"][0]["pain_points"] = [{"text": HOSTILE, "source": "x" * 300}]
    data["phases"][0]["title"] = HOSTILE
    journey = journey_from(data)
    for view in ("canvas", "blueprint"):
        for persona in (None, "early"):
            svg = canvas_svg(canvas_of(journey, view=view, persona=persona))
            root = ET.fromstring(svg)  # well-formed: nothing broke out of a text node
            assert not list(root.iter(f"{SVG_NS}script"))
            assert "<script>" not in svg
            assert "\x1b" not in svg
            assert_no_overflow(svg)
    table = canvas_table(canvas_of(journey))
    assert "<script>" not in table
    assert "&lt;script&gt;" in table
    # The text alternative keeps the whole text the picture cuts with "…".
    assert "Supercalifragilistic" * 12 in table


def test_persona_with_no_path_is_a_plain_error(sample_journey: Journey) -> None:
    data = sample_journey.model_dump(by_alias=True, exclude_unset=True)
    data["start"] = "nowhere"
    journey = journey_from(data)
    with pytest.raises(RenderError, match="has no path to draw"):
        render(journey, "svg", view="canvas", persona="early")
    with pytest.raises(RenderError, match="no persona 'ghost'"):
        render(sample_journey, "svg", view="canvas", persona="ghost")


def test_an_empty_phase_is_named_not_drawn(sample_journey: Journey) -> None:
    data = sample_journey.model_dump(by_alias=True, exclude_unset=True)
    data["phases"].insert(1, {"id": "nothing", "title": "Nothing happens here"})
    canvas = canvas_of(journey_from(data))
    assert "nothing" not in [p for p, _ in canvas.phase_runs]
    assert canvas.empty_phases == ["Nothing happens here"]
    svg = canvas_svg(canvas)
    assert "No step of this path in: Nothing happens here" in svg  # the <desc>


def test_a_one_step_path() -> None:
    journey = journey_from(
        {
            "id": "one",
            "title": "One step",
            "life_experience": "other",
            "start": "only",
            "phases": [{"id": "p", "title": "Only phase"}],
            "steps": [{"id": "only", "title": "The only step", "phase": "p", "kind": "end"}],
        }
    )
    for view in ("canvas", "blueprint"):
        svg = render(journey, "svg", view=view).decode()
        root = ET.fromstring(svg)
        assert float(root.get("width", 0)) == pytest.approx(HEADER_W + COL_W, abs=1)
        assert "1 step in order" in svg  # the <desc>
    pages = canvas_pages(canvas_of(journey), page_spec("letter"))
    assert len(pages) == 1


def page_geometry_ok(page_svg: str, page_name: str) -> int:
    """Assert the page's text is ≥ 7 pt and everything lies inside the page; return the
    number of text elements."""
    spec = page_spec(page_name)
    root = ET.fromstring(page_svg)
    assert root.get("width") == f"{spec.width:g}pt"
    match = _TRANSFORM.search(page_svg)
    assert match is not None
    margin, scale = float(match.group(1)), float(match.group(3))
    inner = next(g for g in root.iter(f"{SVG_NS}g") if g.get("transform"))
    background = next(inner.iter(f"{SVG_NS}rect"))
    width, height = float(background.get("width", 0)), float(background.get("height", 0))
    # Sizes are written to 0.1 unit: allow that rounding, nothing more.
    assert margin + width * scale <= spec.width - margin + 0.06
    assert margin + height * scale <= spec.height - margin + 0.06
    texts = texts_with_size(inner)
    for _x, _y, size, text, _bold in texts:
        assert size * scale >= MIN_PRINT_PT - 1e-9, (text, size * scale)
    for x, _y, size, text, bold in texts:
        if _y >= TITLE_H:
            assert (x + text_width(text, size, bold=bold)) <= width + 0.5, text
    return len(texts)


def test_two_hundred_steps_paginate_with_legible_text() -> None:
    journey = linear(200, phases=7)
    canvas = canvas_of(journey)
    pages = canvas_pages(canvas, page_spec("letter"))
    assert len(pages) > 10
    for page in pages:
        page_geometry_ok(page, "letter")
        # Row headers repeat on every page.
        assert "The person's action" in words(page)
        assert "Emotion" in words(page)
    # Every step appears on exactly one page.
    found = [m for page in pages for m in re.findall(r"Step number (\d+) of", words(page))]
    assert sorted(set(found), key=int) == [str(i) for i in range(200)]


def test_pagination_time_grows_linearly() -> None:
    def cost(n: int, tries: int) -> float:
        canvas = canvas_of(linear(n, phases=10))
        best = float("inf")
        for _ in range(tries):
            start = time.perf_counter()
            canvas_pages(canvas, page_spec("letter"))
            best = min(best, time.perf_counter() - start)
        return best

    small, large = cost(200, 5), cost(1600, 2)
    # 8x the steps: linear is about 8x the time, quadratic 64x. The wide margin keeps a busy
    # machine (best of several runs) from failing a linear implementation.
    assert large / small < 24, (small, large)


def test_unknown_page_size_is_a_usage_error(sample_journey: Journey) -> None:
    with pytest.raises(ValueError, match="unknown page size 'huge'"):
        RenderOptions(page="huge")
    with pytest.raises(RenderError, match="unknown page size"):
        render(sample_journey, "pdf", view="canvas", page="huge")
    path = str(ROOT / "journeys/approaching-retirement.yaml")
    result = CliRunner().invoke(main, ["render", path, "--view", "canvas", "--page", "huge"])
    assert result.exit_code == 2
    assert "'huge' is not one of" in result.output
    assert "Traceback" not in result.output


def test_canvas_has_no_dot_form(sample_journey: Journey) -> None:
    with pytest.raises(RenderError, match="drawn without Graphviz"):
        render(sample_journey, "dot", view="canvas")


# --------------------------------------------------------------------------------------------
# Accessibility and the text alternative.


def test_svg_is_accessible(sample_journey: Journey) -> None:
    for view in ("canvas", "blueprint"):
        svg = render(sample_journey, "svg", view=view).decode()
        root = ET.fromstring(svg)
        assert root.get("role") == "img"
        assert root.get("aria-labelledby") == "lifeexp-title lifeexp-desc"
        first, second = list(root)[:2]
        assert first.tag == f"{SVG_NS}title"
        assert second.tag == f"{SVG_NS}desc"
        assert "6 steps in order" in (second.text or "")


def test_text_alternative_is_one_row_per_step(sample_journey: Journey) -> None:
    canvas = canvas_of(sample_journey)
    table = canvas_table(canvas).splitlines()
    rows = [line for line in table if line.startswith("| ")]
    header, body = rows[0], rows[1:]
    assert len(body) == len(canvas.columns)
    assert "| Emotion |" in header
    assert "| Time |" in header
    cells_per_row = {line.count(" | ") for line in rows}
    assert len(cells_per_row) == 1  # every row has every column
    markdown = render(sample_journey, "markdown", view="canvas", scorecard=None)
    assert markdown.decode() == canvas_table(canvas)


# --------------------------------------------------------------------------------------------
# Golden files: the sample journey's canvas and blueprint, byte for byte.


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("sample.canvas.svg", {"view": "canvas"}),
        ("sample.canvas-early.svg", {"view": "canvas", "persona": "early"}),
        ("sample.blueprint.svg", {"view": "blueprint"}),
        ("sample.canvas.md", {"view": "canvas"}),
        ("sample.canvas-letter.svg", {"view": "canvas", "page": "letter"}),
    ],
)
def test_golden_canvas(
    name: str,
    options: dict[str, Any],
    sample_journey: Journey,
    fake_scorecard: FakeScorecard,
    golden: Callable[[str, str], None],
) -> None:
    fmt = "markdown" if name.endswith(".md") else "svg"
    out = render(sample_journey, fmt, scorecard=fake_scorecard, **options).decode()
    golden(name, out)


# --------------------------------------------------------------------------------------------
# Every bundled journey, every view, every format, pip-only.


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_journeys_print_on_letter(path: Path) -> None:
    journey = lifeexp.load_journey(path)
    card = lifeexp.score(journey, lifeexp.ScoringOptions(samples=0))
    for view in ("canvas", "blueprint"):
        canvas = build_canvas(journey, RenderOptions(view=view), friction_info(card, 5), view=view)
        assert_no_overflow(canvas_svg(canvas))
        for page in canvas_pages(canvas, page_spec("letter")):
            page_geometry_ok(page, "letter")


@pytest.mark.parametrize("view", ["canvas", "blueprint"])
def test_png_and_pdf_without_graphviz(view: str, sample_journey: Journey) -> None:
    pytest.importorskip("resvg_py")
    pytest.importorskip("svg2pdf_py")
    pytest.importorskip("pypdf")
    import io

    import pypdf

    png = render(sample_journey, "png", view=view, backend="wasm")
    assert png.startswith(b"\x89PNG")
    pdf = render(sample_journey, "pdf", view=view, page="letter")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (792.0, 612.0)
    long_pdf = render(linear(60), "pdf", view=view, page="a4")
    assert len(pypdf.PdfReader(io.BytesIO(long_pdf)).pages) > 1
    slide = render(sample_journey, "pdf", view=view, page="slide")
    box = pypdf.PdfReader(io.BytesIO(slide)).pages[0].mediabox
    assert float(box.width) / float(box.height) == pytest.approx(16 / 9)


def test_chunk_groups_packs_whole_phases() -> None:
    assert chunk_groups([2, 2, 2], 4) == [(0, 4), (4, 2)]
    assert chunk_groups([5], 2) == [(0, 2), (2, 2), (4, 1)]
    assert chunk_groups([1, 0, 1], 1) == [(0, 1), (1, 1)]
    assert chunk_groups([], 3) == []


def test_cli_canvas_with_persona_and_compare(tmp_path: Path) -> None:
    out = tmp_path / "canvas.svg"
    result = CliRunner().invoke(
        main,
        [
            "render",
            str(ROOT / "journeys/approaching-retirement.yaml"),
            "--view",
            "canvas",
            "--persona",
            "federal-employee",
            "--compare",
            str(ROOT / "journeys/approaching-retirement.future.yaml"),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    svg = out.read_text(encoding="utf-8")
    assert "Opportunities (future state)" in words(svg)
    bad = CliRunner().invoke(
        main,
        ["render", str(ROOT / "journeys/approaching-retirement.yaml"), "--compare", str(out)],
    )
    assert bad.exit_code == 2


def test_html_text_alternative_matches_the_markdown_one(sample_journey: Journey) -> None:
    from lifeexp.rendering._canvas import canvas_table_html

    canvas = canvas_of(sample_journey)
    html = canvas_table_html(canvas)
    root = ET.fromstring(html)
    body_rows = root.findall("./tbody/tr")
    assert len(body_rows) == len(canvas.columns)
    header_cells = root.findall("./thead/tr/th")
    assert [h.text for h in header_cells][1:3] == ["The person's action", "Agency and channel"]
    first = [c.text for c in body_rows[0]]
    assert first[0] == "1. Prepare"
    assert first[1] == "Decide when to retire; decision"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--view", "canvas", "-f", "dot"], "has no dot form"),
        (["--view", "blueprint", "-f", "mermaid"], "has no mermaid form"),
        (["--view", "handover", "--persona", "early-claimer"], "--persona needs"),
        (["--page", "letter", "--fit", "slide", "--view", "canvas"], "not both"),
        (["--view", "canvas", "--persona", "ghost"], "has no persona 'ghost'"),
    ],
)
def test_cli_canvas_usage_errors(args: list[str], message: str) -> None:
    path = str(ROOT / "journeys/approaching-retirement.yaml")
    result = CliRunner().invoke(main, ["render", path, *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_canvas_and_blueprint_as_png_and_pdf(path: Path) -> None:
    pytest.importorskip("resvg_py")
    pytest.importorskip("svg2pdf_py")
    pypdf = pytest.importorskip("pypdf")
    import io

    journey = lifeexp.load_journey(path)
    # Current states as canvases, future states as blueprints: every journey and both views
    # through both converters, at half the cost of every pair (the SVG of every pair is
    # checked above, and the sample journey does both views in both formats).
    view = "blueprint" if journey.state.value == "future" else "canvas"
    assert render(journey, "png", view=view).startswith(b"\x89PNG")
    pdf = render(journey, "pdf", view=view, page="letter")
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (792.0, 612.0)
