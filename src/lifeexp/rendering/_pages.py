"""Paper and slide sizes, and tiling a wide map onto pages.

A journey map is far wider than any sheet. Rather than shrink it until nobody can read it, a
map made for print is cut into pages: whole phases where they fit, a phase split across pages
only when it is wider than one page. Every page is drawn at one scale chosen so that the
smallest text on the map is at least :data:`MIN_PRINT_PT` points on paper.

Multi-page PDF: each page is its own SVG, converted by Typst's svg2pdf (``svg2pdf-py``) and the
single-page PDFs joined with ``pypdf`` (BSD-3, pure Python), both in the ``render`` extra.
svg2pdf only writes one page per document, and joining page objects by hand would mean
writing a PDF parser; pypdf is the well-kept, licence-compatible one.
"""

from __future__ import annotations

import bisect
import io
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from lifeexp.errors import RenderError
from lifeexp.rendering._escape import xml_text

__all__ = [
    "MIN_PRINT_PT",
    "PAGE_SIZES",
    "PageSpec",
    "chunk_groups",
    "page_spec",
    "pdf_from_pages",
    "stack_pages",
    "tile_svg",
]

MIN_PRINT_PT: Final = 7.0
"""No text on a printed page is smaller than this, in points."""

PAGE_SIZES: Final[dict[str, tuple[float, float]]] = {
    # width x height in points, portrait (1 in = 72 pt; ISO sizes from 210 x 297 mm etc.).
    "letter": (612.0, 792.0),
    "legal": (612.0, 1008.0),
    "tabloid": (792.0, 1224.0),
    "a4": (595.28, 841.89),
    "a3": (841.89, 1190.55),
    # A 16:9 slide, PowerPoint's and Google Slides' default 13.333 x 7.5 in; always landscape.
    "slide": (540.0, 960.0),
}
"""Every page size ``--page`` (and ``--fit slide``) accepts."""


@dataclass(frozen=True, slots=True)
class PageSpec:
    """A sheet to draw on: its size in points and the margin kept blank around the map."""

    name: str
    width: float
    height: float
    margin: float

    @property
    def inner_width(self) -> float:
        """Width inside the margins."""
        return self.width - 2 * self.margin

    @property
    def inner_height(self) -> float:
        """Height inside the margins."""
        return self.height - 2 * self.margin


def page_spec(name: str, *, landscape: bool = True) -> PageSpec:
    """The :class:`PageSpec` for a page-size name.

    >>> page_spec("letter")
    PageSpec(name='letter', width=792.0, height=612.0, margin=36.0)

    Raises:
        RenderError: Unknown size; the message lists the known ones.
    """
    size = PAGE_SIZES.get(name.lower())
    if size is None:
        msg = f"unknown page size {name!r}; choose one of: {', '.join(PAGE_SIZES)}"
        raise RenderError(msg)
    short, long_ = size
    if name.lower() == "slide":
        return PageSpec("slide", long_, short, 24.0)
    width, height = (long_, short) if landscape else (short, long_)
    return PageSpec(name.lower(), width, height, 36.0)


