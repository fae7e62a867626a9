"""Time a command as a whole process: wall-clock and CPU (user + system) seconds.

CPU time is what a comparison between two tools should use on a shared machine: it does not
count the time the process waited for a core another job held.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float
    returncode: int


def run(cmd: list[str], *, ok: tuple[int, ...] = (0, 1)) -> Timing:
    """Run ``cmd`` from the repository root, its output discarded, and time it."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    stderr = proc.stderr.read() if proc.stderr is not None else b""
    if proc.stderr is not None:
        proc.stderr.close()
    if code not in ok:
        sys.stderr.write(stderr.decode("utf-8", "replace"))
        msg = f"{' '.join(cmd)} exited with {code}"
        raise SystemExit(msg)
    return Timing(wall, usage.ru_utime + usage.ru_stime, code)


def lifeexp(*args: str) -> list[str]:
    """The ``lifeexp`` command of this interpreter's environment."""
    return [sys.executable, "-m", "lifeexp", *args]
