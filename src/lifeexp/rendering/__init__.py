"""Journey maps: Graphviz swimlanes, the handover and persona views, Mermaid and a text map.

DOT is the core product: :func:`to_dot` needs no Graphviz and returns byte-identical text for
the same input. :func:`render` lays the DOT out as SVG, PNG or PDF with the system Graphviz or
the WebAssembly Graphviz that comes with lifeexp (PNG and PDF from it need ``pip install
'lifeexp[render]'``), and :func:`save` writes a map in the format its file name says.

Every function has the same shape as ``lifeexp render``: the journey (and the format or
diagram kind) first, then the keyword-only ``options`` (a :class:`RenderOptions`, named like
the command's flags: ``view``, ``persona``, ``lane_order``, ``wrap``, ``top_friction``,
``theme``) and ``scorecard``. Like the command, the map is scored by default
(``scorecard="auto"``) so friction is shaded and the top friction points numbered; pass a
:class:`~lifeexp.scoring.Scorecard` to reuse one, or ``scorecard=None`` for no shading
(``--no-score``)::

    import lifeexp
    from lifeexp.rendering import RenderOptions

    journey = lifeexp.load_journey("journeys/approaching-retirement.yaml")
    dot = lifeexp.to_dot(journey)  # scored and shaded, as `lifeexp render -f dot`
    svg = lifeexp.render(journey, "svg", options=RenderOptions(view="handover", wrap=30))
    print(lifeexp.to_text(journey))  # the accessible text map

In a notebook, a :class:`JourneyMap` (or a ``Journey`` itself) displays as SVG.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal, get_args

from lifeexp.errors import RenderError
from lifeexp.model import require_journey
from lifeexp.rendering._backends import Backend, available_backends, install_hint
from lifeexp.rendering._escape import markdown_inline, markdown_table_cell
from lifeexp.rendering._formats import (
    OUTPUT_FORMATS,
    OutputFormat,
    describe_text,
    dot_text,
    format_for_path,
    get_format,
    graphviz_pages,
    mermaid_text,
    resolve_format,
    text_text,
)
from lifeexp.rendering._layout import ScorecardLike
from lifeexp.rendering._mermaid import MermaidKind, MermaidSizeWarning
from lifeexp.rendering._options import GRID_VIEWS, THEMES, VIEWS, RenderOptions, Theme, View
from lifeexp.rendering._pages import PAGE_SIZES

if TYPE_CHECKING:
    from os import PathLike

    from lifeexp.model import Journey
    from lifeexp.rendering._canvas import CanvasParts

__all__ = [
    "FORMATS",
    "OUTPUT_FORMATS",
    "PAGE_SIZES",
    "THEMES",
    "VIEWS",
    "CanvasParts",
    "Format",
    "JourneyMap",
    "MermaidSizeWarning",
    "OutputFormat",
    "RenderOptions",
    "ScorecardLike",
    "Theme",
    "View",
    "available_backends",
    "canvas_parts",
    "describe_map",
    "format_for_path",
    "install_hint",
    "map_scorecard",
    "markdown_inline",
    "markdown_table_cell",
    "render",
    "render_pages",
    "resolve_format",
    "save",
    "svg_to_png",
    "to_dot",
    "to_mermaid",
    "to_text",
]

Format = Literal["svg", "png", "pdf", "dot", "mermaid", "mermaid-journey", "text", "markdown"]
FORMATS: Final[tuple[str, ...]] = get_args(Format)
"""Every output format :func:`render` and ``lifeexp render -f`` accept (the names of
:data:`OUTPUT_FORMATS`, in the same order)."""

Scoring = ScorecardLike | Literal["auto"] | None
"""A map's friction: ``"auto"`` scores the journey (as ``lifeexp render`` does), a scorecard
is used as given, ``None`` draws no shading (``--no-score``)."""


def map_scorecard(journey: Journey) -> ScorecardLike:
    """The scorecard ``lifeexp render`` shades a map with: exact friction and expected values,
    no Monte Carlo draws.

    Raises:
        ScoringError: The journey cannot be scored (e.g. no path ever ends).
    """
    from lifeexp.scoring import ScoringOptions, score

    return score(journey, ScoringOptions(samples=0))


def _options(options: RenderOptions | None) -> RenderOptions:
    if options is None:
        return RenderOptions()
    if not isinstance(options, RenderOptions):
        msg = (
            f"options must be a RenderOptions, not {type(options).__name__} "
            "(e.g. options=RenderOptions(view='handover', wrap=30))"
        )
        raise TypeError(msg)
    return options


def _changed(options: RenderOptions, changes: dict[str, object]) -> RenderOptions:
    """``options`` with the keyword arguments named like its fields changed."""
    if not changes:
        return options
    try:
        return options.with_(**changes)
    except (TypeError, ValueError) as exc:
        raise RenderError(str(exc)) from None


def _scorecard(journey: Journey, scorecard: Scoring) -> ScorecardLike | None:
    require_journey(journey, "render")
    if isinstance(scorecard, str):
        if scorecard != "auto":
            msg = f"scorecard must be a Scorecard, 'auto' or None, not {scorecard!r}"
            raise RenderError(msg)
        from lifeexp.errors import ScoringError

        try:
            return map_scorecard(journey)
        except ScoringError:  # drawn unshaded, as `lifeexp render` does (it also says so)
            return None
    return scorecard


def to_dot(
    journey: Journey,
    *,
    options: RenderOptions | None = None,
    scorecard: Scoring = "auto",
) -> str:
    """The journey map as Graphviz DOT text (no Graphviz needed).

    Args:
        journey: The journey to draw.
        options: View, lane order, wrapping, theme...; defaults to the swimlane map.
        scorecard: Friction to shade the steps and number the top friction points with:
            ``"auto"`` (default) scores the journey, a Scorecard is used as given, ``None``
            shades nothing.

    Returns:
        DOT text; the same input always gives byte-identical output.

    Raises:
        RenderError: The persona view names a persona the journey does not have.
    """
    return dot_text(journey, _options(options), _scorecard(journey, scorecard))


def to_mermaid(
    journey: Journey,
    kind: MermaidKind = "flowchart",
    *,
    options: RenderOptions | None = None,
    scorecard: Scoring = "auto",
) -> str:
    """The journey as Mermaid text: a ``flowchart`` with one subgraph per agency, or a
    ``journey`` diagram (sections = phases, actors = owners, 1–5 scores).

    Labels longer than 120 characters are cut (their full text goes in the accessible
    description); an export longer than Mermaid's default ``maxTextSize`` (50,000
    characters) warns with :class:`MermaidSizeWarning`.

    Raises:
        RenderError: ``kind`` is neither ``flowchart`` nor ``journey``.
    """
    return mermaid_text(journey, kind, _options(options), _scorecard(journey, scorecard))


def to_text(
    journey: Journey,
    *,
    markdown: bool = True,
    options: RenderOptions | None = None,
    scorecard: Scoring = "auto",
) -> str:
    """The accessible text map: phases, steps, owners, handoffs and minutes in reading order,
    as Markdown (default) or plain text."""
    return text_text(journey, _options(options), _scorecard(journey, scorecard), markdown=markdown)


def describe_map(journey: Journey, *, options: RenderOptions | None = None) -> str:
    """A one-paragraph description of the map (used as the SVG ``<desc>`` and alt text)."""
    return describe_text(require_journey(journey, "describe_map"), _options(options))


def render(
    journey: Journey,
    format: str = "svg",
    *,
    options: RenderOptions | None = None,
    scorecard: Scoring = "auto",
    backend: Backend = "auto",
    compare: Journey | None = None,
    **changes: object,
) -> bytes:
    """Render a journey map to bytes in any of :data:`FORMATS`.

    ``svg``, ``png`` and ``pdf`` of the Graphviz views need Graphviz: the system ``dot`` when
    present, otherwise the WebAssembly build that lifeexp depends on (PNG and PDF from it need
    the converters of ``pip install 'lifeexp[render]'``). The ``canvas`` and ``blueprint``
    views are drawn directly as SVG and need no Graphviz. Text formats are UTF-8.

    Keyword arguments named like :class:`RenderOptions` fields change those fields
    (``render(journey, "svg", view="canvas", page="letter")``); ``compare`` gives the canvas
    a future-state journey whose changes it shows at each step.

    >>> from lifeexp.testing import make_journey
    >>> b"Journey canvas" in render(make_journey({"a": ["b"], "b": []}), view="canvas")
    True

    Args:
        journey: The journey to draw.
        format: One of :data:`FORMATS` (default ``svg``).
        options: View, lane order, wrapping, theme...; defaults to the swimlane map.
        scorecard: ``"auto"`` (default) scores the journey like ``lifeexp render``; a
            Scorecard is used as given; ``None`` shades nothing.
        backend: Graphviz to use: ``auto`` (system, then WebAssembly), ``system`` or ``wasm``.

    Raises:
        RendererUnavailable: No installed backend can produce ``format``; the message says
            exactly what to install.
        RenderError: Unknown format, unknown persona, or Graphviz failed.
    """
    opts = _changed(_options(options), changes)
    fmt = get_format(format)
    card = _scorecard(journey, scorecard)
    if opts.view in GRID_VIEWS:
        from lifeexp.rendering._canvas import canvas_bytes
        from lifeexp.rendering._layout import friction_info

        friction = friction_info(card, opts.top_friction)
        return canvas_bytes(journey, fmt.name, opts, friction, compare=compare)
    return fmt.write(journey, opts, card, backend)


def render_pages(
    journey: Journey,
    *,
    options: RenderOptions | None = None,
    scorecard: Scoring = "auto",
    backend: Backend = "auto",
    compare: Journey | None = None,
    **changes: object,
) -> list[str]:
    """The map printed on pages of ``options.page`` (US letter when none is given): one SVG
    document per page, the very pages ``render(..., "pdf", page=...)`` joins into a PDF.

    The canvas and blueprint are tiled by phase with their row headers on every page; the
    swimlane and persona maps by phase and lane with the lane and phase names on every page.
    No text is under 7 pt at the page size and nothing lies outside the margins.

    >>> from lifeexp.testing import make_journey
    >>> pages = render_pages(make_journey({"a": ["b"], "b": []}), view="canvas")
    >>> len(pages), 'width="792pt" height="612pt"' in pages[0]
    (1, True)

    Raises:
        RendererUnavailable: A Graphviz view and no Graphviz backend is installed.
        RenderError: Unknown page size, persona or option.
    """
    opts = _changed(_options(options), changes)
    card = _scorecard(journey, scorecard)
    if opts.view in GRID_VIEWS:
        from lifeexp.rendering._canvas import canvas_page_svgs
        from lifeexp.rendering._layout import friction_info

        friction = friction_info(card, opts.top_friction)
        return canvas_page_svgs(journey, opts, friction, compare=compare)
    return graphviz_pages(journey, opts, card, backend)


def canvas_parts(
    journey: Journey,
    options: RenderOptions | None = None,
    *,
    scorecard: Scoring = "auto",
    compare: Journey | None = None,
) -> CanvasParts:
    """The journey canvas (``options.view="blueprint"``: the blueprint) split for a web
    page: row headers and grid as two SVG documents and the HTML-table text alternative.

    Raises:
        RenderError: Unknown persona, or the path is empty.
    """
    from lifeexp.rendering._canvas import canvas_parts as parts
    from lifeexp.rendering._layout import friction_info

    opts = options or RenderOptions(view="canvas")
    if opts.view not in GRID_VIEWS:
        opts = opts.with_(view="canvas")
    card = _scorecard(journey, scorecard)
    return parts(journey, opts, friction_info(card, opts.top_friction), compare=compare)


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


def save(
    journey: Journey,
    path: str | PathLike[str],
    *,
    format: str | None = None,
    options: RenderOptions | None = None,
    scorecard: Scoring = "auto",
    backend: Backend = "auto",
) -> OutputFormat:
    """Write a journey map to ``path`` in the format its extension says (``map.png`` is a PNG).

    The file is written atomically: a failure leaves no half-written file. The parent folder
    must exist.

    Args:
        journey: The journey to draw.
        path: The file to write; its extension chooses the format (see :data:`OUTPUT_FORMATS`).
        format: A format name; it must agree with the extension (needed only for a file name
            without one).
        options: As for :func:`render`.
        scorecard: As for :func:`render` (scored by default).
        backend: As for :func:`render`.

    Returns:
        The format written.

    Raises:
        RenderError: Unknown extension, a format that contradicts it, a missing parent
            folder, or the renderer failed.
        RendererUnavailable: No installed backend can produce the format.
    """
    from lifeexp.files import write_atomic  # the one atomic writer of the project

    target = Path(path)
    fmt = resolve_format(target, format)
    if not target.parent.is_dir():
        msg = f"cannot write {target}: the folder {target.parent} does not exist"
        raise RenderError(msg)
    data = render(journey, fmt.name, options=options, scorecard=scorecard, backend=backend)
    write_atomic(target, data)
    return fmt


class JourneyMap:
    """A journey map that displays itself in Jupyter and saves to any format.

    Takes the same keyword arguments as :func:`render`; the journey is scored once, when the
    map is made, unless a scorecard (or ``None``) is given.

    >>> from lifeexp.testing import make_journey
    >>> m = JourneyMap(make_journey({"a": ["b"]}))
    >>> m.dot.startswith('digraph "test-journey"')
    True
    """

    def __init__(
        self,
        journey: Journey,
        *,
        options: RenderOptions | None = None,
        scorecard: Scoring = "auto",
        backend: Backend = "auto",
    ) -> None:
        self.journey = journey
        self.options = _options(options)
        self.scorecard = _scorecard(journey, scorecard)
        self.backend: Backend = backend

    def __repr__(self) -> str:
        return f"JourneyMap({self.journey.id!r}, view={self.options.view!r})"

    @property
    def dot(self) -> str:
        """The DOT text."""
        return to_dot(self.journey, options=self.options, scorecard=self.scorecard)

    def render(self, format: str = "svg") -> bytes:
        """The map in any of :data:`FORMATS`."""
        return render(
            self.journey,
            format,
            options=self.options,
            scorecard=self.scorecard,
            backend=self.backend,
        )

    def save(self, path: str | PathLike[str], *, format: str | None = None) -> OutputFormat:
        """Write the map atomically in the format of the file's extension (see :func:`save`)."""
        return save(
            self.journey,
            path,
            format=format,
            options=self.options,
            scorecard=self.scorecard,
            backend=self.backend,
        )

    def _repr_svg_(self) -> str | None:
        """SVG for Jupyter; ``None`` (plain repr) when no Graphviz backend is installed."""
        from lifeexp.errors import RendererUnavailable

        try:
            return self.render("svg").decode("utf-8")
        except RendererUnavailable:
            return None
