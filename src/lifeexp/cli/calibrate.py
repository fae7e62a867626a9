"""``lifeexp calibrate`` and ``lifeexp simulate-log``: evidence from event logs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from lifeexp.cli._common import (
    EXIT_INTERNAL,
    EXIT_PROBLEMS,
    catalog_option,
    echo_json,
    emit_diagnostics,
    handle_errors,
    load_journeys_or_exit,
    max_file_size_option,
    safe_text,
)
from lifeexp.files import write_atomic

__all__ = ["calibrate", "simulate_log"]

_COLUMN_OPTIONS = (
    ("--case", "case", "case:concept:name", "case id"),
    ("--activity", "activity", "concept:name", "activity name"),
    ("--ts", "timestamp", "time:timestamp", "completion time"),
    ("--start-ts", "start_timestamp", "start_timestamp", "start time (optional)"),
    ("--org", "org", "org:resource", "organisation or resource (optional)"),
    ("--lifecycle", "lifecycle", "lifecycle:transition", "start/complete lifecycle (optional)"),
    ("--channel", "channel", "channel", "contact channel (optional)"),
)


def _column_options(func: click.decorators.FC) -> click.decorators.FC:
    for flag, dest, default, what in reversed(_COLUMN_OPTIONS):
        func = click.option(
            flag,
            f"col_{dest}",
            default=None,
            metavar="NAME",
            help=f"Column (or XES attribute) with the {what}.  [default: {default}]",
        )(func)
    return func


@click.command()
@click.argument("log", type=click.Path(path_type=Path))
@click.option(
    "--journey",
    "journey_path",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The journey YAML the log is measured against.",
)
@click.option(
    "--map",
    "map_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Mapping file: log activities to step ids, organisations to agency ids. Not needed "
    "when the log's activities are step ids.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the calibration overlay here (e.g. J.calibration.yaml).",
)
@_column_options
@click.option(
    "--engine",
    type=click.Choice(("duckdb", "spark")),
    default="duckdb",
    show_default=True,
    help="duckdb (embedded, out of core; lifeexp[logs]) or spark (lifeexp[spark]).",
)
@click.option(
    "--min-cases",
    type=click.IntRange(min=1),
    default=11,
    show_default=True,
    help="Suppress any count, share or quantile from fewer cases than this.",
)
@click.option("--memory-limit", metavar="SIZE", help="DuckDB memory limit, e.g. 4GB.")
@click.option(
    "--temp-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where DuckDB spills when the log is larger than memory.",
)
@click.option(
    "--customer-side",
    is_flag=True,
    help="The log records the person's contacts (web, phone, messages): publish contacts "
    "per step and lay the measured channel mix over each step (needs --channel).",
)
@click.option("--diff", "show_diff", is_flag=True, help="Print the figures the overlay changes.")
@click.option(
    "--fail-under-fitness",
    type=click.FloatRange(0, 1),
    metavar="SHARE",
    help="Exit 1 when fewer than this share of cases follow a path of the journey.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json", "markdown")),
    default="text",
    show_default=True,
    help="text: a summary; json: the whole calibration; markdown: measured against designed.",
)
@catalog_option
@max_file_size_option
@handle_errors
def calibrate(
    log: Path,
    journey_path: Path,
    map_path: Path | None,
    output: Path | None,
    engine: str,
    min_cases: int,
    memory_limit: str | None,
    temp_dir: Path | None,
    customer_side: bool,
    show_diff: bool,
    fail_under_fitness: float | None,
    fmt: str,
    catalogs: tuple[Path, ...],
    max_file_size: int | None,
    **cols: str | None,
) -> None:
    """Measure an event log (CSV, Parquet file or folder, XES) against a journey.

    Writes a calibration overlay: transition probabilities with the end, Wilson 95 %
    intervals and support; waits and agency processing times as quantiles with a
    three-point estimate; handover of work; rework; cases per year; start and end steps;
    and conformance. Case ids are never written; figures from fewer than --min-cases cases
    are suppressed. Score, compare, render and report take the file with --overlay.

    \b
    Example:
        lifeexp calibrate claims.parquet --journey J.yaml --map map.yaml -o J.calibration.yaml
    """
    from lifeexp.evidence import (
        EngineUnavailable,
        LogColumns,
        calibration_summary,
        load_mapping,
        proposed_changes,
    )
    from lifeexp.evidence import (
        calibrate as run,
    )

    (journey,) = load_journeys_or_exit(
        [journey_path], catalog_paths=catalogs, max_file_size=max_file_size
    )
    mapping = load_mapping(map_path) if map_path is not None else None
    chosen = {k.removeprefix("col_"): v for k, v in cols.items() if v is not None}
    columns = LogColumns(**chosen)
    agencies = None
    if mapping is not None and mapping.organisations:
        from lifeexp.loading import load_catalog

        agencies = list(load_catalog(*catalogs).agencies)
    try:
        cal, warnings = run(
            log,
            journey,
            mapping=mapping,
            columns=columns,
            engine=engine,
            min_cases=min_cases,
            memory_limit=memory_limit,
            temp_directory=temp_dir,
            agency_ids=agencies,
            explicit_columns=list(chosen),
            customer_side=customer_side,
        )
    except EngineUnavailable as exc:
        click.echo(f"error: {safe_text(str(exc))}", err=True)
        raise click.exceptions.Exit(EXIT_INTERNAL) from None
    emit_diagnostics(warnings)
    if output is not None:
        write_atomic(output, cal.to_yaml())
    if fmt == "json":
        echo_json(cal.model_dump(mode="json", by_alias=True))
    elif fmt == "markdown":
        from lifeexp.evidence import measured_vs_designed

        click.echo(measured_vs_designed(journey, cal), nl=False)
    else:
        for line in calibration_summary(journey, cal):
            click.echo(safe_text(line))
        if output is not None:
            click.echo(f"calibration written to {safe_text(str(output))}")
    if show_diff:
        for line in proposed_changes(journey, cal).splitlines():
            click.echo(safe_text(line))
    fitness = cal.conformance.fitness
    if fail_under_fitness is not None and fitness < fail_under_fitness:
        from lifeexp.formatting import share

        click.echo(
            f"fitness {share(fitness)} is under --fail-under-fitness {share(fail_under_fitness)}",
            err=True,
        )
        raise click.exceptions.Exit(EXIT_PROBLEMS)


@click.command("simulate-log")
@click.argument("journey_path", metavar="JOURNEY", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--cases",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="People (cases) the log follows through the journey.",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Seed of the simulated log; the same seed writes the same log.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The log to write: .parquet, .csv or .xes.",
)
@click.option(
    "--start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default="2024-01-01",
    show_default=True,
    help="First day cases arrive (UTC).",
)
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=365,
    show_default=True,
    help="Days over which cases arrive, from --start.",
)
@click.option(
    "--two-row",
    is_flag=True,
    help="Separate start and complete rows (lifecycle:transition) instead of start_timestamp.",
)
@click.option(
    "--channels",
    is_flag=True,
    help="Add a channel column, as a customer-side contact log has (for --customer-side).",
)
@catalog_option
@max_file_size_option
@handle_errors
def simulate_log(
    journey_path: Path,
    cases: int,
    seed: int,
    output: Path,
    start: dt.datetime,
    days: int,
    two_row: bool,
    channels: bool,
    catalogs: tuple[Path, ...],
    max_file_size: int | None,
) -> None:
    """Write a seeded event log that walks JOURNEY's own chain and PERT estimates.

    Each case starts at the journey's start step, takes branches with their designed
    probabilities, spends the step's burden (the activity's duration) and waits the step's
    wait before the next one. Columns use pm4py's names (case:concept:name, concept:name,
    org:resource, start_timestamp, time:timestamp); organisations are the steps' agencies.
    Calibrating the log recovers the journey's figures.

    \b
    Example:
        lifeexp simulate-log journeys/approaching-retirement.yaml --cases 5000 -o log.parquet
    """
    from lifeexp.evidence import simulate_log as run

    (journey,) = load_journeys_or_exit(
        [journey_path], catalog_paths=catalogs, max_file_size=max_file_size
    )
    written = run(journey, output, cases=cases, seed=seed, start=start.date(), days=days,
                  two_row=two_row, channels=channels)  # fmt: skip
    from lifeexp.formatting import integer

    click.echo(
        f"{integer(written.events)} events of {integer(written.cases)} cases written to "
        f"{safe_text(str(written.path))} (seed {seed})"
    )
