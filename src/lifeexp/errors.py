"""The exception tree of lifeexp.

Every exception the library raises on purpose derives from :class:`LifeexpError`, so a caller
can catch one class. The tree::

    LifeexpError
    ├── JourneyLoadError          a file could not be read or parsed (carries diagnostics)
    ├── JourneyValidationError    files were read but break the schema or checks (diagnostics)
    ├── CatalogError              catalogs clash or cannot be read (diagnostics)
    ├── ScoringError              a journey cannot be scored (e.g. a loop with no way out)
    ├── RenderError               a map could not be produced
    │   └── RendererUnavailable   no backend can produce the requested format
    └── ReportError               the HTML report could not be written

User mistakes (bad YAML, a missing file) are reported through the ``diagnostics`` of the
error rather than a traceback; the command line maps them to exit code 1. An exception that is
not a ``LifeexpError`` is a bug in lifeexp.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lifeexp.diagnostics import Diagnostic

__all__ = [
    "CatalogError",
    "DiagnosticError",
    "JourneyLoadError",
    "JourneyValidationError",
    "LifeexpError",
    "RenderError",
    "RendererUnavailable",
    "ReportError",
    "ScoringError",
]


class LifeexpError(Exception):
    """Base class of every error lifeexp raises on purpose."""


class DiagnosticError(LifeexpError):
    """An error that carries every problem found, not only the first, as located
    :class:`~lifeexp.diagnostics.Diagnostic` objects in ``diagnostics``."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics: list[Diagnostic] = list(diagnostics)

    def __str__(self) -> str:
        head = super().__str__()
        if not self.diagnostics:
            return head
        lines = [head, *(d.format() for d in self.diagnostics)]
        return "\n".join(lines)


class JourneyLoadError(DiagnosticError):
    """Raised when a journey or catalog file cannot be read or parsed as YAML.

    Missing files, non-UTF-8 bytes, malformed YAML, duplicate keys, forbidden tags, alias bombs
    and oversized files all end here, each as a located diagnostic.
    """


class JourneyValidationError(DiagnosticError):
    """Raised when a file parses but breaks the journey schema or an error-level check."""


class CatalogError(DiagnosticError):
    """Raised when catalog files cannot be loaded or define the same id twice."""


class ScoringError(LifeexpError):
    """Raised when a journey cannot be scored, e.g. it has a loop that never ends."""


class RenderError(LifeexpError):
    """Raised when a journey map cannot be produced."""


class RendererUnavailable(RenderError):
    """Raised when no installed backend can produce the requested output format.

    The message names exactly what to install.
    """


class ReportError(LifeexpError):
    """Raised when the HTML report cannot be written."""
