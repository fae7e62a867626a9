"""Benchmark: ``lifeexp validate journeys/`` as a whole process against the import floor.

The floor is a bare ``python -c "import pydantic, yaml"``: validating cannot be faster than
importing the two libraries it stands on. The target is a median ratio of at most 1.5×, which
holds only while networkx, numpy and rich stay off the validate start-up path.

Usage::

    python benchmarks/bench_validate.py            # 15 interleaved runs of each
    python benchmarks/bench_validate.py --quick    # 5 runs, for a quick look
    python benchmarks/bench_validate.py --check    # exit 1 when the ratio is above 1.5

The two commands run alternately so that a busy machine slows both alike; the medians and the
ratio of the medians are printed side by side. This is a benchmark, not a test: timings depend
on the machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.5


def _time(cmd: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1 = problems in the data, still a full run
        sys.stderr.write(done.stderr.decode("utf-8", "replace"))
        msg = f"{' '.join(cmd)} exited with {done.returncode}"
        raise SystemExit(msg)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 runs instead of 15")
    parser.add_argument("--runs", type=int, help="number of runs of each command")
    parser.add_argument("--path", default="journeys/", help="what to validate (default journeys/)")
    parser.add_argument("--check", action="store_true", help=f"exit 1 above {TARGET}x")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    runs = args.runs or (5 if args.quick else 15)

    floor_cmd = [sys.executable, "-c", "import pydantic, yaml"]
    validate_cmd = [sys.executable, "-m", "lifeexp", "validate", args.path, "-q"]
    _time(floor_cmd)  # warm the file cache and .pyc files before measuring
    _time(validate_cmd)
    floor: list[float] = []
    validate: list[float] = []
    for _ in range(runs):
        floor.append(_time(floor_cmd))
        validate.append(_time(validate_cmd))

    ratio = statistics.median(validate) / statistics.median(floor)
    result = {
        "runs": runs,
        "floor_median_s": round(statistics.median(floor), 4),
        "floor_min_s": round(min(floor), 4),
        "validate_median_s": round(statistics.median(validate), 4),
        "validate_min_s": round(min(validate), 4),
        "ratio_of_medians": round(ratio, 3),
        "target": TARGET,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{'command':<52} {'median':>9} {'min':>9}")
        rows = [
            ('python -c "import pydantic, yaml"', floor),
            (f"lifeexp validate {args.path}", validate),
        ]
        for label, times in rows:
            print(f"{label:<52} {statistics.median(times):>8.3f}s {min(times):>8.3f}s")
        verdict = "within" if ratio <= TARGET else "ABOVE"
        print(f"ratio of medians: {ratio:.2f}x ({verdict} the {TARGET}x target, {runs} runs each)")
    return 1 if args.check and ratio > TARGET else 0


if __name__ == "__main__":
    raise SystemExit(main())
