"""Data flows one way: load → validate → graph → score → render/report → CLI.

Every import in ``src/lifeexp`` -- at module level, inside a function or under
``TYPE_CHECKING`` -- is checked against the layer order below: a module may import its own
unit and any unit of a *lower* layer, never a higher one or a sibling of its own layer. No
module may import another package's private module (``lifeexp.loading._yaml`` from
``lifeexp.checks``) or a private name from another package. CONTRIBUTING.md draws the same map.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# Lowest first. A unit is a module or a package (with everything inside it). Units that share
# a layer are independent of each other. ``lifeexp`` is the facade (``lifeexp/__init__.py``),
# which composes the layers below it; only the command line and the test helpers
# (never imported by production code) sit above it, and ``python -m lifeexp`` above those.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "lifeexp._version",
        "lifeexp._lazy",
        "lifeexp.files",
        "lifeexp.formatting",
        "lifeexp.escaping",
    ),
    ("lifeexp.diagnostics",),
    ("lifeexp.errors",),
    ("lifeexp.model", "lifeexp.metrics"),
    ("lifeexp.schema", "lifeexp.graph", "lifeexp.skeleton"),
    ("lifeexp.loading",),
    ("lifeexp.evidence",),
    ("lifeexp.checks",),
    ("lifeexp.project",),
    ("lifeexp.scoring", "lifeexp.editing"),
    ("lifeexp.rendering",),
    ("lifeexp.report",),
    ("lifeexp",),
    ("lifeexp.testing", "lifeexp.cli"),
    ("lifeexp.__main__",),
)


@dataclass(frozen=True)
class Import:
    file: Path
    line: int
    importer: str  # dotted module name of the importing file
    target: str  # dotted module imported (or imported from)
    names: tuple[str, ...]  # names taken with ``from target import ...``


def module_name(file: Path, src: Path) -> str:
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(file: Path, src: Path) -> list[Import]:
    """Every import statement of ``file``, wherever it sits in the module."""
    importer = module_name(file, src)
    package = importer if file.name == "__init__.py" else importer.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
        if isinstance(node, ast.Import):
            found += [Import(file, node.lineno, importer, a.name, ()) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            names = tuple(a.name for a in node.names)
            found.append(Import(file, node.lineno, importer, target, names))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (getattr(node.func, "attr", None) or getattr(node.func, "id", None))
            == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append(Import(file, node.lineno, importer, node.args[0].value, ()))
    return found


def unit_of(module: str) -> str | None:
    """The layering unit a dotted module belongs to (the longest declared prefix)."""
    best: str | None = None
    for layer in LAYERS:
        for unit in layer:
            if (module == unit or module.startswith(unit + ".")) and (
                best is None or len(unit) > len(best)
            ):
                best = unit
    return best


def layer_of(unit: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if unit in layer)


def file_of(module: str, src: Path) -> Path:
    base = src.joinpath(*module.split("."))
    package = base / "__init__.py"
    return package if package.exists() else base.with_suffix(".py")


def _is_private(part: str) -> bool:
    return part.startswith("_") and not (part.startswith("__") and part.endswith("__"))


def _targets(imp: Import, src: Path) -> list[str]:
    """``from pkg import mod`` imports the module ``pkg.mod``; otherwise the target itself."""
    modules = [f"{imp.target}.{n}" for n in imp.names if file_of(f"{imp.target}.{n}", src).exists()]
    return modules or [imp.target]


def violations(src: Path = SRC) -> list[str]:
    """Every import against the layer order or into another package's private parts."""
    problems: list[str] = []
    for file in sorted((src / "lifeexp").rglob("*.py")):
        for imp in imports_of(file, src):
            if imp.target != "lifeexp" and not imp.target.startswith("lifeexp."):
                continue
            where = f"{file.relative_to(src)}:{imp.line}"
            for target in _targets(imp, src):
                importer_unit, target_unit = unit_of(imp.importer), unit_of(target)
                shown = file_of(target, src).relative_to(src)
                if importer_unit is None or target_unit is None:
                    unknown = imp.importer if importer_unit is None else target
                    problems.append(f"{where}: {unknown} is in no layer (imports {shown})")
                    continue
                if importer_unit != target_unit and layer_of(target_unit) >= layer_of(
                    importer_unit
                ):
                    problems.append(
                        f"{where}: {imp.importer} (layer {importer_unit}) imports {target} "
                        f"in {shown} (layer {target_unit}), which is not below it"
                    )
                parts = target.split(".")
                for i, part in enumerate(parts):
                    owner = ".".join(parts[:i])
                    if _is_private(part) and not (
                        imp.importer == owner or imp.importer.startswith(owner + ".")
                    ):
                        problems.append(
                            f"{where}: {imp.importer} imports {target} in {shown}, "
                            f"a private module of {owner}"
                        )
                        break
            private_names = [n for n in imp.names if _is_private(n)]
            target_pkg = (
                imp.target
                if file_of(imp.target, src).name == "__init__.py"
                else (imp.target.rpartition(".")[0])
            )
            if private_names and not (
                imp.importer == target_pkg or imp.importer.startswith(target_pkg + ".")
            ):
                shown = file_of(imp.target, src).relative_to(src)
                problems.append(
                    f"{where}: {imp.importer} imports the private "
                    f"{', '.join(private_names)} from {shown}"
                )
    return problems


