"""``lifeexp catalog list`` and ``lifeexp catalog show``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

import lifeexp

Cli = Callable[..., Result]


def test_list_sections_counts_match_the_library(cli: Cli) -> None:
    result = cli("catalog", "list", "--format", "json")
    assert result.exit_code == 0
    bundled = lifeexp.bundled_catalog()
    assert json.loads(result.stdout) == {
        "agencies": len(bundled.agencies),
        "forms": len(bundled.forms),
        "data-elements": len(bundled.data_elements),
        "documents": len(bundled.documents),
        "channels": len(bundled.channels),
    }


def test_team_catalog_entries_are_listed(
    cli: Cli, write_file: Callable[..., Path], to_yaml: Callable[[Any], str]
) -> None:
    team = write_file(
        to_yaml({"forms": [{"id": "TEAM-1", "title": "Team form <b>", "agency": "SSA"}]}),
        "team.yaml",
    )
    result = cli("catalog", "list", "forms", "--catalog", team, "--format", "json")
    assert result.exit_code == 0, result.output
    entries = {e["id"]: e for e in json.loads(result.stdout)}
    assert entries["TEAM-1"]["title"] == "Team form <b>"
    table = cli("catalog", "list", "forms", "--catalog", team)
    assert table.exit_code == 0
    assert "TEAM-1" in table.output


def test_show_entry_and_where_it_is_defined(
    cli: Cli, catalog_file: Path, fixture_catalog: dict[str, Any]
) -> None:
    result = cli("catalog", "show", "CMS-40B", "--catalog", catalog_file, "--format", "json")
    # CMS-40B may also be bundled: then the team file clashes, which is reported instead.
    if "CMS-40B" in lifeexp.bundled_catalog().forms:
        assert result.exit_code == 1
        assert "LX201" in result.output
        return
    (item,) = json.loads(result.stdout)
    assert item["section"] == "forms"
    assert item["defined_in"].startswith(str(catalog_file))
    assert item["entry"]["omb_control_number"] == "0938-1230"


def test_show_unknown_id_suggests(cli: Cli, clean_failure: Callable[..., None]) -> None:
    agencies = lifeexp.bundled_catalog().agencies
    if "SSA" not in agencies:
        return
    result = cli("catalog", "show", "SAA")
    clean_failure(result, 1, ["no catalog entry 'SAA'", "did you mean 'SSA'?"])


def test_broken_team_catalog_fails_cleanly(
    cli: Cli, clean_failure: Callable[..., None], write_file: Callable[..., Path]
) -> None:
    bad = write_file("forms: [\n", "bad.yaml")
    clean_failure(cli("catalog", "list", "--catalog", bad), 1, ["bad.yaml:", "error[LX004]"])
