"""``lifeexp catalog``: browse the shared catalogs (bundled plus any given with --catalog)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from lifeexp.cli._common import (
    EXIT_PROBLEMS,
    catalog_option,
    echo_json,
    emit_diagnostics,
    format_option,
    handle_errors,
    safe_text,
)
from lifeexp.diagnostics import Severity
from lifeexp.loading import SECTIONS, CatalogBuild, build_catalog

__all__ = ["catalog"]

# command-line section name -> catalog attribute
_SECTION_NAMES: dict[str, str] = {
    "agencies": "agencies",
    "forms": "forms",
    "data-elements": "data_elements",
    "documents": "documents",
    "channels": "channels",
}

# Columns shown in the table for each section: (heading, field).
_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "agencies": [("Code", "code"), ("Name", "name"), ("Kind", "kind"), ("HISP", "hisp")],
    "forms": [
        ("Id", "id"),
        ("Agency", "agency"),
        ("OMB", "omb_control_number"),
        ("Min/resp", "minutes_per_response"),
        ("Basis", "minutes_basis"),
        ("Title", "title"),
    ],
    "data_elements": [
        ("Id", "id"),
        ("Title", "title"),
        ("Sensitivity", "sensitivity"),
        ("Held by", "authoritative_source"),
    ],
    "documents": [("Id", "id"), ("Title", "title"), ("Issuer", "issuer")],
    "channels": [("Id", "id"), ("Title", "title"), ("Digital", "digital")],
}


def _load(catalogs: tuple[Path, ...]) -> CatalogBuild:
    build = build_catalog(catalogs)
    errors = [d for d in build.diagnostics if d.severity is Severity.error]
    if errors:
        emit_diagnostics(errors)
        raise click.exceptions.Exit(EXIT_PROBLEMS)
    return build


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return safe_text(str(getattr(value, "value", value)))


def _table(title: str, headings: list[str], rows: list[list[str]]) -> None:
    # rich is imported here only: `lifeexp validate` never pays for it.
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, title_justify="left", highlight=False)
    for i, heading in enumerate(headings):
        # Ids stay whole so they can be copied; the other columns wrap.
        table.add_column(heading, overflow="fold", no_wrap=i == 0)
    for row in rows:
        table.add_row(*row)  # plain str cells: rich markup is not interpreted in them
    Console(highlight=False, markup=False).print(table)


@click.group()
def catalog() -> None:
    """Browse the agencies, forms, data elements, documents and channels journeys refer to."""


@catalog.command("list")
@click.argument(
    "section", type=click.Choice(list(_SECTION_NAMES)), required=False, metavar="[SECTION]"
)
@catalog_option
@format_option("table", "json")
@handle_errors
def list_(section: str | None, catalogs: tuple[Path, ...], fmt: str) -> None:
    """List the entries of one catalog section.

    SECTION is agencies, forms, data-elements, documents or channels; without it, list how
    many entries each section has.
    """
    build = _load(catalogs)
    cat = build.catalog
    if section is None:
        counts = {name: len(getattr(cat, attr)) for name, attr in _SECTION_NAMES.items()}
        if fmt == "json":
            echo_json(counts)
        else:
            _table(
                "Catalog sections", ["Section", "Entries"], [[k, str(v)] for k, v in counts.items()]
            )
        return
    attr = _SECTION_NAMES[section]
    entries = list(getattr(cat, attr).values())
    if fmt == "json":
        echo_json([e.model_dump(mode="json", exclude_none=True) for e in entries])
        return
    columns = _COLUMNS[attr]
    rows = [[_cell(getattr(e, field)) for _, field in columns] for e in entries]
    _table(f"{section} ({len(entries)})", [h for h, _ in columns], rows)


@catalog.command("show")
@click.argument("entry_id", metavar="ID")
@catalog_option
@format_option("text", "json")
@handle_errors
def show(entry_id: str, catalogs: tuple[Path, ...], fmt: str) -> None:
    """Show every field of one catalog entry and where it is defined.

    ID is an agency code or a form, data element, document or channel id.
    """
    from lifeexp.loading import did_you_mean

    build = _load(catalogs)
    matches = [
        (section, getattr(build.catalog, section)[entry_id])
        for section in SECTIONS
        if entry_id in getattr(build.catalog, section)
    ]
    if not matches:
        every = [key for section in SECTIONS for key in getattr(build.catalog, section)]
        hint = did_you_mean(entry_id, every)
        message = f"error: no catalog entry {entry_id!r}" + (f" ({hint})" if hint else "")
        click.echo(safe_text(message), err=True)
        raise click.exceptions.Exit(EXIT_PROBLEMS)
    out: list[dict[str, Any]] = []
    for section, entry in matches:
        path, line, col = build.locate(section, entry_id)
        where = ":".join(str(x) for x in (path, line, col) if x is not None)
        out.append(
            {
                "section": section,
                "defined_in": where,
                "entry": entry.model_dump(mode="json", exclude_none=True),
            }
        )
    if fmt == "json":
        echo_json(out)
        return
    for item in out:
        click.echo(safe_text(f"{SECTIONS[item['section']]} {entry_id}  ({item['defined_in']})"))
        for key, value in item["entry"].items():
            text = (
                _cell(value) if not isinstance(value, str) else safe_text(" ".join(value.split()))
            )
            click.echo(f"  {key}: {text}")
