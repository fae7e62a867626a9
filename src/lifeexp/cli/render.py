"""``lifeexp render``: journey maps as DOT, SVG, PNG, PDF, Mermaid, text or Markdown.

Output goes to stdout unless ``-o`` names a file or a folder; nothing is ever written next to
the journey file unless ``-o`` points there. Every map is rendered in memory first and then
written atomically, so a failure leaves no half-written file and no partial set of files.

Exit codes: 0 written; 1 the journeys have problems (located diagnostics on stderr); 2 usage
error (unknown format, view or persona, binary output to a terminal); 3 no installed backend
can make the format (the message says exactly what to install) or the disk failed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from lifeexp.cli._common import (
    EXIT_INTERNAL,
    catalog_option,
    handle_errors,
    load_or_exit,
    safe_text,
)
from lifeexp.files import write_atomic

if TYPE_CHECKING:
    from lifeexp.model import Journey

__all__ = ["render"]

# Kept here (and checked against lifeexp.rendering.FORMATS by a test) so `--help` stays fast.
FORMATS = ("svg", "png", "pdf", "dot", "mermaid", "mermaid-journey", "text", "markdown")
VIEWS = ("swimlane", "handover", "persona", "canvas", "blueprint")
PAGES = ("letter", "legal", "tabloid", "a4", "a3")
EXTENSIONS = {
    "svg": ".svg",
    "png": ".png",
    "pdf": ".pdf",
    "dot": ".dot",
    "mermaid": ".mmd",
    "mermaid-journey": ".journey.mmd",
    "text": ".txt",
    "markdown": ".md",
}
_BINARY = ("png", "pdf")


def _output_name(journey: Journey, fmt: str, view: str, persona: str | None) -> str:
    suffix = "" if view == "swimlane" else f".{view}"
    if view in ("persona", "canvas", "blueprint") and persona:
        suffix += f"-{persona}"
    return journey.id + suffix + EXTENSIONS[fmt]


@click.command(
    "render",
    epilog="Examples:\n\n"
    "  lifeexp render journeys/approaching-retirement.yaml -f svg -o map.svg\n\n"
    "  lifeexp render journeys/ -f png --view handover -o maps/\n\n"
    "  lifeexp render journeys/approaching-retirement.yaml --view canvas -f pdf --page letter "
    "-o canvas.pdf\n\n"
    "  lifeexp render journeys/approaching-retirement.yaml --view canvas "
    "--compare journeys/approaching-retirement.future.yaml -o canvas.svg\n\n"
    "  lifeexp render journeys/birth-and-early-childhood.yaml -f markdown",
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    default="svg",
    show_default=True,
    help="Output format. svg/png/pdf need Graphviz: the system `dot`, or "
    "`pip install 'lifeexp[render]'`.",
)
@click.option(
    "--view",
    type=click.Choice(VIEWS, case_sensitive=False),
    default=None,
    help="Map to draw: agency swimlanes (default), agency handovers, a persona's path, the "
    "journey canvas (emotion curve, pain points, time per step) or the service blueprint.",
)
@click.option(
    "--persona",
    default=None,
    metavar="ID",
    help="Persona whose path to draw: highlighted in the persona view (implied when no --view "
    "is given), or the columns of the canvas and blueprint.",
)
@click.option(
    "--compare",
    "compare_path",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    metavar="FUTURE",
    help="Future-state journey file: the canvas shows what it changes at each step.",
)
@click.option(
    "--page",
    type=click.Choice(PAGES, case_sensitive=False),
    default=None,
    help="Print on pages of this size: tiled by phase, row headers on every page, text never "
    "under 7 pt (PDF: one page per sheet).",
)
@click.option(
    "--portrait",
    is_flag=True,
    default=False,
    help="Portrait pages (default landscape).",
)
@click.option(
    "--fit",
    type=click.Choice(("slide",)),
    default=None,
    help="Fit 16:9 slides (13.33 x 7.5 in), tiled like --page.",
)
@click.option(
    "--phases",
    default="",
    metavar="IDS",
    help="Comma-separated phase ids: draw only these phases of the swimlane map.",
)
@click.option(
    "--edges",
    type=click.Choice(("straight", "smooth", "orthogonal")),
    default="straight",
    show_default=True,
    help="How the swimlane map draws its arrows.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write, or a folder (existing, ending in '/', or when several journeys are "
    "given) to write <journey-id>.<ext> into. Default: stdout.",
)
@click.option(
    "--lane-order",
    default="",
    metavar="CODES",
    help="Comma-separated agency codes to put first, after the person's lane, e.g. SSA,CMS.",
)
@click.option("--theme", type=click.Choice(("default", "grayscale")), default="default")
@click.option(
    "--top-friction",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="How many top friction points to number.",
)
@click.option(
    "--wrap",
    "wrap_width",
    type=click.IntRange(min=8),
    default=24,
    show_default=True,
    help="Characters per line before a step title wraps.",
)
@click.option(
    "--score/--no-score",
    "with_score",
    default=True,
    show_default=True,
    help="Score the journey to shade friction and number the top friction points.",
)
@click.option(
    "--backend",
    type=click.Choice(("auto", "system", "wasm")),
    default="auto",
    show_default=True,
    help="Graphviz to use for svg/png/pdf: system `dot` first, else the WebAssembly build.",
)
@catalog_option
@handle_errors
def render(
    paths: tuple[Path, ...],
    fmt: str,
    view: str | None,
    persona: str | None,
    compare_path: Path | None,
    page: str | None,
    portrait: bool,
    fit: str | None,
    phases: str,
    edges: str,
    output: Path | None,
    lane_order: str,
    theme: str,
    top_friction: int,
    wrap_width: int,
    with_score: bool,
    backend: str,
    catalogs: tuple[Path, ...],
) -> None:
    """Draw journey maps from journey files or folders (PATHS)."""
    from lifeexp.errors import RenderError, RendererUnavailable
    from lifeexp.rendering import RenderOptions
    from lifeexp.rendering import render as render_map

    fmt = fmt.lower()
    view = view.lower() if view else None
    if persona is not None:
        if view not in (None, "persona", "canvas", "blueprint"):
            raise click.UsageError("--persona needs --view persona, canvas or blueprint")
        view = view or "persona"
    view = view or "swimlane"
    if compare_path is not None and view != "canvas":
        raise click.UsageError("--compare needs --view canvas")
    if page is not None and fit is not None:
        raise click.UsageError("choose --page or --fit slide, not both")
    page_name = "slide" if fit == "slide" else (page.lower() if page else None)
    result = load_or_exit(list(paths), catalog_paths=list(catalogs))
    journeys = result.journeys
    future = None
    if compare_path is not None:
        future_result = load_or_exit([compare_path], catalog_paths=list(catalogs))
        if len(future_result.journeys) != 1:
            raise click.BadParameter("must name one journey file", param_hint="--compare")
        future = future_result.journeys[0]
    to_dir = output is not None and (
        output.is_dir() or str(output).endswith(("/", "\\")) or len(journeys) > 1
    )
    if output is None:
        if fmt in _BINARY and sys.stdout.isatty():
            raise click.UsageError(
                f"{fmt.upper()} is binary; refusing to write it to a terminal (use -o FILE)"
            )
        if len(journeys) > 1 and fmt in ("svg", *_BINARY):
            raise click.UsageError(
                f"{len(journeys)} journeys cannot share one {fmt.upper()} on stdout; use -o DIR"
            )
    names = {a.code: a.name for a in result.catalog.agencies.values()}
    options = RenderOptions(
        view=view,  # type: ignore[arg-type]
        persona=persona,
        lane_order=tuple(code.strip() for code in lane_order.split(",") if code.strip()),
        wrap_width=wrap_width,
        top_friction=top_friction,
        theme=theme,
        agency_names=names,
        page=page_name,
        landscape=not portrait,
        phases=tuple(p.strip() for p in phases.split(",") if p.strip()),
        edges=edges,  # type: ignore[arg-type]
    )

    rendered: list[tuple[Journey, bytes]] = []
    for journey in journeys:
        if persona is not None and all(p.id != persona for p in journey.personas):
            known = ", ".join(p.id for p in journey.personas) or "none"
            raise click.BadParameter(
                f"journey {journey.id!r} has no persona {persona!r} (personas: {known})",
                param_hint="--persona",
            )
        missing = [p for p in options.phases if p not in {ph.id for ph in journey.phases}]
        if missing:
            known = ", ".join(ph.id for ph in journey.phases)
            raise click.BadParameter(
                f"journey {journey.id!r} has no phase {', '.join(map(repr, missing))} "
                f"(phases: {known})",
                param_hint="--phases",
            )
        if view in ("canvas", "blueprint") and fmt in ("dot", "mermaid", "mermaid-journey"):
            raise click.UsageError(
                f"the {view} view is drawn without Graphviz and has no {fmt} form; "
                "choose svg, png, pdf, markdown or text"
            )
        card = _score(journey) if with_score else None
        try:
            data = render_map(
                journey,
                fmt,
                options,
                scorecard=card,  # type: ignore[arg-type]
                backend=backend,  # type: ignore[arg-type]
                compare=future,
            )
        except RendererUnavailable as exc:
            click.echo(safe_text(f"error: {exc}"), err=True)
            raise click.exceptions.Exit(EXIT_INTERNAL) from None
        except RenderError as exc:
            click.echo(safe_text(f"error: {journey.id}: {exc}"), err=True)
            raise click.exceptions.Exit(EXIT_INTERNAL) from None
        rendered.append((journey, data))

    if output is None:
        stream = sys.stdout.buffer
        for _, data in rendered:
            stream.write(data)
        stream.flush()
        return
    for journey, data in rendered:
        target = output / _output_name(journey, fmt, view, persona) if to_dir else output
        write_atomic(target, data)
        click.echo(safe_text(f"wrote {target}"), err=True)


def _score(journey: Journey) -> object | None:
    """The journey's scorecard for shading, or ``None`` (with a note) when it cannot be scored."""
    from lifeexp.errors import ScoringError
    from lifeexp.scoring import ScoringOptions, score

    try:
        # Friction and expected values are exact; the Monte Carlo percentiles are not drawn.
        return score(journey, ScoringOptions(samples=0))
    except ScoringError as exc:
        click.echo(safe_text(f"note: {journey.id}: not shaded by friction: {exc}"), err=True)
        return None
