"""Outcomes: what the person gets (enrolled, paid, covered), its take-up and time to it.

Steps marked ``outcome: <name>`` are the places where the person gets something; steps that
share a name are one outcome. For an outcome with steps ``T``:

* take-up ``P(T)`` is the probability of reaching any step of ``T`` (the chain with ``T`` made
  absorbing; the absorbed mass);
* the expected time to it, given that it is reached, is
  ``E[D · 1{T}] / P(T) = Σ_{u ∉ T} x_u · d_u · h_u / P(T)``, where ``x`` are the expected
  visits of the chain stopped at ``T``, ``d_u`` the days (or minutes) of one visit to ``u`` and
  ``h_u`` the probability of reaching ``T`` from ``u`` (``h = (I − Q_T)⁻¹ 1_T`` with the rows of
  ``T`` cut). Each visit to ``u`` counts towards the outcome only as often as the person
  goes on to reach it, which is what conditioning on reaching it means, by linearity. The
  outcome step's own minutes and wait are not part of the time *to* it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from scipy.sparse import linalg as spla

from lifeexp.scoring._lead_time import step_days
from lifeexp.scoring._scorecard import Outcome

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from lifeexp.scoring._markov import Chain
    from lifeexp.scoring._time_tax import StepFigures

__all__ = ["outcomes"]


def outcomes(chain: Chain, figures: StepFigures) -> list[Outcome]:
    """Every outcome of the journey, in the order its first step appears in the file."""
    groups: dict[str, list[int]] = {}
    for i, step in enumerate(chain.steps):
        if step.outcome is not None:
            groups.setdefault(step.outcome, []).append(i)
    if not groups:
        return []
    gov_days = step_days(figures)
    all_days = gov_days + figures.milestone
    out: list[Outcome] = []
    for name, members in groups.items():
        targets = np.zeros(chain.n, dtype=bool)
        targets[members] = True
        x = chain.first_hits(targets) if targets[chain.start] else _stopped_visits(chain, targets)
        taken = float(min(1.0, x[targets].sum()))
        h = _reach_targets(chain, targets)
        weight = np.where(targets, 0.0, x * h)
        given = taken if taken > 0 else 1.0
        out.append(
            Outcome(
                name=name,
                steps=[chain.ids[i] for i in members],
                probability=taken,
                expected_days=float(weight @ all_days) / given if taken > 0 else None,
                government_days=float(weight @ gov_days) / given if taken > 0 else None,
                expected_minutes=float(weight @ figures.burden) / given if taken > 0 else None,
            )
        )
    return out


def _stopped_visits(chain: Chain, targets: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Expected visits per step of the chain that stops on reaching ``targets``."""
    return chain._solve_from_start(targets)


def _reach_targets(chain: Chain, targets: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Probability of reaching ``targets`` from each step (1 on the targets)."""
    keep = (~targets).astype(np.float64)
    q_cut = sp.diags_array(keep) @ chain.q
    rhs = targets.astype(np.float64)
    if chain.n == 1:
        return rhs
    system = sp.csc_array(sp.eye_array(chain.n, format="csc") - q_cut)
    return np.asarray(np.clip(spla.splu(system).solve(rhs), 0.0, 1.0))