def chunk_groups(sizes: Sequence[int], capacity: int) -> list[tuple[int, int]]:
    """Cut a row of groups (phases, given by their column counts) into pages.

    Each page holds at most ``capacity`` columns. Whole groups are packed greedily; a group
    wider than a page starts on a fresh page and is split evenly across as few pages as it
    needs (no sliver of a page at its end), its last part left open for the next groups. One
    pass over the groups, so 1,000 columns cost no more per column than 10. Returns (first
    column, number of columns) per page.

    >>> chunk_groups([2, 3, 1, 7], 4)
    [(0, 2), (2, 4), (6, 4), (10, 3)]
    >>> chunk_groups([9], 8)  # two halves, not a full page and a sliver
    [(0, 5), (5, 4)]
    """
    capacity = max(1, capacity)
    pages: list[tuple[int, int]] = []
    start = used = 0
    col = 0
    for size in sizes:
        if size <= 0:
            continue
        if used and used + size > capacity:
            pages.append((start, used))
            start, used = col, 0
        if size > capacity:
            # Split the wide group evenly; its last part stays open for the next groups.
            part = -(-size // math.ceil(size / capacity))
            left = size
            while left > part:
                pages.append((col + size - left, part))
                left -= part
            start, used = col + size - left, left
        else:
            used += size
        col += size
    if used:
        pages.append((start, used))
    return pages


def pdf_from_pages(pages: Sequence[str]) -> bytes:
    """One PDF with one page per SVG document (each SVG sized in points).

    Raises:
        RendererUnavailable: ``svg2pdf-py`` (or, for several pages, ``pypdf``) is missing.
        RenderError: A converter failed.
    """
    from lifeexp.rendering._backends import svg_to_pdf_pages  # the one svg2pdf caller

    singles = svg_to_pdf_pages(list(pages))
    if len(singles) == 1:
        return singles[0]
    from lifeexp.rendering._backends import require_module

    require_module("pypdf", "PDF with several pages")
    import pypdf  # deferred: optional dependency of the render extra

    writer = pypdf.PdfWriter()
    try:
        for single in singles:
            writer.append(io.BytesIO(single))
        out = io.BytesIO()
        writer.write(out)
    except Exception as exc:  # pypdf raises its own error classes and plain ValueErrors
        msg = f"could not join the PDF pages: {exc}"
        raise RenderError(msg) from exc
    return out.getvalue()


_STACK_GAP: Final = 18.0
_NS: Final = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
_ROOT: Final = re.compile(r"<svg\b[^>]*>")
_TITLE_DESC: Final = re.compile(r"<title\b.*?</title>\s*(?:<desc\b.*?</desc>)?", re.DOTALL)
_DEFS: Final = re.compile(r"<defs>.*?</defs>|<style>.*?</style>", re.DOTALL)


def _inner(doc: str) -> str:
    root = _ROOT.search(doc)
    start = root.end() if root else 0
    return _TITLE_DESC.sub("", doc[start : doc.rindex("</svg>")], count=1)


def stack_pages(pages: Sequence[str], page: PageSpec) -> str:
    """Several page SVGs as one SVG, one under the other on a grey ground (what SVG and PNG
    output of a paged map show); the first page's title, description and definitions once.

    >>> one = '<svg xmlns="http://www.w3.org/2000/svg"><title>T</title><rect/></svg>'
    >>> stack_pages([one], page_spec("a4")) == one
    True
    """
    if len(pages) == 1:
        return pages[0]
    first = pages[0]
    found = _TITLE_DESC.search(first)
    head = found.group(0) if found else ""
    defs = "".join(m.group(0) for m in _DEFS.finditer(_inner(first)))
    height = len(pages) * page.height + (len(pages) - 1) * _STACK_GAP
    inner: list[str] = []
    for n, doc in enumerate(pages):
        y = n * (page.height + _STACK_GAP)
        inner.append(
            f'<svg x="0" y="{y:g}" width="{page.width:g}" height="{page.height:g}" '
            f'viewBox="0 0 {page.width:g} {page.height:g}">{_DEFS.sub("", _inner(doc))}</svg>'
        )
    labelled = ' role="img" aria-labelledby="lifeexp-title lifeexp-desc"' if head else ""
    return (
        f"<svg {_NS} "
        f'width="{page.width:g}pt" '
        f'height="{height:g}pt" viewBox="0 0 {page.width:g} {height:g}"{labelled}>\n{head}'
        f"{defs}"
        f'<rect width="{page.width:g}" height="{height:g}" fill="#9a9a9a"/>\n'
        + "\n".join(inner)
        + "\n</svg>\n"
    )


_VIEWBOX: Final = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"')
_FONT_SIZE: Final = re.compile(r'font-size="([\d.]+)"')


_PICTURE: Final = "lifeexp-map"


def _bands(
    start: float, cuts: Sequence[float], end: float, room: float
) -> list[tuple[float, float]]:
    """Cut ``[start, end]`` into windows of at most ``room``: whole groups between ``cuts``
    where they fit (chunked by :func:`chunk_groups`, in hundredths of a unit), a group wider
    than a page split evenly. Returns (from, to) per window, on the exact cuts. Without cuts,
    evenly spaced page-wide windows that overlap by at least a tenth."""
    edges = [start, *(c for c in cuts if start < c < end), end]
    if len(edges) == 2 and end - start > room:
        # Nothing to cut at: page-wide windows overlapping by a tenth, so an arrow cut at
        # one page's edge is seen again on the next.
        count = math.ceil((end - start - room) / (0.9 * room)) + 1
        step = (end - start - room) / (count - 1)
        return [(start + n * step, start + n * step + room) for n in range(count)]
    sizes = [max(1, round(100 * (b - a))) for a, b in itertools.pairwise(edges)]
    offsets = [0, *itertools.accumulate(sizes)]

    def position(unit: int) -> float:
        # Back from hundredths to the picture: exactly on a cut, or inside a split group.
        group = bisect.bisect_right(offsets, unit) - 1
        if group >= len(sizes):
            return end
        return min(end, edges[group] + (unit - offsets[group]) / 100)

    return [
        (position(first), position(first + count))
        for first, count in chunk_groups(sizes, max(1, int(100 * room)))
    ]


def tile_svg(
    svg: str,
    page: PageSpec,
    *,
    title: str = "",
    header_x: float | None = None,
    header_y: float | None = None,
    header_left: float | None = None,
    x_cuts: Sequence[float] = (),
    y_cuts: Sequence[float] = (),
) -> list[str]:
    """Cut one large SVG (a Graphviz map) into pages at one scale that keeps its smallest
    text at :data:`MIN_PRINT_PT` or more.

    The picture is read as a grid: the strip left of ``header_x`` (the lane names, from
    ``header_left`` when given) and the strip above ``header_y`` (the title and phase names)
    repeat on every page, and the rest
    is cut at ``x_cuts`` (phase boundaries) and ``y_cuts`` (lane boundaries), whole phases
    and lanes per page where they fit, the same :func:`chunk_groups` packing the canvas
    uses. Without cuts the body is cut into page-sized windows. All coordinates are those of
    the SVG's ``viewBox``. Each page shows its pieces of the picture through nested ``<svg
    viewBox>`` elements, which clip: nothing is redrawn and nothing spills over the margins.

    Raises:
        RenderError: The SVG has no ``viewBox`` to measure.
    """
    box = _VIEWBOX.search(svg)
    if box is None:
        msg = "the map has no viewBox; cannot cut it into pages"
        raise RenderError(msg)
    x0, y0, width, height = (float(v) for v in box.groups())
    x1, y1 = x0 + width, y0 + height
    hx = x0 if header_x is None else min(max(header_x, x0), x1)
    hy = y0 if header_y is None else min(max(header_y, y0), y1)
    sizes = [float(v) for v in _FONT_SIZE.findall(svg)] or [MIN_PRINT_PT]
    min_scale = MIN_PRINT_PT / min(sizes)
    caption_room = page.margin / 3
    scale = max(min_scale, min(1.0, page.inner_height / height, page.inner_width / width))
    hl = x0 if header_left is None else min(max(header_left, x0), hx)
    room_x = page.inner_width / scale - (hx - hl)
    room_y = page.inner_height / scale - (hy - y0)
    if room_x <= 0 or room_y <= 0:
        # Headers wider than a page at the smallest legible scale: tile them with the rest.
        hl, hx, hy = x0, x0, y0
        room_x, room_y = page.inner_width / scale, page.inner_height / scale
    columns = _bands(hx, x_cuts, x1, room_x)
    rows = _bands(hy, y_cuts, y1, room_y)
    inner = _inner(svg)
    found = _TITLE_DESC.search(svg)
    head = found.group(0) if found else ""
    total = len(columns) * len(rows)
    pages: list[str] = []
    for r, (ya, yb) in enumerate(rows):
        for c, (xa, xb) in enumerate(columns):
            number = r * len(columns) + c + 1
            caption = f"page {number} of {total}"
            caption = f"{title} · {caption}" if title else caption
            # Corner, top strip (phase names), left strip (lane names) and the body.
            pieces = [
                (hl, hx, y0, hy, 0.0, 0.0),
                (xa, xb, y0, hy, hx - hl, 0.0),
                (hl, hx, ya, yb, 0.0, hy - y0),
                (xa, xb, ya, yb, hx - hl, hy - y0),
            ]
            views = "".join(
                f'<svg x="{page.margin + dx * scale:.2f}" y="{page.margin + dy * scale:.2f}" '
                f'width="{(b - a) * scale:.2f}" height="{(d - cy) * scale:.2f}" '
                f'viewBox="{a:.2f} {cy:.2f} {b - a:.2f} {d - cy:.2f}">'
                f'<use href="#{_PICTURE}" xlink:href="#{_PICTURE}"/></svg>'
                for a, b, cy, d, dx, dy in pieces
                if b - a > 0 and d - cy > 0
            )
            pages.append(
                f"<svg {_NS} "
                f'width="{page.width:g}pt" '
                f'height="{page.height:g}pt" viewBox="0 0 {page.width:g} {page.height:g}">'
                f"{head}"
                f'<rect width="{page.width:g}" height="{page.height:g}" fill="#ffffff"/>'
                f'<text x="{page.margin:g}" y="{page.height - caption_room:g}" '
                f'font-size="{MIN_PRINT_PT + 1:g}" font-family="Helvetica, Arial, sans-serif" '
                f'fill="#555555">{xml_text(caption)}</text>'
                # The picture once per page; every piece shows it through its own window.
                f'<defs><g id="{_PICTURE}">{inner}</g></defs>{views}</svg>\n'
            )
    return pages
