"""Elapsed (calendar) time: lead time, critical path, bottlenecks and activity ratio (T7, T8, H8).

Lead time follows value-stream mapping (Martin & Osterling): each visit to a step costs its
calendar wait plus its burden (minutes / 1440), so ``LT = Σ_u v_u (W_u + B_u/1440)`` days.
The activity ratio is customer touch time over lead time, ``Σ v_u·E[completing_u +
submitting_u] / LT`` with both in days (ΣPT/ΣLT, as the reference specifies).

The critical path is the slowest likely path: loops are cut at their back edges (a depth-first
search from the start), branches less likely than ``critical_path_min_probability`` are set
aside, and the longest path by expected days through what remains (a DAG) is found in linear
time by dynamic programming over a topological order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from lifeexp.model import BurdenComponent
from lifeexp.scoring._scorecard import Bottleneck, LeadTime
from lifeexp.scoring._time_tax import COMPONENTS, MILESTONE_KINDS, MINUTES_PER_DAY

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from lifeexp.scoring._markov import Chain
    from lifeexp.scoring._options import ScoringOptions
    from lifeexp.scoring._time_tax import StepFigures

__all__ = ["lead_time", "step_days"]

_TOUCH = (
    COMPONENTS.index(BurdenComponent.completing),
    COMPONENTS.index(BurdenComponent.submitting),
)


def step_days(figures: StepFigures) -> NDArray[np.float64]:
    """Expected calendar days of one visit per step: wait on government + (the person's own
    and duty minutes) / 1440. Milestone waits and agency staff minutes are left out."""
    return np.asarray(figures.wait + (figures.burden + figures.duty) / MINUTES_PER_DAY)


def lead_time(
    chain: Chain,
    figures: StepFigures,
    options: ScoringOptions,
    *,
    mc_days: NDArray[np.float64] | None,
) -> LeadTime:
    """The lead time section of the scorecard."""
    days = step_days(figures)
    contribution = chain.visits * days
    total = float(contribution.sum())
    touch_minutes = float(
        chain.visits @ (figures.component_mean[:, list(_TOUCH)].sum(axis=1) + figures.duty)
    )
    ratio = (touch_minutes / MINUTES_PER_DAY) / total if total > 0 else None

    bottlenecks: list[Bottleneck] = []
    if total > 0 and options.bottleneck_top_k > 0:
        k = min(options.bottleneck_top_k, chain.n)
        top = np.argsort(-contribution, kind="stable")[:k]
        for i in top:
            share = float(contribution[i] / total)
            if share < options.bottleneck_min_share or contribution[i] <= 0:
                continue
            bottlenecks.append(
                Bottleneck(
                    step_id=chain.ids[i],
                    title=chain.steps[i].title,
                    expected_days=float(contribution[i]),
                    share=share,
                )
            )

    path = critical_path(chain, days, options.critical_path_min_probability)
    kwargs: dict[str, float] = {}
    if mc_days is not None and len(mc_days):
        p50, p80, p95 = np.percentile(mc_days, [50, 80, 95])
        kwargs = {
            "p50_days": float(p50),
            "p80_days": float(p80),
            "p95_days": float(p95),
            "mc_mean_days": float(mc_days.mean()),
        }
    milestone = chain.visits * figures.milestone
    by_kind = np.bincount(
        figures.milestone_kind, weights=milestone, minlength=len(MILESTONE_KINDS) + 1
    )
    return LeadTime(
        expected_days=total,
        milestone_days=float(milestone.sum()),
        milestone_by_kind={
            k.value: float(by_kind[j + 1]) for j, k in enumerate(MILESTONE_KINDS) if by_kind[j + 1]
        },
        calendar_days=total + float(milestone.sum()),
        critical_path=[chain.ids[i] for i in path],
        critical_path_days=float(days[path].sum()) if path else 0.0,
        bottlenecks=bottlenecks,
        activity_ratio=ratio,
        touch_minutes=touch_minutes,
        **kwargs,
    )


def _back_edges(chain: Chain) -> NDArray[np.bool_]:
    """Edges that close a loop, found by an iterative depth-first search from the start."""
    order = np.argsort(chain.src, kind="stable")
    counts = np.bincount(chain.src, minlength=chain.n)
    ptr = np.concatenate([[0], np.cumsum(counts)])
    dst_sorted = chain.dst[order].tolist()
    ptr_list = ptr.tolist()
    colour = [0] * chain.n  # 0 new, 1 on the stack, 2 done
    back = np.zeros(len(chain.src), dtype=bool)
    colour[chain.start] = 1
    stack = [(chain.start, ptr_list[chain.start])]
    while stack:
        node, nxt = stack[-1]
        if nxt < ptr_list[node + 1]:
            stack[-1] = (node, nxt + 1)
            target = dst_sorted[nxt]
            if colour[target] == 0:
                colour[target] = 1
                stack.append((target, ptr_list[target]))
            elif colour[target] == 1:
                back[order[nxt]] = True
        else:
            colour[node] = 2
            stack.pop()
    return back


def critical_path(chain: Chain, days: NDArray[np.float64], min_probability: float) -> list[int]:
    """The slowest likely path from the start to an end, as state indices."""
    back = _back_edges(chain)
    forward = ~back
    likely = forward & (chain.prob >= min_probability)
    path = _longest_path(chain, days, likely)
    if path is None:  # no end reachable through likely branches alone
        path = _longest_path(chain, days, forward)
    return path or [chain.start]


def _longest_path(
    chain: Chain, days: NDArray[np.float64], keep: NDArray[np.bool_]
) -> list[int] | None:
    n = chain.n
    src, dst = chain.src[keep], chain.dst[keep]
    # Topological order of the kept DAG (Kahn's algorithm over CSR lists).
    order = np.argsort(src, kind="stable")
    src_s, dst_s = src[order], dst[order]
    ptr = np.concatenate([[0], np.cumsum(np.bincount(src_s, minlength=n))]).tolist()
    dst_l = dst_s.tolist()
    indeg = np.bincount(dst, minlength=n).tolist()
    days_l = days.tolist()
    best = [-np.inf] * n
    pred = [-1] * n
    best[chain.start] = days_l[chain.start]
    queue = [i for i in range(n) if indeg[i] == 0]
    has_out = [ptr[i + 1] > ptr[i] for i in range(n)]
    is_end = np.bincount(chain.src, minlength=n) == 0
    while queue:
        u = queue.pop()
        bu = best[u]
        for j in range(ptr[u], ptr[u + 1]):
            w = dst_l[j]
            if bu > -np.inf and bu + days_l[w] > best[w]:
                best[w] = bu + days_l[w]
                pred[w] = u
            indeg[w] -= 1
            if indeg[w] == 0:
                queue.append(w)
    candidates = [i for i in range(n) if is_end[i] and not has_out[i] and best[i] > -np.inf]
    if not candidates:
        return None
    end = max(candidates, key=lambda i: (best[i], -i))
    path = [end]
    while pred[path[-1]] != -1:
        path.append(pred[path[-1]])
    path.reverse()
    return path
