"""Load journeys and catalogs from YAML, safely and with located errors.

>>> import lifeexp
>>> journey = lifeexp.load_journey("journeys/approaching-retirement.yaml")  # doctest: +SKIP
>>> lifeexp.loading.source_path(journey)  # doctest: +SKIP
PosixPath('journeys/approaching-retirement.yaml')

The YAML reader (:mod:`lifeexp.loading._yaml`) reads YAML 1.2-style scalars, refuses tags,
duplicate keys, alias bombs, deep nesting and oversized files, and keeps the line and column
of every value, so a schema error points at the exact key or value. Loading functions raise
:class:`~lifeexp.errors.JourneyLoadError` (unreadable or malformed files),
:class:`~lifeexp.errors.JourneyValidationError` (schema errors) or
:class:`~lifeexp.errors.CatalogError`, each carrying *every* diagnostic found, not only the
first. :func:`lifeexp.validate` runs the same loading plus the semantic checks and returns the
problems instead of raising.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from lifeexp.diagnostics import Diagnostic, Severity
from lifeexp.errors import CatalogError, JourneyLoadError, JourneyValidationError
from lifeexp.loading._catalogs import (
    SECTIONS,
    CatalogBuild,
    bundled_catalog_dir,
    bundled_catalog_files,
    merge_catalog_files,
    read_catalog_files,
    unique_catalog_files,
)
from lifeexp.loading._documents import (
    DocumentKind,
    LoadedFile,
    display_path,
    expand_paths,
    in_memory_name,
    locator_of,
    read_document,
    source_path,
)
from lifeexp.loading._schema_errors import did_you_mean, pydantic_diagnostics, render_loc
from lifeexp.loading._yaml import (
    DEFAULT_LIMITS,
    Limits,
    Locator,
    ParsedYaml,
    YamlProblem,
    limits_for,
    parse_yaml,
    read_text,
)
from lifeexp.model import Catalog, Journey

__all__ = [
    "DEFAULT_LIMITS",
    "SECTIONS",
    "CatalogBuild",
    "DocumentKind",
    "Limits",
    "LoadedFile",
    "Locator",
    "ParsedYaml",
    "YamlProblem",
    "build_catalog",
    "bundled_catalog",
    "bundled_catalog_dir",
    "bundled_catalog_files",
    "did_you_mean",
    "display_path",
    "expand_paths",
    "in_memory_name",
    "limits_for",
    "load_catalog",
    "load_journey",
    "load_journeys",
    "locator_of",
    "merge_catalog_files",
    "parse_yaml",
    "pydantic_diagnostics",
    "raise_on_errors",
    "read_document",
    "read_text",
    "render_loc",
    "source_path",
    "unique_catalog_files",
]

PathLike = str | os.PathLike[str]


def _is_load_problem(d: Diagnostic) -> bool:
    # LX0xx codes are about reading and parsing; LX1xx and above are schema and checks.
    return d.code.startswith("LX0")


def raise_on_errors(diagnostics: Sequence[Diagnostic], what: str) -> None:
    errors = sorted(
        (d for d in diagnostics if d.severity is Severity.error), key=Diagnostic.sort_key
    )
    if not errors:
        return
    files = len({d.path for d in errors})
    message = (
        f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in {files} "
        f"file{'s' if files != 1 else ''} while loading {what}"
    )
    if any(_is_load_problem(d) for d in errors):
        raise JourneyLoadError(message, errors)
    raise JourneyValidationError(message, errors)


def load_journey(path: PathLike, *, max_file_size: int | None = None) -> Journey:
    """Load one journey file, checking it against the schema only.

    ``lifeexp.load_journey`` (:func:`lifeexp.checks.load_journey`) adds the semantic checks
    against a catalog; this is the loader below the checks.

    Args:
        path: The journey YAML file.
        max_file_size: Largest file read, in bytes (default 8 MiB; larger is ``LX003``).

    Raises:
        JourneyLoadError: the file is missing, unreadable or not well-formed YAML.
        JourneyValidationError: the file breaks the journey schema.
    """
    loaded = read_document(Path(path), kind=DocumentKind.journey, limits=limits_for(max_file_size))
    raise_on_errors(loaded.diagnostics, "a journey")
    assert isinstance(loaded.model, Journey)
    return loaded.model


def load_journeys(
    paths: PathLike | Iterable[PathLike],
    *,
    follow_symlinks: bool = False,
    max_file_size: int | None = None,
) -> list[Journey]:
    """Load journey files and folders, reporting the problems of all files together.

    A folder contributes its ``*.yaml``/``*.yml`` files sorted by name; catalog files found in
    a folder are skipped. Files named explicitly are always read as journeys. A file in a
    folder that is a symbolic link leading out of the folder is skipped (``LX014``) unless
    ``follow_symlinks`` is true.

    Args:
        paths: Files and folders (one path or several).
        follow_symlinks: Read links that leave the folders too.
        max_file_size: Largest file read, in bytes (default 8 MiB; larger is ``LX003``).

    Raises:
        JourneyLoadError: a path is missing, a folder has no journeys, or a file cannot be
            parsed; carries the diagnostics of every file.
        JourneyValidationError: files parse but break the schema.
    """
    items = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    explicit = {Path(p).resolve() for p in items if not Path(p).is_dir()}
    files, diagnostics = expand_paths(items, follow_symlinks=follow_symlinks)
    limits = limits_for(max_file_size)
    journeys: list[Journey] = []
    for file in files:
        forced = DocumentKind.journey if file.resolve() in explicit else None
        loaded = read_document(file, kind=forced, limits=limits)
        if loaded.kind is DocumentKind.catalog:
            continue
        diagnostics.extend(loaded.diagnostics)
        if isinstance(loaded.model, Journey):
            journeys.append(loaded.model)
    if not journeys and not diagnostics:
        shown = ", ".join(str(p) for p in items) or "(no paths)"
        diagnostics.append(
            Diagnostic("LX011", Severity.error, f"no journey files found in {shown}", shown)
        )
    raise_on_errors(diagnostics, "journeys")
    return journeys


def build_catalog(paths: Iterable[PathLike] = (), *, include_bundled: bool = True) -> CatalogBuild:
    """Read and merge catalogs without raising; see :class:`CatalogBuild`.

    Args:
        paths: Extra catalog files or folders.
        include_bundled: Start from the bundled catalogs.
    """
    files, diagnostics = expand_paths(list(paths))
    ordered = unique_catalog_files(files, include_bundled=include_bundled)
    build = merge_catalog_files(read_catalog_files(ordered))
    build.diagnostics[:0] = diagnostics
    return build


def load_catalog(*paths: PathLike, include_bundled: bool = True) -> Catalog:
    """Load catalog files (and folders of them) merged with the bundled catalogs.

    Args:
        *paths: A team's own catalog files or folders; they extend the bundled catalogs.
        include_bundled: Start from the bundled catalogs (default) or from nothing.

    Raises:
        CatalogError: a file cannot be read or parsed, breaks the catalog schema, or defines an
            id that another file (bundled or not) already defines; the diagnostics name both.
    """
    build = build_catalog(paths, include_bundled=include_bundled)
    errors = sorted(
        (d for d in build.diagnostics if d.severity is Severity.error), key=Diagnostic.sort_key
    )
    if errors:
        raise CatalogError(
            f"{len(errors)} problem{'s' if len(errors) != 1 else ''} while loading catalogs",
            errors,
        )
    return build.catalog


@functools.cache
def _bundled() -> Catalog:
    return load_catalog(include_bundled=True)


def bundled_catalog() -> Catalog:
    """The catalogs shipped with lifeexp (agencies, forms, data elements, documents, channels).

    Read once per process. Raises :class:`~lifeexp.errors.CatalogError` if they are broken.
    """
    return _bundled()
