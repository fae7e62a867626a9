"""Checks of a journey's post-transaction feedback (codes LX806, LX810–LX815).

The sources are read here (through the evidence layer, which keeps what it read for the
scoring that usually follows) so that problems in an export are reported by ``lifeexp
validate`` with the export's own file, line and column, next to the journey's problems.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

from lifeexp.checks._findings import Finding
from lifeexp.diagnostics import Diagnostic
from lifeexp.evidence.feedback import INLINE, JourneyFeedback, resolve_feedback
from lifeexp.loading import did_you_mean
from lifeexp.model import Journey, current_quarter, quarter_index

__all__ = ["STALE_AFTER_QUARTERS", "check_feedback"]

STALE_AFTER_QUARTERS = 4
"""Feedback whose latest quarter is more than this many quarters old is flagged (LX812)."""


def check_feedback(
    journey: Journey, *, today: _dt.date | None = None
) -> tuple[list[Finding], list[Diagnostic]]:
    """Findings about the journey's feedback, and the problems found in its source files."""
    if not journey.feedback_sources and not any(s.feedback for s in journey.steps):
        return [], []
    feedback = resolve_feedback(journey)
    findings = list(_findings(journey, feedback, today or _dt.date.today()))
    return findings, feedback.diagnostics


def _findings(journey: Journey, fb: JourneyFeedback, today: _dt.date) -> Iterator[Finding]:
    now = quarter_index(current_quarter(today))
    index = {s.id: i for i, s in enumerate(journey.feedback_sources)}
    seen: set[str] = set()
    for i, source in enumerate(journey.feedback_sources):
        if source.id in seen:
            yield Finding(
                "LX309", f"feedback source id {source.id!r} is used twice", ("feedback_sources", i)
            )
            continue
        seen.add(source.id)
        read = fb.sources[source.id]
        if read.diagnostics:
            n = len(read.diagnostics)
            yield Finding(
                "LX806",
                f"feedback source {source.id!r} could not be read ({n} problem"
                f"{'s' if n != 1 else ''} in its files)",
                ("feedback_sources", i, "kind"),
            )
            continue
        # Made-up example figures describe no service at any date: they do not go stale
        # (and the bundled journeys' examples would otherwise fail `--strict` a year on).
        if read.rows and not source.synthetic:
            latest = max(read.rows, key=lambda r: quarter_index(r.quarter)).quarter
            age = now - quarter_index(latest)
            if age > STALE_AFTER_QUARTERS:
                yield Finding(
                    "LX812",
                    f"latest feedback of source {source.id!r} is from {latest}, {age} quarters "
                    f"before {current_quarter(today)}",
                    ("feedback_sources", i, "id"),
                )

    shared = fb.steps_of_row()
    for i, step in enumerate(journey.steps):
        spec = step.feedback
        if spec is None:
            continue
        here = ("steps", i, "feedback")
        if spec.match is not None and spec.match.source not in index:
            yield Finding(
                "LX810",
                f"feedback source {spec.match.source!r} is not defined in feedback_sources",
                (*here, "match", "source"),
                hint=did_you_mean(spec.match.source, index),
                owner=step,
            )
            continue
        if step.id in fb.empty_matches:
            assert spec.match is not None
            yield Finding(
                "LX813",
                f"feedback match of step {step.id!r} finds no row in source {spec.match.source!r}",
                (*here, "match"),
                hint=_values_hint(fb, spec.match.source),
                owner=step,
            )
            continue
        matched = fb.steps.get(step.id, [])
        if not matched:
            continue
        if len({m.figures.format for m in matched}) > 1:
            yield Finding(
                "LX811",
                f"step {step.id!r} takes thumbs up/down and 1–5 trust answers; they are shown "
                "separately, never pooled",
                here,
                owner=step,
            )
        wordings = {m.figures.trust_question for m in matched if m.figures.trust_question}
        if len(wordings) > 1:
            yield Finding(
                "LX815",
                f"step {step.id!r} groups {len(wordings)} trust-question wordings",
                here,
                hint="; ".join(repr(w) for w in sorted(wordings)),
                owner=step,
            )
        if matched[0].source == INLINE:
            latest = max((m.figures.quarter for m in matched), key=quarter_index)
            age = now - quarter_index(latest)
            if age > STALE_AFTER_QUARTERS and not matched[0].synthetic:
                yield Finding(
                    "LX812",
                    f"latest feedback of step {step.id!r} is from {latest}, {age} quarters "
                    f"before {current_quarter(today)}",
                    (*here, "figures"),
                    owner=step,
                )
            continue
        shared_with: dict[tuple[str, ...], list[str]] = {}
        for m in matched:
            assert m.row is not None
            others = tuple(s for s in shared.get((m.source, m.row), []) if s != step.id)
            if others:
                shared_with.setdefault(others, []).append(m.ref.split(":", 1)[1])
        for others, rows in shared_with.items():
            many = len(rows) > 1
            yield Finding(
                "LX814",
                f"row{'s' if many else ''} {', '.join(rows)} of source {matched[0].source!r} "
                f"{'are' if many else 'is'} also taken by step{'s' if len(others) > 1 else ''} "
                f"{', '.join(repr(o) for o in others)}",
                (*here, "match"),
                owner=step,
            )


def _values_hint(fb: JourneyFeedback, source_id: str) -> str | None:
    read = fb.sources.get(source_id)
    if read is None or not read.rows:
        return None
    combos = sorted(
        {
            " / ".join(str(v) for v in (r.service, r.stage, r.channel, r.transaction_point) if v)
            for r in read.rows
        }
    )
    shown = "; ".join(combos[:5]) + ("; …" if len(combos) > 5 else "")
    return f"the source holds (service / stage / channel / transaction point): {shown}"
