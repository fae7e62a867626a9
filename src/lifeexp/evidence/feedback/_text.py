"""Plain-text wording of the feedback figures, shared by the CLI, the maps and the report.

A share is always written with its n and its 95 % interval; below the minimum responses only
the interval is written, with the reason.
"""

from __future__ import annotations

from lifeexp import formatting as fmt
from lifeexp.evidence.feedback._results import FeedbackScore, ShareFigure, StepTrust, TrustFigure

__all__ = [
    "FORMAT_LABELS",
    "goal_text",
    "pct",
    "points",
    "share_text",
    "short_share",
    "step_trust_label",
    "trust_lines",
]

FORMAT_LABELS = {"thumbs_up_down": "thumbs up/down", "likert_scale": "1–5 scale, 4 or 5"}
"""How each survey format is named next to its figure."""


def pct(value: float | None, digits: int = 1) -> str:
    """A trust share with one decimal (``0.7812`` → ``78.1%``): near the 75 % goal a whole
    percent hides whether an interval clears it."""
    return fmt.MISSING if value is None else f"{fmt.number(value * 100, digits)}%"


def points(value: float) -> str:
    """A difference of shares in percentage points with its sign: ``+10``, ``−3.3``."""
    text = fmt.number(abs(value) * 100, 1)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


def share_text(s: ShareFigure) -> str:
    """``78.1% (n = 1,000; 95% CI 75.4–80.6%)``, or the interval alone for a small sample."""
    if s.low is None or s.high is None:
        return "no responses"
    interval = f"95% CI {pct(s.low)[:-1]}–{pct(s.high)}"
    n = f"n = {fmt.integer(s.responses)}"
    if s.effective_n and abs(s.effective_n - s.responses) >= 0.5:
        n += f", effective {fmt.integer(s.effective_n)}"
    if s.value is None:
        return f"{interval} ({n}; too few responses for a point estimate)"
    return f"{pct(s.value)} ({n}; {interval})"


def short_share(s: ShareFigure) -> str:
    """A compact form for map labels: ``78% [75–81] n=1,000``."""
    if s.low is None or s.high is None:
        return "no responses"
    interval = f"[{pct(s.low, 0)[:-1]}–{pct(s.high, 0)}]"
    n = fmt.integer(s.responses)
    if s.value is None:
        return f"95% CI {interval} n={n}, too few for a value"
    return f"{pct(s.value, 0)} {interval} n={n}"


def goal_text(t: TrustFigure, goal: float) -> str:
    """Whether the figure meets the goal, judged on its whole interval."""
    if t.goal_met is True:
        return f"meets the {goal:.0%} goal"
    if t.goal_met is False:
        return f"below the {goal:.0%} goal"
    return f"cannot tell against the {goal:.0%} goal (interval spans it)"


def trust_lines(score: FeedbackScore) -> list[tuple[str, str]]:
    """``(label, value)`` lines of the journey's trust for the scorecard table."""
    lines: list[tuple[str, str]] = []
    for t in score.journey:
        label = f"Post-transaction trust ({FORMAT_LABELS.get(t.format, t.format)})"
        lines.append((label, f"{share_text(t.share)}; {goal_text(t, score.goal)}"))
        if t.mean is not None and t.mean.low is not None and t.mean.high is not None:
            mean = "" if t.mean.value is None else f"{fmt.number(t.mean.value, 2)} "
            interval = f"{fmt.number(t.mean.low, 2)}–{fmt.number(t.mean.high, 2)}"
            lines.append(("Trust mean (1–5)", f"{mean}(95% CI {interval})"))
    if len(score.journey) > 1:
        lines.append(("Trust formats", "thumbs and 1–5 answers are shown apart, never pooled"))
    if score.synthetic:
        lines.append(("Trust data", "SYNTHETIC illustrative figures, not real respondents"))
    return lines


def step_trust_label(step: StepTrust) -> str:
    """One line for a map: ``trust 90% [60–98%] n=10 (FY2026 Q4)``, per format."""
    parts = []
    for t in step.trust:
        kind = " (1–5)" if t.format == "likert_scale" else ""
        parts.append(f"trust{kind} {short_share(t.share)}")
    text = "; ".join(parts) + f" ({step.quarter})"
    return text + (" synthetic data" if step.synthetic else "")
