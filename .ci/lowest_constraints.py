"""Write a pip constraints file that pins every runtime dependency to its declared lower bound.

CI installs lifeexp a second time with these constraints (``pip install -c ...``) and runs the
tests there, so a lower bound in ``pyproject.toml`` is one that has been seen to work rather
than a guess. Every runtime dependency must declare a lower bound (``>=``); one without is an
error here, because "any version" cannot be tested.

Usage: ``python .ci/lowest_constraints.py > constraints-lowest.txt``
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

# name, optional [extras], then the comma-separated specifiers (environment markers refused:
# none of the runtime dependencies has one, and a marker would need its own lowest run).
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;]*)$")


# Optional extras that are lifeexp's own run-time features (event logs on DuckDB or Spark):
# their lower bounds are promises to users too, and must work beside the core's (pyarrow's
# newest release needs NumPy 2, so an unpinned one breaks the core's NumPy 1.26 bound).
RUNTIME_EXTRAS = ("logs", "spark")

# Dev tools whose newest release needs a newer runtime dependency than lifeexp's own lower
# bound, pinned to the dev extra's lower bound so that their tests run here too:
# check-jsonschema 0.39 needs click 8.5, and 0.38.1 subclasses ``click.ParamType[...]``, which
# click 8.2 cannot subscript, while lifeexp promises click 8.2.
DEV_TOOLS_AT_LOWER_BOUND = ("check-jsonschema",)


def lowest_pins(pyproject: Path) -> list[str]:
    """``name==lower`` for each runtime dependency of ``pyproject``, of its run-time extras
    (:data:`RUNTIME_EXTRAS`) and of the dev tools in :data:`DEV_TOOLS_AT_LOWER_BOUND`, in
    declared order, each name once."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    requirements = list(project["dependencies"])
    for extra in RUNTIME_EXTRAS:
        requirements += extras.get(extra, [])
    requirements += [
        r
        for r in extras.get("dev", [])
        if (m := _REQUIREMENT.match(r)) and m.group(1).lower() in DEV_TOOLS_AT_LOWER_BOUND
    ]
    pins: list[str] = []
    seen: set[str] = set()
    for requirement in requirements:
        match = _REQUIREMENT.match(requirement)
        if match is None:
            raise SystemExit(f"cannot read the requirement {requirement!r}")
        name, specifiers = match.groups()
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        lower = [s.strip()[2:].strip() for s in specifiers.split(",") if s.strip()[:2] == ">="]
        if len(lower) != 1:
            raise SystemExit(f"{requirement!r} must declare exactly one lower bound (>=)")
        pins.append(f"{name}=={lower[0]}")
    return pins


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    sys.stdout.write("".join(f"{pin}\n" for pin in lowest_pins(root / "pyproject.toml")))
