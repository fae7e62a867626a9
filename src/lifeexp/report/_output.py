"""Writing the report folder: all of it or nothing, and never over someone else's files.

The report is built in a hidden temporary folder next to the target, then moved into place
with renames. An existing folder is replaced only when it is empty or carries the marker file
that an earlier ``lifeexp report`` left there, so a mistyped ``-o`` can never wipe a folder of
unrelated files.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from lifeexp.errors import ReportError

__all__ = ["MARKER_NAME", "check_target", "is_report_dir", "staging_dir"]

MARKER_NAME = ".lifeexp-report.json"
"""File that marks a folder as written by ``lifeexp report`` (safe to replace)."""


def is_report_dir(path: Path) -> bool:
    """True when ``path`` is a folder that an earlier report wrote (it has the marker file)."""
    marker = path / MARKER_NAME
    if not marker.is_file():
        return False
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("generator") == "lifeexp"


def check_target(out_dir: str | os.PathLike[str]) -> Path:
    """Check that ``out_dir`` may receive a report, without touching anything.

    A missing folder, an empty folder or an earlier report are fine.

    Raises:
        ReportError: ``out_dir`` is a file, or a folder with other content in it.
    """
    target = Path(out_dir)
    if target.is_symlink() and not target.exists():
        msg = f"{target} is a broken symbolic link; choose another output folder"
        raise ReportError(msg)
    if not target.exists():
        return target
    if not target.is_dir():
        msg = f"{target} exists and is not a folder; choose another output folder"
        raise ReportError(msg)
    if is_report_dir(target):
        return target
    with os.scandir(target) as entries:
        if any(True for _ in entries):
            msg = (
                f"{target} is not empty and was not written by 'lifeexp report'; "
                "refusing to overwrite it (choose a new or empty folder)"
            )
            raise ReportError(msg)
    return target


def write_marker(folder: Path, version: str, journey_ids: list[str]) -> None:
    """Leave the marker that lets a later run replace this folder."""
    data = {"generator": "lifeexp", "version": version, "journeys": journey_ids}
    (folder / MARKER_NAME).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


@contextlib.contextmanager
def staging_dir(out_dir: Path) -> Iterator[Path]:
    """Yield an empty temporary folder; on success move it to ``out_dir``, else delete it.

    The temporary folder sits in the target's parent so the final move is a rename on the
    same file system. An existing report at ``out_dir`` is first renamed aside and removed
    only after the new one is in place; if the swap fails it is put back.
    """
    check_target(out_dir)
    parent = out_dir.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=parent))
    try:
        yield tmp
        # mkdtemp makes a 0700 folder; give the report the usual umask-based permissions.
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o777 & ~umask)
        _swap_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap_into_place(new: Path, target: Path) -> None:
    check_target(target)  # the folder may have changed while the report was being built
    if not target.exists():
        new.rename(target)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=new.parent))
    aside.rmdir()  # only the unique name is needed; rename wants it not to exist
    target.rename(aside)
    try:
        new.rename(target)
    except BaseException:
        aside.rename(target)
        raise
    shutil.rmtree(aside, ignore_errors=True)
