"""The shared CLI plumbing: error mapping and escaping."""

from __future__ import annotations

import io
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from lifeexp.cli._common import (
    emit_diagnostics,
    format_option,
    handle_errors,
    safe_text,
)
from lifeexp.diagnostics import Diagnostic, Severity
from lifeexp.errors import JourneyLoadError, ScoringError


def _command(exc: BaseException) -> click.Command:
    @click.command()
    @handle_errors
    def cmd() -> None:
        raise exc

    return cmd


@pytest.mark.parametrize(
    ("exc", "code", "text"),
    [
        (ScoringError("loop never ends"), 1, "error: loop never ends"),
        (
            JourneyLoadError(
                "1 problem", [Diagnostic("LX004", Severity.error, "malformed YAML", "a.yaml", 2, 3)]
            ),
            1,
            "a.yaml:2:3: error[LX004]: malformed YAML",
        ),
        (
            PermissionError(13, "Permission denied", "/out/x.svg"),
            3,
            "/out/x.svg: Permission denied",
        ),
        (KeyError("boom"), 3, "internal error, please report it"),
    ],
)
def test_handle_errors_maps_exceptions(exc: BaseException, code: int, text: str) -> None:
    result = CliRunner().invoke(_command(exc))
    assert result.exit_code == code
    assert text in result.output
    assert "Traceback" not in result.output


def test_usage_errors_pass_through() -> None:
    result = CliRunner().invoke(_command(click.UsageError("bad usage")))
    assert result.exit_code == 2


def test_format_option_defaults_and_choices() -> None:
    @click.command()
    @format_option("table", "json")
    def cmd(fmt: str) -> None:
        click.echo(fmt)

    assert CliRunner().invoke(cmd).output == "table\n"
    assert CliRunner().invoke(cmd, ["--format", "JSON"]).output == "json\n"
    assert CliRunner().invoke(cmd, ["--format", "svg"]).exit_code == 2


def test_safe_text_escapes_controls_but_keeps_unicode() -> None:
    assert safe_text("a\x1b[31mb\r\nc\tč→") == "a\\x1b[31mb\\x0d\\x0ac\tč→"


def test_github_annotations_escape_properties_and_data() -> None:
    d = Diagnostic("LX101", Severity.warning, "50% done\nnext", "a:b,c.yaml", 1, 2, hint="x")
    assert d.github_annotation() == (
        "::warning file=a%3Ab%2Cc.yaml,line=1,col=2,title=LX101::50%25 done\\x0anext (x)"
    )
    info = Diagnostic("LX308", Severity.info, "note")
    assert info.github_annotation() == "::notice title=LX308::note"


def test_emit_json() -> None:
    out = io.StringIO()
    emit_diagnostics(
        [Diagnostic("LX001", Severity.error, "file not found", "x.yaml")], "json", stream=out
    )
    assert '"code": "LX001"' in out.getvalue()


def _loader_command() -> click.Command:
    from lifeexp.cli._common import load_journeys_or_exit

    @click.command()
    @click.argument("paths", nargs=-1)
    @click.option("--strict", is_flag=True)
    @handle_errors
    def cmd(paths: tuple[str, ...], strict: bool) -> None:
        journeys = load_journeys_or_exit(paths, strict=strict)
        click.echo(",".join(j.id for j in journeys))

    return cmd


def test_load_journeys_or_exit_returns_journeys(tmp_path: Path) -> None:
    from lifeexp.testing import make_journey

    journey = make_journey({"a": ["b"]}, minutes={"a": 5})
    path = tmp_path / "j.yaml"
    path.write_text(journey.model_dump_json(by_alias=True, exclude_none=True))  # JSON is YAML
    result = CliRunner().invoke(_loader_command(), [str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "test-journey\n"
    strict = CliRunner().invoke(_loader_command(), [str(path), "--strict"])
    assert strict.exit_code == 1  # make_journey steps have warnings (no burden on b...)
    assert "warning[" in strict.stderr


def test_load_journeys_or_exit_prints_located_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\nid: y\n")
    result = CliRunner().invoke(_loader_command(), [str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "bad.yaml:2:1: error[LX005]: duplicate key 'id'" in result.stderr
