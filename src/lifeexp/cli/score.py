"""``lifeexp score`` and ``lifeexp compare``: scorecards on the command line.

``score`` prints the headline metrics and the worst friction points of each journey as a
table, Markdown, CSV or JSON; ``--fail-over METRIC=VALUE`` makes it exit 1 when a journey is
worse than allowed, so CI can stop a pull request that makes a journey worse. ``compare``
prints the delta of every metric between two journeys (e.g. current and future state).

Scoring (numpy, scipy) and rich are imported inside the commands so that ``lifeexp --help``
stays fast.
"""

from __future__ import annotations

import csv
import io
import math
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from lifeexp.cli._common import (
    EXIT_PROBLEMS,
    catalog_option,
    echo_json,
    follow_symlinks_option,
    format_option,
    handle_errors,
    load_journeys_or_exit,
    safe_text,
)

if TYPE_CHECKING:
    from lifeexp.scoring import Comparison, Scorecard, ScoringOptions

__all__ = ["compare", "score"]

_FORMATS = ("table", "json", "csv", "markdown")
# Start a progress bar when this many walks (samples × journeys) are to be simulated.
_PROGRESS_MIN_WALKS = 50_000
# ... or when this many journeys are scored.
_PROGRESS_MIN_JOURNEYS = 20

# The headline metric names, kept here so that parsing --fail-over does not import numpy;
# a test checks they match lifeexp.scoring.METRICS.
_METRIC_NAMES = (
    "time_tax.mean_minutes",
    "time_tax.p80_minutes",
    "time_tax.p95_minutes",
    "time_tax.learning_share",
    "time_tax.psychological_load",
    "annual.hours",
    "annual.dollars",
    "lead_time.expected_days",
    "lead_time.p80_days",
    "lead_time.activity_ratio",
    "handoffs.expected_cross_agency",
    "handoffs.expected_agencies",
    "handoffs.touchpoints",
    "handoffs.channel_switches",
    "handoffs.reauthentications",
    "tell_us_once.repeated_entries",
    "tell_us_once.prefill_rate",
    "rework.expected_extra_visits",
    "friction.count",
)


# --------------------------------------------------------------------------- escaping


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")


def md_escape(text: str) -> str:
    """Escape a user string for a Markdown table cell (one line, no markup, no HTML)."""
    one_line = safe_text(" ".join(text.split()))
    return _MD_SPECIAL.sub(r"\\\1", one_line).replace("&", "&amp;")


def csv_cell(value: Any) -> Any:
    """Make a CSV cell safe: printable, and never read as a spreadsheet formula."""
    if isinstance(value, str):
        value = safe_text(value)
        if value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
            return "'" + value
    return value


def _num(value: float | None, unit: str = "") -> str:
    if value is None or math.isnan(value):
        return "n/a"
    if unit == "share":
        return f"{value:.1%}" if abs(value) >= 0.01 or value == 0 else f"{value:.3%}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.2f}"


# --------------------------------------------------------------------------- options


def _parse_fail_over(values: Sequence[str]) -> list[tuple[str, float]]:
    rules: list[tuple[str, float]] = []
    for value in values:
        name, sep, limit = value.partition("=")
        name = name.strip()
        matches = [m for m in _METRIC_NAMES if name in (m, m.split(".", 1)[1])]
        if not sep or len(matches) != 1:
            known = ", ".join(_METRIC_NAMES)
            msg = f"expected METRIC=VALUE with METRIC one of {known}; got {value!r}"
            raise click.BadParameter(msg, param_hint="'--fail-over'")
        try:
            threshold = float(limit)
        except ValueError:
            msg = f"the limit in {value!r} is not a number"
            raise click.BadParameter(msg, param_hint="'--fail-over'") from None
        if not math.isfinite(threshold):
            msg = f"the limit in {value!r} must be a finite number"
            raise click.BadParameter(msg, param_hint="'--fail-over'")
        rules.append((matches[0], threshold))
    return rules


def _options(samples: int, seed: int | None, wage_rate: float | None) -> ScoringOptions:
    from lifeexp.scoring import ScoringOptions

    extra: dict[str, Any] = {"samples": samples, "wage_rate": wage_rate}
    if seed is not None:
        extra["seed"] = seed
    return ScoringOptions(**extra)


