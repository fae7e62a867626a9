"""Helpers for tests and notebooks: build small journeys in one line.

>>> j = make_journey({"a": ["b", "c"], "b": [], "c": []}, probabilities={("a", "b"): 0.25})
>>> [(t.from_, t.to, t.probability) for t in j.transitions]
[('a', 'b', 0.25), ('a', 'c', 0.75)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lifeexp.model import Journey

__all__ = ["make_journey"]


def make_journey(
    edges: Mapping[str, Sequence[str]],
    *,
    probabilities: Mapping[tuple[str, str], float] | None = None,
    minutes: Mapping[str, float] | None = None,
    agencies: Mapping[str, str] | None = None,
    journey_id: str = "test-journey",
    **step_fields: Mapping[str, Any],
) -> Journey:
    """Build a journey from an adjacency mapping.

    Args:
        edges: ``{step: [next steps]}``; the first key is the start. Steps named only as
            targets are added as ends.
        probabilities: Probabilities for some edges; the rest of each step's probability is
            shared equally among its other edges.
        minutes: Completing minutes per step (no burden when omitted).
        agencies: Owning agency per step (default ``person``).
        journey_id: The journey id.
        **step_fields: Extra fields per step id, e.g. ``a={"channel": "online"}``.
    """
    probabilities = dict(probabilities or {})
    minutes = dict(minutes or {})
    agencies = dict(agencies or {})
    order: dict[str, None] = {}
    for u, vs in edges.items():
        order.setdefault(u, None)
        for v in vs:
            order.setdefault(v, None)
    steps: list[dict[str, Any]] = []
    for sid in order:
        step: dict[str, Any] = {
            "id": sid,
            "title": sid,
            "phase": "main",
            "agency": agencies.get(sid, "person"),
        }
        if sid in minutes:
            step["burden"] = {"completing": minutes[sid], "estimate": "test value"}
        step.update(step_fields.get(sid, {}))
        steps.append(step)
    transitions: list[dict[str, Any]] = []
    for u, vs in edges.items():
        given = {v: probabilities[(u, v)] for v in vs if (u, v) in probabilities}
        rest = [v for v in vs if v not in given]
        share = (1.0 - sum(given.values())) / len(rest) if rest else 0.0
        for v in vs:
            transitions.append({"from": u, "to": v, "probability": given.get(v, share)})
    return Journey.model_validate(
        {
            "id": journey_id,
            "title": journey_id,
            "life_experience": "other",
            "start": next(iter(order)),
            "phases": [{"id": "main", "title": "Main"}],
            "steps": steps,
            "transitions": transitions,
        }
    )
