"""Render options: which view, how lanes are ordered, how labels wrap, how friction is shown.

:class:`RenderOptions` is a frozen dataclass so the same options can be reused for many journeys
and compared in tests. Every field has a default that gives a readable map of the bundled
journeys; a workshop that wants its own lane order or a printer-friendly greyscale theme changes
only the fields it cares about::

    RenderOptions(lane_order=("SSA", "CMS"), theme="grayscale", top_friction=3)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Final, Literal

from lifeexp.rendering._pages import PAGE_SIZES

__all__ = ["GRID_VIEWS", "THEMES", "Edges", "RenderOptions", "Theme", "View"]

View = Literal["swimlane", "handover", "persona", "canvas", "blueprint"]
"""The maps: agencies as lanes, agencies as nodes, one persona's path highlighted (Graphviz),
and the journey canvas and service blueprint of one path (drawn directly as SVG)."""

VIEWS: Final[tuple[View, ...]] = ("swimlane", "handover", "persona", "canvas", "blueprint")
GRID_VIEWS: Final[tuple[View, ...]] = ("canvas", "blueprint")
"""The views lifeexp draws itself, without Graphviz."""

Edges = Literal["straight", "smooth", "orthogonal"]
"""How the swimlane map draws its arrows: straight lines, smooth curves, or right angles."""


@dataclass(frozen=True, slots=True)
class Theme:
    """The colours of a map. Colour never carries meaning alone: every coloured thing also has
    a line pattern, a shape or a text label, so a greyscale print keeps all of it."""

    friction: tuple[str, ...]
    """Fill colours from no friction to the most friction (five levels)."""
    friction_text: tuple[str, ...]
    """Text colour to use on each friction fill (dark fills get light text)."""
    handoff: dict[str, str]
    """Edge colour per handoff type (``data_shared``, ``warm_referral``, ...)."""
    rework: str
    """Colour of rework and appeal loops."""
    path: str
    """Colour of the highlighted persona path."""
    muted: str
    """Colour of steps and arrows off the highlighted path."""
    lane_fill: tuple[str, str]
    """Alternating lane background colours."""
    ink: str = "#1a1a1a"
    """Default text and line colour."""


THEMES: Final[dict[str, Theme]] = {
    # ColorBrewer OrRd (sequential, colour-blind safe) for friction; Okabe-Ito hues for handoffs.
    "default": Theme(
        friction=("#ffffff", "#fef0d9", "#fdcc8a", "#fc8d59", "#d7301f"),
        friction_text=("#1a1a1a", "#1a1a1a", "#1a1a1a", "#1a1a1a", "#ffffff"),
        handoff={
            "data_shared": "#0072b2",
            "warm_referral": "#009e73",
            "customer_carries": "#e69f00",
            "start_over": "#d55e00",
        },
        rework="#cc79a7",
        path="#0072b2",
        muted="#9a9a9a",
        lane_fill=("#f7f7f7", "#ffffff"),
    ),
    "grayscale": Theme(
        friction=("#ffffff", "#e6e6e6", "#c8c8c8", "#969696", "#525252"),
        friction_text=("#000000", "#000000", "#000000", "#000000", "#ffffff"),
        handoff={
            "data_shared": "#000000",
            "warm_referral": "#000000",
            "customer_carries": "#000000",
            "start_over": "#000000",
        },
        rework="#000000",
        path="#000000",
        muted="#8c8c8c",
        lane_fill=("#f5f5f5", "#ffffff"),
        ink="#000000",
    ),
}


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How a journey map is drawn.

    Attributes:
        view: ``swimlane`` (default), ``handover`` or ``persona``.
        persona: Persona id for the ``persona`` view; ``None`` follows the most likely path.
        lane_order: Agency codes to place first, top to bottom, after the person's own lane.
            Agencies not named follow in the order they first appear in the journey.
        person_first: Put the person's own lane (decisions, waits) on top.
        wrap: Characters per line before a step title wraps (``--wrap``).
        top_friction: How many of the scorecard's top friction points get a number (0: none).
        theme: ``default`` or ``grayscale``, or a :class:`Theme`.
        legend: Draw the legend (shapes, handoff line patterns, friction shading).
        font: Font name for every label.
        rankdir: ``LR`` (phases left to right, lanes stacked) or ``TB`` (phases top to bottom).
        agency_names: Long names shown under lane codes, e.g. ``{"SSA": "Social Security
            Administration"}``.
        page: Print on pages of this size (``letter``, ``legal``, ``tabloid``, ``a4``,
            ``a3``, or ``slide`` for 16:9): the map is tiled by phase, one page per sheet of
            the PDF, text never under 7 pt. ``None``: one sheet as large as the map.
        landscape: Page orientation (slides are always landscape).
        phases: Draw only these phases (ids), in journey order; empty draws all.
        edges: Arrow routing of the swimlane map: ``straight`` lines (default; a long
            arrow runs level through its lane), ``smooth`` curves or ``orthogonal`` right
            angles.
        compact: Let the swimlane map's lanes shrink in the phases where they are empty
            (the lane boundaries step at phase boundaries and each phase names its lanes).
            Printed pages (``page``) keep lanes straight, so the lane names repeated at
            the left of every page line up with them.
    """

    view: View = "swimlane"
    persona: str | None = None
    lane_order: tuple[str, ...] = ()
    person_first: bool = True
    wrap: int = 24
    top_friction: int = 5
    theme: str | Theme = "default"
    legend: bool = True
    font: str = "Helvetica"
    rankdir: Literal["LR", "TB"] = "LR"
    agency_names: dict[str, str] = field(default_factory=dict)
    page: str | None = None
    landscape: bool = True
    phases: tuple[str, ...] = ()
    edges: Edges = "straight"
    compact: bool = True

    def __post_init__(self) -> None:
        if self.view not in VIEWS:
            msg = f"unknown view {self.view!r}; choose one of: {', '.join(VIEWS)}"
            raise ValueError(msg)
        if self.wrap < 8:
            msg = f"wrap must be at least 8 characters, got {self.wrap}"
            raise ValueError(msg)
        if self.top_friction < 0:
            msg = f"top_friction must be 0 or more, got {self.top_friction}"
            raise ValueError(msg)
        if isinstance(self.theme, str) and self.theme not in THEMES:
            msg = f"unknown theme {self.theme!r}; choose one of: {', '.join(THEMES)}"
            raise ValueError(msg)
        if self.rankdir not in ("LR", "TB"):
            msg = f"rankdir must be 'LR' or 'TB', got {self.rankdir!r}"
            raise ValueError(msg)
        if self.page is not None and self.page.lower() not in PAGE_SIZES:
            msg = f"unknown page size {self.page!r}; choose one of: {', '.join(PAGE_SIZES)}"
            raise ValueError(msg)
        if self.edges not in ("straight", "smooth", "orthogonal"):
            msg = f"edges must be 'straight', 'smooth' or 'orthogonal', got {self.edges!r}"
            raise ValueError(msg)
        # A list given by a caller would make the frozen options unhashable and mutable.
        object.__setattr__(self, "lane_order", tuple(self.lane_order))
        object.__setattr__(self, "phases", tuple(self.phases))

    @property
    def colours(self) -> Theme:
        """The resolved :class:`Theme`."""
        return THEMES[self.theme] if isinstance(self.theme, str) else self.theme

    def with_(self, **changes: object) -> RenderOptions:
        """A copy with some fields changed (``options.with_(view="handover")``)."""
        return replace(self, **changes)  # type: ignore[arg-type]
