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

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from lifeexp.errors import RenderError

__all__ = [
    "MIN_PRINT_PT",
    "PAGE_SIZES",
    "PageSpec",
    "chunk_groups",
    "page_spec",
    "pdf_from_pages",
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
    wider than a page starts on a fresh page and is split across as many as it needs. One pass
    over the groups, so 1,000 columns cost no more per column than 10. Returns (first column,
    number of columns) per page.

    >>> chunk_groups([2, 3, 1, 7], 4)
    [(0, 2), (2, 4), (6, 4), (10, 3)]
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
            # Split the wide group: full pages, the rest stays open for the next groups.
            left = size
            while left > capacity:
                pages.append((col + size - left, capacity))
                left -= capacity
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
