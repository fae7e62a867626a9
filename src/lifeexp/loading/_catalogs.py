"""Bundled catalog discovery and merging catalog files into one :class:`Catalog`.

The bundled catalogs live at the repository root (``catalogs/``) in a source checkout and
inside the package (``lifeexp/_data/catalogs``, put there by the wheel build) when installed.
A team's own catalog files extend them; an id defined twice is an error (``LX201``) naming both
files. A file given explicitly that *is* a bundled file (same path, or same name and the same
bytes, as when a clone's ``catalogs/`` is checked against an installed copy) is read once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lifeexp.diagnostics import Diagnostic
from lifeexp.loading._documents import DocumentKind, LoadedFile, display_path, read_document
from lifeexp.model import Catalog, CatalogFile

__all__ = [
    "SECTIONS",
    "CatalogBuild",
    "bundled_catalog_dir",
    "bundled_catalog_files",
    "merge_catalog_files",
    "unique_catalog_files",
]

SECTIONS: dict[str, str] = {
    "agencies": "agency",
    "forms": "form",
    "data_elements": "data element",
    "documents": "document",
    "channels": "channel",
}
"""Catalog sections and the singular word used in messages."""

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def bundled_catalog_dir() -> Path | None:
    """The folder of bundled catalog files, or ``None`` when there is none.

    An installed wheel carries them in ``lifeexp/_data/catalogs``; an editable install or a
    source checkout uses the repository's ``catalogs/`` folder.
    """
    packaged = _PACKAGE_DIR / "_data" / "catalogs"
    if packaged.is_dir():
        return packaged
    root = _PACKAGE_DIR.parent.parent
    checkout = root / "catalogs"
    if checkout.is_dir() and (root / "pyproject.toml").is_file():
        return checkout
    return None


def bundled_catalog_files() -> list[Path]:
    """The bundled catalog files, sorted by name."""
    folder = bundled_catalog_dir()
    if folder is None:
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def unique_catalog_files(explicit: list[Path], *, include_bundled: bool) -> list[Path]:
    """Bundled files (unless excluded) then explicit ones, each physical catalog once.

    A bundled file is dropped in favour of an explicit file that is the same file, or that has
    the same name and identical content (so diagnostics name the path the user gave).
    """
    if not include_bundled:
        return list(explicit)
    explicit_keys = {p.resolve() for p in explicit}
    by_name: dict[str, list[Path]] = {}
    for p in explicit:
        by_name.setdefault(p.name, []).append(p)
    kept: list[Path] = []
    for bundled in bundled_catalog_files():
        if bundled.resolve() in explicit_keys:
            continue
        twins = by_name.get(bundled.name, [])
        if twins and any(_digest(t) == _digest(bundled) for t in twins):
            continue
        kept.append(bundled)
    return kept + list(explicit)


@dataclass(slots=True)
class CatalogBuild:
    """A merged catalog plus where each entry came from.

    Attributes:
        catalog: The merged catalog.
        files: The catalog files read, in order.
        origins: ``(section, id)`` → (file, index of the entry in that file's section).
        diagnostics: Read, schema and clash problems.
    """

    catalog: Catalog
    files: list[LoadedFile] = field(default_factory=list)
    origins: dict[tuple[str, str], tuple[LoadedFile, int]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def locate(self, section: str, entry_id: str) -> tuple[str | None, int | None, int | None]:
        """``(path, line, column)`` of a catalog entry, or ``(None, None, None)``."""
        origin = self.origins.get((section, entry_id))
        if origin is None:
            return (None, None, None)
        loaded, index = origin
        line, col = loaded.locator.value((section, index))
        return (loaded.display, line, col)


def _entry_id(section: str, entry: Any) -> str:
    return str(entry.code if section == "agencies" else entry.id)


def merge_catalog_files(loaded_files: list[LoadedFile]) -> CatalogBuild:
    """Merge validated catalog files; a repeated id is an ``LX201`` error naming both places."""
    merged: dict[str, dict[str, Any]] = {s: {} for s in SECTIONS}
    build = CatalogBuild(Catalog())
    for loaded in loaded_files:
        build.files.append(loaded)
        build.diagnostics.extend(loaded.diagnostics)
        model = loaded.model
        if not isinstance(model, CatalogFile):
            continue
        for section, word in SECTIONS.items():
            for index, entry in enumerate(getattr(model, section)):
                key = _entry_id(section, entry)
                previous = build.origins.get((section, key))
                if previous is not None:
                    where, line, col = build.locate(section, key)
                    first = ":".join(str(x) for x in (where, line, col) if x is not None)
                    build.diagnostics.append(
                        loaded.locator.diagnostic(
                            (section, index),
                            "LX201",
                            f"{word} {key!r} is defined twice: here and in {first}",
                            hint="catalog ids must be unique across all catalog files; "
                            "rename one or remove the copy",
                        )
                    )
                    continue
                merged[section][key] = entry
                build.origins[(section, key)] = (loaded, index)
    build.catalog = Catalog.model_validate(merged)
    return build


def read_catalog_files(paths: list[Path]) -> list[LoadedFile]:
    """Read catalog files (forced to the catalog schema)."""
    return [read_document(p, kind=DocumentKind.catalog, display=display_path(p)) for p in paths]
