"""The public API is curated: ``lifeexp.__all__`` is exactly the public names, sorted, and
every lazily imported name resolves to an object defined where ``_LAZY`` says."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest

import lifeexp
import lifeexp.evidence
from lifeexp import errors


def _isort_style(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    if name[0].isupper():
        return (1, name)
    return (2, name)


def test_all_is_sorted_and_complete() -> None:
    eager = {
        name
        for name, value in vars(lifeexp).items()
        if not name.startswith("_")
        and not isinstance(value, type(importlib))
        and name not in {"annotations", "importlib", "TYPE_CHECKING", "Any"}
    }
    public = eager | set(lifeexp._LAZY) | {"__version__"}
    assert lifeexp.__all__ == sorted(lifeexp.__all__, key=_isort_style)
    assert len(lifeexp.__all__) == len(set(lifeexp.__all__))
    assert set(lifeexp.__all__) == public


# The packages whose names import on first use (PEP 562, through ``lifeexp._lazy``).
LAZY_PACKAGES = (lifeexp, lifeexp.evidence)


@pytest.mark.parametrize(
    ("package", "name"),
    [(p, n) for p in LAZY_PACKAGES for n in sorted(p._LAZY)],
    ids=lambda v: v if isinstance(v, str) else v.__name__,
)
def test_lazy_names_resolve(package: ModuleType, name: str) -> None:
    module = importlib.import_module(package._LAZY[name])
    assert hasattr(module, name), f"{module.__name__} has no {name}"
    assert getattr(package, name) is getattr(module, name)
    assert name in dir(package)
    assert name in package.__all__


@pytest.mark.parametrize("package", LAZY_PACKAGES, ids=lambda p: p.__name__)
def test_unknown_attribute_is_an_attribute_error(package: ModuleType) -> None:
    with pytest.raises(
        AttributeError, match=rf"module '{package.__name__}' has no attribute 'nope'"
    ):
        _ = package.nope


def test_every_error_derives_from_the_base() -> None:
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.LifeexpError)
        assert getattr(lifeexp, name) is getattr(errors, name)


def test_every_cli_command_module_exists() -> None:
    from lifeexp.cli import _COMMANDS

    for target in _COMMANDS.values():
        module_name, attr = target.split(":")
        module = importlib.import_module(module_name)  # a mistyped module fails here
        assert hasattr(module, attr), f"{module_name} has no {attr}"
