"""Tell us once: how often a person re-enters data government already has (D1, D2).

For a data element ``x``, let ``A_x`` be the steps where the person types ``x`` in (requested
and not pre-filled) and ``G_x`` the steps where government gets hold of ``x`` (``A_x`` plus
the steps that pre-fill it). Every entry of ``x`` after the first moment government holds it is
a re-entry. With the chain's expected visits ``v`` and the probability ``f_w`` that ``w`` is
the first step of ``G_x`` a person reaches (a sparse solve with ``G_x`` made absorbing):

    re-entries of x at w ∈ A_x  =  v_w − f_w
    repeated entries of x      =  Σ_{w ∈ A_x} v_w − Σ_{w ∈ A_x} f_w

This is the exact expectation E[entries − 1{first holder asked the person}], which the
reference's Σ max(0, asks − 1) only approximates. By agency pair, the re-entries at ``w`` are
shared among first holders in proportion to the first-hit probabilities (exact when one agency
is always first; an approximation otherwise, documented in the scoring docs).

The pre-fill rate is the share of expected data needs (requested or pre-filled) that come
pre-filled; the steps rate follows the eGovernment benchmark's Pre-filled forms indicator
(a step needing personal data counts when it pre-fills some of it).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np

from lifeexp.scoring._scorecard import DataRepeatCell, TellUsOnce

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from lifeexp.scoring._markov import Chain
    from lifeexp.scoring._time_tax import StepFigures

__all__ = ["DataRepeats", "tell_us_once"]


class DataRepeats:
    """Per-step and per-element re-entries, kept for the friction rules."""

    def __init__(self, n: int) -> None:
        self.at_step: NDArray[np.float64] = np.zeros(n)
        self.elements_at_step: dict[int, list[str]] = defaultdict(list)


def tell_us_once(chain: Chain, figures: StepFigures) -> tuple[TellUsOnce, DataRepeats]:
    """The tell-us-once section of the scorecard and the per-step re-entries."""
    v = chain.visits
    asks: dict[str, list[int]] = defaultdict(list)
    holds: dict[str, list[int]] = defaultdict(list)
    needs = 0.0
    prefilled = 0.0
    steps_need = 0
    steps_prefill = 0
    v_l = v.tolist()
    for i, step in enumerate(chain.steps):
        pre = set(step.data_prefilled)
        entered = [x for x in dict.fromkeys(step.data_requested) if x not in pre]
        for x in entered:
            asks[x].append(i)
            holds[x].append(i)
        for x in pre:
            holds[x].append(i)
        need = len(entered) + len(pre)
        needs += v_l[i] * need
        prefilled += v_l[i] * len(pre)
        if need:
            steps_need += 1
            steps_prefill += bool(pre)

    repeats = DataRepeats(chain.n)
    by_element: dict[str, float] = {}
    pairs: dict[tuple[str, str], float] = defaultdict(float)
    entries = 0.0
    ag = figures.agency
    for x in sorted(asks):
        ask_idx = np.asarray(asks[x], dtype=np.int64)
        entries += float(v[ask_idx].sum())
        holders = np.zeros(chain.n, dtype=bool)
        holders[holds[x]] = True
        first = chain.first_hits(holders)
        again = np.maximum(v[ask_idx] - first[ask_idx], 0.0)
        total = float(again.sum())
        if total <= 1e-12:
            continue
        by_element[x] = total
        reached = float(first.sum())
        first_by_agency: dict[str, float] = defaultdict(float)
        for j in np.flatnonzero(first > 0).tolist():
            first_by_agency[ag[j]] += float(first[j]) / reached
        for i, r in zip(ask_idx.tolist(), again.tolist(), strict=True):
            if r <= 1e-12:
                continue
            repeats.at_step[i] += r
            repeats.elements_at_step[i].append(x)
            for a, share in first_by_agency.items():
                pairs[(a, ag[i])] += r * share

    cells = [
        DataRepeatCell(first_agency=a, again_agency=b, expected=x)
        for (a, b), x in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    result = TellUsOnce(
        repeated_entries=float(sum(by_element.values())),
        by_element=dict(sorted(by_element.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_agency_pair=cells,
        entries=entries,
        prefill_rate=prefilled / needs if needs > 0 else None,
        prefill_steps_rate=steps_prefill / steps_need if steps_need else None,
    )
    return result, repeats
