"""The "measured against designed" section of a journey page.

It draws :func:`lifeexp.evidence.calibration_tables`, the tables ``lifeexp calibrate --format
markdown`` prints, so the report and the command read the same figures the same way.
"""

from __future__ import annotations

from typing import Any

from lifeexp import formatting as fmt
from lifeexp.evidence import (
    Calibration,
    calibration_notes,
    calibration_provenance,
    calibration_tables,
)
from lifeexp.model import Journey

__all__ = ["calibration_view"]


def calibration_view(journey: Journey, calibration: Calibration | None) -> dict[str, Any] | None:
    """The template's data for one journey's calibration, or ``None`` when it has none."""
    if calibration is None:
        return None
    privacy = calibration.privacy
    return {
        "provenance": calibration_provenance(journey, calibration),
        "privacy": (
            f"Figures from fewer than {fmt.integer(privacy.min_cases)} cases are suppressed "
            f"({fmt.counted(privacy.suppressed, 'figure')} here), as federal statistical "
            "releases do; case ids are never written."
        ),
        "tables": [
            {
                "key": t.key,
                "caption": t.caption,
                "columns": t.columns,
                "numeric": t.numeric,
                "rows": [
                    {"cells": cells, "flag": flag, "suppressed": hidden}
                    for cells, flag, hidden in zip(t.rows, t.flagged, t.suppressed, strict=True)
                ],
            }
            for t in calibration_tables(journey, calibration)
        ],
        "notes": calibration_notes(journey, calibration),
    }
