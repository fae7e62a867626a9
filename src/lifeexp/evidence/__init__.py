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

from lifeexp.evidence._calibrate import DEFAULT_MIN_CASES, calibrate, wilson_interval
from lifeexp.evidence._errors import EngineUnavailable, EvidenceError
from lifeexp.evidence._mapping import LogMapping, load_mapping
from lifeexp.evidence._overlay import (
    Calibration,
    apply_calibration,
    load_calibration,
    proposed_changes,
)
from lifeexp.evidence._summary import calibration_summary, measured_vs_designed
from lifeexp.evidence.logs import LogColumns, SimulatedLog, simulate_log

__all__ = [
    "DEFAULT_MIN_CASES",
    "Calibration",
    "EngineUnavailable",
    "EvidenceError",
    "LogColumns",
    "LogMapping",
    "SimulatedLog",
    "apply_calibration",
    "calibrate",
    "calibration_summary",
    "load_calibration",
    "load_mapping",
    "measured_vs_designed",
    "proposed_changes",
    "simulate_log",
    "wilson_interval",
]
