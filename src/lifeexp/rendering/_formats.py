"""The output formats of a journey map: ONE table that the API and the CLI both read.

Each :class:`OutputFormat` says what a format is called, which file extensions mean it, whether
it is binary, whether it needs a Graphviz layout, and which writer makes its bytes. From that
table :func:`format_for_path` infers the format of ``-o map.png`` (as ``dot -O`` and ``mmdc -o``
do) and :func:`resolve_format` refuses a ``--format`` that contradicts the file's extension, so
``map.png`` can never hold an SVG.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Final

from lifeexp.errors import RenderError
from lifeexp.rendering._backends import Backend, dot_to
from lifeexp.rendering._handover import handover_dot
from lifeexp.rendering._layout import (
    Layout,
    ScorecardLike,
    build_layout,
    friction_info,
    only_phases,
)
from lifeexp.rendering._mermaid import MermaidKind, mermaid_flowchart, mermaid_journey
from lifeexp.rendering._options import RenderOptions
from lifeexp.rendering._persona import find_persona, persona_dot
from lifeexp.rendering._swimlane import swimlane_cuts, swimlane_dot
from lifeexp.rendering._text import describe, text_map

if TYPE_CHECKING:
    from lifeexp.model import Journey

__all__ = [
    "OUTPUT_FORMATS",
    "OutputFormat",
    "describe_text",
    "dot_text",
    "format_for_path",
    "get_format",
    "graphviz_pages",
    "mermaid_text",
    "resolve_format",
    "text_text",
]

Writer = Callable[["Journey", RenderOptions, "ScorecardLike | None", Backend], bytes]
"""Makes one format's bytes from a journey, resolved options, an optional scorecard and the
Graphviz backend to use (ignored by formats that need no Graphviz)."""


@dataclass(frozen=True, slots=True)
class OutputFormat:
    """One output format of a journey map.

    Attributes:
        name: What ``--format`` and :func:`lifeexp.render` call it (``svg``, ``png``...).
        extensions: File extensions that mean this format, the first one used for generated
            file names (``.journey.mmd`` is matched before ``.mmd``: longest first).
        binary: The bytes are not text (refused on a terminal).
        needs_graphviz: A Graphviz layout is needed (the system ``dot`` or the WebAssembly
            build); the other formats are plain text made by lifeexp alone.
        summary: One line for help texts.
        write: The writer that makes the bytes.
    """

    name: str
    extensions: tuple[str, ...]
    binary: bool
    needs_graphviz: bool
    summary: str
    write: Writer


def _layout(journey: Journey, options: RenderOptions) -> Layout:
    return build_layout(journey, lane_order=options.lane_order, person_first=options.person_first)


def dot_text(journey: Journey, options: RenderOptions, scorecard: ScorecardLike | None) -> str:
    """The map as DOT text for the options' view (only ``options.phases``, when given)."""
    journey = only_phases(journey, options.phases)
    layout = _layout(journey, options)
    if options.view == "handover":
        return handover_dot(journey, layout, options, scorecard)  # type: ignore[arg-type]
    friction = friction_info(scorecard, options.top_friction)
    if options.view == "persona":
        return persona_dot(journey, layout, options, friction)
    return swimlane_dot(journey, layout, options, friction)


def mermaid_text(
    journey: Journey, kind: MermaidKind, options: RenderOptions, scorecard: ScorecardLike | None
) -> str:
    """The journey as a Mermaid ``flowchart`` or ``journey`` diagram."""
    layout = _layout(journey, options)
    friction = friction_info(scorecard, options.top_friction)
    if kind == "flowchart":
        return mermaid_flowchart(journey, layout, options, friction)
    if kind == "journey":
        return mermaid_journey(journey, layout, friction)
    msg = f"unknown Mermaid diagram {kind!r}; choose 'flowchart' or 'journey'"
    raise RenderError(msg)


def text_text(
    journey: Journey, options: RenderOptions, scorecard: ScorecardLike | None, *, markdown: bool
) -> str:
    """The accessible text map, Markdown or plain text."""
    layout = _layout(journey, options)
    friction = friction_info(scorecard, options.top_friction)
    return text_map(journey, layout, friction, markdown=markdown)


