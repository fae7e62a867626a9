"""``lifeexp score`` and ``lifeexp compare``: scorecards on the command line.

``score`` prints the headline metrics and the worst friction points of each journey as a
table, Markdown, CSV or JSON; ``--fail-over METRIC=VALUE`` makes it exit 1 when a journey is
worse than allowed, so CI can stop a pull request that makes a journey worse. ``compare``
prints the delta of every metric between two journeys (e.g. current and future state).

Scoring (numpy, scipy) and rich are imported inside the commands so that ``lifeexp --help``
stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import click

from lifeexp.cli._common import (
    EXIT_PROBLEMS,
    catalog_option,
    echo_json,
    follow_symlinks_option,
    format_option,
    handle_errors,
    load_journeys_or_exit,
    max_file_size_option,
    safe_text,
    scoring_options,
    scoring_options_from,
)
from lifeexp.cli._overlay import overlay_option, with_overlays
from lifeexp.escaping import printable_lines

if TYPE_CHECKING:
    from rich.console import Console

    from lifeexp.metrics import Limit
    from lifeexp.scoring import Scorecard

__all__ = ["compare", "score"]

_FORMATS = ("table", "json", "csv", "markdown")
# Start a progress bar when this many walks (samples × journeys) are to be simulated.
_PROGRESS_MIN_WALKS = 50_000
# ... or when this many journeys are scored.
_PROGRESS_MIN_JOURNEYS = 20

# --------------------------------------------------------------------------- options


def _parse_fail_over(values: Sequence[str]) -> list[Limit]:
    from lifeexp.metrics import parse_limit

    try:
        return [parse_limit(value) for value in values]
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--fail-over'") from None


class _Bar:
    """The progress bar of a long run: names the journey being scored and counts its work."""

    def __init__(self, bar: Any, task: Any, unit: str, journeys: int) -> None:
        self._bar, self._task, self._unit, self._journeys = bar, task, unit, journeys
        self._done = 0

    def start(self, journey_id: str) -> None:
        """Say which journey is being scored now (``scoring approaching-retirement (2/10)``)."""
        self._done += 1
        where = f" ({self._done}/{self._journeys})" if self._journeys > 1 else ""
        name = safe_text(journey_id)
        self._bar.update(self._task, description=f"scoring {name}{where}, {self._unit}")

    def advance(self, n: int) -> None:
        """Count ``n`` more walks (or journeys)."""
        self._bar.advance(self._task, n)


@contextmanager
def _progress(journeys: int, samples: int) -> Iterator[_Bar | None]:
    """A rich progress bar on stderr for long runs on a terminal; nothing otherwise.

    Long means many Monte Carlo walks (samples × journeys) or many journeys. The bar names
    the journey being scored and counts finished walks, or journeys when there is no
    sampling. It is never shown when stderr is not a terminal (piped, redirected, CI logs).
    """
    per_journey = max(samples, 1)
    long_run = samples * journeys >= _PROGRESS_MIN_WALKS or journeys >= _PROGRESS_MIN_JOURNEYS
    if not long_run or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    unit = "walks" if samples else "journeys"
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(f"scoring, {unit}", total=journeys * per_journey)
        yield _Bar(bar, task, unit, journeys)


# --------------------------------------------------------------------------- score


# Piped or redirected output has no width of its own; rich would assume 80 columns and cut
# long step ids and rule names ("cross_agency_hando…"). Tables keep their natural width then.
_PIPE_WIDTH: Final = 240


def _table_console() -> Console:
    from rich.console import Console

    width = None if sys.stdout.isatty() else _PIPE_WIDTH
    return Console(highlight=False, soft_wrap=False, width=width)


def _print_tables(cards: Sequence[Scorecard], top: int) -> None:
    from rich.table import Table
    from rich.text import Text

    from lifeexp.report import FRICTION_COLUMNS, friction_rows, scorecard_rows

    console = _table_console()
    for card in cards:
        # Text() never interprets markup, so a journey title like "[red]x" prints as written.
        table = Table(
            title=Text(safe_text(f"{card.title} ({card.journey_id}, {card.state})")),
            show_header=True,
            title_justify="left",
        )
        table.add_column("Metric", overflow="fold")
        table.add_column("Value", justify="right", overflow="fold")
        for label, value in scorecard_rows(card):
            table.add_row(Text(label), Text(value))
        console.print(table)
        rows = friction_rows(card, top) if top else []
        if rows:
            ft = Table(title=Text("Top friction points"), title_justify="left")
            for i, col in enumerate(FRICTION_COLUMNS[:-1]):
                # a long step id or rule name wraps, never "…"
                ft.add_column(col, justify="right" if i in {0, 3, 4} else "left", overflow="fold")
            for row in rows:
                ft.add_row(*(Text(safe_text(c)) for c in row[:-1]))
            console.print(ft)
            for row in rows:
                console.print(Text(safe_text(f"{row[0]}. {row[-1]}")))
        console.print()


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option(*_FORMATS, help="Output format.")
@scoring_options
@click.option(
    "--fail-over",
    "fail_over",
    multiple=True,
    metavar="METRIC=VALUE",
    help=(
        "Exit 1 when a journey is worse than VALUE on METRIC, e.g. "
        "time_tax.mean_minutes=600, prefill_rate=0.5 or trust.lower_bound=0.75 "
        "(higher-is-better metrics fail when under). Repeatable."
    ),
)
@click.option(
    "--rows",
    "row_kind",
    type=click.Choice(["summary", "steps", "friction", "trust", "drivers"]),
    default="summary",
    show_default=True,
    help=(
        "For --format csv: one row per journey, per step, per friction point, per trust "
        "figure (step, agency, journey, quarter) or per feedback driver."
    ),
)
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="Friction points shown per journey in table and markdown output.",
)
@click.option(
    "--min-responses",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="Below this many feedback responses only the 95% interval of a share is shown.",
)
@click.option(
    "--persona",
    metavar="ID",
    default=None,
    help="Score only this persona's path (its choices, else the most likely branch).",
)
@catalog_option
@overlay_option
@follow_symlinks_option
@max_file_size_option
@handle_errors
def score(
    paths: tuple[Path, ...],
    fmt: str,
    seed: int | None,
    samples: int | None,
    wage_rate: float | None,
    fail_over: tuple[str, ...],
    row_kind: str,
    top: int,
    min_responses: int,
    persona: str | None,
    catalogs: tuple[Path, ...],
    follow_symlinks: bool,
    max_file_size: int | None,
    overlays: tuple[Path, ...] = (),
) -> None:
    """Score journeys: time tax, lead time, handoffs, repeated data and friction points.

    PATH is a journey YAML file or a folder of them. Expected values are exact; percentiles
    come from a seeded Monte Carlo (--samples, --seed).
    """
    limits = _parse_fail_over(fail_over)
    journeys = with_overlays(
        load_journeys_or_exit(
            paths,
            catalog_paths=catalogs,
            follow_symlinks=follow_symlinks,
            max_file_size=max_file_size,
        ),
        overlays,
    )
    from lifeexp.scoring import score as score_journey

    if persona is not None:
        missing = [j.id for j in journeys if persona not in {p.id for p in j.personas}]
        if missing:
            known = sorted({p.id for j in journeys for p in j.personas}) or ["none"]
            raise click.BadParameter(
                safe_text(
                    f"no persona {persona!r} in journey(s) {', '.join(missing)} "
                    f"(personas: {', '.join(known)})"
                ),
                param_hint="'--persona'",
            )
    options = scoring_options_from(
        samples=samples, seed=seed, wage_rate=wage_rate, feedback_min_responses=min_responses
    )
    cards = []
    with _progress(len(journeys), options.samples) as bar:
        for journey in journeys:
            if bar is not None:
                bar.start(journey.id)
            tick = bar.advance if bar is not None and options.samples else None
            cards.append(score_journey(journey, options, progress=tick, persona=persona))
            if bar is not None and not options.samples:
                bar.advance(1)

    fmt = fmt.lower()
    if fmt == "json":
        echo_json([c.to_dict() for c in cards])
    elif fmt == "csv":
        rows = [r for c in cards for r in c.rows(row_kind)]  # type: ignore[arg-type]
        from lifeexp.report import rows_csv

        click.echo(rows_csv(rows), nl=False)
    elif fmt == "markdown":
        from lifeexp.report import scorecards_markdown

        click.echo(printable_lines(scorecards_markdown(cards, top)))
    else:
        _print_tables(cards, top)

    from lifeexp.metrics import check_limits

    checked = check_limits(cards, limits)
    for line in checked.skipped:
        click.echo(safe_text(f"note: {line}"), err=True)
    for line in checked.failures:
        click.echo(safe_text(f"fail-over: {line}"), err=True)
    if not checked.ok:
        raise click.exceptions.Exit(EXIT_PROBLEMS)


# --------------------------------------------------------------------------- compare


@click.command()
@click.argument("before", type=click.Path(path_type=Path))
@click.argument("after", type=click.Path(path_type=Path))
@format_option(*_FORMATS, help="Output format.")
@scoring_options
@catalog_option
@overlay_option
@max_file_size_option
@handle_errors
def compare(
    before: Path,
    after: Path,
    fmt: str,
    seed: int | None,
    samples: int | None,
    wage_rate: float | None,
    catalogs: tuple[Path, ...],
    max_file_size: int | None,
    overlays: tuple[Path, ...] = (),
) -> None:
    """Compare two journeys (e.g. current and future state) metric by metric.

    BEFORE and AFTER are journey YAML files. Prints every metric's delta, the steps and
    handoffs removed or added, and the annual hours saved.
    """
    for path in (before, after):
        if path.is_dir():
            raise click.BadParameter(
                f"{safe_text(str(path))!r} is a folder; compare takes two journey files",
                param_hint="'BEFORE'/'AFTER'",
            )
    journeys = with_overlays(
        load_journeys_or_exit([before, after], catalog_paths=catalogs, max_file_size=max_file_size),
        overlays,
    )
    if len(journeys) != 2:
        raise click.UsageError(
            f"compare needs two journeys; {safe_text(str(before))} and {safe_text(str(after))} "
            f"hold {len(journeys)} (a catalog file is not a journey)"
        )
    from lifeexp.scoring import compare as compare_journeys

    options = scoring_options_from(samples=samples, seed=seed, wage_rate=wage_rate)
    result = compare_journeys(journeys[0], journeys[1], options)
    for warning in result.warnings:  # on stderr, so every --format shows it
        click.echo(safe_text(f"warning: {warning}"), err=True)

    fmt = fmt.lower()
    if fmt == "json":
        echo_json(result.to_dict())
        return
    if fmt == "csv":
        from lifeexp.report import rows_csv

        click.echo(rows_csv(result.rows()), nl=False)
        return
    from lifeexp.report import (
        COMPARISON_COLUMNS,
        comparison_markdown,
        comparison_notes,
        comparison_rows,
        comparison_title,
    )

    if fmt == "markdown":
        click.echo(printable_lines(comparison_markdown(result)))
        return
    from rich.table import Table
    from rich.text import Text

    console = _table_console()
    table = Table(title=Text(safe_text(comparison_title(result))), title_justify="left")
    for col in COMPARISON_COLUMNS:
        table.add_column(
            col, justify="left" if col in {"Metric", "Verdict"} else "right", overflow="fold"
        )
    for row in comparison_rows(result):
        table.add_row(*(Text(safe_text(c)) for c in row))
    console.print(table)
    for note in comparison_notes(result):
        console.print(Text(safe_text(note)))
