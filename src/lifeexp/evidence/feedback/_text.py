"""Plain-text wording of the feedback figures, shared by the CLI, the maps and the report.

A share is always written with its n and its 95 % interval; below the minimum responses only
the interval is written, with the reason.
"""

from __future__ import annotations

from lifeexp.evidence.feedback._results import FeedbackScore, ShareFigure, StepTrust, TrustFigure

__all__ = [
    "FORMAT_LABELS",
    "goal_text",
    "pct",
    "share_text",
    "short_share",
    "step_trust_label",
    "trust_lines",
]

FORMAT_LABELS = {"thumbs_up_down": "thumbs up/down", "likert_scale": "1–5 scale, 4 or 5"}
"""How each survey format is named next to its figure."""


def pct(value: float | None) -> str:
    """``0.7812`` → ``78.1%``."""
    return "n/a" if value is None else f"{value * 100:.1f}%"


def share_text(s: ShareFigure) -> str:
    """``78.1% (n = 1,000; 95% CI 75.4–80.6%)``, or the interval alone for a small sample."""
    if s.low is None or s.high is None:
        return "no responses"
    interval = f"95% CI {s.low * 100:.1f}–{s.high * 100:.1f}%"
    n = f"n = {s.responses:,}"
    if s.effective_n and abs(s.effective_n - s.responses) >= 0.5:
        n += f", effective {s.effective_n:,.0f}"
    if s.value is None:
        return f"{interval} ({n}; too few responses for a point estimate)"
    return f"{pct(s.value)} ({n}; {interval})"


def short_share(s: ShareFigure) -> str:
    """A compact form for map labels: ``78% [75–81] n=1,000``."""
    if s.low is None or s.high is None:
        return "no responses"
    interval = f"[{s.low * 100:.0f}–{s.high * 100:.0f}%]"
    if s.value is None:
        return f"95% CI {interval} n={s.responses:,}, too few for a value"
    return f"{s.value * 100:.0f}% {interval} n={s.responses:,}"


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
            mean = "" if t.mean.value is None else f"{t.mean.value:.2f} "
            lines.append(("Trust mean (1–5)", f"{mean}(95% CI {t.mean.low:.2f}–{t.mean.high:.2f})"))
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
