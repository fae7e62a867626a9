"""The shared ``--overlay CALIBRATION`` option of score, compare, render and report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

if TYPE_CHECKING:
    from lifeexp.evidence import Calibration
    from lifeexp.model import Journey

__all__ = ["load_overlays", "overlay_option", "with_overlays"]

F = TypeVar("F", bound=Callable[..., object])


def overlay_option(func: F) -> F:
    """``--overlay FILE`` (repeatable): a calibration file laid over the journey it names."""
    return click.option(
        "--overlay",
        "overlays",
        multiple=True,
        type=click.Path(path_type=Path, dir_okay=False),
        help="Calibration file from `lifeexp calibrate` laid over the journey it names: "
        "measured probabilities and waits replace the designed ones, citing the log "
        "(repeatable; the journey file is not changed).",
    )(func)


def load_overlays(overlays: Sequence[Path]) -> list[Calibration]:
    """The calibration files, read and checked.

    Raises:
        EvidenceError: A calibration cannot be read (located).
    """
    if not overlays:
        return []
    from lifeexp.evidence import load_calibration

    return [load_calibration(path) for path in overlays]


def with_overlays(journeys: Sequence[Journey], overlays: Sequence[Path]) -> list[Journey]:
    """The journeys with each calibration applied to the journey of the same id.

    Raises:
        EvidenceError: A calibration cannot be read or names no journey given.
    """
    if not overlays:
        return list(journeys)
    from lifeexp.evidence import EvidenceError, apply_calibration, load_calibration

    out = list(journeys)
    index = {j.id: i for i, j in enumerate(out)}
    for path in overlays:
        cal = load_calibration(path)
        i = index.get(cal.journey)
        if i is None:
            msg = (
                f"{path}: the calibration is for journey {cal.journey!r}, which is not among "
                f"the journeys given ({', '.join(repr(j.id) for j in out)})"
            )
            raise EvidenceError(msg)
        out[i] = apply_calibration(out[i], cal)
    return out
