"""Names a package exports but imports on first use (PEP 562).

``import lifeexp`` and ``lifeexp validate`` must not pay for numpy, scipy or the event-log
engines; the facade and :mod:`lifeexp.evidence` list such names with the module that defines
each, and this module gives them the ``__getattr__`` and ``__dir__`` that import it when the
name is first read.

>>> import types
>>> ns = {"__all__": ["dedent"]}
>>> getattr_, dir_ = lazy_exports("demo", {"dedent": "textwrap"}, ns)
>>> getattr_("dedent").__module__, "dedent" in ns, dir_()
('textwrap', True, ['__all__', 'dedent'])
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, lazy: Mapping[str, str], namespace: MutableMapping[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module-level ``__getattr__`` and ``__dir__`` of ``package``.

    Args:
        package: The package's dotted name, for the error of an unknown attribute.
        lazy: Each exported name → the module that defines it.
        namespace: The package's ``globals()``: a name, once imported, is stored there so
            later reads are plain attribute look-ups; ``__dir__`` lists it with ``__all__``.
    """

    def __getattr__(name: str) -> Any:
        module_name = lazy.get(name)
        if module_name is None:
            msg = f"module {package!r} has no attribute {name!r}"
            raise AttributeError(msg)
        value = getattr(importlib.import_module(module_name), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(namespace.get("__all__", ())))

    return __getattr__, __dir__
