"""``lifeexp feedback import``: read a Touchpoints export into a feedback file.

The export's kind is always named (``--kind``); lifeexp never guesses a format. Problems are
printed with their file, line and column and nothing is written (exit 1). With ``--journey``
the command shows which rows each step's ``feedback.match`` takes; with ``--output`` it writes
the rows (only the matched ones when a journey is given) as a feedback file that the journey
references as a ``feedback_file`` source. Free-text answers are never read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from lifeexp.cli._common import (
    EXIT_PROBLEMS,
    echo_json,
    emit_diagnostics,
    format_option,
    handle_errors,
    max_file_size_option,
    project_or_exit,
    safe_text,
)
from lifeexp.files import write_atomic
from lifeexp.formatting import counted

__all__ = ["feedback"]

F = TypeVar("F", bound=Callable[..., Any])

_KINDS = {
    "touchpoints-v2-csv": "touchpoints_v2_csv",
    "touchpoints-v2-json": "touchpoints_v2_json",
    "a11-v1-csv": "a11_v1_csv",
}


@click.group()
def feedback() -> None:
    """Post-transaction feedback (OMB Circular A-11 section 280): trust and its drivers."""


def _file_option(name: str, help_text: str, *, multiple: bool = True) -> Callable[[F], F]:
    return click.option(
        f"--{name}",
        type=click.Path(dir_okay=False, path_type=Path),
        multiple=multiple,
        help=help_text,
    )


@feedback.command("import")
@click.option(
    "--kind",
    "kind",
    type=click.Choice(sorted(_KINDS)),
    required=True,
    help="The export's layout; never guessed.",
)
@_file_option("collections", "Touchpoints v2: the cx_collections file (repeat for API pages).")
@_file_option("details", "Touchpoints v2: the cx_collection_details file (repeatable).")
@_file_option(
    "responses", "Touchpoints v2: the cx_responses file, one row per respondent (repeatable)."
)
@_file_option("aggregate", "Legacy A-11 v1: the omb_cx_reporting_collections CSV.", multiple=False)
@click.option(
    "--journey",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Show (and keep) the rows each step's feedback match takes.",
)
@click.option("--source", help="The journey's feedback source id the steps match (if several).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the rows to this feedback file (YAML); without it nothing is written.",
)
@click.option("--synthetic", is_flag=True, help="Mark the rows as made-up illustrative data.")
@format_option("text", "json", help="How to print what matched.")
@max_file_size_option
@handle_errors
def import_(
    kind: str,
    collections: tuple[Path, ...],
    details: tuple[Path, ...],
    responses: tuple[Path, ...],
    aggregate: Path | None,
    journey: Path | None,
    source: str | None,
    output: Path | None,
    synthetic: bool,
    fmt: str,
    max_file_size: int | None,
) -> None:
    """Read a Touchpoints A-11 v2 export (CSV or API JSON) or a legacy A-11 v1 aggregate.

    Checks every column and value, then prints what each step of --journey matched and
    writes a feedback file with --output. Examples:

      lifeexp feedback import --kind touchpoints-v2-csv --collections cx_collections.csv
      --details cx_collection_details.csv --responses cx_responses.csv
      --journey journeys/approaching-retirement.yaml -o feedback/ssa.feedback.yaml
    """
    from lifeexp.evidence.feedback import feedback_file_text, match_import, read_export
    from lifeexp.model import FeedbackSourceKind

    export_kind = FeedbackSourceKind(_KINDS[kind])
    given: dict[str, list[Path]] = {
        "collections": list(collections),
        "details": list(details),
        "responses": list(responses),
        "path": [aggregate] if aggregate is not None else [],
    }
    wanted = (
        ("path",)
        if export_kind is FeedbackSourceKind.a11_v1_csv
        else (
            "collections",
            "details",
            "responses",
        )
    )
    flag = {"path": "--aggregate"}
    missing = [flag.get(r, f"--{r}") for r in wanted if not given[r]]
    extra = [flag.get(r, f"--{r}") for r, p in given.items() if p and r not in wanted]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"needs {', '.join(missing)}")
        if extra:
            parts.append(f"does not take {', '.join(extra)}")
        raise click.UsageError(f"--kind {kind} {' and '.join(parts)}")
    files = {r: p for r, p in given.items() if p}

    loaded = None
    if journey is not None:
        from lifeexp.loading import load_journey

        # schema only: its feedback file may not exist yet
        limit = max_file_size or project_or_exit([journey]).max_file_size
        loaded = load_journey(journey, max_file_size=limit)

    read = read_export(export_kind, files)
    if not read.ok:
        emit_diagnostics(read.diagnostics)
        click.echo(
            f"Import failed: {counted(len(read.diagnostics), 'problem')}; nothing written.",
            err=True,
        )
        raise click.exceptions.Exit(EXIT_PROBLEMS)
    try:
        result = match_import(read.rows, loaded, source)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None

    if output is not None:
        rows = result.matched_rows
        if not rows:
            click.echo("error: no row matched a step; nothing written", err=True)
            raise click.exceptions.Exit(EXIT_PROBLEMS)
        text = feedback_file_text(
            rows,
            made_from=[p.name for items in files.values() for p in items],
            export_kind=export_kind,
            synthetic=synthetic,
        )
        write_atomic(output, text)

    if fmt.lower() == "json":
        data = result.to_dict()
        data["written"] = str(output) if output is not None else None
        echo_json(data)
        return
    for line in result.summary_lines(str(output) if output is not None else None):
        click.echo(safe_text(line))
