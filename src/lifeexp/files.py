"""Writing output files: all of a file or, on failure, nothing.

The one file writer of the project, shared by the library (``JourneyMap.save``) and the
command line (``lifeexp render -o``, ``lifeexp schema -o``). It sits at the bottom layer so
any layer may use it without importing the command line.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` atomically: all of it or, on failure, nothing.

    The data goes to a temporary file in the same folder, is flushed to disk and then renamed
    over the target, so readers never see half a file and a failed run leaves no debris.
    Missing parent folders are created. ``str`` data is written as UTF-8.

    Returns:
        The path written.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates 0600 files; give the output the usual umask-based permissions.
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return target
