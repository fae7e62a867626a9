"""Writing the report folder: all of it or nothing, and never over anyone else's files.

The report is built in a hidden temporary folder next to the target, then moved into place
with renames. Every report folder carries a manifest (:data:`MARKER_NAME`) listing each file
it wrote with its SHA-256 and each folder it made. An existing folder is replaced only when it
is empty, or when its whole content is exactly what its manifest lists, byte for byte: a file
the user added (``notes.txt``, ``mydata/keep.csv``), a page edited since, a copied or forged
marker beside other files, or any symbolic link makes the folder someone else's, and the run
refuses before it touches anything.

Removing the earlier report is also done by the manifest, file by file, after the folder was
checked once more, so even a file that appears during the run is never deleted. The report
never creates symbolic links, so it never follows or replaces one: a target that is a link is
refused. A temporary folder never outlives the run: it is removed on every error, on Ctrl-C
and on SIGTERM, and the short swap of the old and new folders runs with those signals held.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from lifeexp.errors import ReportError

__all__ = [
    "MARKER_NAME",
    "ReportManifest",
    "check_target",
    "is_report_dir",
    "read_manifest",
    "staging_dir",
    "write_manifest",
]

MARKER_NAME = ".lifeexp-report.json"
"""The manifest that marks a folder as written by ``lifeexp report`` and lists its files."""

_MANIFEST_FORMAT = 2  # 1 was the bare marker without a file list (never safe to replace)
_SHOWN = 5  # unexpected entries named in a refusal


@dataclass(frozen=True, slots=True)
class ReportManifest:
    """What an earlier report wrote: files (relative POSIX paths → SHA-256) and folders."""

    files: dict[str, str]
    folders: frozenset[str]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _walk(root: Path) -> tuple[dict[str, os.stat_result], list[str]]:
    """Every entry under ``root`` (links not followed) by relative POSIX path; folders apart."""
    entries: dict[str, os.stat_result] = {}
    folders: list[str] = []
    stack = [""]
    while stack:
        rel = stack.pop()
        with os.scandir(root / rel if rel else root) as it:
            for entry in it:
                child = f"{rel}/{entry.name}" if rel else entry.name
                info = entry.stat(follow_symlinks=False)
                entries[child] = info
                if stat.S_ISDIR(info.st_mode):
                    folders.append(child)
                    stack.append(child)
    return entries, folders


def _safe_relative(name: object) -> bool:
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return False
    pure = PurePosixPath(name)
    return not pure.is_absolute() and all(part not in ("", ".", "..") for part in pure.parts)


def read_manifest(folder: Path) -> ReportManifest | None:
    """The manifest of an earlier report in ``folder``, or ``None`` when there is no valid one.

    A marker without a file list (the bare ``{"generator": "lifeexp"}`` of a copied or forged
    marker, or of lifeexp versions before the manifest) is not a valid manifest.
    """
    marker = folder / MARKER_NAME
    try:
        info = marker.lstat()
        if not stat.S_ISREG(info.st_mode):
            return None
        data: Any = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != "lifeexp":
        return None
    files, folders = data.get("files"), data.get("folders")
    if not isinstance(files, dict) or not isinstance(folders, list):
        return None
    if not all(_safe_relative(k) and isinstance(v, str) for k, v in files.items()):
        return None
    if not all(_safe_relative(f) for f in folders) or MARKER_NAME in files:
        return None
    return ReportManifest(dict(files), frozenset(folders))


def is_report_dir(path: Path) -> bool:
    """True when ``path`` is a real folder holding exactly an earlier report and nothing else."""
    try:
        _check_report_content(path)
    except ReportError:
        return False
    return True


def _refuse(target: Path, why: str, names: list[str] | None = None) -> ReportError:
    listed = ""
    if names:
        shown = ", ".join(sorted(names)[:_SHOWN])
        more = len(names) - _SHOWN
        listed = f" ({shown}{f' and {more} more' if more > 0 else ''})"
    msg = (
        f"{target} {why}{listed}; 'lifeexp report' only replaces a folder holding exactly an "
        "earlier report, so nothing was changed (choose a new or empty folder)"
    )
    return ReportError(msg)


def _check_report_content(target: Path) -> ReportManifest:
    """Check that ``target`` holds an earlier report and nothing else; its manifest."""
    manifest = read_manifest(target)
    entries, _ = _walk(target)
    if manifest is None:
        why = (
            "has a lifeexp marker without a valid list of the files it wrote"
            if MARKER_NAME in entries
            else "is not empty and was not written by 'lifeexp report'"
        )
        raise _refuse(target, why)
    expected_folders = set(manifest.folders)
    for name in manifest.files:
        parts = PurePosixPath(name).parts
        expected_folders.update("/".join(parts[:i]) for i in range(1, len(parts)))
    unexpected: list[str] = []
    changed: list[str] = []
    for name, info in entries.items():
        if name == MARKER_NAME:
            continue
        if stat.S_ISDIR(info.st_mode):
            if name not in expected_folders:
                unexpected.append(name + "/")
        elif not stat.S_ISREG(info.st_mode) or name not in manifest.files:
            unexpected.append(name)
        elif _sha256(target / name) != manifest.files[name]:
            changed.append(name)
    if unexpected:
        raise _refuse(target, "holds files the report did not write", unexpected)
    if changed:
        raise _refuse(target, "holds report files changed since the report wrote them", changed)
    return manifest


def check_target(out_dir: str | os.PathLike[str]) -> Path:
    """Check that ``out_dir`` may receive a report, without touching anything.

    A missing folder, an empty folder, or a folder holding exactly an earlier report (every
    file listed in its manifest, unchanged, and nothing else) are fine.

    Raises:
        ReportError: ``out_dir`` is a symbolic link, a file, or a folder with anything in it
            that the report did not write.
    """
    target = Path(out_dir)
    if target.is_symlink():
        msg = (
            f"{target} is a symbolic link; 'lifeexp report' never follows or replaces a link, "
            "so nothing was changed (give the real folder, or a new one)"
        )
        raise ReportError(msg)
    if not target.exists():
        return target
    if not target.is_dir():
        msg = f"{target} exists and is not a folder; choose another output folder"
        raise ReportError(msg)
    with os.scandir(target) as entries:
        if not any(True for _ in entries):
            return target
    _check_report_content(target)
    return target


def write_manifest(folder: Path, version: str, journey_ids: list[str]) -> None:
    """List every file (with its SHA-256) and folder under ``folder`` in its manifest."""
    entries, folders = _walk(folder)
    files = {
        name: _sha256(folder / name)
        for name, info in sorted(entries.items())
        if stat.S_ISREG(info.st_mode) and name != MARKER_NAME
    }
    data = {
        "generator": "lifeexp",
        "format": _MANIFEST_FORMAT,
        "version": version,
        "journeys": journey_ids,
        "folders": sorted(folders),
        "files": files,
    }
    (folder / MARKER_NAME).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


class _Terminated(BaseException):
    """SIGTERM arrived while a report was being written (turned into exit 143)."""


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """Turn SIGTERM into an exception for the duration, so cleanup code runs.

    Only the main thread can set signal handlers; elsewhere the process default stays.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum: int, frame: object) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, _raise)
    try:
        yield
    except _Terminated:
        raise SystemExit(128 + signal.SIGTERM) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block is done (a rename pair must not be split)."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _remove_own(tmp: Path) -> None:
    """Remove a staging folder this run made (only this run ever writes into it)."""
    if not tmp.exists():
        return
    entries, folders = _walk(tmp)
    for name, info in entries.items():
        if not stat.S_ISDIR(info.st_mode):
            with contextlib.suppress(OSError):
                (tmp / name).unlink()
    for name in sorted(folders, key=len, reverse=True):
        with contextlib.suppress(OSError):
            (tmp / name).rmdir()
    with contextlib.suppress(OSError):
        tmp.rmdir()


