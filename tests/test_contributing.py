"""The contributor tooling says what the code does: pre-commit hooks and CONTRIBUTING.md."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from test_layering import LAYERS

ROOT = Path(__file__).resolve().parents[1]


def _hooks() -> dict[str, dict[str, object]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}


def test_pre_commit_runs_ruff_mypy_and_the_projects_own_validate_hook() -> None:
    hooks = _hooks()
    assert {"ruff-check", "ruff-format", "mypy", "lifeexp-validate"} <= set(hooks)
    assert str(hooks["ruff-format"]["entry"]).startswith("ruff format --check")
    assert hooks["mypy"]["pass_filenames"] is False  # mypy reads its files from pyproject
    offered = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (ours,) = [h for h in offered if h["id"] == "lifeexp-validate"]
    for key in ("entry", "files", "types"):
        assert hooks["lifeexp-validate"][key] == ours[key], key


def test_contributing_draws_the_layer_map_the_layering_test_enforces() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| (.+?) \|", text, flags=re.M)
    documented = [
        {u for u in re.findall(r"`([\w.]+)`", units) if u.startswith("lifeexp")}
        for _, units in rows
    ]
    # Every layer of the test appears in CONTRIBUTING.md, in the same order (`python -m
    # lifeexp`, the entry point above the command line, is left out of the page).
    declared = [set(layer) for layer in LAYERS if layer != ("lifeexp.__main__",)]
    assert documented == declared


def test_contributing_explains_the_three_common_changes() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for heading in ("lint rule", "metric shown in the report", "output format"):
        assert f"## Add a {heading}" in text or f"## Add an {heading}" in text
    for path in re.findall(r"`(src/lifeexp/[\w/.]+\.py)`", text):
        assert (ROOT / path).exists(), f"CONTRIBUTING.md names {path}, which does not exist"
