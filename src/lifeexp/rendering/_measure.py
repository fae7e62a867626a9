"""Text measured and wrapped by width, for maps lifeexp draws itself (the canvas, the blueprint).

Graphviz measures its own labels; the canvas is written as SVG directly, so it needs widths to
wrap text inside a column and never run over its edge. Widths come from the Helvetica metrics
(the Adobe AFM file, in 1/1000 em), which Arial and Liberation Sans share, so the estimate holds
for the fonts a browser or a PDF converter picks for ``Helvetica, Arial, sans-serif``. Characters
outside ASCII get a conservative 0.6 em, East Asian wide characters and emoji a full em; every
estimate is rounded up by :data:`SAFETY`, so a wrapped line is never wider than measured.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Final

from lifeexp.rendering._escape import one_line

__all__ = ["ELLIPSIS", "SAFETY", "text_width", "wrap_to_width"]

# Helvetica advance widths of the printable ASCII characters 32..126, in 1/1000 em.
_HELVETICA: Final = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
_BOLD_FACTOR: Final = 1.08
SAFETY: Final = 1.05
"""Every measured width is multiplied by this, so a real font a little wider still fits."""
ELLIPSIS: Final = "…"


@lru_cache(maxsize=4096)
def _char_em(char: str) -> float:
    code = ord(char)
    if 32 <= code <= 126:
        return _HELVETICA[code - 32] / 1000
    if unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F") or code >= 0x1F000:
        return 1.0
    return 0.6


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Estimated width of one line of ``text`` at font ``size`` (same unit as the size).

    >>> round(text_width("Apply", 10), 1)  # A p p l y = 667+556+556+222+500 thousandths
    26.3
    """
    em = sum(_char_em(c) for c in text)
    return em * size * SAFETY * (_BOLD_FACTOR if bold else 1.0)


def wrap_to_width(
    text: str, width: float, size: float, *, bold: bool = False, max_lines: int | None = None
) -> list[str]:
    """Wrap ``text`` into lines no wider than ``width`` at font ``size``.

    Lines break at spaces; a word wider than the line (an id, a URL, a run of one character)
    is broken between characters. With ``max_lines`` the last kept line ends in ``…`` when
    text was cut, so the reader knows there is more (the text alternative has it all).

    >>> wrap_to_width("Apply for retirement benefits online", 70, 10)
    ['Apply for', 'retirement', 'benefits online']
    >>> wrap_to_width("x" * 40, 60, 10, max_lines=2)
    ['xxxxxxxxxxx', 'xxxxxxxxxx…']
    """
    words = one_line(text).split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        if not word:
            continue
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold=bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        # The word alone: break it between characters while it is too wide.
        piece = ""
        for char in word:
            if piece and text_width(piece + char, size, bold=bold) > width:
                lines.append(piece)
                piece = ""
            piece += char
        current = piece
    if current:
        lines.append(current)
    if not lines:
        return [""]
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while last and text_width(last + ELLIPSIS, size, bold=bold) > width:
            last = last[:-1]
        kept[-1] = last.rstrip() + ELLIPSIS
        return kept
    return lines