def test_every_import_follows_the_layers() -> None:
    assert violations() == []


def test_every_module_is_in_a_layer() -> None:
    for file in (SRC / "lifeexp").rglob("*.py"):
        assert unit_of(module_name(file, SRC)) is not None, file


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


BASE = {
    "lifeexp/__init__.py": "",
    "lifeexp/model/__init__.py": "",
    "lifeexp/model/_journey.py": "",
    "lifeexp/loading/__init__.py": "",
    "lifeexp/loading/_yaml.py": "",
    "lifeexp/rendering/__init__.py": "",
    "lifeexp/checks/__init__.py": "",
}


def test_a_function_level_upward_import_names_both_files(tmp_path: Path) -> None:
    src = _tree(
        tmp_path,
        {
            **BASE,
            "lifeexp/model/_journey.py": (
                "def show():\n    from lifeexp.rendering import JourneyMap\n    return JourneyMap\n"
            ),
        },
    )
    (problem,) = violations(src)
    assert "lifeexp/model/_journey.py:2" in problem
    assert "lifeexp/rendering/__init__.py" in problem


@pytest.mark.parametrize(
    "text",
    [
        "import lifeexp.checks\n",
        "from lifeexp import checks\n",
        "from .. import checks\n",
        "import importlib\nimportlib.import_module('lifeexp.checks')\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from lifeexp.checks import x\n",
    ],
)
def test_every_spelling_of_an_upward_import_is_seen(tmp_path: Path, text: str) -> None:
    src = _tree(tmp_path, {**BASE, "lifeexp/loading/_yaml.py": text})
    (problem,) = violations(src)
    assert "lifeexp/loading/_yaml.py" in problem
    assert "lifeexp/checks/__init__.py" in problem


def test_importing_the_facade_from_below_is_upward(tmp_path: Path) -> None:
    src = _tree(tmp_path, {**BASE, "lifeexp/model/_journey.py": "from lifeexp import x\n"})
    (problem,) = violations(src)
    assert "lifeexp/__init__.py" in problem


def test_another_packages_private_module_is_refused(tmp_path: Path) -> None:
    src = _tree(
        tmp_path, {**BASE, "lifeexp/checks/__init__.py": "from lifeexp.loading._yaml import p\n"}
    )
    (problem,) = violations(src)
    assert "private module of lifeexp.loading" in problem
    assert "lifeexp/checks/__init__.py:1" in problem
    assert "lifeexp/loading/_yaml.py" in problem


def test_a_private_name_from_another_package_is_refused(tmp_path: Path) -> None:
    src = _tree(
        tmp_path, {**BASE, "lifeexp/checks/__init__.py": "from lifeexp.loading import _p\n"}
    )
    (problem,) = violations(src)
    assert "private _p" in problem


def test_downward_and_own_package_imports_pass(tmp_path: Path) -> None:
    src = _tree(
        tmp_path,
        {
            **BASE,
            "lifeexp/checks/__init__.py": "from lifeexp.loading import f\nimport lifeexp.model\n",
            "lifeexp/loading/__init__.py": "from ._yaml import p\nfrom . import _yaml\n",
        },
    )
    assert violations(src) == []
