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

from typing import TYPE_CHECKING, Final, Literal, get_args

from lifeexp.errors import RenderError
from lifeexp.rendering._backends import Backend, available_backends, dot_to, install_hint
from lifeexp.rendering._escape import markdown_inline, markdown_table_cell
from lifeexp.rendering._handover import handover_dot
from lifeexp.rendering._layout import Layout, ScorecardLike, build_layout, friction_info
from lifeexp.rendering._mermaid import (
    MermaidKind,
    MermaidSizeWarning,
    mermaid_flowchart,
    mermaid_journey,
)
from lifeexp.rendering._options import THEMES, RenderOptions, Theme, View
from lifeexp.rendering._persona import find_persona, persona_dot
from lifeexp.rendering._swimlane import swimlane_dot
from lifeexp.rendering._text import describe, text_map

if TYPE_CHECKING:
    from os import PathLike

    from lifeexp.model import Journey

__all__ = [
    "FORMATS",
    "THEMES",
    "Format",
    "JourneyMap",
    "MermaidSizeWarning",
    "RenderOptions",
    "Theme",
    "View",
    "available_backends",
    "describe_map",
    "install_hint",
    "markdown_inline",
    "markdown_table_cell",
    "render",
    "to_dot",
    "to_mermaid",
    "to_text",
]

Format = Literal["dot", "svg", "png", "pdf", "mermaid", "mermaid-journey", "text", "markdown"]
FORMATS: Final[tuple[str, ...]] = get_args(Format)
"""Every output format :func:`render` and ``lifeexp render -f`` accept."""


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

    Labels longer than 120 characters are cut (their full text goes in the accessible
    description); an export longer than Mermaid's default ``maxTextSize`` (50,000
    characters) warns with :class:`MermaidSizeWarning`.

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


def render(
    journey: Journey,
    format: str,
    options: RenderOptions | None = None,
    *,
    scorecard: ScorecardLike | None = None,
    backend: Backend = "auto",
) -> bytes:
    """Render a journey map to bytes in any of :data:`FORMATS`.

    ``svg``, ``png`` and ``pdf`` need Graphviz: the system ``dot`` when present, otherwise
    the WebAssembly build that lifeexp depends on (PNG and PDF from it need the converters of
    ``pip install 'lifeexp[render]'``). Text formats are UTF-8.

    Raises:
        RendererUnavailable: No installed backend can produce ``format``; the message says
            exactly what to install.
        RenderError: Unknown format, unknown persona, or Graphviz failed.
    """
    opts = options or RenderOptions()
    if format not in FORMATS:
        msg = f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}"
        raise RenderError(msg)
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
    return dot_to(
        dot,
        format,  # type: ignore[arg-type]
        backend=backend,
        title=title,
        desc=describe_map(journey, opts),
    )


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
