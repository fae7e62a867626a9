"""Scorecards and comparisons as rows of text: what ``lifeexp score`` and ``lifeexp compare``
print, as tables or Markdown, reusable from a notebook.

Labels and units come from the metric registry (:mod:`lifeexp.metrics`) and every figure is
formatted by :mod:`lifeexp.formatting`, so a figure reads the same here as in the map and
the HTML report.

>>> import lifeexp
>>> journey = lifeexp.load_journey("journeys/approaching-retirement.yaml")  # doctest: +SKIP
>>> print(lifeexp.report.scorecards_markdown([lifeexp.score(journey)]))  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from lifeexp import formatting as fmt
from lifeexp.escaping import printable
from lifeexp.metrics import metric_named
from lifeexp.rendering import markdown_table_cell

if TYPE_CHECKING:
    from lifeexp.scoring import Comparison, FrictionPoint, Scorecard

__all__ = [
    "COMPARISON_COLUMNS",
    "FRICTION_COLUMNS",
    "comparison_headline",
    "comparison_markdown",
    "comparison_notes",
    "comparison_rows",
    "comparison_title",
    "friction_rows",
    "scorecard_rows",
    "scorecards_markdown",
]

FRICTION_COLUMNS: Final = ("#", "Where", "Rules", "Time at stake", "Wait at stake", "Why")
"""The columns of :func:`friction_rows`."""

COMPARISON_COLUMNS: Final = ("Metric", "Before", "After", "Change", "Verdict")
"""The columns of :func:`comparison_rows`."""


def _row(card: Scorecard, name: str, label: str | None = None) -> tuple[str, str]:
    info = metric_named(name)
    return (label or info.label, fmt.metric(card.metrics()[name], info.unit))


def scorecard_rows(card: Scorecard) -> list[tuple[str, str]]:
    """The headline figures of a scorecard as ``(label, value)`` rows, in display order."""
    tt, lt = card.time_tax, card.lead_time
    # What the person gets comes first (issue 12).
    rows = [
        (
            f"Outcome: {o.name}",
            f"{fmt.share(o.probability)} reach it"
            + (f", in {fmt.days(o.expected_days)}" if o.expected_days is not None else ""),
        )
        for o in card.outcomes
    ]
    rows += [
        _row(card, "time_tax.mean_minutes"),
        (
            "Time tax P50 / P80 / P95",
            " / ".join(fmt.minutes(m) for m in (tt.p50_minutes, tt.p80_minutes, tt.p95_minutes)),
        ),
    ]
    # Time others bear, reported beside the time tax whenever the journey has it.
    if tt.duty_minutes:
        rows.append(_row(card, "time_tax.duty_minutes", "Duty or work time (not in the time tax)"))
    if tt.agency_staff_minutes:
        rows.append(
            _row(card, "time_tax.agency_staff_minutes", "Agency staff time (not in the time tax)")
        )
    rows += [
        _row(card, "time_tax.learning_share"),
        _row(card, "time_tax.psychological_load", "Psychological load (0–3 per visit)"),
    ]
    if card.annual is not None:
        value = f"{fmt.hours(card.annual.hours)} for {fmt.integer(card.annual.people)} people"
        if card.annual.dollars is not None and card.annual.wage_rate is not None:
            rate = fmt.dollars(card.annual.wage_rate, cents=True)
            value += f" ({fmt.dollars(card.annual.dollars)} at {rate}/h)"
        rows.append(("Annual burden", value))
    rows += [_row(card, name) for name in ("lead_time.expected_days", "lead_time.p80_days")]
    if lt.milestone_days:
        rows.append(_row(card, "lead_time.milestone_days"))
    rows += [
        _row(card, name)
        for name in (
            "lead_time.activity_ratio",
            "handoffs.person_handoffs",
            "handoffs.shared_handoffs",
            "handoffs.total",
            "handoffs.expected_agencies",
            "handoffs.touchpoints",
            "handoffs.channel_switches",
            "handoffs.reauthentications",
            "tell_us_once.repeated_entries",
            "tell_us_once.prefill_rate",
            "rework.expected_extra_visits",
            "friction.count",
        )
    ]
    if card.trust is not None:
        from lifeexp.evidence.feedback import trust_lines

        rows += trust_lines(card.trust)
    rows += _persona_and_volume_rows(card)
    return rows


def _persona_and_volume_rows(card: Scorecard) -> list[tuple[str, str]]:
    """Each persona's path, the spread between them, and volumes that do not add up."""
    rows: list[tuple[str, str]] = []
    for p in card.personas:
        share = f", {fmt.share(p.share)} of people" if p.share is not None else ""
        rows.append(
            (
                f"Persona: {p.name}{share}",
                f"{fmt.minutes(p.time_tax_minutes)}, {fmt.days(p.lead_time_days)}, "
                f"{fmt.count(p.person_handoffs)} handoffs carried",
            )
        )
    spread = card.persona_spread
    if spread is not None:
        ratio = f", {fmt.number(spread.ratio, 2)}×" if spread.ratio else ""
        rows.append(
            (
                "Spread between personas",
                f"{fmt.minutes(spread.minutes)} ({spread.highest} vs {spread.lowest}){ratio}",
            )
        )
    for v in card.volumes:
        if not v.consistent:
            rows.append(
                (
                    f"Volume check: {v.step_id}",
                    f"implied {fmt.integer(v.implied)} a year vs published "
                    f"{fmt.integer(v.published)} {v.counts}",
                )
            )
    return rows


def _where(point: FrictionPoint) -> str:
    return " → ".join(point.transition) if point.transition else (point.step_id or "")


