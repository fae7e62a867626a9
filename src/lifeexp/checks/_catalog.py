"""Semantic checks of catalog entries (codes LX202–LX206)."""

from __future__ import annotations

from collections.abc import Iterator

from lifeexp.checks._findings import Finding
from lifeexp.loading import did_you_mean
from lifeexp.model import AgencyKind, Catalog, CatalogFile, MinutesBasis

__all__ = ["check_catalog_file"]


def check_catalog_file(content: CatalogFile, catalog: Catalog) -> Iterator[Finding]:
    """Findings for the entries of one catalog file, checked against the merged catalog."""
    agencies = set(catalog.agencies)
    for i, form in enumerate(content.forms):
        owner = catalog.agencies.get(form.agency)
        loc = ("forms", i)
        if form.agency not in agencies:
            yield Finding(
                "LX204",
                f"form {form.id!r} names unknown agency {form.agency!r}",
                (*loc, "agency"),
                hint=did_you_mean(form.agency, agencies),
            )
        # The Paperwork Reduction Act covers federal collections; state forms have no number.
        federal = owner is None or owner.kind is AgencyKind.federal
        exempt = form.pra_exempt is not None
        if form.omb_control_number is None and federal and not exempt:
            yield Finding(
                "LX202",
                f"form {form.id!r} has no OMB control number",
                (*loc, "id"),
                hint="add omb_control_number: NNNN-NNNN",
            )
        estimated = form.minutes_basis is MinutesBasis.estimate and bool(form.minutes_note)
        if form.minutes_per_response is not None and not form.source and not estimated:
            yield Finding(
                "LX203",
                f"form {form.id!r} gives {form.minutes_per_response:g} minutes per response but "
                "no source for them",
                (*loc, "minutes_per_response"),
                hint="add source: <address of the PRA record or page>",
            )
        basis = form.minutes_basis
        if basis is MinutesBasis.not_found and form.minutes_per_response is not None:
            yield Finding(
                "LX206",
                f"form {form.id!r} gives minutes per response but minutes_basis is 'not_found'",
                (*loc, "minutes_per_response"),
                hint="set minutes_basis to published, derived or estimate",
            )
        elif basis is not MinutesBasis.not_found and form.minutes_per_response is None:
            yield Finding(
                "LX206",
                f"form {form.id!r} has minutes_basis {basis.value!r} but no minutes_per_response",
                (*loc, "id"),
            )
        elif basis is MinutesBasis.estimate and not form.minutes_note:
            yield Finding(
                "LX206",
                f"form {form.id!r} estimates its minutes but gives no reason in minutes_note",
                (*loc, "minutes_per_response"),
            )
    for i, element in enumerate(content.data_elements):
        source = element.authoritative_source
        if source is not None and source not in agencies:
            yield Finding(
                "LX205",
                f"data element {element.id!r} names unknown authoritative source {source!r}",
                ("data_elements", i, "authoritative_source"),
                hint=did_you_mean(source, agencies),
            )
