"""Same input and seed, same bytes, in every process (issue 9, item 3).

Each run is a fresh interpreter with its own ``PYTHONHASHSEED``, so anything written in set or
hash order (``handoff_friction_types`` once was) shows up as a difference.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lifeexp.rendering import available_backends

ROOT = Path(__file__).resolve().parents[1]
CURRENT = ROOT / "journeys" / "facing-a-financial-shock.yaml"
FUTURE = ROOT / "journeys" / "facing-a-financial-shock.future.yaml"

# One process per hash seed runs every command in-process and prints a digest per output.
DRIVER = r"""
import hashlib, json, sys
from pathlib import Path
from click.testing import CliRunner
from lifeexp.cli import main

current, future, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
seed = ["--seed", "7", "--samples", "300"]
runner = CliRunner()
digests = {}

def run(name, *args):
    result = runner.invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, (name, result.output)
    digests[name] = hashlib.sha256(result.stdout_bytes).hexdigest()

for fmt in ("json", "csv", "markdown"):
    run(f"score.{fmt}", "score", current, "--format", fmt, *seed)
    run(f"compare.{fmt}", "compare", current, future, "--format", fmt, *seed)
run("score.steps.csv", "score", current, "--format", "csv", "--rows", "steps", *seed)
for name in ("map.dot", "map.svg", "map.mmd", "map.md", "map.txt"):
    run(name, "render", current, "-o", str(out / name))
    digests[name] = hashlib.sha256((out / name).read_bytes()).hexdigest()
run("handover.dot", "render", current, "--view", "handover", "-f", "dot")
run("validate.json", "validate", str(Path(current).parent), "--format", "json")
run("report", "report", current, future, "-o", str(out / "report"), *seed)
del digests["report"]  # its message names the (per-run) output folder; the pages count
for page in sorted((out / "report").rglob("*.html")):
    name = str(page.relative_to(out))
    digests[name] = hashlib.sha256(page.read_bytes()).hexdigest()
print(json.dumps(digests, sort_keys=True))
"""


def _digests(hash_seed: str, out: Path) -> dict[str, str]:
    out.mkdir()
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "SOURCE_DATE_EPOCH": "1764547200"}
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(CURRENT), str(FUTURE), str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.skipif(not available_backends(), reason="SVG needs a Graphviz backend")
def test_every_output_is_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    runs = [_digests(seed, tmp_path / f"seed-{seed}") for seed in ("1", "2", "3")]
    assert {"score.json", "compare.csv", "map.svg", "report/index.html"} <= set(runs[0])
    for other in runs[1:]:
        differ = sorted(name for name in runs[0] if runs[0][name] != other.get(name))
        assert differ == [], f"outputs that changed with PYTHONHASHSEED: {differ}"


def test_the_report_date_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    from lifeexp.report._build import _generated_at

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01 00:00:00 UTC
    assert _generated_at().strftime("%Y-%m-%d %H:%M") == "2025-12-01 00:00"
