"""Benchmark: the commands of issue 16, as whole processes, side by side.

1. **pip-only SVG vs system dot.** ``lifeexp render J -f svg -o map.svg`` of the largest
   bundled journey with ``--backend wasm`` (the WebAssembly Graphviz, its compiled module
   cached in the user's cache folder; warmed once before timing) against ``--backend
   system`` (the ``dot`` program). Target: median ratio at most 1.5. The cold pip-only
   command (``LIFEEXP_CACHE_DIR=off``: compiled in the process) is timed too, for reference.
2. **Canvas vs DOT.** ``lifeexp render J --view canvas -f svg`` against ``lifeexp render J
   -f dot`` (no layout either way). Target: median ratio at most 1.5.
3. **Pagination.** ``canvas_pages`` of synthetic one-path journeys of 250, 1,000 and 4,000
   steps on letter paper, in process; seconds per step should stay flat (linear time).

The commands alternate, so a busy machine slows each alike. Usage::

    python benchmarks/bench_canvas.py            # 7 runs of each command
    python benchmarks/bench_canvas.py --quick    # 3 runs
    python benchmarks/bench_canvas.py --json
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.5


def _largest() -> Path:
    from lifeexp.loading import load_journey

    paths = sorted((ROOT / "journeys").glob("*.yaml"))
    return max(paths, key=lambda p: len(load_journey(p).steps))


def _lifeexp() -> list[str]:
    exe = Path(sys.executable).with_name("lifeexp")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "lifeexp"]


def _time(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=True)
    return time.perf_counter() - started


def _side_by_side(commands: dict[str, list[str]], env: dict[str, str], runs: int) -> dict[str, Any]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(_time(command, env))
    return {name: statistics.median(values) for name, values in times.items()}


def bench_commands(runs: int, out: Path) -> dict[str, Any]:
    journey = _largest()
    base = [*_lifeexp(), "render", str(journey)]
    env = dict(os.environ)
    result: dict[str, Any] = {"journey": journey.name}
    with tempfile.TemporaryDirectory() as cache:
        env["LIFEEXP_CACHE_DIR"] = cache
        wasm = [*base, "-f", "svg", "--backend", "wasm", "-o", str(out / "wasm.svg")]
        subprocess.run(wasm, env=env, capture_output=True, check=True)  # fills the cache
        commands = {
            "svg_wasm_warm": wasm,
            "canvas_svg": [*base, "--view", "canvas", "-f", "svg", "-o", str(out / "c.svg")],
            "dot": [*base, "-f", "dot", "-o", str(out / "map.dot")],
        }
        if shutil.which("dot"):
            commands["svg_system"] = [
                *base, "-f", "svg", "--backend", "system", "-o", str(out / "sys.svg")
            ]  # fmt: skip
        medians = _side_by_side(commands, env, runs)
        cold_env = {**env, "LIFEEXP_CACHE_DIR": "off"}
        medians["svg_wasm_cold"] = _time(wasm, cold_env)
    result["median_s"] = medians
    if "svg_system" in medians:
        result["wasm_warm_over_system"] = medians["svg_wasm_warm"] / medians["svg_system"]
    result["canvas_over_dot"] = medians["canvas_svg"] / medians["dot"]
    return result


def bench_pagination(sizes: list[int]) -> dict[str, Any]:
    from lifeexp.model import Journey
    from lifeexp.rendering import RenderOptions
    from lifeexp.rendering._canvas import build_canvas, canvas_pages
    from lifeexp.rendering._layout import FrictionInfo
    from lifeexp.rendering._pages import page_spec

    out: dict[str, Any] = {}
    for n in sizes:
        journey = Journey.model_validate(
            {
                "id": "long",
                "title": "A long path",
                "life_experience": "other",
                "start": "s0",
                "phases": [{"id": f"p{k}", "title": f"Phase {k}"} for k in range(10)],
                "steps": [
                    {
                        "id": f"s{i}",
                        "title": f"Step {i} of a long path through government",
                        "phase": f"p{i * 10 // n}",
                        "agency": "SSA" if i % 2 else "person",
                        "burden": {"completing": 10 + i % 7, "estimate": "synthetic"},
                        "emotion": i % 5 - 2,
                    }
                    for i in range(n)
                ],
                "transitions": [{"from": f"s{i}", "to": f"s{i + 1}"} for i in range(n - 1)],
            }
        )
        started = time.perf_counter()
        canvas = build_canvas(journey, RenderOptions(view="canvas"), FrictionInfo())
        pages = canvas_pages(canvas, page_spec("letter"))
        seconds = time.perf_counter() - started
        out[str(n)] = {"pages": len(pages), "s": seconds, "us_per_step": 1e6 * seconds / n}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    with tempfile.TemporaryDirectory() as tmp:
        result = {
            "runs": runs,
            "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
            "commands": bench_commands(runs, Path(tmp)),
            "pagination": bench_pagination([250, 1000, 4000]),
        }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    c = result["commands"]
    print(f"largest bundled journey: {c['journey']} ({runs} runs each, medians)")
    for name, seconds in c["median_s"].items():
        print(f"  {name:15s} {seconds:6.2f} s")
    if "wasm_warm_over_system" in c:
        ok = "ok" if c["wasm_warm_over_system"] <= TARGET else "OVER TARGET"
        print(f"  pip-only / system dot: {c['wasm_warm_over_system']:.2f}x ({ok})")
    ok = "ok" if c["canvas_over_dot"] <= TARGET else "OVER TARGET"
    print(f"  canvas / -f dot:       {c['canvas_over_dot']:.2f}x ({ok})")
    print("pagination (letter):")
    for n, row in result["pagination"].items():
        print(
            f"  {n:>5} steps: {row['pages']:4d} pages {row['s']:6.3f} s "
            f"{row['us_per_step']:7.1f} us/step"
        )


if __name__ == "__main__":
    main()
