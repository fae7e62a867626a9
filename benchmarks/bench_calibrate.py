"""Benchmark ``lifeexp calibrate`` (DuckDB) against pm4py on simulated logs, whole processes.

Both sides run as separate processes and are timed from start to exit (interpreter start,
imports, reading the Parquet log, computing, writing) by ``benchmarks/_process.py``: wall and
CPU seconds and the peak resident memory of each process. On a shared machine the CPU ratio
is the fair one (wall time counts the wait for a core). The log is written by ``lifeexp
simulate-log`` from a bundled journey, so the truth is known.

pm4py (AGPL) is never a dependency of lifeexp: it runs from its own virtual environment,
given with ``--pm4py-python`` (``python -m venv .venv-bench && .venv-bench/bin/pip install pyarrow
'pm4py>=2.7,<2.8'``). It computes the same statistics: directly-follows counts with start and
end activities, performance-DFG mean waits with start timestamps (``start(b) − complete(a)``,
floored at 0), transition probabilities with the end, and handover of work. The numbers are
compared: counts exactly, means to 1e-6 relative.

Each side runs ``--repeat`` times (default 3), interleaved (lifeexp, pm4py, lifeexp, ...), after
one untimed warm-up run each on the same log, so both read a warm file cache and both import
compiled bytecode as an installed package does (``PYTHONDONTWRITEBYTECODE`` is cleared for the
children); the figures are the medians, and the peak memory the largest seen.

Usage::

    python benchmarks/bench_calibrate.py --events 1e6 5e6 --pm4py-python .venv-bench/bin/python
    python benchmarks/bench_calibrate.py --events 5e7 --no-pm4py --repeat 1  # the 50 M run
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _process  # benchmarks/_process.py: whole-process wall, CPU and peak memory
from _process import ROOT

JOURNEY = ROOT / "journeys" / "approaching-retirement.yaml"
EVENTS_PER_CASE = 16.5  # the journey's mean visits per case

PM4PY_SCRIPT = r"""
import json, sys
import pandas as pd
import pm4py
from pm4py.algo.discovery.dfg.adapters.pandas.df_statistics import get_dfg_graph
df = pd.read_parquet(sys.argv[1])
df = pm4py.format_dataframe(df, case_id="case:concept:name", activity_key="concept:name",
                            timestamp_key="time:timestamp", start_timestamp_key="start_timestamp")
dfg, starts, ends = pm4py.discover_dfg(df)
perf = get_dfg_graph(df, measure="performance", start_timestamp_key="start_timestamp",
                     perf_aggregation_key="mean")
out_of = {}
for (a, b), n in dfg.items():
    out_of[a] = out_of.get(a, 0) + n
for a, n in ends.items():
    out_of[a] = out_of.get(a, 0) + n
