"""Finding YAML files, telling journeys from catalogs, and validating each against its model.

Nothing here raises for a user mistake: every problem becomes a located
:class:`~lifeexp.diagnostics.Diagnostic` on the :class:`LoadedFile`, so a run can report all the
problems of all the files at once.
"""

from __future__ import annotations

import os
import weakref
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from lifeexp.diagnostics import Diagnostic, Severity
from lifeexp.loading._schema_errors import pydantic_diagnostics
from lifeexp.loading._yaml import (
    DEFAULT_LIMITS,
    Limits,
    Locator,
    YamlProblem,
    parse_yaml,
    read_text,
)
from lifeexp.model import CatalogFile, Journey

__all__ = [
    "DocumentKind",
    "LoadedFile",
    "display_path",
    "expand_paths",
    "in_memory_name",
    "locator_of",
    "read_document",
    "remember",
    "source_path",
]

YAML_SUFFIXES = (".yaml", ".yml")
_CATALOG_SECTIONS = frozenset(CatalogFile.model_fields)
_JOURNEY_KEYS = frozenset(Journey.model_fields) | {"from"}


class DocumentKind(StrEnum):
    """What a YAML file holds."""

    journey = "journey"
    catalog = "catalog"


@dataclass(slots=True, eq=False)
class LoadedFile:
    """One YAML file after reading and schema validation.

    Attributes:
        path: The file on disk.
        display: The name shown in diagnostics (as the user wrote it).
        kind: Journey or catalog.
        data: The parsed document (``None`` when it could not be parsed).
        locator: Positions of values and keys (empty when it could not be parsed).
        model: The validated model, or ``None`` when the file has errors.
        diagnostics: Every problem found while reading and validating.
    """

    path: Path
    display: str
    kind: DocumentKind
    data: Any = None
    locator: Locator = field(default_factory=lambda: Locator(None))
    model: Journey | CatalogFile | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file parsed and matched its schema."""
        return self.model is not None


def display_path(path: Path) -> str:
    """The path relative to the working folder when it is inside it, else as given."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _modeline_kind(text: str) -> DocumentKind | None:
    # `# yaml-language-server: $schema=../schema/catalog.schema.json` on one of the first lines.
    for line in text.splitlines()[:5]:
        if "$schema=" in line:
            if "catalog.schema" in line:
                return DocumentKind.catalog
            if "journey.schema" in line:
                return DocumentKind.journey
    return None


def classify(data: Any, text: str) -> DocumentKind:
    """Decide whether a parsed document is a journey or a catalog.

    The ``yaml-language-server`` modeline decides when present; otherwise a mapping whose keys
    are all catalog sections (``agencies``, ``forms``, ...) is a catalog and anything else is
    checked as a journey.
    """
    by_modeline = _modeline_kind(text)
    if by_modeline is not None:
        return by_modeline
    if isinstance(data, dict) and data:
        keys = set(data)
        if keys & _CATALOG_SECTIONS and not keys & _JOURNEY_KEYS:
            return DocumentKind.catalog
    return DocumentKind.journey