def _scoring_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option(
        "--wage-rate",
        type=click.FloatRange(min=0, max=1e6),
        default=None,
        metavar="USD",
        help="Value annual burden hours at this hourly rate (USD).",
    )(func)
    func = click.option(
        "--samples",
        type=click.IntRange(0, 10_000_000),
        default=10_000,
        show_default=True,
        help="Monte Carlo runs for the percentiles (0 = exact expected values only).",
    )(func)
    func = click.option(
        "--seed",
        type=click.IntRange(min=0),
        default=None,
        help="Monte Carlo seed; the same seed gives identical results.  [default: 14058]",
    )(func)
    return func


@contextmanager
def _progress(journeys: int, samples: int) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on stderr for long runs on a terminal; nothing otherwise.

    Long means many Monte Carlo walks (samples × journeys) or many journeys. The bar counts
    finished walks, or journeys when there is no sampling. It is never shown when stderr is
    not a terminal (piped, redirected, CI logs).
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
        TextColumn(f"scoring ({unit})"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(unit, total=journeys * per_journey)
        yield lambda n: bar.advance(task, n)


# --------------------------------------------------------------------------- score


def _summary_lines(card: Scorecard) -> list[tuple[str, str]]:
    tt, lt, h, t = card.time_tax, card.lead_time, card.handoffs, card.tell_us_once
    rows = [
        ("Expected time tax", f"{_num(tt.mean_minutes)} min"),
        (
            "Time tax P50 / P80 / P95",
            f"{_num(tt.p50_minutes)} / {_num(tt.p80_minutes)} / {_num(tt.p95_minutes)} min",
        ),
        ("Learning share", _num(tt.learning_share, "share")),
        ("Psychological load (0-3 per visit)", _num(tt.psychological_load)),
    ]
    if card.annual is not None:
        value = f"{_num(card.annual.hours)} h for {card.annual.people:,} people"
        if card.annual.dollars is not None:
            value += f" (${card.annual.dollars:,.0f} at ${card.annual.wage_rate:,.2f}/h)"
        rows.append(("Annual burden", value))
    rows += [
        ("Expected lead time", f"{_num(lt.expected_days)} days"),
        ("Lead time P80", f"{_num(lt.p80_days)} days"),
        ("Activity ratio", _num(lt.activity_ratio, "share")),
        ("Cross-agency handoffs", _num(h.expected_cross_agency)),
        ("Agencies dealt with", _num(h.expected_agencies)),
        ("Touchpoints", _num(h.touchpoints)),
        ("Channel switches", _num(h.channel_switches)),
        ("Re-authentications", _num(h.reauthentications)),
        ("Repeated data entries", _num(t.repeated_entries)),
        ("Pre-fill rate", _num(t.prefill_rate, "share")),
        ("Rework visits", _num(card.rework.expected_extra_visits)),
        ("Friction points", str(len(card.friction_points))),
    ]
    return rows


def _friction_line(rank: int, where: str, rules: str, minutes: float, days: float) -> list[str]:
    return [str(rank), where, rules, _num(minutes), _num(days)]


def _render_table(cards: Sequence[Scorecard], top: int) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=False)
    for card in cards:
        # Text() never interprets markup, so a journey title like "[red]x" prints as written.
        table = Table(
            title=Text(safe_text(f"{card.title} ({card.journey_id}, {card.state})")),
            show_header=True,
            title_justify="left",
        )
        table.add_column("Metric")
        table.add_column("Value", justify="right")
        for label, value in _summary_lines(card):
            table.add_row(Text(label), Text(value))
        console.print(table)
        if top and card.friction_points:
            ft = Table(title=Text("Top friction points"), title_justify="left")
            for col in ("#", "Where", "Rules", "Min at stake", "Days at stake"):
                ft.add_column(
                    col,
                    justify="right" if col in {"#", "Min at stake", "Days at stake"} else "left",
                )
            for p in card.friction_points[:top]:
                where = " → ".join(p.transition) if p.transition else p.step_id
                cells = _friction_line(
                    p.rank, where, ", ".join(p.rules), p.minutes_at_stake, p.days_at_stake
                )
                ft.add_row(*(Text(safe_text(c)) for c in cells))
            console.print(ft)
            for p in card.friction_points[:top]:
                console.print(Text(safe_text(f"{p.rank}. {p.reason}")))
        console.print()


