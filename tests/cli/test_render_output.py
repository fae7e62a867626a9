"""``lifeexp render -o``: the format comes from the extension, output folders are not invented,
and lane codes are checked (issue 9, items 2 and 11)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from lifeexp.rendering import available_backends

Cli = Callable[..., Result]
Clean = Callable[..., None]

needs_graphviz = pytest.mark.skipif(not available_backends(), reason="no Graphviz backend")


@pytest.fixture(name="journey_path")
def _journey_path(journey_file: Callable[..., Path]) -> Path:
    return journey_file()


@pytest.fixture(name="out_dir")
def _out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("map.dot", b'digraph "sample"'),
        ("map.gv", b'digraph "sample"'),
        ("map.mmd", b"flowchart TB"),
        ("map.journey.mmd", b"journey"),
        ("map.md", b"# Journey map"),
        ("map.txt", b"Journey map"),
        pytest.param("map.svg", b"<svg", marks=needs_graphviz),
        pytest.param("map.png", b"\x89PNG\r\n\x1a\n", marks=needs_graphviz),
        pytest.param("map.pdf", b"%PDF-", marks=needs_graphviz),
        pytest.param("MAP.PNG", b"\x89PNG\r\n\x1a\n", marks=needs_graphviz),
    ],
)
def test_the_extension_chooses_the_format(
    cli: Cli, journey_path: Path, out_dir: Path, name: str, start: bytes
) -> None:
    target = out_dir / name
    result = cli("render", journey_path, "-o", target)
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    if start == b"<svg":
        assert b"<svg" in data[:400]
        assert data.lstrip().startswith(b"<?xml") or data.lstrip().startswith(b"<svg")
    else:
        assert data.startswith(start), data[:40]


@pytest.mark.parametrize(
    ("fmt", "name", "implied"),
    [
        ("svg", "map.png", "png"),
        ("png", "map.svg", "svg"),
        ("dot", "map.pdf", "pdf"),
        ("mermaid", "map.journey.mmd", "mermaid-journey"),
        ("markdown", "map.txt", "text"),
    ],
)
def test_a_format_that_contradicts_the_extension_is_refused_naming_both(
    cli: Cli, clean_failure: Clean, journey_path: Path, out_dir: Path, fmt: str, name: str,
    implied: str,
) -> None:  # fmt: skip
    result = cli("render", journey_path, "-f", fmt, "-o", out_dir / name)
    clean_failure(result, 2, [f"'{fmt}'", name, f"({implied})"])
    assert list(out_dir.iterdir()) == []


def test_an_agreeing_format_and_extension_are_fine(
    cli: Cli, journey_path: Path, out_dir: Path
) -> None:
    result = cli("render", journey_path, "-f", "DOT", "-o", out_dir / "map.dot")
    assert result.exit_code == 0, result.output
    assert (out_dir / "map.dot").read_text(encoding="utf-8").startswith("digraph")


@pytest.mark.parametrize("name", ["map.jpg", "map.html", "map.svgz"])
def test_an_unknown_extension_is_a_usage_error(
    cli: Cli, clean_failure: Clean, journey_path: Path, out_dir: Path, name: str
) -> None:
    result = cli("render", journey_path, "-o", out_dir / name)
    clean_failure(result, 2, [Path(name).suffix, ".png", ".mmd"])
    assert list(out_dir.iterdir()) == []


def test_a_file_name_without_an_extension_takes_the_format_option(
    cli: Cli, journey_path: Path, out_dir: Path
) -> None:
    result = cli("render", journey_path, "-f", "mermaid", "-o", out_dir / "map")
    assert result.exit_code == 0, result.output
    assert (out_dir / "map").read_text(encoding="utf-8").startswith("flowchart")


def test_a_missing_parent_folder_is_refused_and_nothing_is_created(
    cli: Cli, clean_failure: Clean, journey_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "nonexistent" / "dir" / "x.dot"
    result = cli("render", journey_path, "-o", target)
    clean_failure(result, 2, ["does not exist", "nothing was written"])
    assert not (tmp_path / "nonexistent").exists()


def test_an_output_folder_is_made_only_inside_an_existing_one_and_said(
    cli: Cli, clean_failure: Clean, journey_path: Path, tmp_path: Path
) -> None:
    deep = cli("render", journey_path, "-f", "dot", "-o", f"{tmp_path / 'a' / 'b'}/")
    clean_failure(deep, 2, ["does not exist"])
    assert not (tmp_path / "a").exists()
    made = cli("render", journey_path, "-f", "dot", "-o", f"{tmp_path / 'maps'}/")
    assert made.exit_code == 0, made.output
    assert "created folder" in made.output
    assert (tmp_path / "maps" / "sample.dot").read_text(encoding="utf-8").startswith("digraph")


@pytest.mark.parametrize(
    ("codes", "said"),
    [
        ("XYZ,SSA", ["unknown agency code 'XYZ'"]),
        ("SAA", ["unknown agency code 'SAA'", "did you mean 'SSA'?"]),
        ("SSA, cms", ["unknown agency code 'cms'", "did you mean 'CMS'?"]),
    ],
)
def test_an_unknown_lane_order_code_is_an_error_with_a_suggestion(
    cli: Cli, clean_failure: Clean, journey_path: Path, codes: str, said: list[str]
) -> None:
    result = cli("render", journey_path, "-f", "dot", "--lane-order", codes)
    clean_failure(result, 2, ["--lane-order", *said])


def test_known_lane_codes_still_order_the_lanes(cli: Cli, journey_path: Path) -> None:
    result = cli("render", journey_path, "-f", "dot", "--lane-order", "CMS,SSA")
    assert result.exit_code == 0, result.output
    assert result.stdout.index('label="CMS') < result.stdout.index('label="SSA')
