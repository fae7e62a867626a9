"""Measured against designed: a Markdown review table of a calibration."""

from __future__ import annotations

from lifeexp.evidence._overlay import END, Calibration
from lifeexp.model import Journey

__all__ = ["measured_vs_designed"]


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _p(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def measured_vs_designed(journey: Journey, calibration: Calibration) -> str:
    """Markdown tables: every transition and wait, designed against measured, with support.

    Suppressed figures show as "suppressed (fewer than k cases)"; a designed probability
    outside the measured 95 % interval is flagged.
    """
    k = calibration.privacy.min_cases
    hidden = f"suppressed (< {k} cases)"
    conf = calibration.conformance
    prov = calibration.provenance
    lines = [
        f"## {_cell(journey.title)}: measured against designed",
        "",
        f"Log `{_cell(prov.log)}` (sha256 `{prov.sha256[:12]}`), {prov.mapped_cases:,} cases, "
        f"{prov.rows:,} events, {prov.period[0][:10]} to {prov.period[1][:10]}, {prov.engine}. "
        f"Fitness {conf.fitness:.1%} ({conf.fitting_cases:,} of {conf.cases:,} cases follow a "
        "path of the journey).",
        "",
        "| From | To | Designed | Measured | 95 % interval | Moves | Support | |",
        "|---|---|---:|---:|---|---:|---:|---|",
    ]
    for t in calibration.transitions:
        to = "end of case" if t.to == END else t.to
        if t.suppressed:
            lines.append(f"| {_cell(t.from_)} | {_cell(to)} | {_p(t.designed)} | {hidden} |||||")
            continue
        ci = f"{t.ci95[0]:.3f}–{t.ci95[1]:.3f}" if t.ci95 else "–"
        flag = ""
        if t.designed is None and t.to != END:
            flag = "not in the journey"
        elif t.ci95 and t.designed is not None and not t.ci95[0] <= t.designed <= t.ci95[1]:
            flag = "designed outside the interval"
        lines.append(
            f"| {_cell(t.from_)} | {_cell(to)} | {_p(t.designed)} | {_p(t.probability)} | {ci} "
            f"| {t.count:,} | {t.support:,} | {flag} |"
        )
    lines += [
        "",
        "| Step | Designed wait (days) | Measured p05 / p50 / p95 | Mean | Three-point | Waits |",
        "|---|---|---|---:|---|---:|",
    ]
    for w in calibration.waits:
        designed = (
            "–" if w.designed is None else "[" + ", ".join(f"{x:g}" for x in w.designed) + "]"
        )
        if w.suppressed or w.quantiles is None or w.three_point is None or w.mean is None:
            lines.append(f"| {_cell(w.step)} | {designed} | {hidden} ||||")
            continue
        q = w.quantiles
        tp = ", ".join(f"{x:.3g}" for x in w.three_point)
        lines.append(
            f"| {_cell(w.step)} | {designed} | {q['p05']:.3g} / {q['p50']:.3g} / {q['p95']:.3g} "
            f"| {w.mean:.3g} | [{tp}] | {w.count:,} |"
        )
    if conf.never_observed:
        never = ", ".join(f"{_cell(e.from_)} → {_cell(e.to)}" for e in conf.never_observed)
        lines += ["", f"Journey transitions never observed: {never}"]
    if conf.unmapped_activities:
        shown = ", ".join(
            f"{_cell(a.activity)} ({a.events:,} events)" if a.events is not None
            else f"{_cell(a.activity)} ({hidden})"
            for a in conf.unmapped_activities[:20]
        )  # fmt: skip
        lines += ["", f"Unmapped activities: {shown}"]
    return "\n".join(lines) + "\n"
