"""The errors the evidence package raises: bad logs, bad mapping files, missing engines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from lifeexp.errors import LifeexpError

if TYPE_CHECKING:
    from lifeexp.diagnostics import Diagnostic

__all__ = ["EngineUnavailable", "EvidenceError"]


class EvidenceError(LifeexpError):
    """An event log, a mapping file or a calibration file cannot be used.

    Carries every located problem found (``diagnostics``), like the journey loader's errors;
    the command line prints them and exits with 1, writing nothing.
    """

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics: list[Diagnostic] = list(diagnostics)

    def __str__(self) -> str:
        head = super().__str__()
        if not self.diagnostics:
            return head
        return "\n".join([head, *(d.format() for d in self.diagnostics)])


class EngineUnavailable(LifeexpError):
    """The engine asked for (DuckDB, Spark) is not installed; the message says what to install.

    The command line exits with 3 (a missing backend), like a missing renderer.
    """
