"""A team's repository: lifeexp.toml or [tool.lifeexp], its own catalogs, no flags needed."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

from lifeexp.project import (
    ProjectConfig,
    ProjectConfigError,
    catalogs_beside,
    catalogs_for,
    config_for,
    find_config_file,
    load_config,
)

Cli = Callable[..., Result]

CATALOG = """\
agencies:
  - code: DOS-CA
    name: Department of State, Bureau of Consular Affairs
forms:
  - id: DS-82
    title: U.S. Passport Renewal Application for Eligible Individuals
    agency: DOS-CA
    pra_exempt: an illustration for this test
  - id: DS-11
    title: Application for a U.S. Passport
    agency: DOS-CA
    pra_exempt: an illustration for this test
documents:
  - id: court-name-change-order
    title: Court order of a name change
"""

JOURNEY = """\
id: passport-name-change
title: Passport after a name change
life_experience: other
start: marry
phases:
  - {id: change, title: Change your name}
steps:
  - id: marry
    title: Get the marriage certificate
    phase: change
    agency: person
    kind: wait
  - id: renew
    title: Renew the passport
    phase: change
    agency: DOS-CA
    forms: [DS-82, DS-11]
    documents: [court-name-change-order]
    burden: {completing: 30, estimate: half an hour}
transitions:
  - {from: marry, to: renew}
