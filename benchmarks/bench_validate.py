"""Benchmark: ``lifeexp validate`` against ``check-jsonschema`` on the bundled journeys.

``check-jsonschema`` (a bench-only dependency: ``pip install check-jsonschema``) checks the
ten bundled journeys against the generated JSON Schema only; ``lifeexp validate journeys/``
reads the same files, merges the bundled catalogs and runs every semantic check as well. The
target is a CPU-time ratio (median lifeexp / median check-jsonschema) below 0.5. CPU time,
not wall-clock, because the benchmark machine is shared.

Usage::

    python benchmarks/bench_validate.py            # 9 interleaved runs of each
    python benchmarks/bench_validate.py --quick    # 3 runs
    python benchmarks/bench_validate.py --check    # exit 1 when the ratio is 0.5 or above

The two commands run alternately so that a busy machine slows both alike. This is a
benchmark, not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _process import ROOT, lifeexp, run

TARGET = 0.5


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 runs instead of 9")
    parser.add_argument("--runs", type=int, help="number of runs of each command")
    parser.add_argument("--check", action="store_true", help=f"exit 1 at {TARGET} or above")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 9)

    peer = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if peer is None:
        raise SystemExit("check-jsonschema is not installed: pip install check-jsonschema")
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "journeys").glob("*.yaml"))
    peer_cmd = [peer, "--schemafile", "schema/journey.schema.json", *files]
    ours_cmd = lifeexp("validate", "journeys/", "-q")
    run(peer_cmd)  # warm the file cache and .pyc files before measuring
    run(ours_cmd)
    peer_t, ours_t = [], []
    for _ in range(runs):
        peer_t.append(run(peer_cmd))
        ours_t.append(run(ours_cmd))

    peer_cpu = statistics.median(t.cpu for t in peer_t)
    ours_cpu = statistics.median(t.cpu for t in ours_t)
    ratio = ours_cpu / peer_cpu
    result = {
        "runs": runs,
        "files": len(files),
        "check_jsonschema_cpu_s": round(peer_cpu, 3),
        "check_jsonschema_wall_s": round(statistics.median(t.wall for t in peer_t), 3),
        "lifeexp_validate_cpu_s": round(ours_cpu, 3),
        "lifeexp_validate_wall_s": round(statistics.median(t.wall for t in ours_t), 3),
        "cpu_ratio": round(ratio, 3),
        "target": TARGET,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{'command':<58} {'CPU':>8} {'wall':>8}")
        for label, times in (
            (f"check-jsonschema (schema only, {len(files)} journeys)", peer_t),
            ("lifeexp validate journeys/ (schema + every check)", ours_t),
        ):
            cpu = statistics.median(t.cpu for t in times)
            wall = statistics.median(t.wall for t in times)
            print(f"{label:<58} {cpu:>7.3f}s {wall:>7.3f}s")
        verdict = "below" if ratio < TARGET else "NOT below"
        print(f"CPU ratio: {ratio:.2f} ({verdict} the {TARGET} target; medians of {runs} runs)")
    return 1 if args.check and ratio >= TARGET else 0


if __name__ == "__main__":
    raise SystemExit(main())
