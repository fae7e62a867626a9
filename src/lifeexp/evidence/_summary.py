"""How a calibration reads: the one-screen summary and the measured-against-designed tables.

:func:`calibration_tables` is the one place that decides what the comparison shows (columns,
spelling, flags); :func:`measured_vs_designed` writes those tables as Markdown and the HTML
report draws the same tables. Numbers are spelt by :mod:`lifeexp.formatting` like everywhere
else; probabilities and their intervals keep three decimals, the precision a measured share
with an interval needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lifeexp import formatting as fmt
from lifeexp.evidence._overlay import END, Calibration
from lifeexp.model import Journey

__all__ = [
    "CalibrationTable",
    "calibration_notes",
    "calibration_provenance",
    "calibration_summary",
    "calibration_tables",
    "measured_vs_designed",
]


def calibration_summary(journey: Journey, calibration: Calibration) -> list[str]:
    """Three lines: what was read, how well it follows the journey, what was suppressed."""
    prov, conf = calibration.provenance, calibration.conformance
    return [
        f"{prov.log}: {fmt.integer(prov.rows)} events, {fmt.integer(prov.mapped_cases)} cases "
        f"mapped onto {journey.id} ({prov.period[0][:10]} to {prov.period[1][:10]}, "
        f"{prov.engine})",
        f"fitness {fmt.share(conf.fitness)} ({fmt.integer(conf.fitting_cases)} of "
        f"{fmt.integer(conf.cases)} cases follow the journey); "
        f"{fmt.integer(len(conf.missing_from_journey))} moves missing from the journey, "
        f"{fmt.integer(len(conf.never_observed))} journey transitions never observed, "
        f"{fmt.integer(len(conf.unmapped_activities))} unmapped activities, "
        f"{fmt.integer(len(conf.outside_interval))} designed probabilities outside the "
        "measured interval",
        f"{fmt.integer(calibration.privacy.suppressed)} figures suppressed (fewer than "
        f"{fmt.integer(calibration.privacy.min_cases)} cases)",
    ]


def _p(x: float | None) -> str:
    return fmt.number(x, 3)


def _three(values: list[float] | None) -> str:
    if values is None:
        return fmt.MISSING
    return " / ".join(fmt.days(v) for v in values)


@dataclass(frozen=True, slots=True)
class CalibrationTable:
    """One measured-against-designed table, spelt out and ready to draw.

    Attributes:
        key: A stable id (``transitions``, ``waits``, ``processing``, ``handover``).
        caption: What the table shows, in a sentence.
        columns: Column headings.
        numeric: Per column, whether it holds numbers (drawn right-aligned).
        rows: The cells, as text.
        flagged: Per row, the reason it needs a reader's attention (or ``""``).
        suppressed: Per row, whether its figures are suppressed (fewer than k cases).
    """

    key: str
    caption: str
    columns: tuple[str, ...]
    numeric: tuple[bool, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    suppressed: list[bool] = field(default_factory=list)

    def add(self, *cells: str, flag: str = "", suppressed: bool = False) -> None:
        """Add a row (suppressed rows carry their first cells and the suppression note)."""
        padded = (*cells, *([""] * (len(self.columns) - len(cells))))
        self.rows.append(padded[: len(self.columns)])
        self.flagged.append(flag)
        self.suppressed.append(suppressed)


def _hidden(calibration: Calibration) -> str:
    return f"suppressed (< {calibration.privacy.min_cases} cases)"


def calibration_provenance(journey: Journey, calibration: Calibration) -> str:
    """One sentence: the log (name, hash), cases, events, period, engine and the fitness."""
    prov, conf = calibration.provenance, calibration.conformance
    return (
        f"Log {prov.log} (sha256 {prov.sha256[:12]}), {fmt.integer(prov.mapped_cases)} cases, "
        f"{fmt.integer(prov.rows)} events, {prov.period[0][:10]} to {prov.period[1][:10]}, "
        f"{prov.engine}, lifeexp {prov.lifeexp}. Fitness {fmt.share(conf.fitness)} "
        f"({fmt.integer(conf.fitting_cases)} of {fmt.integer(conf.cases)} cases follow a path "
        "of the journey)."
    )


def calibration_tables(journey: Journey, calibration: Calibration) -> list[CalibrationTable]:
    """Transitions, waits, agency processing and handovers: designed against measured.

    Suppressed figures read "suppressed (< k cases)"; a designed probability outside the
    measured 95 % interval, and a measured move the journey does not have, are flagged.
    Durations are in days, each with its support. Processing time is agency time: it is
    shown, never added to the person's time tax.
    """
    hidden = _hidden(calibration)
    moves = CalibrationTable(
        "transitions",
        "Branch probabilities: the journey's against the share of moves measured out of each "
        "step (pm4py's denominator, with the end of the case).",
        ("From", "To", "Designed", "Measured", "95 % interval", "Moves", "Support", "Note"),
        (False, False, True, True, False, True, True, False),
    )
    for t in calibration.transitions:
        to = "end of case" if t.to == END else t.to
        if t.suppressed:
            moves.add(t.from_, to, _p(t.designed), hidden, suppressed=True)
            continue
        ci = f"{_p(t.ci95[0])}–{_p(t.ci95[1])}" if t.ci95 else fmt.MISSING
        flag = ""
        if t.designed is None and t.to != END:
            flag = "not in the journey"
        elif t.ci95 and t.designed is not None and not t.ci95[0] <= t.designed <= t.ci95[1]:
            flag = "designed outside the interval"
        moves.add(
            t.from_, to, _p(t.designed), _p(t.probability), ci, fmt.integer(t.count),
            fmt.integer(t.support), flag, flag=flag,
        )  # fmt: skip
    waits = CalibrationTable(
        "waits",
        "Calendar waits after each step (start of the next minus completion, floored at 0), "
        "in days: the journey's three-point estimate against the measured quantiles.",
        ("Step", "Designed low / likely / high", "Measured p05 / p50 / p95", "Mean",
         "Three-point from the log", "Waits"),
        (False, False, False, True, False, True),
    )  # fmt: skip
    for w in calibration.waits:
        designed = _three(w.designed)
        if w.suppressed or w.quantiles is None or w.three_point is None or w.mean is None:
            waits.add(w.step, designed, hidden, suppressed=True)
            continue
        q = w.quantiles
        waits.add(
            w.step, designed, " / ".join(fmt.days(q[k]) for k in ("p05", "p50", "p95")),
            fmt.days(w.mean), _three(w.three_point), fmt.integer(w.count),
        )  # fmt: skip
    processing = CalibrationTable(
        "processing",
        "Agency processing time at each step (completion minus start), in minutes: agency "
        "time, shown for the record and never added to the person's time tax.",
        ("Step", "p05 / p50 / p95", "Mean", "Instances"),
        (False, False, True, True),
    )
    for d in calibration.processing:
        if d.suppressed or d.quantiles is None or d.mean is None:
            processing.add(d.step, hidden, suppressed=True)
            continue
        q = d.quantiles
        processing.add(
            d.step, " / ".join(fmt.minutes(q[k]) for k in ("p05", "p50", "p95")),
            fmt.minutes(d.mean), fmt.integer(d.count),
        )  # fmt: skip
    handover = CalibrationTable(
        "handover",
        "Handover of work: how often one organisation's event is directly followed by "
        "another's (self-handovers included), as a share of all successions.",
        ("From", "To", "Share", "Successions", "Cases"),
        (False, False, True, True, True),
    )
    for h in calibration.handover:
        if h.suppressed:
            handover.add(h.from_, h.to, hidden, suppressed=True)
            continue
        handover.add(h.from_, h.to, fmt.share(h.share), fmt.integer(h.count), fmt.integer(h.cases))
    return [t for t in (moves, waits, processing, handover) if t.rows]


def calibration_notes(journey: Journey, calibration: Calibration) -> list[str]:
    """What the tables leave out: journey transitions never observed, unmapped activities."""
    conf = calibration.conformance
    hidden = _hidden(calibration)
    notes = []
    if conf.never_observed:
        never = ", ".join(f"{e.from_} → {e.to}" for e in conf.never_observed)
        notes.append(f"Journey transitions never observed: {never}.")
    if conf.missing_from_journey:
        missing = ", ".join(
            f"{e.from_} → {e.to} ({fmt.integer(e.count) if e.count is not None else hidden})"
            for e in conf.missing_from_journey[:20]
        )
        notes.append(f"Moves in the log the journey does not have: {missing}.")
    if conf.unmapped_activities:
        shown = ", ".join(
            f"{a.activity} ({fmt.integer(a.events)} events)" if a.events is not None
            else f"{a.activity} ({hidden})"
            for a in conf.unmapped_activities[:20]
        )  # fmt: skip
        notes.append(f"Unmapped activities: {shown}.")
    return notes


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def measured_vs_designed(journey: Journey, calibration: Calibration) -> str:
    """Markdown: the tables of :func:`calibration_tables` under the log's provenance.

    Suppressed figures show as "suppressed (< k cases)"; a designed probability outside the
    measured 95 % interval is flagged.
    """
    lines = [
        f"## {_cell(journey.title)}: measured against designed",
        "",
        _cell(calibration_provenance(journey, calibration)),
    ]
    for table in calibration_tables(journey, calibration):
        lines += ["", _cell(table.caption), ""]
        lines.append("| " + " | ".join(table.columns) + " |")
        lines.append("|" + "|".join("---:" if n else "---" for n in table.numeric) + "|")
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    for note in calibration_notes(journey, calibration):
        lines += ["", _cell(note)]
    return "\n".join(lines) + "\n"
