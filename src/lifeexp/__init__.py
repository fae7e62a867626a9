"""lifeexp: federal cross-agency life experiences as data.

Load a journey, check it, score it, draw it and report on it::

    import lifeexp

    journey = lifeexp.load_journey("journeys/approaching-retirement.yaml")
    card = lifeexp.score(journey)
    print(card.time_tax.mean_minutes)

Data flows one way: load → validate → evidence → graph → score → render/report. The models,
errors and diagnostics are imported eagerly (they are light); evidence, scoring, rendering and
reporting are imported on first use so the command line starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lifeexp._lazy import lazy_exports as _lazy_exports
from lifeexp._version import __version__
from lifeexp.diagnostics import Diagnostic, Severity
from lifeexp.errors import (
    CatalogError,
    DiagnosticError,
    JourneyLoadError,
    JourneyValidationError,
    LifeexpError,
    RenderError,
    RendererUnavailable,
    ReportError,
    ScoringError,
)
from lifeexp.model import (
    PERSON,
    Agency,
    Burden,
    Catalog,
    Channel,
    DataElement,
    Document,
    Form,
    HandoffType,
    Journey,
    JourneyState,
    LifeExperience,
    Step,
    StepKind,
    ThreePoint,
    Transition,
    TransitionKind,
)

# Public name -> module that defines it; imported on first attribute access (PEP 562).
_LAZY: dict[str, str] = {
    # loading
    # checked against the catalogs like the commands (check=False: the raw model)
    "load_journey": "lifeexp.checks",
    "load_journeys": "lifeexp.checks",
    "load_catalog": "lifeexp.loading",
    "bundled_catalog": "lifeexp.loading",
    # validation
    "validate": "lifeexp.checks",
    "edit": "lifeexp.editing",
    "ValidationResult": "lifeexp.checks",
    # schema
    "journey_schema": "lifeexp.schema",
    "catalog_schema": "lifeexp.schema",
    # graph
    "journey_graph": "lifeexp.graph",
    # scoring
    "score": "lifeexp.scoring",
    "compare": "lifeexp.scoring",
    "Scorecard": "lifeexp.scoring",
    "Comparison": "lifeexp.scoring",
    "ScoringOptions": "lifeexp.scoring",
    # rendering
    "to_dot": "lifeexp.rendering",
    "to_mermaid": "lifeexp.rendering",
    "to_text": "lifeexp.rendering",
    "render": "lifeexp.rendering",
    "RenderOptions": "lifeexp.rendering",
    # report
    "write_report": "lifeexp.report",
    # evidence from event logs (DuckDB / PySpark imported only when a log is read)
    "calibrate": "lifeexp.evidence",
    "simulate_log": "lifeexp.evidence",
    "apply_calibration": "lifeexp.evidence",
    "load_calibration": "lifeexp.evidence",
    "load_mapping": "lifeexp.evidence",
    "proposed_changes": "lifeexp.evidence",
    "Calibration": "lifeexp.evidence",
    "LogColumns": "lifeexp.evidence",
    "LogMapping": "lifeexp.evidence",
    "EvidenceError": "lifeexp.evidence",
    "EngineUnavailable": "lifeexp.evidence",
}

__all__ = [
    "PERSON",
    "Agency",
    "Burden",
    "Calibration",
    "Catalog",
    "CatalogError",
    "Channel",
    "Comparison",
    "DataElement",
    "Diagnostic",
    "DiagnosticError",
    "Document",
    "EngineUnavailable",
    "EvidenceError",
    "Form",
    "HandoffType",
    "Journey",
    "JourneyLoadError",
    "JourneyState",
    "JourneyValidationError",
    "LifeExperience",
    "LifeexpError",
    "LogColumns",
    "LogMapping",
    "RenderError",
    "RenderOptions",
    "RendererUnavailable",
    "ReportError",
    "Scorecard",
    "ScoringError",
    "ScoringOptions",
    "Severity",
    "Step",
    "StepKind",
    "ThreePoint",
    "Transition",
    "TransitionKind",
    "ValidationResult",
    "__version__",
    "apply_calibration",
    "bundled_catalog",
    "calibrate",
    "catalog_schema",
    "compare",
    "edit",
    "journey_graph",
    "journey_schema",
    "load_calibration",
    "load_catalog",
    "load_journey",
    "load_journeys",
    "load_mapping",
    "proposed_changes",
    "render",
    "score",
    "simulate_log",
    "to_dot",
    "to_mermaid",
    "to_text",
    "validate",
    "write_report",
]


def _journey_svg(journey: Journey) -> str | None:
    """The journey's swimlane map as SVG for Jupyter (``None``, the plain repr, without
    Graphviz); the renderer is imported on first display so loading stays light."""
    from lifeexp.rendering import JourneyMap

    return JourneyMap(journey)._repr_svg_()


# Notebooks show a journey as its map. The model sits below rendering and must not import
# it, so the facade -- the one layer that composes all the others, and which Python runs
# before any ``lifeexp.*`` module -- gives ``Journey`` its ``_repr_svg_`` here.
setattr(Journey, "_repr_svg_", _journey_svg)  # noqa: B010 - mypy: attribute added on purpose


__getattr__, __dir__ = _lazy_exports(__name__, _LAZY, globals())


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from lifeexp.checks import ValidationResult, load_journey, load_journeys, validate
    from lifeexp.evidence import (
        Calibration,
        EngineUnavailable,
        EvidenceError,
        LogColumns,
        LogMapping,
        apply_calibration,
        calibrate,
        load_calibration,
        load_mapping,
        proposed_changes,
        simulate_log,
    )
    from lifeexp.graph import journey_graph
    from lifeexp.loading import bundled_catalog, load_catalog
    from lifeexp.rendering import RenderOptions, render, to_dot, to_mermaid, to_text
    from lifeexp.report import write_report
    from lifeexp.schema import catalog_schema, journey_schema
    from lifeexp.scoring import Comparison, Scorecard, ScoringOptions, compare, score
