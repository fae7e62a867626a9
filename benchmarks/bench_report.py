"""Benchmark: ``lifeexp report journeys/`` against ``lifeexp score journeys/``, whole processes.

Scoring is the floor: the report scores every journey the same way and then draws the maps
and writes the pages. The target is a median ratio of at most 3×, i.e. drawing and writing
must not dominate.

Usage::

    python benchmarks/bench_report.py                 # 7 interleaved runs of each
    python benchmarks/bench_report.py --quick         # 3 runs, for a quick look
    python benchmarks/bench_report.py --backend wasm  # hide the system `dot` (pip-only maps)
    python benchmarks/bench_report.py --check         # exit 1 when the ratio is above 3

Both commands use the same journeys and the default Monte Carlo samples and seed. They run
alternately so that a busy machine slows both alike; the medians and the ratio of the medians
are printed side by side. This is a benchmark, not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 3.0


def _env(backend: str) -> dict[str, str]:
    env = dict(os.environ)
    if backend == "wasm":
        # Drop every PATH entry that holds a Graphviz `dot`, so the WebAssembly backend draws.
        dirs = env.get("PATH", "").split(os.pathsep)
        env["PATH"] = os.pathsep.join(d for d in dirs if not (Path(d) / "dot").exists())
        if shutil.which("dot", path=env["PATH"]) is not None:  # pragma: no cover - paranoia
            msg = "could not hide the system dot"
            raise SystemExit(msg)
    return env


def _time(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False, env=env)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(done.stderr.decode("utf-8", "replace"))
        msg = f"{' '.join(cmd)} exited with {done.returncode}"
        raise SystemExit(msg)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the results."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 runs instead of 7")
    parser.add_argument("--runs", type=int, help="number of runs of each command")
    parser.add_argument("--path", default="journeys/", help="journeys to use (default journeys/)")
    parser.add_argument(
        "--backend",
        choices=["auto", "wasm"],
        default="auto",
        help="auto: system Graphviz when installed; wasm: hide it and use the pip-only backend",
    )
    parser.add_argument("--check", action="store_true", help=f"exit 1 above {TARGET}x")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 7)
    env = _env(args.backend)

    with tempfile.TemporaryDirectory(prefix="lifeexp-bench-") as tmp:
        out = str(Path(tmp) / "report")
        score_cmd = [sys.executable, "-m", "lifeexp", "score", args.path]
        report_cmd = [sys.executable, "-m", "lifeexp", "report", args.path, "-o", out]
        _time(score_cmd, env)  # warm the file cache and .pyc files before measuring
        _time(report_cmd, env)
        score: list[float] = []
        report: list[float] = []
        for _ in range(runs):
            score.append(_time(score_cmd, env))
            report.append(_time(report_cmd, env))
        pages = len(list((Path(out) / "journeys").glob("*.html")))

    score_med = statistics.median(score)
    report_med = statistics.median(report)
    ratio = report_med / score_med
    result = {
        "journeys": pages,
        "backend": args.backend,
        "runs": runs,
        "score_median_s": round(score_med, 3),
        "report_median_s": round(report_med, 3),
        "ratio": round(ratio, 2),
        "target": TARGET,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"journeys: {pages}   backend: {args.backend}   runs: {runs}")
        print(f"{'command':<36}{'median':>10}{'min':>10}{'max':>10}")
        for name, times in (
            (f"lifeexp score {args.path}", score),
            (f"lifeexp report {args.path} -o DIR", report),
        ):
            print(
                f"{name:<36}{statistics.median(times):>9.2f}s{min(times):>9.2f}s{max(times):>9.2f}s"
            )
        verdict = "within" if ratio <= TARGET else "ABOVE"
        print(f"ratio report/score: {ratio:.2f}x ({verdict} the {TARGET:g}x target)")
    return 1 if args.check and ratio > TARGET else 0


if __name__ == "__main__":
    raise SystemExit(main())
