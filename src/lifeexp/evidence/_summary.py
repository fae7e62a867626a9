"""How a calibration reads: the one-screen summary and the measured-against-designed tables.

Numbers are spelt by :mod:`lifeexp.formatting` like everywhere else; probabilities and their
intervals keep three decimals, the precision a measured share with an interval needs.
"""

from __future__ import annotations

from lifeexp import formatting as fmt
from lifeexp.evidence._overlay import END, Calibration
from lifeexp.model import Journey

__all__ = ["calibration_summary", "measured_vs_designed"]


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


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _p(x: float | None) -> str:
    return fmt.number(x, 3)


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
        f"Log `{_cell(prov.log)}` (sha256 `{prov.sha256[:12]}`), "
        f"{fmt.integer(prov.mapped_cases)} cases, {fmt.integer(prov.rows)} events, "
        f"{prov.period[0][:10]} to {prov.period[1][:10]}, {prov.engine}. Fitness "
        f"{fmt.share(conf.fitness)} ({fmt.integer(conf.fitting_cases)} of "
        f"{fmt.integer(conf.cases)} cases follow a path of the journey).",
        "",
        "| From | To | Designed | Measured | 95 % interval | Moves | Support | |",
        "|---|---|---:|---:|---|---:|---:|---|",
    ]
    for t in calibration.transitions:
        to = "end of case" if t.to == END else t.to
        if t.suppressed:
            lines.append(f"| {_cell(t.from_)} | {_cell(to)} | {_p(t.designed)} | {hidden} |||||")
            continue
        ci = f"{_p(t.ci95[0])}–{_p(t.ci95[1])}" if t.ci95 else fmt.MISSING
        flag = ""
        if t.designed is None and t.to != END:
            flag = "not in the journey"
        elif t.ci95 and t.designed is not None and not t.ci95[0] <= t.designed <= t.ci95[1]:
            flag = "designed outside the interval"
        lines.append(
            f"| {_cell(t.from_)} | {_cell(to)} | {_p(t.designed)} | {_p(t.probability)} | {ci} "
            f"| {fmt.integer(t.count)} | {fmt.integer(t.support)} | {flag} |"
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
        tp = ", ".join(fmt.number(x, 2) for x in w.three_point)
        qs = " / ".join(fmt.days(q[k]) for k in ("p05", "p50", "p95"))
        lines.append(
            f"| {_cell(w.step)} | {designed} | {qs} | {fmt.days(w.mean)} | [{tp}] "
            f"| {fmt.integer(w.count)} |"
        )
    if conf.never_observed:
        never = ", ".join(f"{_cell(e.from_)} → {_cell(e.to)}" for e in conf.never_observed)
        lines += ["", f"Journey transitions never observed: {never}"]
    if conf.unmapped_activities:
        shown = ", ".join(
            f"{_cell(a.activity)} ({fmt.integer(a.events)} events)" if a.events is not None
            else f"{_cell(a.activity)} ({hidden})"
            for a in conf.unmapped_activities[:20]
        )  # fmt: skip
        lines += ["", f"Unmapped activities: {shown}"]
    return "\n".join(lines) + "\n"
