"""Flat rows of the feedback figures for CSV and spreadsheets (every figure with n and CI)."""

from __future__ import annotations

from typing import Any

from lifeexp.evidence.feedback._results import (
    DriverFigure,
    FeedbackScore,
    QuarterTrust,
    ShareFigure,
    TrustFigure,
)

__all__ = ["driver_rows", "trust_rows"]


def _share(prefix: str, s: ShareFigure) -> dict[str, Any]:
    return {
        f"{prefix}": s.value,
        f"{prefix}_low": s.low,
        f"{prefix}_high": s.high,
        f"{prefix}_n": s.responses,
        f"{prefix}_effective_n": s.effective_n,
        f"{prefix}_low_sample": s.low_sample,
    }


def _trust(level: str, where: str, title: str, t: TrustFigure) -> dict[str, Any]:
    row: dict[str, Any] = {
        "level": level,
        "where": where,
        "where_title": title,
        "format": t.format,
        "quarter": t.quarters[-1] if len(t.quarters) == 1 else "; ".join(t.quarters),
        **_share("trust", t.share),
        "goal_met": t.goal_met,
        "mean": t.mean.value if t.mean else None,
        "mean_low": t.mean.low if t.mean else None,
        "mean_high": t.mean.high if t.mean else None,
        "change": None,
        "change_low": None,
        "change_high": None,
        "previous_quarter": None,
    }
    return row


def _history(level: str, where: str, title: str, q: QuarterTrust) -> dict[str, Any]:
    return {
        "level": f"{level}_quarter",
        "where": where,
        "where_title": title,
        "format": q.format,
        "quarter": q.quarter,
        **_share("trust", q.share),
        "goal_met": None,
        "mean": None,
        "mean_low": None,
        "mean_high": None,
        "change": q.change,
        "change_low": q.change_low,
        "change_high": q.change_high,
        "previous_quarter": q.previous_quarter,
    }


def trust_rows(score: FeedbackScore) -> list[dict[str, Any]]:
    """One row per trust figure: journey, agencies, steps, then each quarter."""
    rows = [_trust("journey", "", "", t) for t in score.journey]
    rows += [_trust("agency", a.agency, a.agency, t) for a in score.by_agency for t in a.trust]
    for s in score.steps:
        rows += [_trust("step", s.step_id, s.title, t) for t in s.trust]
    rows += [_history("journey", "", "", q) for q in score.history]
    for s in score.steps:
        rows += [_history("step", s.step_id, s.title, q) for q in s.history]
    return rows


def _driver(level: str, where: str, d: DriverFigure) -> dict[str, Any]:
    return {
        "level": level,
        "where": where,
        "driver": d.driver,
        **_share("positive", d.positive),
        **_share("negative", d.negative),
        "net": d.net,
        "net_low": d.net_low,
        "net_high": d.net_high,
    }


def driver_rows(score: FeedbackScore) -> list[dict[str, Any]]:
    """One row per driver: across the journey, then per step (with associations)."""
    rows = [_driver("journey", "", d) for d in score.drivers]
    for s in score.steps:
        assoc = {a.driver: a for a in s.associations}
        for d in s.drivers:
            row = _driver("step", s.step_id, d)
            a = assoc.get(d.driver)
            row["association"] = a.difference if a else None
            row["association_low"] = a.low if a else None
            row["association_high"] = a.high if a else None
            rows.append(row)
    return rows
