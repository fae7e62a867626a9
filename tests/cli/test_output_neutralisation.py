"""Nothing a journey says can act on the CI runner or reorder what a reviewer sees.

The GitHub Actions runner reads each line a step prints (lines end at ``\\r`` or ``\\n``) and
acts on two forms, transcribed here from ``ActionCommand.TryParseV2`` and
``ActionCommand.TryParse`` in actions/runner (src/Runner.Common/ActionCommand.cs):

* V2: after ``TrimStart()`` the line starts with ``::``, and another ``::`` follows; the
  command name runs to the first space of what lies between.
* legacy: ``##[`` anywhere in the line, then a ``]`` later; the command name runs from after
  ``##[`` to the first space before that ``]``.

The runner only acts on registered names; these checks treat *any* name as a command, which
is stricter. Every line lifeexp prints, in text and github formats, for hostile journeys and
file names, is checked against both rules, and for raw bidirectional controls.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from lifeexp.escaping import BIDI_CONTROLS, json_text, printable, printable_lines

# .NET char.IsWhiteSpace: categories Zs, Zl, Zp, plus U+0009-U+000D and U+0085.
_DOTNET_WHITESPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
_DOTNET_WHITESPACE += "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def runner_lines(output: str) -> list[str]:
    """How the runner splits a step's output into lines (StreamReader.ReadLine)."""
    return re.split(r"\r\n|\r|\n", output)


def v2_command(line: str) -> str | None:
    """The command TryParseV2 would read from ``line``, if any."""
    message = line.lstrip(_DOTNET_WHITESPACE)
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    info = message[2:end]
    return info.split(" ", 1)[0] or None


def legacy_command(line: str) -> str | None:
    """The command TryParse (the legacy ``##[`` form) would read from ``line``, if any."""
    start = line.find("##[")
    if start < 0:
        return None
    rb = line.find("]", start)
    if rb < 0:
        return None
    info = line[start + 3 : rb]
    return info.split(" ", 1)[0] or None


def test_the_transcribed_rules_catch_the_attacks() -> None:
    assert v2_command("::add-mask::secret") == "add-mask"
    assert v2_command(" \u3000::warning file=x::forged") == "warning"
    assert legacy_command("see ##[set-output name=x;]1") == "set-output"
    assert legacy_command("ok ##[stop-commands]token") == "stop-commands"
    assert v2_command("a ::add-mask::x") is None
    assert legacy_command("#[x]") is None


FRAGMENTS = st.sampled_from(
    [
        "::",
        "##[",
        "#",
        "[",
        "]",
        ":",
        " ",
        "\u3000",
        "\n",
        "\r",
        "\r\n",
        "add-mask",
        "set-output name=x;",
        "stop-commands",
        "warning file=a",
        "\u202e",
        "\u2066",
        "\x1b[31m",
        "abc",
        "\\x23",
    ]
)


@given(st.lists(FRAGMENTS, max_size=12).map("".join))
def test_printable_text_is_never_a_command(text: str) -> None:
    shown = printable(text)
    assert len(runner_lines(shown)) == 1
    assert v2_command(shown) is None
    assert legacy_command(shown) is None
    assert not BIDI_CONTROLS & set(shown)


@given(st.lists(FRAGMENTS, max_size=12).map("".join))
def test_printable_lines_keep_line_breaks_and_no_line_is_a_command(text: str) -> None:
    shown = printable_lines(text)
    assert shown.count("\n") == text.count("\n")
    for line in runner_lines(shown):
        assert v2_command(line) is None
        assert legacy_command(line) is None
    assert not BIDI_CONTROLS & set(shown)


@given(st.lists(FRAGMENTS, max_size=12).map("".join))
def test_json_text_is_inert_and_reads_back_unchanged(text: str) -> None:
    dumped = json_text(json.dumps({"title": text, "notes": [text]}, ensure_ascii=False))
    assert json.loads(dumped) == {"title": text, "notes": [text]}
    for line in runner_lines(dumped):
        assert v2_command(line) is None
        assert legacy_command(line) is None
    assert not BIDI_CONTROLS & set(dumped)


def test_bidi_controls_are_shown_where_they_were() -> None:
    assert printable("abc\u202edcba\u2069") == "abc\\u202edcba\\u2069"


# ------------------------------------------------------------------ the commands end to end

HOSTILE = "##[add-mask]secret ##[set-output name=x;]1 \u202eevil\u202c ::warning::forged"
LINE_START = "::error file=x.yaml::forged"


def _hostile_journey(journey_data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(journey_data)
    data["title"] = LINE_START
    data["description"] = LINE_START + " and " + HOSTILE
    for step in data["steps"]:
        step["title"] = HOSTILE
        step["notes"] = LINE_START
    data["steps"][2]["burden"]["estimate"] = HOSTILE
    data["steps"][2]["wait"]["estimate"] = LINE_START
    data["transitions"][1]["label"] = HOSTILE
    return data


def _assert_inert(result: Result, *, annotations: bool = False) -> None:
    output = result.output + (result.stderr if result.stderr_bytes else "")
    assert "Traceback" not in output
    for line in runner_lines(output):
        assert legacy_command(line) is None, line
        command = v2_command(line)
        if annotations and command is not None:
            # lifeexp's own annotations, each with one message that forges nothing.
            assert command in {"error", "warning", "notice"}, line
            assert line.startswith(f"::{command} "), line
        else:
            assert command is None, line
    assert not BIDI_CONTROLS & set(output)


@pytest.fixture(name="hostile")
def _hostile(journey_file: Callable[..., Path], journey_data: dict[str, Any]) -> Path:
    # The sample journey resolves against the bundled catalogs too.
    return journey_file(_hostile_journey(journey_data), name="::warning file=x::pwned.yaml")


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--format", "text"],
        ["validate", "--list-estimates"],
        ["render", "-f", "text"],
        ["render", "-f", "markdown"],
        ["render", "-f", "mermaid"],
        ["score", "--format", "table", "--samples", "0"],
        ["score", "--format", "csv", "--samples", "0"],
        ["score", "--format", "markdown", "--samples", "0"],
        ["score", "--format", "json", "--samples", "0"],
    ],
)
def test_commands_print_nothing_the_runner_acts_on(
    cli: Callable[..., Result], hostile: Path, args: list[str]
) -> None:
    result = cli(*args, hostile)
    assert result.exit_code == 0, result.output
    if args[0] != "validate" or "--list-estimates" in args:
        assert "forged" in result.output  # the hostile text was printed, made inert
    _assert_inert(result)


def test_github_annotations_carry_no_second_command(
    cli: Callable[..., Result],
    journey_file: Callable[..., Path],
    journey_data: dict[str, Any],
) -> None:
    data = _hostile_journey(journey_data)
    data["steps"][1]["agency"] = "##[add-mask]x"  # quoted back in the unknown-agency message
    data["steps"][1]["forms"] = [HOSTILE]
    path = journey_file(data, name="::warning file=x::pwned.yaml")
    result = cli("validate", "--format", "github", path)
    assert result.exit_code == 1
    assert "::error " in result.output
    _assert_inert(result, annotations=True)


def test_a_file_name_cannot_forge_a_diagnostic_line(
    cli: Callable[..., Result], write_file: Callable[..., Path]
) -> None:
    bad = write_file("id: [unclosed\n", name="::warning file=x.yaml::forged.yaml")
    result = cli("validate", bad)
    assert result.exit_code == 1
    _assert_inert(result)
    assert "forged.yaml" in result.output