def read_document(
    path: Path,
    *,
    kind: DocumentKind | None = None,
    display: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> LoadedFile:
    """Read, parse and validate one YAML file; never raises for problems in the file.

    Args:
        path: The file.
        kind: Force journey or catalog; guessed from the content when ``None``.
        display: Name to show in diagnostics (default: the path as given).
        limits: Size, depth and alias bounds.
    """
    shown = display if display is not None else display_path(path)
    loaded = LoadedFile(path, shown, kind or DocumentKind.journey, locator=Locator(shown))
    try:
        text = read_text(path, display=shown, limits=limits)
        parsed = parse_yaml(text, shown, limits=limits)
    except YamlProblem as problem:
        loaded.diagnostics.append(problem.diagnostic)
        return loaded
    loaded.data, loaded.locator = parsed.data, parsed.locator
    loaded.kind = kind or classify(parsed.data, text)
    loaded.diagnostics.extend(parsed.diagnostics)
    if not isinstance(parsed.data, dict):
        got = "nothing" if parsed.data is None else type(parsed.data).__name__
        what = "a journey" if loaded.kind is DocumentKind.journey else "a catalog"
        loaded.diagnostics.append(
            Diagnostic(
                "LX008",
                Severity.error,
                f"expected {what} (a mapping of fields) at the top level, got {got}",
                shown,
                *parsed.locator.value(()),
            )
        )
        return loaded
    if parsed.diagnostics:
        return loaded  # duplicate keys or forbidden tags: the data is not trustworthy
    if kind is DocumentKind.catalog and classify(parsed.data, text) is DocumentKind.journey:
        keys = set(parsed.data)
        if "steps" in keys and not keys & _CATALOG_SECTIONS:
            loaded.diagnostics.append(
                Diagnostic(
                    "LX012",
                    Severity.error,
                    "expected a catalog file but this is a journey",
                    shown,
                    *parsed.locator.key(("steps",)),
                    hint="pass journeys as PATH arguments, catalogs with --catalog",
                )
            )
            return loaded
    model_cls: type[BaseModel] = Journey if loaded.kind is DocumentKind.journey else CatalogFile
    try:
        model = model_cls.model_validate(parsed.data)
    except ValidationError as exc:
        loaded.diagnostics.extend(pydantic_diagnostics(exc, parsed.data, parsed.locator, model_cls))
        return loaded
    assert isinstance(model, Journey | CatalogFile)
    loaded.model = model
    if isinstance(model, Journey):
        remember(model, path, parsed.locator)
    return loaded


FEEDBACK_SUFFIXES = (".feedback.yaml", ".feedback.yml")
"""Feedback files (A-11 counts a journey's ``feedback_sources`` name) are neither journeys nor
catalogs; a folder walk leaves them to the journeys that reference them."""


def _yaml_files_under(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(root)
        found += [
            here / n
            for n in names
            if not n.startswith(".")
            and Path(n).suffix in YAML_SUFFIXES
            and not n.endswith(FEEDBACK_SUFFIXES)
            and (here / n).is_file()
        ]
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def expand_paths(
    paths: list[str | os.PathLike[str]] | tuple[str | os.PathLike[str], ...],
    *,
    follow_symlinks: bool = False,
) -> tuple[list[Path], list[Diagnostic]]:
    """Files and folders → the YAML files to read, plus diagnostics for unusable paths.

    A folder contributes its ``*.yaml`` and ``*.yml`` files and those of its sub-folders,
    recursively, sorted by path (hidden files and folders such as ``.git`` are skipped, and
    symbolic links to folders are not followed, so a link loop cannot recurse forever); a
    folder with none is an error (``LX011``). A missing path is an error (``LX001``). A file
    named twice is read once.

    A symbolic link in a folder that leads out of the folder (``notes.yaml -> /etc/...``) is
    not read unless ``follow_symlinks`` is true: a pull request could otherwise make the
    diagnostics of a CI run quote a file from elsewhere on the runner. It is reported
    (``LX014``, a warning) without its target or content. Links that stay inside the folder,
    and any path named explicitly, are read as usual.
    """
    files: list[Path] = []
    seen: set[Path] = set()
    problems: list[Diagnostic] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _yaml_files_under(path)
            if not follow_symlinks:
                inside = path.resolve()
                leaving = [p for p in found if p.is_symlink() and not _within(p, inside)]
                for link in leaving:
                    problems.append(
                        Diagnostic(
                            "LX014",
                            Severity.warning,
                            "is a symbolic link to a file outside the folder; not read",
                            display_path(link),
                            hint="name the file itself, or pass --follow-symlinks to read it",
                        )
                    )
                found = [p for p in found if p not in leaving]
            if not found:
                problems.append(
                    Diagnostic(
                        "LX011",
                        Severity.error,
                        "folder holds no journey or catalog files (*.yaml, *.yml), "
                        "in it or in its sub-folders",
                        display_path(path),
                    )
                )
            candidates = found
        elif path.exists() or path.is_symlink():
            candidates = [path]
        else:
            problems.append(
                Diagnostic("LX001", Severity.error, "file not found", display_path(path))
            )
            continue
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                files.append(candidate)
    return files, problems


def _within(link: Path, folder: Path) -> bool:
    try:
        link.resolve().relative_to(folder)
    except ValueError:
        return False
    return True


# --- which file a journey came from -------------------------------------------------------

_ORIGINS: dict[int, tuple[weakref.ref[Journey], Path, Locator]] = {}


def remember(journey: Journey, path: Path, locator: Locator) -> None:
    """Record the file and positions a journey was loaded from (forgotten with the journey)."""
    key = id(journey)

    def forget(_: object, key: int = key) -> None:
        _ORIGINS.pop(key, None)

    _ORIGINS[key] = (weakref.ref(journey, forget), path, locator)


def _origin(journey: Journey) -> tuple[Path, Locator] | None:
    entry = _ORIGINS.get(id(journey))
    if entry is None or entry[0]() is not journey:
        return None
    return entry[1], entry[2]


def source_path(journey: Journey) -> Path | None:
    """The file a journey was loaded from, or ``None`` for a journey built in Python."""
    origin = _origin(journey)
    return origin[0] if origin else None


def in_memory_name(journey: Journey) -> str:
    """What diagnostics name a journey that has no file: ``<journey-id>`` (like ``<stdin>``)."""
    return f"<{journey.id}>"


def locator_of(journey: Journey) -> Locator:
    """Positions of the journey's values in its file (empty for a journey built in Python)."""
    origin = _origin(journey)
    return origin[1] if origin else Locator(None)