"""


@pytest.fixture(name="team")
def _team(tmp_path: Path) -> Iterator[Path]:
    """A team repository: journeys/ and catalogs/ side by side; the working folder is it."""
    (tmp_path / "journeys").mkdir()
    (tmp_path / "catalogs").mkdir()
    (tmp_path / "journeys" / "passport.yaml").write_text(JOURNEY, encoding="utf-8")
    (tmp_path / "catalogs" / "state.yaml").write_text(CATALOG, encoding="utf-8")
    before = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(before)


def test_a_catalogs_folder_beside_the_journeys_is_used_without_flags(cli: Cli, team: Path) -> None:
    for target in ("journeys", "journeys/passport.yaml"):
        result = cli("validate", "--strict", target)
        assert result.exit_code == 0, result.output
    assert catalogs_beside([Path("journeys")]) == [Path("catalogs")]


def test_without_the_team_catalog_one_message_says_a_catalog_may_be_missing(
    cli: Cli, team: Path
) -> None:
    (team / "catalogs").rename(team / "elsewhere")
    result = cli("validate", "journeys")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "error[" in line]
    assert len(errors) == 1, result.output
    assert "error[LX310]" in errors[0]
    assert "a catalog may be missing" in errors[0]
    assert "did you mean" not in errors[0]
    assert (
        "agency 'DOS-CA', form 'DS-82', form 'DS-11', document 'court-name-change-order'"
        in (errors[0])
    )


def test_lifeexp_toml_names_the_catalogs_and_the_choices(cli: Cli, team: Path) -> None:
    (team / "catalogs").rename(team / "shared")
    (team / "lifeexp.toml").write_text(
        'catalogs = ["shared"]\nformat = "json"\nstrict = true\n[severity]\nLX502 = "error"\n',
        encoding="utf-8",
    )
    (team / "journeys" / "sub").mkdir()
    os.chdir(team / "journeys" / "sub")  # found by looking upward from the files checked
    result = cli("validate", "..")
    payload = json.loads(result.stdout)  # format from the file
    assert payload["ok"] is True
    # The step without a burden is an error by the team's choice.
    text = JOURNEY.replace("    kind: wait\n", "")
    (team / "journeys" / "passport.yaml").write_text(text, encoding="utf-8")
    failed = cli("validate", "..", "--format", "text")  # a flag overrides the file
    assert failed.exit_code == 1
    assert "error[LX502]" in failed.output


def test_pyproject_tool_table_is_read_and_lifeexp_toml_wins(team: Path) -> None:
    (team / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.lifeexp]\nignore = ["LX410"]\n', encoding="utf-8"
    )
    assert find_config_file(team / "journeys" / "passport.yaml") == team / "pyproject.toml"
    assert config_for([team / "journeys"]).ignore == ("LX410",)
    (team / "lifeexp.toml").write_text('select = ["LX3"]\n', encoding="utf-8")
    assert find_config_file(team / "journeys") == team / "lifeexp.toml"
    assert config_for([team / "journeys"]).select == ("LX3",)


def test_a_pyproject_without_the_tool_table_is_not_a_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 99\n", encoding="utf-8")
    assert find_config_file(tmp_path) is None or find_config_file(tmp_path) != (
        tmp_path / "pyproject.toml"
    )


def test_no_config_means_defaults(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path / "lifeexp.toml", ""))
    assert config.catalogs == ()
    assert config.format is None
    assert not config.strict
    assert config.select is None
    assert config.bundled_catalogs
    assert ProjectConfig().root is None


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_every_bad_setting_is_reported_with_its_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "lifeexp.toml",
        'selct = ["LX3"]\nformat = "jsn"\nstrict = "yes"\ncatalogs = ["nowhere"]\n'
        'ignore = ["LX99"]\n[severity]\nLX999 = "error"\nLX603 = "fatal"\n',
    )
    with pytest.raises(ProjectConfigError) as info:
        load_config(path)
    found = [(d.code, d.line, d.message, d.hint) for d in info.value.diagnostics]
    assert all(code == "LX013" for code, *_ in found)
    lines = {line: (message, hint) for _, line, message, hint in found}
    assert lines[1] == ("unknown setting 'selct'", "did you mean 'select'?")
    assert lines[2][1] == "did you mean 'json'?"
    assert lines[3][0] == "strict is true or false"
    assert "does not exist" in lines[4][0]
    assert "matches no diagnostic code" in lines[5][0]
    assert "'LX999' is not a diagnostic code" in lines[7][0]
    assert lines[8][0] == "severity of LX603 must be error, warning or info, not 'fatal'"


def test_a_broken_config_stops_the_command_with_exit_2(cli: Cli, team: Path) -> None:
    _write(team / "lifeexp.toml", "select = [LX3\n")
    result = cli("validate", "journeys")
    assert result.exit_code == 2
    assert "lifeexp.toml:1: error[LX013]: the configuration file is not valid TOML" in (
        result.output
    )
    assert "Traceback" not in result.output


def test_other_commands_use_the_project_catalogs(cli: Cli, team: Path) -> None:
    result = cli("score", "journeys/passport.yaml")
    assert result.exit_code == 0, result.output


def test_catalogs_for_a_run(team: Path) -> None:
    beside = catalogs_for([Path("journeys")], [], ProjectConfig())
    assert beside == [Path("catalogs")]
    # a catalogs folder named as a path to check is not added again
    assert catalogs_for([Path("journeys"), Path("catalogs")], [], ProjectConfig()) == []
    configured = ProjectConfig(catalogs=(team / "shared",))
    assert catalogs_for([Path("journeys")], ["extra.yaml"], configured) == [
        team / "shared",
        Path("extra.yaml"),
    ]


def test_settings_of_the_wrong_kind_are_each_reported(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "lifeexp.toml",
        'catalogs = 5\nselect = "LX3"\nignore = [1]\nseverity = "strict"\ncolour = true\n',
    )
    with pytest.raises(ProjectConfigError) as info:
        load_config(path)
    found = {d.line: (d.message, d.hint) for d in info.value.diagnostics}
    assert found[1] == ("catalogs is a list of catalog files or folders", 'catalogs = ["catalogs"]')
    assert 2 not in found  # one code may be written without the list
    assert found[3][0] == "ignore is a list of codes or prefixes"
    assert found[4][0] == "severity is a table of code = level"
    assert found[5][0] == "unknown setting 'colour'"
    assert (found[5][1] or "").startswith("settings: catalogs, format, strict")


def test_a_config_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "lifeexp.toml"
    path.write_bytes(b'format = "\xff"\n')
    with pytest.raises(ProjectConfigError) as info:
        load_config(path)
    (d,) = info.value.diagnostics
    assert d.message == "the configuration file is not UTF-8 text; save it as UTF-8"


def test_a_missing_config_named_explicitly_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ProjectConfigError) as info:
        config_for([tmp_path], config_file=tmp_path / "nowhere.toml")
    assert "cannot read the configuration file" in info.value.diagnostics[0].message


def test_config_option_names_the_file(cli: Cli, team: Path) -> None:
    _write(team / "elsewhere.toml", 'format = "json"\n')
    result = cli("validate", "journeys", "--config", team / "elsewhere.toml")
    assert json.loads(result.stdout)["ok"] is True


def test_a_pyproject_tool_table_that_is_not_a_table_is_empty(tmp_path: Path) -> None:
    path = _write(tmp_path / "pyproject.toml", 'tool = "lifeexp"\n')
    assert load_config(path) == ProjectConfig(path=path)
    odd = (
        _write(tmp_path / "sub" / "pyproject.toml", "[tool]\nlifeexp = 3\n")
        if ((tmp_path / "sub").mkdir() is None)
        else None
    )
    assert odd is not None
    assert load_config(odd).catalogs == ()


def test_an_unreadable_pyproject_is_not_a_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b"\xff\xfe[tool.lifeexp]\n")
    assert find_config_file(tmp_path) != tmp_path / "pyproject.toml"