def describe_text(journey: Journey, options: RenderOptions) -> str:
    """The one-paragraph description of the map (SVG ``<desc>``, alt text)."""
    return describe(journey, _layout(journey, options))


_VIEW_TITLES: Final = {
    "swimlane": " — journey map",
    "handover": " — agency handovers",
    "persona": " — persona path",
}


def _titles(journey: Journey, options: RenderOptions) -> tuple[str, str]:
    """The accessible title and description of a Graphviz map."""
    title = journey.title + _VIEW_TITLES[options.view]
    if options.view == "persona":
        persona = find_persona(journey, options.persona)
        title += f" ({persona.name if persona else 'most likely path'})"
    return title, describe_text(journey, options)


def _graphviz_writer(fmt: str) -> Writer:
    def write(
        journey: Journey,
        options: RenderOptions,
        scorecard: ScorecardLike | None,
        backend: Backend,
    ) -> bytes:
        if options.page is not None:
            from lifeexp.rendering._backends import svg_to_png
            from lifeexp.rendering._pages import page_spec, pdf_from_pages, stack_pages

            pages = graphviz_pages(journey, options, scorecard, backend)
            if fmt == "pdf":
                return pdf_from_pages(pages)
            stacked = stack_pages(pages, page_spec(options.page, landscape=options.landscape))
            return stacked.encode() if fmt == "svg" else svg_to_png(stacked)
        title, desc = _titles(journey, options)
        return dot_to(
            dot_text(journey, options, scorecard),
            fmt,  # type: ignore[arg-type]
            backend=backend,
            title=title,
            desc=desc,
        )

    return write


def graphviz_pages(
    journey: Journey, options: RenderOptions, scorecard: ScorecardLike | None, backend: Backend
) -> list[str]:
    """A Graphviz map cut into pages of ``options.page`` (letter when none is given): one SVG
    document per page. The swimlane and persona maps are cut at their phases and lanes with
    the lane and phase names on every page; the handover view into page-sized windows."""
    from lifeexp.rendering._pages import page_spec, tile_svg

    # Straight lanes: the lane names repeated at the left of every page must line up.
    options = options.with_(compact=False)
    title, desc = _titles(journey, options)
    dot = dot_text(journey, options, scorecard)
    svg = dot_to(dot, "svg", backend=backend, title=title, desc=desc).decode("utf-8")
    # resvg and svg2pdf only know the lower-case generic family (see dot_to).
    svg = svg.replace(",sans-Serif", ",sans-serif")
    spec = page_spec(options.page or "letter", landscape=options.landscape)
    # Phases run left to right only with rankdir LR; the handover view has neither.
    lanes_across = options.view != "handover" and options.rankdir == "LR"
    cuts = swimlane_cuts(svg) if lanes_across else None
    if cuts is None:  # page-sized windows
        return tile_svg(svg, spec, title=title)
    # Whole phases and lanes per page, lane and phase names on every page.
    return tile_svg(
        svg,
        spec,
        title=title,
        header_left=cuts.header_left,
        header_x=cuts.header_x,
        header_y=cuts.header_y,
        x_cuts=cuts.x_cuts,
        y_cuts=cuts.y_cuts,
    )


def _write_dot(
    journey: Journey, options: RenderOptions, scorecard: ScorecardLike | None, _: Backend
) -> bytes:
    return dot_text(journey, options, scorecard).encode()


def _mermaid_writer(kind: MermaidKind) -> Writer:
    def write(
        journey: Journey, options: RenderOptions, scorecard: ScorecardLike | None, _: Backend
    ) -> bytes:
        return mermaid_text(journey, kind, options, scorecard).encode()

    return write


def _text_writer(*, markdown: bool) -> Writer:
    def write(
        journey: Journey, options: RenderOptions, scorecard: ScorecardLike | None, _: Backend
    ) -> bytes:
        return text_text(journey, options, scorecard, markdown=markdown).encode()

    return write


