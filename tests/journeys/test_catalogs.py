"""The bundled catalogs are complete, consistent and sourced.

The catalogs are the shared reference data every journey points at: agencies, forms with their
Paperwork Reduction Act figures, data elements, documents and channels. These tests read the
files in ``catalogs/`` directly (as a reviewer would) and state what a federal CX reviewer relies
on: every form has its OMB control number and a sourced minutes figure or says plainly why not,
the arithmetic behind every derived figure is right, every agency has a source, ids are unique
across files, and every cross-reference resolves.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from lifeexp.loading import bundled_catalog, load_journeys
from lifeexp.model import (
    AgencyKind,
    Catalog,
    CatalogFile,
    Channel,
    Form,
    MinutesBasis,
)

ROOT = Path(__file__).resolve().parents[2]
CATALOG_DIR = ROOT / "catalogs"
CATALOG_FILES = sorted(CATALOG_DIR.glob("*.yaml"))
JOURNEY_FILES = sorted((ROOT / "journeys").glob("*.yaml"))
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/catalog.schema.json"
SECTIONS = ("agencies", "forms", "data_elements", "documents", "channels")
AGENCY_CODE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# "1,443,157 h × 60 ÷ 6,167,621 responses = 14.04 min": the PRA inventory arithmetic.
DERIVATION = re.compile(
    r"(?P<hours>[\d,]+(?:\.\d+)?)\s*h\s*[×x*]\s*60\s*[÷/]\s*(?P<responses>[\d,]+)\s*responses?"
    r"\s*=\s*(?P<minutes>[\d.]+)\s*min"
)
# Forms kept in the catalog although no bundled journey uses them, each with the reason.
UNUSED_FORMS_ALLOWED = {
    "SBA-5": "business disaster loans; the bundled disaster journey follows a household",
}
# The forms files of the retirement and disaster journeys, whose use the last test checks.
OWN_FORM_FILES = ("forms-retirement.yaml", "forms-disaster.yaml")


def _raw(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: a catalog file is a mapping of sections"
    return data


def _entry_id(section: str, entry: dict[str, Any]) -> str:
    return str(entry["code"] if section == "agencies" else entry["id"])


def _number(text: str) -> float:
    return float(text.replace(",", ""))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return bundled_catalog()


@pytest.fixture(scope="module")
def forms(catalog: Catalog) -> list[Form]:
    return sorted(catalog.forms.values(), key=lambda f: f.id)


# --- Files -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", CATALOG_FILES, ids=[p.name for p in CATALOG_FILES])
def test_catalog_file_is_valid_and_points_at_the_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == SCHEMA_LINE
    CatalogFile.model_validate(_raw(path))


def test_ids_are_unique_across_all_catalog_files() -> None:
    seen: dict[tuple[str, str], list[str]] = {}
    for path in CATALOG_FILES:
        data = _raw(path)
        for section in SECTIONS:
            for entry in data.get(section) or []:
                seen.setdefault((section, _entry_id(section, entry)), []).append(path.name)
    clashes = {key: files for key, files in seen.items() if len(files) > 1}
    assert not clashes, f"ids defined more than once: {clashes}"


def test_every_section_is_populated(catalog: Catalog) -> None:
    # The five life experiences need dozens of each; an empty or tiny section means a file
    # failed to merge.
    assert len(catalog.agencies) >= 30
    assert len(catalog.forms) >= 30
    assert len(catalog.data_elements) >= 40
    assert len(catalog.documents) >= 25


# --- Agencies ----------------------------------------------------------------------------------


def test_every_agency_has_a_source_and_an_upper_case_code(catalog: Catalog) -> None:
    for agency in catalog.agencies.values():
        assert agency.source, f"{agency.code}: no source"
        assert agency.source.startswith(("http://", "https://")), (
            f"{agency.code}: source is not a URL"
        )
        assert AGENCY_CODE.match(agency.code), f"{agency.code}: codes are upper-case"


def test_only_federal_entities_are_hisps(catalog: Catalog) -> None:
    for agency in catalog.agencies.values():
        if agency.hisp:
            assert agency.kind is AgencyKind.federal, f"{agency.code}: HISPs are federal entities"


@pytest.mark.parametrize(
    ("code", "hisp"),
    [
        ("SSA", True),
        ("CMS", True),
        ("IRS", True),
        ("OPM", True),
        ("FEMA", True),
        ("SBA", True),
        ("USDA-FNS", True),
        ("VA", True),
        ("ED-FSA", True),
        ("FRTIB", False),
        ("STATE-MEDICAID", False),
        ("EMPLOYER", False),
        ("INSURER", False),
    ],
)
def test_hisp_flags_follow_the_a11_list(catalog: Catalog, code: str, hisp: bool) -> None:
    assert catalog.agencies[code].hisp is hisp


@pytest.mark.parametrize(
    "code",
    [
        "SSA", "CMS", "IRS", "OPM", "FRTIB", "STATE-MEDICAID", "EMPLOYER",
        "FEMA", "SBA", "HUD", "USDA-FNS", "DOL-ETA", "STATE-UI", "STATE-SNAP", "INSURER",
        "STATE-CDBG-DR", "VA", "DOD", "TRICARE", "STATE-WIC", "STATE-VITAL-RECORDS",
        "ED-FSA", "STATE-TANF", "STATE-LIHEAP",
    ],
)  # fmt: skip
def test_the_agencies_of_the_five_life_experiences_are_present(catalog: Catalog, code: str) -> None:
    assert code in catalog.agencies


# --- Forms -------------------------------------------------------------------------------------


def test_every_form_has_an_omb_number_and_sourced_minutes_or_says_why_not(
    forms: list[Form],
) -> None:
    problems = []
    for form in forms:
        sourced = (
            form.omb_control_number is not None
            and form.minutes_per_response is not None
            and form.minutes_basis in {MinutesBasis.published, MinutesBasis.derived}
            and bool(form.source)
        )
        explained = form.minutes_basis in {MinutesBasis.estimate, MinutesBasis.not_found} and bool(
            form.minutes_note
        )
        if not (sourced or explained):
            problems.append(form.id)
    assert not problems, f"forms with neither sourced minutes nor an explained gap: {problems}"


def test_minutes_basis_matches_the_figure(forms: list[Form]) -> None:
    for form in forms:
        if form.minutes_basis is MinutesBasis.not_found:
            assert form.minutes_per_response is None, f"{form.id}: not_found but gives minutes"
        else:
            assert form.minutes_per_response is not None, (
                f"{form.id}: {form.minutes_basis} without minutes"
            )
            assert form.minutes_note, f"{form.id}: minutes need a note saying where they come from"
        if form.minutes_basis in {MinutesBasis.published, MinutesBasis.derived}:
            assert form.source, f"{form.id}: a published or derived figure needs its source"
            assert form.as_of, f"{form.id}: a published or derived figure needs its date"


def test_every_form_owner_is_a_catalog_agency(catalog: Catalog) -> None:
    missing = {f.id: f.agency for f in catalog.forms.values() if f.agency not in catalog.agencies}
    assert not missing


def test_derived_minutes_show_correct_arithmetic(forms: list[Form]) -> None:
    derived = [f for f in forms if f.minutes_basis is MinutesBasis.derived]
    assert derived, "the catalogs hold PRA-derived figures"
    for form in derived:
        match = DERIVATION.search(form.minutes_note or "")
        assert match, (
            f"{form.id}: derived minutes must show 'hours h × 60 ÷ responses responses = m min'"
        )
        hours, responses = _number(match["hours"]), _number(match["responses"])
        computed = hours * 60 / responses
        stated = float(match["minutes"])
        assert computed == pytest.approx(stated, abs=0.06), f"{form.id}: arithmetic is wrong"
        assert form.minutes_per_response == pytest.approx(stated, abs=0.06), (
            f"{form.id}: minutes_per_response differs from the arithmetic in its note"
        )


@pytest.mark.parametrize(
    ("form_id", "omb", "minutes"),
    [
        # Hand-computed from the OMB inventories: hours × 60 ÷ responses.
        ("SSA-1", "0960-0618", 1_443_157 * 60 / 6_167_621),  # 14.04
        ("CMS-40B", "0938-1230", 265_288 * 60 / 1_068_715),  # 14.89
        ("CMS-L564", "0938-0787", 297_499 * 60 / 1_189_996),  # 15.00
        ("SSA-1020", "0960-0696", 419_801 * 60 / 900_580),  # 27.97
        ("SSA-44", "0960-0784", 115_311 * 60 / 200_540),  # 34.50
        ("FF-104-FY-21-122", "1660-0002", 423_787 * 60 / 1_611_201),  # 15.78
        ("SBA-5C", "3245-0018", 126_649 * 60 / 101_319),  # 75.00
        ("IRS-4684", "1545-0177", 1_830_400 * 60 / 320_000),  # 343.20
    ],
)
def test_key_pra_figures(catalog: Catalog, form_id: str, omb: str, minutes: float) -> None:
    form = catalog.forms[form_id]
    assert form.omb_control_number == omb
    assert form.minutes_per_response == pytest.approx(minutes, abs=0.01)


# --- Data elements, documents, channels --------------------------------------------------------


def test_data_element_ids_are_kebab_case_and_sources_resolve(catalog: Catalog) -> None:
    for element in catalog.data_elements.values():
        assert KEBAB.match(element.id), f"{element.id}: data element ids are lower-kebab"
        if element.authoritative_source is not None:
            assert element.authoritative_source in catalog.agencies, (
                f"{element.id}: {element.authoritative_source} is not an agency code"
            )


def test_core_identity_elements_are_tagged_sensitive(catalog: Catalog) -> None:
    tags = {e.id: {s.value for s in e.sensitivity} for e in catalog.data_elements.values()}
    assert "sensitive_pii" in tags["ssn"]
    assert "financial" in tags["bank-account"]
    assert "financial" in tags["household-income"]
    assert all(tags[e] for e in ("full-name", "date-of-birth", "mailing-address"))


def test_document_ids_are_kebab_case_and_agency_issuers_resolve(catalog: Catalog) -> None:
    for document in catalog.documents.values():
        assert KEBAB.match(document.id), f"{document.id}: document ids are lower-kebab"
        # An issuer written as an agency code must be one; descriptions ("employer") are free text.
        issuer = document.issuer or ""
        if AGENCY_CODE.match(issuer):
            assert issuer in catalog.agencies, f"{document.id}: issuer {issuer} is not an agency"


def test_there_is_exactly_one_channel_entry_per_channel(catalog: Catalog) -> None:
    ids = Counter(str(c.id) for c in catalog.channels.values())
    assert set(ids) == {c.value for c in Channel}
    assert all(n == 1 for n in ids.values())
    assert catalog.channels["online"].digital is True
    assert catalog.channels["in_person"].digital is False


# --- Use by the bundled journeys ---------------------------------------------------------------


def test_every_retirement_and_disaster_form_is_used_by_a_journey() -> None:
    used = {
        f for journey in load_journeys(JOURNEY_FILES) for step in journey.steps for f in step.forms
    }
    unused = []
    for name in OWN_FORM_FILES:
        for entry in _raw(CATALOG_DIR / name).get("forms") or []:
            if entry["id"] not in used and entry["id"] not in UNUSED_FORMS_ALLOWED:
                unused.append(entry["id"])
    assert not unused, f"forms no bundled journey uses (use them or justify them): {unused}"


def test_every_agency_a_journey_names_is_in_the_catalog(catalog: Catalog) -> None:
    named = {
        s.agency for j in load_journeys(JOURNEY_FILES) for s in j.steps if s.agency != "person"
    }
    assert named <= set(catalog.agencies)
