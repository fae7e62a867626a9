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
    """The journeys with each calibration file laid over the journey it names.

    Raises:
        EvidenceError: A calibration cannot be read, names no journey given, or two name
            the same one.
    """
    if not overlays:
        return list(journeys)
    from lifeexp.evidence import apply_calibrations

    return apply_calibrations(journeys, load_overlays(overlays))
