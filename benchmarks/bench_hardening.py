"""Benchmark: the text map is linear and the report is bounded, up to 50,000 steps.

Each measurement is one fresh Python process (a subprocess) that builds a synthetic journey
(``benchmarks/synthetic.py``) and then times what a user runs on it: the plain-text map
(``lifeexp.to_text``, what ``lifeexp render -f text`` prints) and the whole HTML report
(``lifeexp.report.write_report``, with ``--samples 0``: drawing and writing, not the Monte
Carlo). A 50,000-step journey is over the loader's 8 MiB file limit as YAML, so it is built
in the process instead of read from a file. Printed: wall and CPU seconds of the timed part
(CPU time is the fairer figure on a shared machine) and the process's peak memory.

Usage::

    python benchmarks/bench_hardening.py                 # 2k, 4k, 8k, 16k, 50k steps
    python benchmarks/bench_hardening.py --sizes 2000 50000

This is a benchmark, not a test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import json, resource, sys, tempfile, time
sys.path.insert(0, {bench!r})
from synthetic import synthetic_journey
journey = synthetic_journey({n})
what = {what!r}
started, cpu = time.perf_counter(), time.process_time()
if what == "text":
    from lifeexp.rendering import to_text
    size = len(to_text(journey, markdown=False))
else:
    from lifeexp.report import write_report
    from lifeexp.scoring import ScoringOptions
    out = tempfile.mkdtemp() + "/report"
    index = write_report([journey], out, options=ScoringOptions(samples=0))
    size = sum(p.stat().st_size for p in index.parent.rglob("*") if p.is_file())
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": elapsed, "cpu": cpu, "peak_kib": peak, "bytes": size}}))
"""


def _measure(what: str, n: int) -> dict[str, float]:
    code = _CHILD.format(bench=str(ROOT / "benchmarks"), n=n, what=what)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=1800
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per size and command."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 4000, 8000, 16000, 50000])
    parser.add_argument("--what", choices=("text", "report", "both"), default="both")
    args = parser.parse_args(argv)
    kinds = ("text", "report") if args.what == "both" else (args.what,)
    for what in kinds:
        base: float | None = None
        for n in args.sizes:
            r = _measure(what, n)
            per_k = r["cpu"] / (n / 1000)
            base = base or per_k
            print(
                f"{what:6} {n:>6,} steps: {r['seconds']:7.2f} s wall, {r['cpu']:7.2f} s CPU "
                f"({per_k:.3f} s CPU per 1,000 steps, {per_k / base:.2f}x the smallest)  "
                f"peak {r['peak_kib'] / 1024:,.0f} MiB  output {r['bytes'] / 1e6:,.1f} MB",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
