"""Catalogs: bundled discovery (checkout and wheel layouts), team extensions and id clashes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import lifeexp
from lifeexp.errors import CatalogError
from lifeexp.loading import _catalogs, bundled_catalog_dir, bundled_catalog_files, load_catalog


def test_team_catalog_extends_the_bundled_one(
    write_file: Callable[..., Path], to_yaml: Callable[[Any], str]
) -> None:
    team = write_file(
        to_yaml({"agencies": [{"code": "TEAM-AGENCY", "name": "Our agency", "kind": "state"}]}),
        "team.yaml",
    )
    bundled = lifeexp.bundled_catalog()
    merged = load_catalog(team)
    assert "TEAM-AGENCY" in merged.agencies
    assert set(bundled.agencies) <= set(merged.agencies)
    assert len(merged.agencies) == len(bundled.agencies) + 1


def test_team_files_merge_without_bundled(
    catalog_file: Path, write_file: Callable[..., Path], to_yaml: Callable[[Any], str]
) -> None:
    extra = write_file(to_yaml({"documents": [{"id": "dd-214", "title": "DD-214"}]}), "x.yaml")
    merged = load_catalog(catalog_file, extra, include_bundled=False)
    assert sorted(merged.documents) == ["birth-certificate", "dd-214"]
    assert sorted(merged.agencies) == ["CMS", "SSA", "STATE-UI"]


def test_clash_names_both_files(
    catalog_file: Path, write_file: Callable[..., Path], to_yaml: Callable[[Any], str]
) -> None:
    other = write_file(
        to_yaml({"agencies": [{"code": "CMS", "name": "Another CMS"}]}), "clash.yaml"
    )
    with pytest.raises(CatalogError) as info:
        load_catalog(catalog_file, other, include_bundled=False)
    (d,) = info.value.diagnostics
    assert d.code == "LX201"
    assert d.path is not None
    assert d.path.endswith("clash.yaml")
    assert (d.line, d.column) == (2, 3)
    assert "test-catalog.yaml:" in d.message
    assert "agency 'CMS' is defined twice" in d.message


def test_clash_within_one_file(
    write_file: Callable[..., Path], to_yaml: Callable[[Any], str]
) -> None:
    path = write_file(
        to_yaml({"forms": [{"id": "F", "title": "F", "agency": "A"}] * 2}), "twice.yaml"
    )
    with pytest.raises(CatalogError) as info:
        load_catalog(path, include_bundled=False)
    assert [d.code for d in info.value.diagnostics] == ["LX201"]


def test_bundled_agency_redefined_by_a_team_is_a_clash(
    write_file: Callable[..., Path], to_yaml: Callable[[Any], str]
) -> None:
    if "SSA" not in lifeexp.bundled_catalog().agencies:
        pytest.skip("the bundled catalogs do not define SSA yet")
    team = write_file(to_yaml({"agencies": [{"code": "SSA", "name": "Ours"}]}), "team.yaml")
    with pytest.raises(CatalogError) as info:
        load_catalog(team)
    (d,) = info.value.diagnostics
    bundled_name = next(
        p.name for p in bundled_catalog_files() if "SSA" in p.read_text(encoding="utf-8")
    )
    assert bundled_name in d.message
    assert d.path is not None
    assert d.path.endswith("team.yaml")


def test_bundled_file_given_explicitly_does_not_clash_with_itself(tmp_path: Path) -> None:
    files = bundled_catalog_files()
    if not files:
        pytest.skip("no bundled catalogs yet")
    load_catalog(files[0])  # the very file
    copy = tmp_path / files[0].name
    shutil.copyfile(files[0], copy)
    load_catalog(copy)  # an identical copy under the same name (a clone vs an installed wheel)
    assert lifeexp.load_catalog(*files) == lifeexp.bundled_catalog()


def test_bundled_catalog_is_found_in_the_checkout(repo_root: Path) -> None:
    assert bundled_catalog_dir() == repo_root / "catalogs"


def test_bundled_catalog_is_found_in_an_installed_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog_file: Path
) -> None:
    package = tmp_path / "site-packages" / "lifeexp"
    data = package / "_data" / "catalogs"
    data.mkdir(parents=True)
    shutil.copyfile(catalog_file, data / "agencies.yaml")
    monkeypatch.setattr(_catalogs, "_PACKAGE_DIR", package)
    assert bundled_catalog_dir() == data
    assert sorted(load_catalog().agencies) == ["CMS", "SSA", "STATE-UI"]


def test_no_bundled_catalogs_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_catalogs, "_PACKAGE_DIR", tmp_path / "lifeexp")
    assert bundled_catalog_dir() is None
    assert load_catalog().agencies == {}


def test_broken_catalog_file_is_a_catalog_error(write_file: Callable[..., Path]) -> None:
    path = write_file("agencies:\n  - code: X\n    nmae: Y\n", "bad.yaml")
    with pytest.raises(CatalogError) as info:
        load_catalog(path, include_bundled=False)
    # The misspelt required key is one mistake: one message that names the missing field.
    (d,) = info.value.diagnostics
    assert (d.code, d.line, d.hint) == ("LX101", 3, "did you mean 'name'?")


def test_bundled_catalog_is_cached() -> None:
    assert lifeexp.bundled_catalog() is lifeexp.bundled_catalog()
