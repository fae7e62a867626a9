"""The journey canvases of a report page: the most likely path first, then one per persona.

Each canvas goes into the page as two inline SVGs side by side, the row headers and the grid,
inside one box that scrolls sideways: CSS pins the headers (``position: sticky``) so that on a
phone the reader always sees which row is which. The headers are a visual copy of what the
grid's text alternative (an HTML table, one row per step) already says, so they are hidden
from screen readers; the grid SVG carries the title and description.

Also here: the files a reader downloads from the map section (the swimlane SVG and PNG).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from lifeexp.errors import LifeexpError
from lifeexp.report._svg import inline_svg

if TYPE_CHECKING:
    from lifeexp.model import Journey
    from lifeexp.scoring import Scorecard

__all__ = ["CanvasView", "canvases", "map_downloads"]


@dataclass(frozen=True)
class CanvasView:
    """One canvas as the template shows it."""

    key: str
    """Anchor-safe name: ``likely`` or the persona id."""
    heading: str
    headers: Markup
    body: Markup
    table: Markup
    """The text alternative: an HTML table, one row per step."""


SCREEN_ZOOM = 1.2
"""The report draws canvases 20 % larger than their natural size: 12-13 px text at 1,400 px."""

_SIZE = re.compile(r'\b(width|height)="([\d.]+)"')


def _zoomed(svg: str) -> str:
    head_end = svg.index(">", svg.index("<svg"))
    head = _SIZE.sub(
        lambda m: f'{m.group(1)}="{float(m.group(2)) * SCREEN_ZOOM:.0f}"', svg[:head_end]
    )
    return head + svg[head_end:]


def _anchor(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", text)


def canvases(journey: Journey, card: Scorecard) -> tuple[list[CanvasView], str | None]:
    """The canvases of a journey page, and why they could not be drawn (if so)."""
    from lifeexp.rendering import RenderOptions, canvas_parts

    out: list[CanvasView] = []
    choices: list[tuple[str, str | None, str]] = [("likely", None, "The most likely path")]
    choices += [(_anchor(p.id), p.id, f"Persona: {p.name}") for p in journey.personas]
    try:
        for key, persona, heading in choices:
            parts = canvas_parts(
                journey, RenderOptions(view="canvas", persona=persona), scorecard=card
            )
            prefix = f"canvas-{key}-"
            headers = inline_svg(_zoomed(parts.headers), id_prefix=prefix + "h-", label=heading)
            body = inline_svg(_zoomed(parts.body), id_prefix=prefix, label=heading)
            out.append(
                CanvasView(
                    key=key,
                    heading=heading,
                    headers=Markup(  # noqa: S704 - inline_svg output, re-serialised
                        str(headers)
                        .replace(' role="img"', ' aria-hidden="true"', 1)
                        .replace('class="map-svg"', 'class="canvas-headers"', 1)
                    ),
                    body=Markup(  # noqa: S704 - inline_svg output, re-serialised
                        str(body).replace('class="map-svg"', 'class="canvas-body"', 1)
                    ),
                    table=Markup(parts.table_html),  # noqa: S704 - escaped per cell
                )
            )
    except (LifeexpError, ValueError) as exc:
        return out, str(exc)
    return out, None


def map_downloads(journey_id: str, svg: bytes) -> dict[str, bytes]:
    """The swimlane map's files for "open full size" and "download": SVG always, PNG when
    the resvg converter is installed (made from the same SVG, no second layout)."""
    from lifeexp.rendering import svg_to_png

    files = {f"{journey_id}.map.svg": svg}
    with contextlib.suppress(LifeexpError):
        files[f"{journey_id}.map.png"] = svg_to_png(svg, 1.0)
    return files