def friction_rows(card: Scorecard, top: int | None = None) -> list[tuple[str, ...]]:
    """The worst ``top`` friction points (all when ``None``), one row each, in the order of
    :data:`FRICTION_COLUMNS`."""
    points = card.friction_points if top is None else card.friction_points[:top]
    return [
        (
            str(p.rank),
            _where(p),
            ", ".join(p.rules),
            fmt.minutes(p.minutes_at_stake),
            fmt.days(p.days_at_stake),
            p.reason,
        )
        for p in points
    ]


def _markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> str:
    align = ["---:" if i in right else "---" for i in range(len(header))]
    lines = [
        "| " + " | ".join(markdown_table_cell(h) for h in header) + " |",
        "|" + "|".join(align) + "|",
    ]
    lines += ["| " + " | ".join(markdown_table_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def scorecards_markdown(cards: Sequence[Scorecard], top: int = 5) -> str:
    """Scorecards as Markdown: a headline table per journey and its worst ``top`` friction
    points. Every user string is escaped, so a title cannot inject markup."""
    out: list[str] = []
    for card in cards:
        title = f"{card.title} ({card.journey_id}, {card.state})"
        out.append(f"## {markdown_table_cell(title)}\n")
        out.append(_markdown_table(("Metric", "Value"), scorecard_rows(card), {1}))
        out.append("")
        if top and card.friction_points:
            out.append("### Top friction points\n")
            out.append(_markdown_table(FRICTION_COLUMNS, friction_rows(card, top), {0, 3, 4}))
            out.append("")
    return "\n".join(out)


def _verdict(improved: bool | None, delta: float | None) -> str:
    if improved is None:
        return "changed" if delta not in (None, 0) else "no change"
    return "better" if improved else "worse"


def comparison_rows(comparison: Comparison) -> list[tuple[str, str, str, str, str]]:
    """Every metric of a comparison, in the order of :data:`COMPARISON_COLUMNS`; each figure
    carries its unit and each change its sign and unit."""
    return [
        (
            m.label,
            fmt.metric(m.before, m.unit),
            fmt.metric(m.after, m.unit),
            fmt.change(m.delta, m.unit),
            _verdict(m.improved, m.delta),
        )
        for m in comparison.metrics
        if m.before is not None or m.after is not None
    ]


def comparison_headline(comparison: Comparison) -> str | None:
    """What the change means for the public's time in a year, or ``None`` without annual
    volumes: "would save 1,200 h …" or, when the future state takes longer, "would add …"."""
    saved = comparison.annual_hours_saved
    if saved is None:
        return None
    people = fmt.integer(comparison.annual_people) if comparison.annual_people else None
    if saved == 0:
        text = "The future state would take as much of the public's time"
    else:
        verb = "save" if saved > 0 else "add"
        text = f"The future state would {verb} {fmt.hours(abs(saved))} of the public's time"
    if people is not None:
        text += f" a year for {people} people"
    dollars = comparison.annual_dollars_saved
    if dollars:
        text += f" (worth {fmt.dollars(abs(dollars))})"
    return text + "."


def comparison_notes(comparison: Comparison) -> list[str]:
    """The annual saving and the steps and handoffs removed, added or changed."""
    c = comparison
    notes: list[str] = []
    verdict = {True: "better", False: "worse", None: "no change"}
    for o in c.outcomes:  # what people get comes first (issue 12)
        days = (
            f", {fmt.days(o.before_days)} → {fmt.days(o.after_days)}"
            if o.before_days is not None and o.after_days is not None
            else ""
        )
        notes.append(
            f"Outcome {o.name}: {fmt.share(o.before_probability)} → "
            f"{fmt.share(o.after_probability)} reach it{days} ({verdict[o.improved]})"
        )
    headline = comparison_headline(c)
    if headline is not None:
        notes.append(headline)
    if c.hours_saved_by_step:
        notes.append(
            "Hours saved by step: "
            + "; ".join(
                f"{r.before_step or r.after_step}: {fmt.hours(r.hours)}"
                if r.hours >= 0
                else f"{r.before_step or r.after_step}: −{fmt.hours(-r.hours)}"
                for r in c.hours_saved_by_step[:5]
            )
        )
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


def comparison_title(comparison: Comparison) -> str:
    c = comparison
    return f"{c.before_title} ({c.before_id}) → {c.after_title} ({c.after_id})"


def comparison_markdown(comparison: Comparison) -> str:
    """A comparison as Markdown: the metric table, then the notes as a list."""
    lines = [
        f"## {markdown_table_cell(comparison_title(comparison))}\n",
        _markdown_table(COMPARISON_COLUMNS, comparison_rows(comparison), {1, 2, 3}),
        "",
    ]
    lines += [f"- {markdown_table_cell(n)}" for n in comparison_notes(comparison)]
    return "\n".join(lines)


# --------------------------------------------------------------------------- CSV


def csv_cell(value: Any) -> Any:
    """Make a CSV cell safe: printable, and never read as a spreadsheet formula.

    >>> csv_cell("=HYPERLINK(1)"), csv_cell(-3.5)
    ("'=HYPERLINK(1)", -3.5)
    """
    if isinstance(value, str):
        value = printable(value)
        if value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
            return "'" + value
    return value


def rows_csv(rows: Sequence[dict[str, Any]]) -> str:
    """Rows (``Scorecard.rows()``, ``Comparison.rows()``) as CSV text, every cell made safe;
    the columns are the union of the rows' keys in first-seen order.

    >>> print(rows_csv([{"journey": "a", "minutes": 1.5}, {"journey": "=b"}]), end="")
    journey,minutes
    a,1.5
    '=b,
    """
    if not rows:
        return ""
    fields: dict[str, None] = {}
    for row in rows:
        fields.update(dict.fromkeys(row))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
    return buf.getvalue()
