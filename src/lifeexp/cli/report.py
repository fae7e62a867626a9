"""``lifeexp report``: write the HTML report for journeys into a folder."""

from __future__ import annotations

from pathlib import Path

import click

from lifeexp.cli._common import (
    EXIT_USAGE,
    catalog_option,
    follow_symlinks_option,
    format_option,
    handle_errors,
    load_or_exit,
    max_file_size_option,
    safe_text,
    scoring_options,
    scoring_options_from,
)
from lifeexp.cli._overlay import load_overlays, overlay_option
from lifeexp.formatting import counted

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
@scoring_options
@catalog_option
@follow_symlinks_option
@format_option("text", "json", "github", help="Format of the problems printed to stderr.")
@overlay_option
@max_file_size_option
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
    max_file_size: int | None,
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
            paths,
            catalog_paths=catalogs,
            fmt=fmt,
            follow_symlinks=follow_symlinks,
            max_file_size=max_file_size,
        )
    except BaseException:
        if warming is not None:
            warming.join()  # never exit while native code is still compiling
        raise
    options = scoring_options_from(samples=samples, seed=seed, wage_rate=wage_rate)
    index = write_report(
        result.journeys,
        out_dir,
        title=title,
        options=options,
        catalog=result.catalog,
        calibrations=load_overlays(overlays),
    )
    click.echo(
        f"Report on {counted(len(result.journeys), 'journey')} written to {safe_text(str(index))}"
    )
