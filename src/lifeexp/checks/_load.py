"""Loading journeys the way the command line does: schema *and* checks against the catalogs.

``lifeexp.load_journey(path)`` used to check the schema only, so a journey with
``agency: SAA`` loaded and scored silently while ``lifeexp score`` rejected it. These loaders
run the error-level checks against the bundled catalogs plus any given ones, exactly as the
commands do, and raise with every located problem. ``check=False`` is the explicit way to get
the raw model (what :mod:`lifeexp.loading` returns) for tools that check later or not at all.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from lifeexp.diagnostics import Diagnostic, Severity
from lifeexp.errors import JourneyValidationError
from lifeexp.loading import bundled_catalog, load_catalog
from lifeexp.loading import load_journey as load_raw_journey
from lifeexp.loading import load_journeys as load_raw_journeys
from lifeexp.model import Catalog, Journey

__all__ = ["load_journey", "load_journeys", "raise_for_errors"]

PathLike = str | os.PathLike[str]


def raise_for_errors(diagnostics: Sequence[Diagnostic], what: str) -> None:
    """Raise :class:`~lifeexp.errors.JourneyValidationError` when any diagnostic is an error.

    Warnings and notes never raise, as they never fail ``lifeexp score``.
    """
    errors = [d for d in diagnostics if d.severity is Severity.error]
    if errors:
        s = "s" if len(errors) != 1 else ""
        raise JourneyValidationError(f"{len(errors)} problem{s} in {what}", errors)


def _catalog(catalog: Catalog | None, catalogs: Iterable[PathLike]) -> Catalog:
    if catalog is not None:
        return catalog
    extra = list(catalogs)
    # the bundled catalogs (read once per process) plus the given ones
    return load_catalog(*extra) if extra else bundled_catalog()


def load_journey(
    path: PathLike,
    *,
    catalogs: Iterable[PathLike] = (),
    catalog: Catalog | None = None,
    check: bool = True,
) -> Journey:
    """Load one journey file and check it as ``lifeexp validate`` and ``lifeexp score`` do.

    Args:
        path: The journey YAML file.
        catalogs: Extra catalog files or folders; they extend the bundled catalogs (like
            ``--catalog``).
        catalog: A catalog already loaded, used instead of the bundled plus ``catalogs``.
        check: ``False`` returns the raw model, checked against the schema only (no catalog
            references, no graph checks), for tools that check it themselves.

    Raises:
        JourneyLoadError: The file is missing, unreadable or not well-formed YAML.
        JourneyValidationError: The file breaks the schema, or (unless ``check=False``) an
            error-level check: an unknown agency, form or step, probabilities that do not sum
            to 1, a loop with no way out... Every problem is in ``.diagnostics``, located.
        CatalogError: A given catalog cannot be loaded.
    """
    journey = load_raw_journey(path)
    if check:
        _check([journey], _catalog(catalog, catalogs), what=str(path))
    return journey


def load_journeys(
    paths: PathLike | Iterable[PathLike],
    *,
    catalogs: Iterable[PathLike] = (),
    catalog: Catalog | None = None,
    check: bool = True,
) -> list[Journey]:
    """Load journey files and folders (recursively), checked as :func:`load_journey` does.

    Raises:
        JourneyLoadError, JourneyValidationError, CatalogError: As for :func:`load_journey`,
            with the problems of every file together.
    """
    journeys = load_raw_journeys(paths)
    if check:
        _check(journeys, _catalog(catalog, catalogs), what="journeys")
    return journeys


def _check(journeys: list[Journey], catalog: Catalog, *, what: str) -> None:
    from lifeexp.checks import check_journeys  # the package's entry point, defined after this

    raise_for_errors(check_journeys(journeys, catalog), what)