OUTPUT_FORMATS: Final[tuple[OutputFormat, ...]] = (
    OutputFormat(
        name="svg",
        extensions=(".svg",),
        binary=False,
        needs_graphviz=True,
        summary="vector map (Graphviz)",
        write=_graphviz_writer("svg"),
    ),
    OutputFormat(
        name="png",
        extensions=(".png",),
        binary=True,
        needs_graphviz=True,
        summary="bitmap map (Graphviz)",
        write=_graphviz_writer("png"),
    ),
    OutputFormat(
        name="pdf",
        extensions=(".pdf",),
        binary=True,
        needs_graphviz=True,
        summary="printable map (Graphviz)",
        write=_graphviz_writer("pdf"),
    ),
    OutputFormat(
        name="dot",
        extensions=(".dot", ".gv"),
        binary=False,
        needs_graphviz=False,
        summary="Graphviz DOT source",
        write=_write_dot,
    ),
    OutputFormat(
        name="mermaid",
        extensions=(".mmd", ".mermaid"),
        binary=False,
        needs_graphviz=False,
        summary="Mermaid flowchart",
        write=_mermaid_writer("flowchart"),
    ),
    OutputFormat(
        name="mermaid-journey",
        extensions=(".journey.mmd",),
        binary=False,
        needs_graphviz=False,
        summary="Mermaid journey diagram",
        write=_mermaid_writer("journey"),
    ),
    OutputFormat(
        name="text",
        extensions=(".txt",),
        binary=False,
        needs_graphviz=False,
        summary="plain-text map",
        write=_text_writer(markdown=False),
    ),
    OutputFormat(
        name="markdown",
        extensions=(".md", ".markdown"),
        binary=False,
        needs_graphviz=False,
        summary="Markdown text map",
        write=_text_writer(markdown=True),
    ),
)
"""Every output format of :func:`lifeexp.render` and ``lifeexp render``, in help order."""

_BY_NAME: Final = {f.name: f for f in OUTPUT_FORMATS}
# Longest extension first, so "x.journey.mmd" is a Mermaid journey and not a flowchart.
_BY_EXTENSION: Final = sorted(
    ((ext, f) for f in OUTPUT_FORMATS for ext in f.extensions), key=lambda e: -len(e[0])
)


def get_format(name: str) -> OutputFormat:
    """The format called ``name`` (case-insensitive).

    Raises:
        RenderError: No format has that name; the message lists the known ones.
    """
    found = _BY_NAME.get(name.lower())
    if found is None:
        msg = f"unknown format {name!r}; choose one of: {', '.join(_BY_NAME)}"
        raise RenderError(msg)
    return found


def _known_extensions() -> str:
    return ", ".join(ext for f in OUTPUT_FORMATS for ext in f.extensions)


def format_for_path(path: str | PurePath) -> OutputFormat | None:
    """The format a file name's extension stands for; ``None`` when it has no extension.

    Raises:
        RenderError: The extension is not one lifeexp writes.
    """
    name = PurePath(path).name.lower()
    for ext, fmt in _BY_EXTENSION:
        if name.endswith(ext) and len(name) > len(ext):
            return fmt
    suffix = PurePath(name).suffix
    if not suffix:
        return None
    msg = (
        f"cannot tell the format from the extension {suffix!r} of {PurePath(path).name!r}; "
        f"use one of {_known_extensions()}"
    )
    raise RenderError(msg)


def resolve_format(path: str | PurePath | None, name: str | None) -> OutputFormat:
    """The format to write: from ``name`` and/or the extension of ``path`` (SVG when neither).

    Raises:
        RenderError: ``name`` and the extension disagree (the message names both), the
            extension is unknown, or the name is unknown.
    """
    chosen = get_format(name) if name is not None else None
    implied = format_for_path(path) if path is not None else None
    if chosen is not None and implied is not None and chosen is not implied:
        msg = (
            f"the format {chosen.name!r} contradicts the extension of {PurePath(path or '').name!r}"
            f" ({implied.name}); drop the format or end the file name in {chosen.extensions[0]!r}"
        )
        raise RenderError(msg)
    return chosen or implied or _BY_NAME["svg"]
