"""Measured evidence brought into journeys: what customers and agencies report.

Evidence sits between loading and checking in the one-way flow (load → evidence → checks →
score → render/report): it reads files named by a journey (A-11 feedback exports, agency event
logs) and turns them into counts and calibrated figures, and never imports checks, scoring,
rendering or the report.

* :mod:`lifeexp.evidence.feedback`: A-11 §280 post-transaction feedback, trust and its drivers;
* :func:`calibrate` measures an event log (CSV, Parquet, XES) on DuckDB or Spark and returns a
  :class:`Calibration` (the overlay file's content) with warnings;
* :func:`apply_calibration` lays a calibration over a journey (a new journey; the file is never
  rewritten) and :func:`proposed_changes` shows what it would change;
* :func:`simulate_log` writes a seeded log that walks a journey, to test and teach with;
* :func:`load_mapping` and :func:`load_calibration` read the two file formats.

DuckDB and PySpark are optional (``lifeexp[logs]``, ``lifeexp[spark]``) and imported only when
a log is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lifeexp._lazy import lazy_exports as _lazy_exports

# Imported on first use (PEP 562): `lifeexp validate` reads feedback through
# `lifeexp.evidence.feedback` and must not pay for the event-log machinery (numpy, SQL).
_LAZY: dict[str, str] = {
    "DEFAULT_MIN_CASES": "lifeexp.evidence._calibrate",
    "calibrate": "lifeexp.evidence._calibrate",
    "wilson_interval": "lifeexp.evidence._calibrate",
    "EngineUnavailable": "lifeexp.evidence._errors",
    "EvidenceError": "lifeexp.evidence._errors",
    "LogMapping": "lifeexp.evidence._mapping",
    "load_mapping": "lifeexp.evidence._mapping",
    "Calibration": "lifeexp.evidence._overlay",
    "apply_calibration": "lifeexp.evidence._overlay",
    "apply_calibrations": "lifeexp.evidence._overlay",
    "calibrations_by_journey": "lifeexp.evidence._overlay",
    "load_calibration": "lifeexp.evidence._overlay",
    "proposed_changes": "lifeexp.evidence._overlay",
    "CalibrationTable": "lifeexp.evidence._summary",
    "calibration_notes": "lifeexp.evidence._summary",
    "calibration_provenance": "lifeexp.evidence._summary",
    "calibration_summary": "lifeexp.evidence._summary",
    "calibration_tables": "lifeexp.evidence._summary",
    "measured_vs_designed": "lifeexp.evidence._summary",
    "LogColumns": "lifeexp.evidence.logs",
    "SimulatedLog": "lifeexp.evidence.logs.simulation",
    "simulate_log": "lifeexp.evidence.logs.simulation",
}

__all__ = [
    "DEFAULT_MIN_CASES",
    "Calibration",
    "CalibrationTable",
    "EngineUnavailable",
    "EvidenceError",
    "LogColumns",
    "LogMapping",
    "SimulatedLog",
    "apply_calibration",
    "apply_calibrations",
    "calibrate",
    "calibration_notes",
    "calibration_provenance",
    "calibration_summary",
    "calibration_tables",
    "calibrations_by_journey",
    "load_calibration",
    "load_mapping",
    "measured_vs_designed",
    "proposed_changes",
    "simulate_log",
    "wilson_interval",
]


__getattr__, __dir__ = _lazy_exports(__name__, _LAZY, globals())


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from lifeexp.evidence._calibrate import DEFAULT_MIN_CASES, calibrate, wilson_interval
    from lifeexp.evidence._errors import EngineUnavailable, EvidenceError
    from lifeexp.evidence._mapping import LogMapping, load_mapping
    from lifeexp.evidence._overlay import (
        Calibration,
        apply_calibration,
        apply_calibrations,
        calibrations_by_journey,
        load_calibration,
        proposed_changes,
    )
    from lifeexp.evidence._summary import (
        CalibrationTable,
        calibration_notes,
        calibration_provenance,
        calibration_summary,
        calibration_tables,
        measured_vs_designed,
    )
    from lifeexp.evidence.logs import LogColumns
    from lifeexp.evidence.logs.simulation import SimulatedLog, simulate_log
