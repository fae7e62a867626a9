"""Friction points: steps and transitions checked against explicit, explainable rules.

Each rule maps to a metric of the scorecard (see ``FRICTION_RULES``), so every flag can be
explained with the figures behind it. A friction point is one step or one transition with all
the rules it trips, the expected minutes and days at stake, a ranking score and a
plain-language reason.

Minutes and days at stake:

* a step: ``v_u · B_u`` minutes and ``v_u · W_u`` days (for a step flagged only as a rework
  loop, the visits beyond the first: ``(v_u − h_u) · B_u``);
* a transition ``u → w``: it is taken ``t = v_u · p_uw`` times per person; ``t · B_w`` minutes
  at the step it leads to and ``t · W_u`` days of the wait between the two.

Ranking: ``score = 100 × Σ rule weights × (minutes at stake / TT + days at stake / LT)``.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from lifeexp import formatting as fmt
from lifeexp.model import Channel, StepKind
from lifeexp.scoring._bulk import build_models
from lifeexp.scoring._handoffs import channel_switches, cross_agency_mask, handoff_type
from lifeexp.scoring._lead_time import step_days
from lifeexp.scoring._options import FRICTION_RULES
from lifeexp.scoring._scorecard import FrictionPoint

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lifeexp.scoring._markov import Chain
    from lifeexp.scoring._options import ScoringOptions
    from lifeexp.scoring._scorecard import Bottleneck
    from lifeexp.scoring._tell_us_once import DataRepeats
    from lifeexp.scoring._time_tax import StepFigures

__all__ = ["Friction", "friction_points"]

_HANDOFF_WORDS = {
    "warm_referral": "a warm referral (the person still applies again)",
    "customer_carries": "the person carrying documents or numbers across",
    "start_over": "the person starting over",
    "unspecified": "no stated way of passing the case on",
    "data_shared": "the agencies sharing the data",
}


def friction_points(
    chain: Chain,
    figures: StepFigures,
    options: ScoringOptions,
    *,
    total_minutes: float,
    total_days: float,
    repeats: DataRepeats,
    bottlenecks: list[Bottleneck],
    reauth_at: np.ndarray,
) -> Friction:
    """Check every reachable step and transition and rank what trips a rule.

    Every point is scored and counted; the models, and their plain-language reasons, are built
    for the ``options.max_friction_points`` best ranked only (formatting a reason for every
    point of a 100,000-step journey would cost more than finding them).
    """
    v, h = chain.visits, chain.reach
    burden, wait = figures.burden, figures.wait
    days = step_days(figures)
    bottleneck_ids = {b.step_id: b for b in bottlenecks}
    weights = options.rule_weights
    trav = chain.traversals
    cross = cross_agency_mask(chain, figures)
    switches = channel_switches(chain, figures)
    switch = switches.per_edge > 1e-12
    # (score, tie-break order, step or edge index, is_edge, rules, minutes, days)
    raw: list[Any] = []
    by_step: dict[str, float] = {}

    def add(
        order: int,
        index: int,
        is_edge: bool,
        step_id: str,
        rules: list[str],
        minutes: float,
        days_: float,
    ) -> None:
        share = (minutes / total_minutes if total_minutes > 0 else 0.0) + (
            days_ / total_days if total_days > 0 else 0.0
        )
        score = 100.0 * sum([weights.get(r, 1.0) for r in rules]) * share
        if score < options.min_friction_score:
            return
        by_step[step_id] = by_step.get(step_id, 0.0) + score
        raw.append((score, order, index, is_edge, rules, minutes, days_))

    # Plain lists: indexing numpy arrays one element at a time is slow in a Python loop.
    v_l, h_l, at_l, re_l = v.tolist(), h.tolist(), repeats.at_step.tolist(), reauth_at.tolist()
    contact_l, days_l = figures.contact.tolist(), days.tolist()
    burden_l, wait_l = burden.tolist(), wait.tolist()
    # Steps.
    for i, step in enumerate(chain.steps):
        if v_l[i] <= 0:
            continue
        rules: list[str] = []
        extra = v_l[i] - h_l[i]
        if at_l[i] > 1e-12:
            rules.append("repeated_data")
        if re_l[i] > 1e-12:
            rules.append("reauthentication")
        if (
            # Only steps where the person acts: waiting for a decision by mail is not something
            # to put online.
            step.kind is StepKind.action
            and contact_l[i]
            and step.channel is not Channel.online
            and Channel.online not in step.other_channels
        ):
            rules.append("not_online")
        if extra >= options.rework_min_extra_visits and extra * days_l[i] > 0:
            rules.append("rework_loop")
        if step.id in bottleneck_ids:
            rules.append("bottleneck")
        if step.psychological_cost >= options.psychological_threshold:
            rules.append("high_psychological_cost")
        if any(d.penalty for d in step.deadlines):
            rules.append("deadline_with_penalty")
        if not rules:
            continue
        if rules == ["rework_loop"]:
            minutes, days_ = extra * burden_l[i], extra * days_l[i]
        else:
            minutes, days_ = v_l[i] * burden_l[i], v_l[i] * wait_l[i]
        add(i, i, False, chain.ids[i], rules, minutes, days_)

    # Transitions.
    src_l, dst_l, trav_l = chain.src.tolist(), chain.dst.tolist(), trav.tolist()
    per_edge_l = switches.per_edge.tolist()
    for e in np.flatnonzero(cross | switch).tolist():
        if trav_l[e] <= 0:
            continue
        w = dst_l[e]
        rules = []
        times = 0.0
        if (
            cross[e]
            and handoff_type(chain, e) in options.handoff_friction_types
            and not chain.transitions[e].data_passed
        ):
            rules.append("cross_agency_handoff")
            times = trav_l[e]  # the handoff happens on every traversal
        if per_edge_l[e] > 1e-12:
            rules.append("channel_switch")
            times = max(times, per_edge_l[e])
        if not rules:
            continue
        u = src_l[e]
        add(
            chain.n + e,
            e,
            True,
            chain.ids[w],
            rules,
            times * burden_l[w],
            times * wait_l[u],
        )

    def step_reason(i: int, rules: list[str]) -> str:
        step = chain.steps[i]
        parts: list[str] = []
        for rule in rules:
            values: dict[str, str] = {}
            if rule == "repeated_data":
                values = {
                    "elements": ", ".join(repeats.elements_at_step[i]),
                    "times": fmt.count(float(repeats.at_step[i])),
                }
            elif rule == "reauthentication":
                values = {
                    "sign_in": step.sign_in.value.replace("_", " "),
                    "times": fmt.count(float(reauth_at[i])),
                }
            elif rule == "not_online":
                offered = sorted({step.channel.value, *(c.value for c in step.other_channels)})
                values = {"channels": ", ".join(c.replace("_", " ") for c in offered)}
            elif rule == "rework_loop":
                extra = float(v[i] - h[i])
                values = {
                    "times": fmt.count(extra),
                    "minutes": fmt.minutes(extra * float(burden[i])),
                }
            elif rule == "bottleneck":
                b = bottleneck_ids[step.id]
                values = {"share": fmt.share(b.share), "days": fmt.days(b.expected_days)}
            elif rule == "high_psychological_cost":
                values = {"cost": str(step.psychological_cost)}
            elif rule == "deadline_with_penalty":
                values = {
                    "deadlines": "; ".join(
                        f"{d.title} ({d.penalty})" for d in step.deadlines if d.penalty
                    )
                }
            parts.append(FRICTION_RULES[rule].reason.format(**values))
        return f"'{step.title}' ({step.id}) " + "; ".join(parts) + "."

    def edge_reason(e: int, rules: list[str]) -> str:
        u, w = int(chain.src[e]), int(chain.dst[e])
        parts: list[str] = []
        if "cross_agency_handoff" in rules:
            kind = handoff_type(chain, e)
            parts.append(
                FRICTION_RULES["cross_agency_handoff"].reason.format(
                    from_agency=figures.agency[u],
                    to_agency=figures.agency[w],
                    handoff=_HANDOFF_WORDS.get(kind, kind),
                    times=fmt.count(float(trav[e])),
                )
            )
        if "channel_switch" in rules:
            before = switches.previous[e]
            parts.append(
                FRICTION_RULES["channel_switch"].reason.format(
                    previous=before.value.replace("_", " ")
                    if before is not None
                    else "another channel",
                    now=chain.steps[w].channel.value.replace("_", " "),
                    times=fmt.count(float(switches.per_edge[e])),
                )
            )
        subject = f"'{chain.steps[u].title}' → '{chain.steps[w].title}'"
        return f"{subject} " + "; ".join(parts) + "."

    total = len(raw)
    limit = options.max_friction_points
    key = lambda item: (-item[0], item[1])  # noqa: E731 - best score first, then file order
    if limit is not None and limit < total:
        raw = heapq.nsmallest(limit, raw, key=key)
    else:
        raw.sort(key=key)

    def ranked() -> Iterator[dict[str, Any]]:
        # Release each entry as its model is built, so inputs and models are not all held.
        for r in range(len(raw)):
            score, _, index, is_edge, rules, minutes, days_ = raw[r]
            raw[r] = None
            if is_edge:
                u, w = int(chain.src[index]), int(chain.dst[index])
                step_id, transition = chain.ids[w], (chain.ids[u], chain.ids[w])
                reason = edge_reason(index, rules)
            else:
                step_id, transition = chain.ids[index], None
                reason = step_reason(index, rules)
            yield {
                "rank": r + 1,
                "step_id": step_id,
                "transition": transition,
                "rules": rules,
                "minutes_at_stake": minutes,
                "days_at_stake": days_,
                "score": score,
                "reason": reason,
            }

    points = build_models(FrictionPoint, ranked())
    return Friction(points=points, total=total, by_step=by_step)


@dataclass(frozen=True)
class Friction:
    """The ranked friction points kept, how many were found, and the score per step (over all
    of them)."""

    points: list[FrictionPoint]
    total: int
    by_step: dict[str, float]