def _render_markdown(cards: Sequence[Scorecard], top: int) -> str:
    out: list[str] = []
    for card in cards:
        out.append(f"## {md_escape(card.title)} ({md_escape(card.journey_id)}, {card.state})\n")
        out.append("| Metric | Value |\n|---|---:|")
        out.extend(f"| {md_escape(k)} | {md_escape(v)} |" for k, v in _summary_lines(card))
        out.append("")
        if top and card.friction_points:
            out.append("### Top friction points\n")
            out.append("| # | Where | Rules | Minutes at stake | Days at stake | Why |")
            out.append("|---:|---|---|---:|---:|---|")
            for p in card.friction_points[:top]:
                where = " → ".join(p.transition) if p.transition else p.step_id
                cells = [
                    *_friction_line(
                        p.rank, where, ", ".join(p.rules), p.minutes_at_stake, p.days_at_stake
                    ),
                    p.reason,
                ]
                out.append("| " + " | ".join(md_escape(c) for c in cells) + " |")
            out.append("")
    return "\n".join(out)


def _write_csv(rows: Sequence[dict[str, Any]]) -> str:
    buf = io.StringIO()
    if not rows:
        return ""
    fields: dict[str, None] = {}
    for row in rows:
        fields.update(dict.fromkeys(row))
    writer = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
    return buf.getvalue()


def _check_limits(cards: Sequence[Scorecard], rules: Sequence[tuple[str, float]]) -> list[str]:
    from lifeexp.scoring import METRICS

    better = {m.name: m.better for m in METRICS}
    failures: list[str] = []
    for card in cards:
        values = card.metrics()
        for name, limit in rules:
            value = values[name]
            if value is None:
                click.echo(
                    safe_text(
                        f"note: journey {card.journey_id!r} has no {name}; --fail-over not applied"
                    ),
                    err=True,
                )
                continue
            worse = value > limit if better[name] == "lower" else value < limit
            if worse:
                word = "over" if better[name] == "lower" else "under"
                failures.append(
                    f"journey {card.journey_id!r}: {name} = {value:,.4g} is {word} the allowed "
                    f"{limit:,.4g} ({better[name]} is better)"
                )
    return failures


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option(*_FORMATS, help="Output format.")
@_scoring_options
@click.option(
    "--fail-over",
    "fail_over",
    multiple=True,
    metavar="METRIC=VALUE",
    help=(
        "Exit 1 when a journey is worse than VALUE on METRIC, e.g. "
        "time_tax.mean_minutes=600 or prefill_rate=0.5 (higher-is-better metrics fail when "
        "under). Repeatable."
    ),
)
@click.option(
    "--rows",
    "row_kind",
    type=click.Choice(["summary", "steps", "friction"]),
    default="summary",
    show_default=True,
    help="For --format csv: one row per journey, per step or per friction point.",
)
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="Friction points shown per journey in table and markdown output.",
)
@catalog_option
@follow_symlinks_option
@handle_errors
def score(
    paths: tuple[Path, ...],
    fmt: str,
    seed: int | None,
    samples: int,
    wage_rate: float | None,
    fail_over: tuple[str, ...],
    row_kind: str,
    top: int,
    catalogs: tuple[Path, ...],
    follow_symlinks: bool,
) -> None:
    """Score journeys: time tax, lead time, handoffs, repeated data and friction points.

    PATH is a journey YAML file or a folder of them. Expected values are exact; percentiles
    come from a seeded Monte Carlo (--samples, --seed).
    """
    limits = _parse_fail_over(fail_over)
    journeys = load_journeys_or_exit(paths, catalog_paths=catalogs, follow_symlinks=follow_symlinks)
    from lifeexp.scoring import score as score_journey

    options = _options(samples, seed, wage_rate)
    cards = []
    with _progress(len(journeys), samples) as advance:
        for journey in journeys:
            cards.append(score_journey(journey, options, progress=advance if samples else None))
            if advance is not None and not samples:
                advance(1)

    fmt = fmt.lower()
    if fmt == "json":
        echo_json([c.to_dict() for c in cards])
    elif fmt == "csv":
        rows = [r for c in cards for r in c.rows(row_kind)]  # type: ignore[arg-type]
        click.echo(_write_csv(rows), nl=False)
    elif fmt == "markdown":
        click.echo(_render_markdown(cards, top))
    else:
        _render_table(cards, top)

    failures = _check_limits(cards, limits)
    for line in failures:
        click.echo(safe_text(f"fail-over: {line}"), err=True)
    if failures:
        raise click.exceptions.Exit(EXIT_PROBLEMS)


