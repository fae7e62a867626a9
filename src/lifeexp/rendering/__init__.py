"""Journey maps: Graphviz swimlanes, the handover and persona views, Mermaid and a text map.

DOT is the core product: :func:`to_dot` needs no Graphviz and returns byte-identical text for
the same input. :func:`render` lays the DOT out as SVG, PNG or PDF with the system Graphviz or
the WebAssembly Graphviz that comes with lifeexp (PNG and PDF from it need ``pip install
'lifeexp[render]'``)::

    import lifeexp
    from lifeexp.rendering import RenderOptions

    journey = lifeexp.load_journey("journeys/approaching-retirement.yaml")
    card = lifeexp.score(journey)
    dot = lifeexp.to_dot(journey, scorecard=card)
    svg = lifeexp.render(journey, "svg", RenderOptions(view="handover"), scorecard=card)
    print(lifeexp.to_text(journey, scorecard=card))  # the accessible text map

In a notebook, a :class:`JourneyMap` (or a ``Journey`` itself) displays as SVG.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, Literal, get_args

from lifeexp.errors import RenderError
from lifeexp.rendering._backends import Backend, available_backends, dot_to, install_hint
from lifeexp.rendering._escape import markdown_inline, markdown_table_cell
from lifeexp.rendering._handover import handover_dot
from lifeexp.rendering._layout import Layout, ScorecardLike, build_layout, friction_info
from lifeexp.rendering._mermaid import MermaidKind, mermaid_flowchart, mermaid_journey
from lifeexp.rendering._options import GRID_VIEWS, THEMES, RenderOptions, Theme, View
from lifeexp.rendering._persona import find_persona, persona_dot
from lifeexp.rendering._swimlane import swimlane_dot
from lifeexp.rendering._text import describe, text_map

if TYPE_CHECKING:
    from os import PathLike

    from lifeexp.model import Journey
    from lifeexp.rendering._canvas import CanvasParts

__all__ = [
    "FORMATS",
    "THEMES",
    "CanvasParts",
    "Format",
    "JourneyMap",
    "RenderOptions",
    "Theme",
    "View",
    "available_backends",
    "canvas_parts",
    "describe_map",
    "install_hint",
    "markdown_inline",
    "markdown_table_cell",
    "render",
    "svg_to_png",
    "to_dot",
    "to_mermaid",
    "to_text",
]

Format = Literal["dot", "svg", "png", "pdf", "mermaid", "mermaid-journey", "text", "markdown"]
FORMATS: Final[tuple[str, ...]] = get_args(Format)
"""Every output format :func:`render` and ``lifeexp render -f`` accept."""


def only_phases(journey: Journey, phases: Sequence[str]) -> Journey:
    """The part of ``journey`` in these phases (ids): their steps and the transitions between
    them; the first remaining step in file order becomes the start when the start is cut.

    Raises:
        RenderError: A phase id the journey does not have, or no phase given has a step.
    """
    if not phases:
        return journey
    known = {p.id for p in journey.phases}
    unknown = [p for p in phases if p not in known]
    if unknown:
        msg = (
            f"journey {journey.id!r} has no phase {', '.join(map(repr, unknown))} "
            f"(phases: {', '.join(p.id for p in journey.phases)})"
        )
        raise RenderError(msg)
    wanted = set(phases)
    steps = [s for s in journey.steps if s.phase in wanted]
    if not steps:
        msg = f"no step of journey {journey.id!r} is in the phases {', '.join(phases)}"
        raise RenderError(msg)
    ids = {s.id for s in steps}
    start = journey.start if journey.start in ids else steps[0].id
    return journey.model_copy(
        update={
            "phases": [p for p in journey.phases if p.id in wanted],
            "steps": steps,
            "transitions": [t for t in journey.transitions if t.from_ in ids and t.to in ids],
            "start": start,
        }
    )


def _layout(journey: Journey, options: RenderOptions) -> Layout:
    return build_layout(journey, lane_order=options.lane_order, person_first=options.person_first)


def to_dot(
    journey: Journey,
    options: RenderOptions | None = None,
    *,
    scorecard: ScorecardLike | None = None,
) -> str:
    """The journey map as Graphviz DOT text (no Graphviz needed).

    Args:
        journey: The journey to draw.
        options: View, lane order, wrapping, theme...; defaults to the swimlane map.
        scorecard: A :class:`~lifeexp.scoring.Scorecard` of the journey; its friction shades
            the steps and numbers the top friction points. Without one nothing is shaded.

    Returns:
        DOT text; the same input always gives byte-identical output.

    Raises:
        RenderError: The persona view names a persona the journey does not have.
    """
    opts = options or RenderOptions()
    journey = only_phases(journey, opts.phases)
    layout = _layout(journey, opts)
    if opts.view == "handover":
        return handover_dot(journey, layout, opts, scorecard)  # type: ignore[arg-type]
    friction = friction_info(scorecard, opts.top_friction)
    if opts.view == "persona":
        return persona_dot(journey, layout, opts, friction)
    return swimlane_dot(journey, layout, opts, friction)


def to_mermaid(
    journey: Journey,
    kind: MermaidKind = "flowchart",
    *,
    options: RenderOptions | None = None,
    scorecard: ScorecardLike | None = None,
) -> str:
    """The journey as Mermaid text: a ``flowchart`` with one subgraph per agency, or a
    ``journey`` diagram (sections = phases, actors = owners, 1–5 scores).

    Raises:
        RenderError: ``kind`` is neither ``flowchart`` nor ``journey``.
    """
    opts = options or RenderOptions()
    layout = _layout(journey, opts)
    friction = friction_info(scorecard, opts.top_friction)
    if kind == "flowchart":
        return mermaid_flowchart(journey, layout, opts, friction)
    if kind == "journey":
        return mermaid_journey(journey, layout, friction)
    msg = f"unknown Mermaid diagram {kind!r}; choose 'flowchart' or 'journey'"
    raise RenderError(msg)


def to_text(
    journey: Journey,
    *,
    scorecard: ScorecardLike | None = None,
    markdown: bool = True,
    options: RenderOptions | None = None,
) -> str:
    """The accessible text map: phases, steps, owners, handoffs and minutes in reading order,
    as Markdown (default) or plain text."""
    opts = options or RenderOptions()
    layout = _layout(journey, opts)
    return text_map(journey, layout, friction_info(scorecard, opts.top_friction), markdown=markdown)


def describe_map(journey: Journey, options: RenderOptions | None = None) -> str:
    """A one-paragraph description of the map (used as the SVG ``<desc>`` and alt text)."""
    return describe(journey, _layout(journey, options or RenderOptions()))


def canvas_parts(
    journey: Journey,
    options: RenderOptions | None = None,
    *,
    scorecard: ScorecardLike | None = None,
    compare: Journey | None = None,
) -> CanvasParts:
    """The journey canvas (``options.view="blueprint"``: the blueprint) split for a web
    page: row headers and grid as two SVG documents and the HTML-table text alternative.

    Raises:
        RenderError: Unknown persona, or the path is empty.
    """
    from lifeexp.rendering._canvas import canvas_parts as parts

    opts = options or RenderOptions(view="canvas")
    if opts.view not in GRID_VIEWS:
        opts = opts.with_(view="canvas")
    return parts(journey, opts, friction_info(scorecard, opts.top_friction), compare=compare)


def svg_to_png(svg: str | bytes, scale: float = 2.0) -> bytes:
    """A PNG of an SVG map (any of lifeexp's), made with resvg from the ``render`` extra.

    Raises:
        RendererUnavailable: resvg-py is not installed.
        RenderError: The SVG cannot be converted.
    """
    from lifeexp.rendering import _backends

    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    # Graphviz writes the generic family as "sans-Serif"; resvg only knows "sans-serif".
    return _backends.svg_to_png(text.replace(",sans-Serif", ",sans-serif"), scale)


def render(
    journey: Journey,
    format: str,
    options: RenderOptions | None = None,
    *,
    scorecard: ScorecardLike | None = None,
    backend: Backend = "auto",
    compare: Journey | None = None,
    **changes: object,
) -> bytes:
    """Render a journey map to bytes in any of :data:`FORMATS`.

    ``svg``, ``png`` and ``pdf`` of the Graphviz views need Graphviz: the system ``dot`` when
    present, otherwise the WebAssembly build that lifeexp depends on (PNG and PDF from it need
    the converters of ``pip install 'lifeexp[render]'``). The ``canvas`` and ``blueprint``
    views are drawn directly as SVG and need no Graphviz. Text formats are UTF-8.

    Args:
        journey: The journey to draw.
        format: One of :data:`FORMATS`.
        options: How to draw it; keyword arguments (``view="canvas"``, ``page="letter"``)
            change single fields of it.
        scorecard: The journey's scorecard, for friction shading and markers.
        backend: Graphviz to use (``auto``, ``system``, ``wasm``).
        compare: A future-state journey; the canvas shows what it changes at each step.

    Raises:
        RendererUnavailable: No installed backend can produce ``format``; the message says
            exactly what to install.
        RenderError: Unknown format or option, unknown persona, or Graphviz failed.

    >>> from lifeexp.testing import make_journey
    >>> svg = render(make_journey({"a": ["b"], "b": []}), "svg", view="canvas")
    >>> b"Journey canvas" in svg
    True
    """
    opts = options or RenderOptions()
    if changes:
        try:
            opts = opts.with_(**changes)
        except (TypeError, ValueError) as exc:
            raise RenderError(str(exc)) from None
    if format not in FORMATS:
        msg = f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}"
        raise RenderError(msg)
    if opts.view in GRID_VIEWS:
        from lifeexp.rendering._canvas import canvas_bytes

        friction = friction_info(scorecard, opts.top_friction)
        return canvas_bytes(journey, format, opts, friction, compare=compare)
    if format == "mermaid":
        return to_mermaid(journey, "flowchart", options=opts, scorecard=scorecard).encode()
    if format == "mermaid-journey":
        return to_mermaid(journey, "journey", options=opts, scorecard=scorecard).encode()
    if format in ("text", "markdown"):
        text = to_text(journey, scorecard=scorecard, markdown=format == "markdown", options=opts)
        return text.encode()
    dot = to_dot(journey, opts, scorecard=scorecard)
    if format == "dot":
        return dot.encode()
    title = (
        journey.title
        + {
            "swimlane": " — journey map",
            "handover": " — agency handovers",
            "persona": " — persona path",
        }[opts.view]
    )
    persona = find_persona(journey, opts.persona) if opts.view == "persona" else None
    if opts.view == "persona":
        title += f" ({persona.name if persona else 'most likely path'})"
    if opts.page is not None:
        return _paged(
            dot, format, opts, backend=backend, title=title, desc=describe_map(journey, opts)
        )
    return dot_to(
        dot,
        format,  # type: ignore[arg-type]
        backend=backend,
        title=title,
        desc=describe_map(journey, opts),
    )


def _paged(
    dot: str, fmt: str, opts: RenderOptions, *, backend: Backend, title: str, desc: str
) -> bytes:
    """A Graphviz map cut into pages of ``opts.page``: one PDF page per window, or the
    windows one under the other in SVG and PNG."""
    from lifeexp.rendering._backends import svg_to_png
    from lifeexp.rendering._pages import page_spec, pdf_from_pages, stack_pages, tile_svg

    svg = dot_to(dot, "svg", backend=backend, title=title, desc=desc).decode("utf-8")
    # resvg and svg2pdf only know the lower-case generic family (see dot_to).
    svg = svg.replace(",sans-Serif", ",sans-serif")
    spec = page_spec(opts.page or "letter", landscape=opts.landscape)
    pages = tile_svg(svg, spec, title=title)
    if fmt == "pdf":
        return pdf_from_pages(pages)
    stacked = stack_pages(pages, spec)
    return stacked.encode() if fmt == "svg" else svg_to_png(stacked)


class JourneyMap:
    """A journey map that displays itself in Jupyter and saves to any format.

    >>> from lifeexp.testing import make_journey
    >>> m = JourneyMap(make_journey({"a": ["b"]}))
    >>> m.dot.startswith('digraph "test-journey"')
    True
    """

    def __init__(
        self,
        journey: Journey,
        options: RenderOptions | None = None,
        *,
        scorecard: ScorecardLike | None = None,
        backend: Backend = "auto",
    ) -> None:
        self.journey = journey
        self.options = options or RenderOptions()
        self.scorecard = scorecard
        self.backend: Backend = backend

    def __repr__(self) -> str:
        return f"JourneyMap({self.journey.id!r}, view={self.options.view!r})"

    @property
    def dot(self) -> str:
        """The DOT text."""
        return to_dot(self.journey, self.options, scorecard=self.scorecard)

    def render(self, format: str = "svg") -> bytes:
        """The map in any of :data:`FORMATS`."""
        return render(
            self.journey, format, self.options, scorecard=self.scorecard, backend=self.backend
        )

    def save(self, path: str | PathLike[str], format: str | None = None) -> None:
        """Write the map atomically; the format defaults to the file's extension."""
        from pathlib import Path

        from lifeexp.files import write_atomic  # the one atomic writer of the project

        target = Path(path)
        fmt = format or {".md": "markdown", ".txt": "text", ".mmd": "mermaid", ".gv": "dot"}.get(
            target.suffix, target.suffix.lstrip(".")
        )
        write_atomic(target, self.render(fmt))

    def _repr_svg_(self) -> str | None:
        """SVG for Jupyter; ``None`` (plain repr) when no Graphviz backend is installed."""
        from lifeexp.errors import RendererUnavailable

        try:
            return self.render("svg").decode("utf-8")
        except RendererUnavailable:
            return None
