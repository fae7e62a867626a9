"""Semantic checks of catalog entries: OMB numbers, sourced minutes, owners, minutes basis."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import FIXTURE_CATALOG, dump_yaml

from lifeexp.checks import validate

FORM: dict[str, Any] = {
    "id": "XX-1",
    "title": "A federal application",
    "agency": "SSA",
    "omb_control_number": "0960-0001",
    "minutes_per_response": 20,
    "minutes_basis": "published",
    "source": "https://example.gov/xx-1",
}


@pytest.fixture(name="check_form")
def _check_form(write_file: Callable[..., Path]) -> Callable[..., list[tuple[str, str]]]:
    """``check_form(**changes)`` → ``[(code, message)]`` for a catalog holding one changed form."""

    def run(**changes: Any) -> list[tuple[str, str]]:
        form = {**FORM, **changes}
        form = {k: v for k, v in form.items() if v is not None}
        data = copy.deepcopy(FIXTURE_CATALOG)
        data["forms"] = [form]
        path = write_file(dump_yaml(data), "catalog.yaml")
        result = validate([path], include_bundled=False)
        found = [*result.diagnostics, *result.findings]
        return [(d.code, d.message) for d in found if d.code.startswith("LX2")]

    return run


def test_a_complete_federal_form_is_clean(check_form: Callable[..., list[tuple[str, str]]]) -> None:
    assert check_form() == []


def test_federal_form_without_omb_number_warns(
    check_form: Callable[..., list[tuple[str, str]]],
) -> None:
    assert check_form(omb_control_number=None) == [
        ("LX202", "form 'XX-1' has no OMB control number")
    ]


def test_form_without_omb_number_is_a_finding_not_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "forms.yaml"
    path.write_text(
        "agencies:\n  - {code: XA, name: X Agency}\n"
        "forms:\n  - {id: XX-1, title: A form, agency: XA}\n",
        encoding="utf-8",
    )
    result = validate([path], include_bundled=False, strict=True)
    assert result.ok
    assert [d.code for d in result.findings] == ["LX202"]
    assert result.diagnostics == []


def test_state_form_needs_no_omb_number(check_form: Callable[..., list[tuple[str, str]]]) -> None:
    assert check_form(omb_control_number=None, agency="STATE-UI") == []


def test_pra_exempt_federal_form_needs_no_omb_number(
    check_form: Callable[..., list[tuple[str, str]]],
) -> None:
    reason = "completed by service members on duty (5 CFR 1320.3(h)(4))"
    assert check_form(omb_control_number=None, pra_exempt=reason) == []


def test_minutes_without_source_warn(check_form: Callable[..., list[tuple[str, str]]]) -> None:
    codes = [code for code, _ in check_form(source=None)]
    assert codes == ["LX203"]


def test_estimated_minutes_with_a_reason_need_no_source(
    check_form: Callable[..., list[tuple[str, str]]],
) -> None:
    found = check_form(source=None, minutes_basis="estimate", minutes_note="no PRA figure found")
    assert found == []


def test_unknown_owner_suggests_the_nearest_agency(
    write_file: Callable[..., Path],
) -> None:
    data = copy.deepcopy(FIXTURE_CATALOG)
    data["forms"] = [{**FORM, "agency": "SSX"}]
    result = validate([write_file(dump_yaml(data), "catalog.yaml")], include_bundled=False)
    (d,) = [d for d in result.diagnostics if d.code == "LX204"]
    assert "'SSX'" in d.message
    assert d.hint is not None
    assert "SSA" in d.hint


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"minutes_basis": "not_found"}, "minutes_basis is 'not_found'"),
        ({"minutes_per_response": None}, "no minutes_per_response"),
        ({"minutes_basis": "estimate", "minutes_note": None}, "gives no reason"),
    ],
)
def test_minutes_basis_must_match_the_figure(
    check_form: Callable[..., list[tuple[str, str]]], changes: dict[str, Any], fragment: str
) -> None:
    found = [(c, m) for c, m in check_form(**changes) if c == "LX206"]
    assert len(found) == 1
    assert fragment in found[0][1]