# --------------------------------------------------------------------------- compare


def _comparison_rows(c: Comparison) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for m in c.metrics:
        verdict = {True: "better", False: "worse", None: ""}[m.improved]
        # A change of a share is in percentage points, not a percentage of the share.
        change = (
            f"{m.delta * 100:+.1f} pp"
            if m.unit == "share" and m.delta is not None
            else _num(m.delta, m.unit)
        )
        rows.append((m.label, _num(m.before, m.unit), _num(m.after, m.unit), change, verdict))
    return rows


def _comparison_notes(c: Comparison) -> list[str]:
    notes: list[str] = []
    if c.annual_hours_saved is not None:
        line = f"Annual hours saved: {c.annual_hours_saved:,.0f} h for {c.annual_people:,} people"
        if c.annual_dollars_saved is not None:
            line += f" (${c.annual_dollars_saved:,.0f})"
        notes.append(line)
    if c.steps_removed:
        notes.append("Steps removed: " + ", ".join(c.steps_removed))
    if c.steps_added:
        notes.append("Steps added: " + ", ".join(c.steps_added))
    if c.steps_matched_by_title:
        notes.append(
            "Matched by title: " + ", ".join(f"{a} = {b}" for a, b in c.steps_matched_by_title)
        )
    for label, refs in (
        ("Handoffs removed", c.handoffs_removed),
        ("Handoffs added", c.handoffs_added),
    ):
        if refs:
            notes.append(
                f"{label}: "
                + "; ".join(
                    f"{h.from_agency} → {h.to_agency} ({h.from_step} → {h.to_step}, {h.handoff})"
                    for h in refs
                )
            )
    if c.handoffs_changed:
        notes.append(
            "Handoffs changed: "
            + "; ".join(
                f"{a.from_step} → {a.to_step}: {a.handoff} → {b.handoff}"
                for a, b in c.handoffs_changed
            )
        )
    return notes


@click.command()
@click.argument("before", type=click.Path(path_type=Path))
@click.argument("after", type=click.Path(path_type=Path))
@format_option(*_FORMATS, help="Output format.")
@_scoring_options
@catalog_option
@handle_errors
def compare(
    before: Path,
    after: Path,
    fmt: str,
    seed: int | None,
    samples: int,
    wage_rate: float | None,
    catalogs: tuple[Path, ...],
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
    journeys = load_journeys_or_exit([before, after], catalog_paths=catalogs)
    if len(journeys) != 2:
        raise click.UsageError(
            f"compare needs two journeys; {safe_text(str(before))} and {safe_text(str(after))} "
            f"hold {len(journeys)} (a catalog file is not a journey)"
        )
    from lifeexp.scoring import compare as compare_journeys

    options = _options(samples, seed, wage_rate)
    result = compare_journeys(journeys[0], journeys[1], options)

    fmt = fmt.lower()
    if fmt == "json":
        echo_json(result.to_dict())
        return
    if fmt == "csv":
        click.echo(_write_csv(result.rows()), nl=False)
        return
    head = f"{result.before_title} ({result.before_id}) → {result.after_title} ({result.after_id})"
    if fmt == "markdown":
        lines = [
            f"## {md_escape(head)}\n",
            "| Metric | Before | After | Change | |",
            "|---|---:|---:|---:|---|",
        ]
        lines += [
            "| " + " | ".join(md_escape(c) for c in row) + " |" for row in _comparison_rows(result)
        ]
        lines.append("")
        lines += [f"- {md_escape(n)}" for n in _comparison_notes(result)]
        click.echo("\n".join(lines))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    table = Table(title=Text(safe_text(head)), title_justify="left")
    for col in ("Metric", "Before", "After", "Change", ""):
        table.add_column(col, justify="left" if col in {"Metric", ""} else "right")
    for row in _comparison_rows(result):
        table.add_row(*(Text(c) for c in row))
    console.print(table)
    for note in _comparison_notes(result):
        console.print(Text(safe_text(note)))
