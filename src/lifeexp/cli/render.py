"""``lifeexp render``: journey maps as DOT, SVG, PNG, PDF, Mermaid, text or Markdown.

Output goes to stdout unless ``-o`` names a file or a folder; nothing is ever written next to
the journey file unless ``-o`` points there. The format comes from ``-o FILE``'s extension
(``map.png`` is a PNG) through the one format table of :mod:`lifeexp.rendering`; ``-f`` is
needed only for stdout, a folder, or a file name without an extension. Every map is rendered
in memory first and then written atomically, so a failure leaves no half-written file and no
partial set of files.

Exit codes: 0 written; 1 the journeys have problems (located diagnostics on stderr); 2 usage
error (unknown format, extension, view, persona or lane code, a format that contradicts the
extension, an output folder whose parent does not exist, binary output to a terminal); 3 no
installed backend can make the format (the message says exactly what to install) or the disk
failed.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import click

from lifeexp.cli._common import (
    EXIT_INTERNAL,
    catalog_option,
    follow_symlinks_option,
    handle_errors,
    load_or_exit,
    max_file_size_option,
    safe_text,
)
from lifeexp.cli._overlay import overlay_option, with_overlays
from lifeexp.files import write_atomic
from lifeexp.rendering import OUTPUT_FORMATS, PAGE_SIZES, THEMES, VIEWS, OutputFormat

if TYPE_CHECKING:
    from lifeexp.model import Journey
    from lifeexp.rendering import ScorecardLike

__all__ = ["render"]

# The choices come from the rendering package's own tables (one table each).
PAGES = tuple(name for name in PAGE_SIZES if name != "slide")  # the slide is --fit slide


def _output_name(journey: Journey, fmt: OutputFormat, view: str, persona: str | None) -> str:
    suffix = "" if view == "swimlane" else f".{view}"
    if view in ("persona", "canvas", "blueprint") and persona:
        suffix += f"-{persona}"
    return journey.id + suffix + fmt.extensions[0]


def _lane_codes(value: str, journeys: list[Journey], catalog_codes: set[str]) -> tuple[str, ...]:
    """The ``--lane-order`` codes, each checked against the journeys' and catalogs' agencies."""
    from lifeexp.loading import did_you_mean

    codes = tuple(code.strip() for code in value.split(",") if code.strip())
    known = catalog_codes | {s.agency for j in journeys for s in j.steps if s.agency}
    for code in codes:
        if code not in known:
            hint = did_you_mean(code, sorted(known))
            raise click.BadParameter(
                f"unknown agency code {code!r}" + (f"; {hint}" if hint else ""),
                param_hint="--lane-order",
            )
    return codes


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
    type=click.Choice([f.name for f in OUTPUT_FORMATS], case_sensitive=False),
    default=None,
    help="Output format. Default: the extension of -o FILE (map.png is a PNG), else svg; a "
    "format that contradicts the extension is refused. svg/png/pdf need Graphviz: the "
    "system `dot`, or `pip install 'lifeexp[render]'`.",
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
    "--compact/--no-compact",
    default=True,
    show_default=True,
    help="Swimlane map: lanes shrink in the phases where they are empty (each phase names "
    "its lanes); --no-compact keeps every lane one height. Printed pages keep lanes straight.",
)
@click.option(
    "-o",
    "--output",
    "output_arg",
    # kept as text: a pathlib.Path would drop the trailing '/' that marks a folder
    type=click.Path(),
    default=None,
    help="File to write (its extension sets the format; its folder must exist), or a folder "
    "(existing, ending in '/', or when several journeys are given) to write "
    "<journey-id>.<ext> into. Default: stdout.",
)
@click.option(
    "--lane-order",
    default="",
    metavar="CODES",
    help="Comma-separated agency codes to put first, after the person's lane, e.g. SSA,CMS.",
)
@click.option(
    "--theme",
    type=click.Choice(tuple(THEMES)),
    default="default",
    show_default=True,
    help="Colours of the map: grayscale prints on a black-and-white printer.",
)
@click.option(
    "--top-friction",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="How many top friction points to number.",
)
@click.option(
    "--wrap",
    "wrap",
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
@overlay_option
@follow_symlinks_option
@max_file_size_option
@handle_errors
def render(
    paths: tuple[Path, ...],
    fmt: str | None,
    view: str | None,
    persona: str | None,
    compare_path: Path | None,
    page: str | None,
    portrait: bool,
    fit: str | None,
    phases: str,
    edges: str,
    compact: bool,
    output_arg: str | None,
    lane_order: str,
    theme: str,
    top_friction: int,
    wrap: int,
    with_score: bool,
    backend: str,
    catalogs: tuple[Path, ...],
    follow_symlinks: bool,
    max_file_size: int | None,
    overlays: tuple[Path, ...] = (),
) -> None:
    """Draw journey maps from journey files or folders (PATHS)."""
    from lifeexp.errors import RenderError, RendererUnavailable
    from lifeexp.rendering import MermaidSizeWarning, RenderOptions, resolve_format
    from lifeexp.rendering import render as render_map

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
    result = load_or_exit(
        list(paths),
        catalog_paths=list(catalogs),
        follow_symlinks=follow_symlinks,
        max_file_size=max_file_size,
    )
    journeys = with_overlays(result.journeys, overlays)
    future = None
    if compare_path is not None:
        future_result = load_or_exit(
            [compare_path], catalog_paths=list(catalogs), max_file_size=max_file_size
        )
        if len(future_result.journeys) != 1:
            raise click.BadParameter("must name one journey file", param_hint="--compare")
        future = future_result.journeys[0]
    output = Path(output_arg) if output_arg is not None else None
    to_dir = output_arg is not None and (
        Path(output_arg).is_dir() or output_arg.endswith(("/", "\\")) or len(journeys) > 1
    )
    try:
        # One table decides: `-o map.png` is a PNG, and `-f svg -o map.png` is refused.
        out_format = resolve_format(None if to_dir else output, fmt)
    except RenderError as exc:
        raise click.BadParameter(str(exc), param_hint="-o/--output") from None
    if output is not None:
        folder = output if to_dir else output.parent
        parent = folder.parent if to_dir else folder
        if not parent.is_dir():
            raise click.BadParameter(
                f"the folder {parent} does not exist; create it first (nothing was written)",
                param_hint="-o/--output",
            )
    if output is None:
        if out_format.binary and sys.stdout.isatty():
            raise click.UsageError(
                f"{out_format.name.upper()} is binary; refusing to write it to a terminal "
                "(use -o FILE)"
            )
        if len(journeys) > 1 and (out_format.binary or out_format.name == "svg"):
            raise click.UsageError(
                f"{len(journeys)} journeys cannot share one {out_format.name.upper()} on "
                "stdout; use -o DIR"
            )
    names = {a.code: a.name for a in result.catalog.agencies.values()}
    options = RenderOptions(
        view=view,  # type: ignore[arg-type]
        persona=persona,
        lane_order=_lane_codes(lane_order, journeys, set(names)),
        wrap=wrap,
        top_friction=top_friction,
        theme=theme,
        agency_names=names,
        page=page_name,
        landscape=not portrait,
        phases=tuple(p.strip() for p in phases.split(",") if p.strip()),
        edges=edges,  # type: ignore[arg-type]
        compact=compact,
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
        if view in ("canvas", "blueprint") and out_format.name in (
            "dot",
            "mermaid",
            "mermaid-journey",
        ):
            raise click.UsageError(
                f"the {view} view is drawn without Graphviz and has no {out_format.name} form; "
                "choose svg, png, pdf, markdown or text"
            )
        card = _score(journey) if with_score else None
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", MermaidSizeWarning)
                data = render_map(
                    journey,
                    out_format.name,
                    options=options,
                    scorecard=card,
                    backend=backend,  # type: ignore[arg-type]
                    compare=future,
                )
            for warning in caught:
                click.echo(safe_text(f"warning: {journey.id}: {warning.message}"), err=True)
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
    if to_dir and not output.is_dir():
        output.mkdir()
        click.echo(safe_text(f"created folder {output}"), err=True)
    for journey, data in rendered:
        target = output / _output_name(journey, out_format, view, persona) if to_dir else output
        write_atomic(target, data)
        click.echo(safe_text(f"wrote {target} ({out_format.name})"), err=True)


def _score(journey: Journey) -> ScorecardLike | None:
    """The journey's scorecard for shading, or ``None`` (with a note) when it cannot be scored."""
    from lifeexp.errors import ScoringError
    from lifeexp.rendering import map_scorecard

    try:
        return map_scorecard(journey)
    except ScoringError as exc:
        click.echo(safe_text(f"note: {journey.id}: not shaded by friction: {exc}"), err=True)
        return None
