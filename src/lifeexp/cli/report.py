"""``lifeexp report``: write the HTML report for journeys into a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from lifeexp.cli._common import (
    EXIT_USAGE,
    catalog_option,
    follow_symlinks_option,
    format_option,
    handle_errors,
    load_or_exit,
    safe_text,
)
from lifeexp.cli._overlay import load_overlays, overlay_option

__all__ = ["report"]


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write the report into. It must be new, empty or hold exactly an earlier "
    "report (nothing added or changed); a symbolic link is refused.",
)
@click.option("--title", help="Title of the report.  [default: Life-experience journeys]")
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    help="Seed of the Monte Carlo simulation; the same seed gives the same figures.",
)
@click.option(
    "--samples",
    type=click.IntRange(min=0),
    help="Simulated journeys behind the P50/P80/P95 figures (0: exact expectations only).",
)
@click.option(
    "--wage-rate",
    metavar="USD",
    type=click.FloatRange(min=0, max=1_000_000),
    help="Value the annual burden hours at this hourly rate (USD).",
)
@catalog_option
@follow_symlinks_option
@format_option("text", "json", "github", help="Format of the problems printed to stderr.")
@overlay_option
@handle_errors
def report(
    paths: tuple[Path, ...],
    out_dir: Path,
    title: str | None,
    seed: int | None,
    samples: int | None,
    wage_rate: float | None,
    catalogs: tuple[Path, ...],
    follow_symlinks: bool,
    fmt: str,
    overlays: tuple[Path, ...] = (),
) -> None:
    """Write a static HTML report for the journeys in PATHS (files or folders).

    The folder gets index.html (every journey's headline scores and the current-vs-future
    comparisons) and one page per journey: the scorecard, the swimlane map, ranked friction
    points, the handover heat table, burden charts, personas, pain points, sources and the
    estimates the numbers rest on. The pages open from disk, with no server and no network.

    The report is built aside and moved into place, so a failed run changes nothing. An
    existing folder is replaced only when it is empty or holds exactly an earlier report
    (every file its manifest lists, unchanged, and nothing else).

    \b
    Example:
        lifeexp report journeys/ -o lifeexp-report
    """
    from lifeexp.errors import ReportError
    from lifeexp.report import check_target, warm_up_renderer, write_report

    try:
        check_target(out_dir)
    except ReportError as exc:
        click.echo(f"Error: Invalid value for '-o' / '--output': {safe_text(str(exc))}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from None

    # Compiling the WebAssembly Graphviz (when there is no system one) overlaps validation.
    warming = warm_up_renderer()
    try:
        result = load_or_exit(
            paths, catalog_paths=catalogs, fmt=fmt, follow_symlinks=follow_symlinks
        )
    except BaseException:
        if warming is not None:
            warming.join()  # never exit while native code is still compiling
        raise
    options = _scoring_options(seed=seed, samples=samples, wage_rate=wage_rate)
    index = write_report(
        result.journeys,
        out_dir,
        title=title,
        options=options,
        catalog=result.catalog,
        calibrations=load_overlays(overlays),
    )
    n = len(result.journeys)
    click.echo(f"Report on {n} journey{'s' if n != 1 else ''} written to {safe_text(str(index))}")


def _scoring_options(*, seed: int | None, samples: int | None, wage_rate: float | None) -> Any:
    from lifeexp.scoring import ScoringOptions

    given = {"seed": seed, "samples": samples, "wage_rate": wage_rate}
    chosen = {name: value for name, value in given.items() if value is not None}
    return ScoringOptions(**chosen) if chosen else None
