"""The report's trust views: the goal line, per-step trust, where trust is lost, and change.

Everything shown is a share with its n and 95 % interval, written out in words next to any
graphic, so nothing is carried by colour or position alone. The interval chart draws each
step's interval as a line, its point (when there are enough responses) as a dot, and the
goal as a dashed vertical line labelled with its value.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any, Final

from markupsafe import Markup

from lifeexp import formatting as fmt
from lifeexp.evidence.feedback import FORMAT_LABELS, goal_text, pct, points, share_text

if TYPE_CHECKING:
    from lifeexp.evidence.feedback import FeedbackScore, StepTrust, TrustFigure
    from lifeexp.scoring import Scorecard

__all__ = ["CAVEAT", "interval_chart", "trust_summary", "trust_view"]

CAVEAT: Final = (
    "These are answers to a voluntary survey offered after a transaction. The people who "
    "answer are not a random sample of everyone served, so the figures describe those who "
    "chose to answer; the intervals reflect the number of answers only, not who chose to "
    "answer. Drivers are what respondents ticked; differences in trust between those who did "
    "and did not name a driver are associations, not measured effects."
)

_INK: Final = "#1b1b1b"
_LINE: Final = "#1f5f99"  # 6.9:1 on white
_GOAL: Final = "#a1262b"  # 6.6:1 on white
_WIDTH: Final = 520
_LEFT: Final = 12
_SCALE: Final = 360  # pixels for 0–100 %
_ROW: Final = 40


def _e(text: str) -> str:
    return escape(text, quote=True)


def _x(share: float) -> float:
    """Horizontal position of a share on the chart's 0–100 % axis."""
    return _LEFT + share * _SCALE


