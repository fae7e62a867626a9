"""The errors the evidence package raises: bad logs, bad mapping files, missing engines."""

from __future__ import annotations

from lifeexp.errors import DiagnosticError, LifeexpError

__all__ = ["EngineUnavailable", "EvidenceError"]


class EvidenceError(DiagnosticError):
    """An event log, a mapping file or a calibration file cannot be used.

    Carries every located problem found (``diagnostics``), like the journey loader's errors;
    the command line prints them and exits with 1, writing nothing.
    """


class EngineUnavailable(LifeexpError):
    """The engine asked for (DuckDB, Spark) is not installed; the message says what to install.

    The command line exits with 3 (a missing backend), like a missing renderer.
    """
