"""The one output-format table and the one render signature (issue 9, items 2 and 8)."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import lifeexp
from lifeexp.errors import RenderError
from lifeexp.model import Journey
from lifeexp.rendering import (
    FORMATS,
    OUTPUT_FORMATS,
    JourneyMap,
    RenderOptions,
    available_backends,
    format_for_path,
    map_scorecard,
    resolve_format,
    save,
    to_dot,
    to_mermaid,
    to_text,
)

needs_graphviz = pytest.mark.skipif(not available_backends(), reason="no Graphviz backend")


def test_the_table_names_every_format_once_and_every_extension_once() -> None:
    assert tuple(f.name for f in OUTPUT_FORMATS) == FORMATS
    extensions = [ext for f in OUTPUT_FORMATS for ext in f.extensions]
    assert len(extensions) == len(set(extensions))
    assert {f.name for f in OUTPUT_FORMATS if f.binary} == {"png", "pdf"}
    assert {f.name for f in OUTPUT_FORMATS if f.needs_graphviz} == {"svg", "png", "pdf"}


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("map.png", "png"),
        ("out/MAP.PDF", "pdf"),
        ("x.svg", "svg"),
        ("x.gv", "dot"),
        ("a.b/x.dot", "dot"),
        ("x.mmd", "mermaid"),
        ("x.journey.mmd", "mermaid-journey"),
        ("x.txt", "text"),
        ("x.md", "markdown"),
    ],
)
def test_the_extension_names_the_format(path: str, name: str) -> None:
    found = format_for_path(path)
    assert found is not None
    assert found.name == name


def test_no_extension_names_no_format_and_an_unknown_one_is_an_error() -> None:
    assert format_for_path("map") is None
    assert format_for_path(".png") is None  # a hidden file called ".png" has no extension
    with pytest.raises(RenderError, match=r"'\.jpeg' of 'map\.jpeg'; use one of \.svg, \.png"):
        format_for_path("map.jpeg")


def test_resolve_format_refuses_a_contradiction_naming_both() -> None:
    with pytest.raises(RenderError) as info:
        resolve_format(Path("map.png"), "svg")
    message = str(info.value)
    assert "'svg'" in message
    assert "'map.png' (png)" in message
    assert resolve_format(Path("map.png"), None).name == "png"
    assert resolve_format(Path("map.png"), "PNG").name == "png"
    assert resolve_format(None, None).name == "svg"
    assert resolve_format(Path("map"), "dot").name == "dot"
    with pytest.raises(RenderError, match="unknown format 'jpeg'"):
        resolve_format(None, "jpeg")


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("m.dot", b"digraph"),
        ("m.mmd", b"flowchart"),
        ("m.md", b"# Journey map"),
        pytest.param("m.png", b"\x89PNG", marks=needs_graphviz),
        pytest.param("m.pdf", b"%PDF", marks=needs_graphviz),
    ],
)
def test_save_writes_the_format_of_the_extension(
    sample_journey: Journey, tmp_path: Path, name: str, start: bytes
) -> None:
    written = save(sample_journey, tmp_path / name)
    assert (tmp_path / name).read_bytes().startswith(start)
    assert written is format_for_path(name)
    assert JourneyMap(sample_journey).save(tmp_path / f"again-{name}") is written


def test_save_refuses_a_missing_folder_and_a_contradiction(
    sample_journey: Journey, tmp_path: Path
) -> None:
    with pytest.raises(RenderError, match="does not exist"):
        save(sample_journey, tmp_path / "missing" / "m.dot")
    with pytest.raises(RenderError, match="contradicts"):
        save(sample_journey, tmp_path / "m.png", format="dot")
    assert list(tmp_path.iterdir()) == []


def test_every_render_function_has_the_same_shape() -> None:
    shapes = {}
    for func in (lifeexp.render, to_dot, to_text, to_mermaid):
        params = inspect.signature(func).parameters
        positional = [p.name for p in params.values() if p.kind is p.POSITIONAL_OR_KEYWORD]
        keyword = {p.name: p.default for p in params.values() if p.kind is p.KEYWORD_ONLY}
        assert positional[0] == "journey"
        assert len(positional) <= 2  # the journey, then the format or diagram kind
        shapes[func.__name__] = (keyword["options"], keyword["scorecard"])
    assert set(shapes.values()) == {(None, "auto")}


def test_options_are_named_like_the_cli_flags() -> None:
    options = RenderOptions(wrap=30, lane_order=("SSA",), top_friction=2, theme="grayscale")
    assert options.wrap == 30
    with pytest.raises(ValueError, match="wrap must be at least 8"):
        RenderOptions(wrap=3)


def test_the_api_scores_by_default_as_the_cli_does(sample_journey: Journey) -> None:
    card = map_scorecard(sample_journey)
    shaded = to_dot(sample_journey)
    assert shaded == to_dot(sample_journey, scorecard=card)
    assert "friction #1" in shaded
    assert "friction #" not in to_dot(sample_journey, scorecard=None)
    assert "friction" in to_text(sample_journey)
    assert lifeexp.render(sample_journey, "dot") == shaded.encode()


def test_a_journey_that_cannot_be_scored_is_drawn_unshaded() -> None:
    from lifeexp.testing import make_journey

    # a -> b -> a forever: no path ends, so there is nothing to score
    looping = make_journey({"a": ["b"], "b": ["a"]})
    assert "friction #" not in to_dot(looping)