prob = {f"{a}|{b}": n / out_of[a] for (a, b), n in dfg.items()}
prob.update({f"{a}|(end)": n / out_of[a] for a, n in ends.items()})
hw = pm4py.discover_handover_of_work_network(df, beta=0)
json.dump({
    "dfg": {f"{a}|{b}": int(n) for (a, b), n in dfg.items()},
    "starts": {a: int(n) for a, n in starts.items()},
    "ends": {a: int(n) for a, n in ends.items()},
    "mean_wait_s": {f"{a}|{b}": float(v) for (a, b), v in perf.items()},
    "prob": prob,
    "handover": {f"{a}|{b}": float(v) for (a, b), v in hw.connections.items()},
}, open(sys.argv[2], "w"))
"""


def _lifeexp_figures(cal_path: Path) -> dict[str, Any]:
    import yaml

    cal = yaml.safe_load(cal_path.read_text())
    out: dict[str, Any] = {"dfg": {}, "mean_wait_s": {}, "prob": {}, "handover": {}}
    for t in cal["transitions"]:
        key = f"{t['from']}|{t['to']}"
        out["prob"][key] = t["probability"]
        if t["to"] != "(end)":
            out["dfg"][key] = t["count"]
            out["mean_wait_s"][key] = t["mean_wait_days"] * 86_400
    out["starts"] = {s["step"]: s["count"] for s in cal["starts"]}
    out["ends"] = {s["step"]: s["count"] for s in cal["ends"]}
    out["handover"] = {f"{h['from']}|{h['to']}": h["share"] for h in cal["handover"]}
    return out


def _compare(ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    problems = []
    for part in ("dfg", "starts", "ends"):
        if ours[part] != theirs[part]:
            problems.append(f"{part} counts differ")
    for part, tol in (("mean_wait_s", 1e-6), ("prob", 1e-6), ("handover", 1e-6)):
        if set(ours[part]) != set(theirs[part]):
            problems.append(f"{part}: different keys")
            continue
        for k, v in theirs[part].items():
            if not math.isclose(
                ours[part][k], v, rel_tol=tol, abs_tol=tol if part != "mean_wait_s" else 1e-6
            ):
                problems.append(f"{part} {k}: lifeexp {ours[part][k]} vs pm4py {v}")
    return problems


def _figures(runs: list[_process.Timing]) -> dict[str, float]:
    return {
        "wall_s": round(statistics.median(t.wall for t in runs), 2),
        "cpu_s": round(statistics.median(t.cpu for t in runs), 2),
        "peak_rss_mb": round(max(t.peak_rss_mb for t in runs)),
        "runs": len(runs),
    }


def run(events: int, pm4py_python: str | None, work: Path, repeat: int = 3) -> dict[str, Any]:
    lifeexp = str(
        Path(sys.executable).with_name("lifeexp")
    )  # the console script: its start-up counts
    cases = max(1, round(events / EVENTS_PER_CASE))
    log = work / f"log-{events}.parquet"
    t = time.perf_counter()
    subprocess.run(
        [lifeexp, "simulate-log", str(JOURNEY), "--cases", str(cases), "--seed", "1",
         "-o", str(log)], check=True, capture_output=True,
    )  # fmt: skip
    simulate_s = time.perf_counter() - t
    import pyarrow.parquet as pq

    rows = pq.ParquetFile(log).metadata.num_rows
    cal = work / f"cal-{events}.yaml"
    ours = [lifeexp, "calibrate", str(log), "--journey", str(JOURNEY), "--min-cases", "1",
            "--temp-dir", str(work / "spill"), "-o", str(cal)]  # fmt: skip
    out = work / f"pm4py-{events}.json"
    script = work / "pm4py_stats.py"
    script.write_text(PM4PY_SCRIPT)
    theirs = [pm4py_python, str(script), str(log), str(out)] if pm4py_python else None
    commands = [ours] + ([theirs] if theirs else [])
    for cmd in commands:  # warm-up: file cache, compiled bytecode
        _process.run(cmd)
    timings: list[list[_process.Timing]] = [[] for _ in commands]
    for _ in range(repeat):
        for i, cmd in enumerate(commands):
            timings[i].append(_process.run(cmd))
    result: dict[str, Any] = {
        "events": rows,
        "cases": cases,
        "simulate_s": round(simulate_s, 2),
        "lifeexp": _figures(timings[0]),
    }
    if pm4py_python:
        result["pm4py"] = _figures(timings[1])
        result["speedup"] = round(result["pm4py"]["wall_s"] / result["lifeexp"]["wall_s"], 1)
        result["cpu_speedup"] = round(result["pm4py"]["cpu_s"] / result["lifeexp"]["cpu_s"], 1)
        result["memory_ratio"] = round(
            result["lifeexp"]["peak_rss_mb"] / result["pm4py"]["peak_rss_mb"], 2
        )
        result["numbers_equal"] = _compare(_lifeexp_figures(cal), json.loads(out.read_text()))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", nargs="+", type=float, default=[1e6])
    parser.add_argument("--pm4py-python", default=str(ROOT / ".venv-bench" / "bin" / "python"))
    parser.add_argument("--no-pm4py", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="Timed runs of each side.")
    parser.add_argument("--work", type=Path, help="Folder for the logs (default: a temp folder).")
    args = parser.parse_args()
    peer = None if args.no_pm4py else args.pm4py_python
    # Installed packages import compiled bytecode; a developer shell may forbid writing it.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="lifeexp-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for n in args.events:
            print(json.dumps(run(int(n), peer, work, args.repeat)), flush=True)


if __name__ == "__main__":
    main()