def interval_chart(rows: list[tuple[str, TrustFigure]], goal: float, chart_id: str) -> Markup:
    """Each row's trust interval (line) and point (dot) on a 0–100 % axis with the goal line."""
    height = _ROW * len(rows) + 44
    gx = _x(goal)
    summary = "; ".join(f"{label}: {share_text(t.share)}" for label, t in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {_WIDTH} {height}" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{_e(chart_id)}-title {_e(chart_id)}-desc">',
        f'<title id="{_e(chart_id)}-title">Trust per touchpoint against the {goal:.0%} goal'
        "</title>",
        f'<desc id="{_e(chart_id)}-desc">{_e(summary)}</desc>',
    ]
    for i, (label, t) in enumerate(rows):
        y = 8 + i * _ROW
        short = label if len(label) <= 60 else label[:59] + "…"
        parts.append(
            f'<text x="{_LEFT}" y="{y + 12}" fill="{_INK}" font-size="13">{_e(short)}</text>'
        )
        s = t.share
        if s.low is None or s.high is None:
            continue
        ly = y + 24
        parts.append(
            f'<line x1="{_x(s.low):.1f}" y1="{ly}" x2="{_x(s.high):.1f}" y2="{ly}" '
            f'stroke="{_LINE}" stroke-width="3"/>'
        )
        for end in (s.low, s.high):
            parts.append(
                f'<line x1="{_x(end):.1f}" y1="{ly - 5}" x2="{_x(end):.1f}" y2="{ly + 5}" '
                f'stroke="{_LINE}" stroke-width="2"/>'
            )
        if s.value is not None:
            parts.append(f'<circle cx="{_x(s.value):.1f}" cy="{ly}" r="5" fill="{_LINE}"/>')
            shown = pct(s.value)
        else:
            shown = "too few answers"
        parts.append(
            f'<text x="{_x(1.0) + 8:.1f}" y="{ly + 4}" fill="{_INK}" font-size="12">'
            f"{_e(shown)} n={fmt.integer(s.responses)}</text>"
        )
    axis_y = height - 30
    parts.append(f'<line x1="{_LEFT}" y1="{axis_y}" x2="{_x(1.0)}" y2="{axis_y}" stroke="{_INK}"/>')
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(
            f'<text x="{_x(tick):.1f}" y="{axis_y + 16}" fill="{_INK}" font-size="11" '
            f'text-anchor="middle">{tick:.0%}</text>'
        )
    parts.append(
        f'<line x1="{gx:.1f}" y1="4" x2="{gx:.1f}" y2="{axis_y}" stroke="{_GOAL}" '
        'stroke-width="2" stroke-dasharray="6 4"/>'
    )
    parts.append(
        f'<text x="{gx + 4:.1f}" y="{height - 4}" fill="{_GOAL}" font-size="12">'
        f"goal {goal:.0%}</text>"
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated string is escaped above


def _format_label(t: TrustFigure) -> str:
    return FORMAT_LABELS.get(t.format, t.format)


def _change(step: StepTrust, fmt: str) -> str:
    mine = [q for q in step.history if q.format == fmt]
    if len(mine) < 2:
        return "one quarter only"
    last = mine[-1]
    if last.change is None or last.change_low is None or last.change_high is None:
        return f"since {last.previous_quarter}: too few answers to compare"
    return (
        f"{points(last.change)} points since {last.previous_quarter} "
        f"(95% CI {points(last.change_low)} to {points(last.change_high)})"
    )


def _rate(r: Any) -> str:
    if r is None or r.value is None:
        return "–"
    return f"{pct(r.value)} ({fmt.integer(r.numerator)} of {fmt.integer(r.denominator)})"


def trust_summary(trust: FeedbackScore | None) -> str:
    """One cell for the overview: the journey's trust per format, or a dash."""
    if trust is None:
        return "–"
    text = "; ".join(f"{share_text(t.share)} ({_format_label(t)})" for t in trust.journey)
    return text + (" — synthetic data" if trust.synthetic else "")


def trust_view(
    card: Scorecard, titles: dict[str, str], friction_labels: dict[str, str]
) -> dict[str, Any] | None:
    """What the journey page shows about trust, or ``None`` when there is no feedback."""
    trust: FeedbackScore | None = card.trust
    if trust is None:
        return None
    goal = trust.goal
    journey = [
        {
            "format": _format_label(t),
            "text": share_text(t.share),
            "goal": goal_text(t, goal),
            "mean": (
                f"mean {fmt.number(t.mean.value, 2)} (95% CI {fmt.number(t.mean.low, 2)}–"
                f"{fmt.number(t.mean.high, 2)})"
                if t.mean is not None and t.mean.value is not None
                else None
            ),
            "quarters": ", ".join(t.quarters),
            "wordings": t.trust_questions,
        }
        for t in trust.journey
    ]
    chart_rows: list[tuple[str, TrustFigure]] = []
    steps = []
    for s in trust.steps:
        for t in s.trust:
            label = s.title if len(s.trust) == 1 else f"{s.title} ({_format_label(t)})"
            chart_rows.append((label, t))
            steps.append(
                {
                    "title": s.title,
                    "anchor": f"step-{s.step_id}",
                    "agency": s.agency,
                    "format": _format_label(t),
                    "quarter": s.quarter,
                    "trust": share_text(t.share),
                    "goal": goal_text(t, goal),
                    "change": _change(s, t.format),
                    "response_rate": _rate(s.response_rate),
                    "coverage": _rate(s.coverage),
                    "sources": ", ".join(s.sources),
                }
            )

    friction_at: dict[str, list[str]] = {}
    for f in card.friction_points:
        text = ", ".join(friction_labels.get(r, r.replace("_", " ")) for r in f.rules)
        if f.transition is not None:
            text += f" (arriving from {titles.get(f.transition[0], f.transition[0])})"
        friction_at.setdefault(f.step_id, []).append(f"#{f.rank} {text}")

    def lowest(s: StepTrust) -> float:
        highs = [t.share.high for t in s.trust if t.share.high is not None]
        return min(highs, default=1.0)

    lost = []
    for s in sorted(trust.steps, key=lowest):
        negatives = sorted(
            # Named at least once: a share above 0, or (too few answers) an interval off 0.
            (d for d in s.drivers if (d.negative.value or 0) > 0 or (d.negative.low or 0) > 0),
            key=lambda d: -(d.negative.value if d.negative.value is not None else -1.0),
        )
        assoc = {a.driver: a for a in s.associations}
        drivers = []
        for d in negatives[:4]:
            line = f"{d.driver}: {share_text(d.negative)} said it did not go well"
            a = assoc.get(d.driver)
            if a is not None and a.difference is not None and a.low is not None:
                line += (
                    f"; trust {points(a.difference)} points among those who named it as "
                    f"going well (association, 95% CI {points(a.low)} to "
                    f"{points(a.high or 0)})"
                )
            drivers.append(line)
        lost.append(
            {
                "title": s.title,
                "anchor": f"step-{s.step_id}",
                "trust": "; ".join(share_text(t.share) for t in s.trust),
                "drivers": drivers,
                "friction": friction_at.get(s.step_id, []),
            }
        )

    history = [
        {
            "format": FORMAT_LABELS.get(q.format, q.format),
            "quarter": q.quarter,
            "trust": share_text(q.share),
            "change": (
                f"{points(q.change)} points (95% CI {points(q.change_low or 0)} to "
                f"{points(q.change_high or 0)})"
                if q.change is not None
                else ("–" if q.previous_quarter is None else "too few answers to compare")
            ),
        }
        for q in trust.history
    ]
    agencies = [
        {"agency": a.agency, "format": _format_label(t), "trust": share_text(t.share)}
        for a in trust.by_agency
        for t in a.trust
    ]
    return {
        "goal": f"{goal:.0%}",
        "journey": journey,
        "agencies": agencies if len(trust.by_agency) > 1 else [],
        "chart": interval_chart(chart_rows, goal, "chart-trust") if chart_rows else None,
        "steps": steps,
        "lost": lost,
        "history": history if len({h["quarter"] for h in history}) > 1 else [],
        "synthetic": trust.synthetic,
        "min_responses": trust.min_responses,
        "caveat": CAVEAT,
        "weighting": trust.weighting,
        "titles": titles,
    }