@contextlib.contextmanager
def staging_dir(out_dir: Path) -> Iterator[Path]:
    """Yield an empty temporary folder; on success move it to ``out_dir``, else delete it.

    The temporary folder sits in the target's parent so the final move is a rename on the
    same file system. An earlier report at ``out_dir`` is checked, renamed aside, checked
    again and then removed file by file from its manifest; if the swap fails it is put back.
    The caller must have called `write_manifest` on the folder before the block ends.
    """
    check_target(out_dir)
    parent = out_dir.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    with _sigterm_raises():
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=parent))
        try:
            yield tmp
            # mkdtemp makes a 0700 folder; give the report the usual umask-based permissions.
            umask = os.umask(0)
            os.umask(umask)
            tmp.chmod(0o777 & ~umask)
            with _signals_held():
                _swap_into_place(tmp, out_dir)
        except BaseException:
            _remove_own(tmp)
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
        # Checked once more where nobody else writes: nothing can slip in before removal.
        manifest = None if _is_empty(aside) else _check_report_content(aside)
        new.rename(target)
    except BaseException:
        aside.rename(target)
        raise
    _remove_by_manifest(aside, manifest)


def _is_empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return not any(True for _ in entries)


def _remove_by_manifest(folder: Path, manifest: ReportManifest | None) -> None:
    """Delete the files and folders an earlier report wrote, then the (now empty) folder.

    Only names in the manifest are removed, never a whole tree, so a file that is not the
    report's survives even a race; the folder then stays and the error names it.
    """
    if manifest is not None:
        for name in manifest.files:
            with contextlib.suppress(FileNotFoundError):
                (folder / name).unlink()
        with contextlib.suppress(FileNotFoundError):
            (folder / MARKER_NAME).unlink()
        dirs = set(manifest.folders)
        for name in manifest.files:
            parts = PurePosixPath(name).parts
            dirs.update("/".join(parts[:i]) for i in range(1, len(parts)))
        for name in sorted(dirs, key=lambda d: d.count("/"), reverse=True):
            with contextlib.suppress(OSError):  # not empty: something else is in it; kept
                (folder / name).rmdir()
    try:
        folder.rmdir()
    except OSError as exc:
        msg = (
            f"the new report is in place, but the earlier one at {folder} still holds files "
            "it did not write, so they were kept there; move them and delete the folder"
        )
        raise ReportError(msg) from exc
