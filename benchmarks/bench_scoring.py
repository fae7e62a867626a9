"""Scoring benchmark: scale, Monte Carlo cost and memory on synthetic journeys.

Checks, as the scoring issue asks:

1. exact scoring grows about linearly: t(100k steps) / t(10k steps) <= 12;
2. exact scoring of a journey takes at most 3x the time to merely parse its YAML
   (PyYAML's C loader);
3. a 100,000-run Monte Carlo costs at most 3x drawing the same number of PERT-Beta burden
   values with numpy alone;
4. peak memory (RSS) of a process that builds and scores a 100,000-step journey < 1 GiB.

Usage::

    python benchmarks/bench_scoring.py            # 1k, 10k and 100k steps (a few minutes)
    python benchmarks/bench_scoring.py --quick    # 1k and 10k only, ratio t(10k)/t(1k)

Exit code 0 when every check passes, 1 otherwise. Timings are the best of several runs, in
CPU time, with each journey size measured in a fresh process, so other load on a shared
machine and the heap left by earlier sizes inflate them less.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import synthetic_journey, synthetic_yaml

from lifeexp.scoring import ScoringOptions, score
from lifeexp.scoring._markov import build_chain
from lifeexp.scoring._montecarlo import pert_beta_params, simulate
from lifeexp.scoring._time_tax import step_figures

GIB = 1024**3
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def best_of(
    func: Callable[[], Any], repeat: int, clock: Callable[[], float] = time.process_time
) -> float:
    """The fastest of ``repeat`` runs, in seconds of ``clock`` (CPU time by default)."""
    times = []
    for _ in range(repeat):
        start = clock()
        func()
        times.append(clock() - start)
    return min(times)


def bench_scale(sizes: list[int]) -> list[dict[str, float]]:
    """Parse and exact-score time per journey size, each size in a fresh process.

    A fresh process per size keeps the sizes independent: parsing a 30 MB YAML file leaves
    the interpreter's heap fragmented, which would slow whatever is measured after it.
    Times are CPU time of the process (``time.process_time``), so other load on a shared
    machine inflates them less than wall-clock time.
    """
    rows = []
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--scale-child", str(n)],
            check=True,
            capture_output=True,
            text=True,
        )
        row = json.loads(out.stdout)
        rows.append(row)
        t_parse, t_score = row["parse_s"], row["score_s"]
        print(
            f"  {n:>7,} steps  parse {t_parse:7.3f} s  score {t_score:7.3f} s  "
            f"score/parse {t_score / t_parse:5.2f}  ({t_score / n * 1e6:6.1f} us/step)",
            flush=True,
        )
    return rows


def _scale_child(n: int) -> None:
    score(synthetic_journey(200), ScoringOptions(samples=0))  # warm-up: imports, caches
    journey = synthetic_journey(n)
    exact = ScoringOptions(samples=0)
    # Scoring first: parsing a large YAML text leaves a fragmented heap behind it.
    t_score = best_of(lambda: score(journey, exact), 3)
    text = synthetic_yaml(n)
    t_parse = best_of(lambda: yaml.load(text, Loader=LOADER), 2 if n > 10_000 else 3)
    row = {
        "steps": n,
        "transitions": len(journey.transitions),
        "parse_s": t_parse,
        "score_s": t_score,
        "score_over_parse": t_score / t_parse,
    }
    print(json.dumps(row))


def bench_monte_carlo(samples: int, steps: int) -> dict[str, float]:
    """Monte Carlo time vs drawing the same number of PERT-Beta values with numpy alone."""
    journey = synthetic_journey(steps, seed=1)
    chain = build_chain(journey)
    figures = step_figures(chain)
    simulate(chain, figures, samples=1000, seed=0, max_walk=100_000)  # warm-up
    result: dict[str, Any] = {}

    def run() -> None:
        result["sim"] = simulate(chain, figures, samples=samples, seed=0, max_walk=100_000)

    t_mc = best_of(run, 3)
    draws = int(result["sim"].burden_draws)
    # The same distributions: the journey's uncertain components, repeated to `draws` values.
    random = figures.high > figures.low
    lo, mid, hi = figures.low[random], figures.likely[random], figures.high[random]
    alpha, beta = pert_beta_params(lo, mid, hi)
    alpha, beta = np.resize(alpha, draws), np.resize(beta, draws)
    low, width = np.resize(lo, draws), np.resize(hi - lo, draws)
    rng = np.random.default_rng(0)
    t_numpy = best_of(lambda: rng.beta(alpha, beta) * width + low, 3)
    print(
        f"  {samples:,} runs on {steps} steps: {draws:,} burden values; Monte Carlo "
        f"{t_mc:.3f} s, numpy beta draws alone {t_numpy:.3f} s, ratio {t_mc / t_numpy:.2f}",
        flush=True,
    )
    return {"samples": samples, "steps": steps, "draws": draws, "mc_s": t_mc, "numpy_s": t_numpy}


def bench_memory(n: int) -> tuple[int, int]:
    """Peak RSS (bytes) of a fresh process that builds an n-step journey, then scores it."""
    out = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(n)],
        check=True,
        capture_output=True,
        text=True,
    )
    built, scored = out.stdout.split()
    return int(built), int(scored)


def _memory_child(n: int) -> None:
    journey = synthetic_journey(n)
    before = _peak_rss()
    score(journey, ScoringOptions(samples=0))
    print(before, _peak_rss())


def _peak_rss() -> int:
    """Peak resident memory of this process, in bytes.

    Linux's VmHWM belongs to the current program image; ru_maxrss would also count the
    parent's memory copied at fork time, before exec, and so overstate the child's peak.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    # ru_maxrss is in KiB on Linux and bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures and the verdicts."""
    parser = argparse.ArgumentParser(description="lifeexp scoring benchmark")
    parser.add_argument("--quick", action="store_true", help="1k and 10k steps only")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--scale-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child:
        _memory_child(args.memory_child)
        return 0
    if args.scale_child:
        _scale_child(args.scale_child)
        return 0

    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    print("Exact scoring vs YAML parsing (CPU time, best of runs, one process per size):")
    scale = bench_scale(sizes)
    print("Monte Carlo:")
    mc = bench_monte_carlo(100_000 if not args.quick else 20_000, 300)
    mem_n = sizes[-1]
    built, peak = bench_memory(mem_n)
    print(
        f"Memory: peak RSS {peak / 2**20:,.0f} MiB building and scoring {mem_n:,} steps "
        f"({built / 2**20:,.0f} MiB after building the journey, before scoring)"
    )

    checks: list[tuple[str, bool]] = []
    big, mid = scale[-1], scale[-2]
    growth = big["score_s"] / mid["score_s"]
    scale_factor = big["steps"] / mid["steps"]
    checks.append(
        (
            f"t({big['steps']:,})/t({mid['steps']:,}) = {growth:.2f} <= {1.2 * scale_factor:.0f}",
            growth <= 1.2 * scale_factor,
        )
    )
    for row in scale:
        checks.append(
            (
                f"score/parse at {row['steps']:,} steps = {row['score_over_parse']:.2f} <= 3",
                row["score_over_parse"] <= 3,
            )
        )
    ratio = mc["mc_s"] / mc["numpy_s"]
    checks.append((f"Monte Carlo / numpy draws = {ratio:.2f} <= 3", ratio <= 3))
    checks.append((f"peak RSS {peak / 2**20:,.0f} MiB < 1024 MiB", peak < GIB))
    print("Checks:")
    for text, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "scale": scale,
                    "monte_carlo": mc,
                    "peak_rss_bytes": peak,
                    "rss_after_building_bytes": built,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
