"""Seeded, vectorised Monte Carlo of the time tax and lead time distributions (T4, T7).

All runs walk the chain together: at each tick, every run that has not finished samples the
burden of the step it is on (each uncertain component from its PERT-Beta distribution), the
calendar wait after it, and its next step. The work per tick is a handful of numpy calls over
the runs still walking, so there is no Python loop per sample; the number of ticks is the
length of the longest walk.

PERT-Beta: for ``[a, m, b]`` with ``a < b``, ``X = a + (b − a)·Beta(α, β)`` with
``α = 1 + 4(m − a)/(b − a)`` and ``β = 1 + 4(b − m)/(b − a)``, whose mean is the PERT mean
``(a + 4m + b)/6``. A point estimate (``a = b``) is a constant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from lifeexp.errors import ScoringError
from lifeexp.scoring._time_tax import MINUTES_PER_DAY

if TYPE_CHECKING:
    from collections.abc import Callable

    from numpy.typing import NDArray

    from lifeexp.scoring._markov import Chain
    from lifeexp.scoring._time_tax import StepFigures

__all__ = ["Simulation", "pert_beta_params", "simulate"]


def pert_beta_params(
    low: NDArray[np.float64], likely: NDArray[np.float64], high: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """α and β of the PERT-Beta distribution for arrays with ``low < high``."""
    width = high - low
    alpha = 1 + 4 * (likely - low) / width
    beta = 1 + 4 * (high - likely) / width
    return np.asarray(alpha), np.asarray(beta)


@dataclass(frozen=True, eq=False)
class _Uncertain:
    """The uncertain (non-point) estimates, grouped by step in CSR form."""

    ptr: NDArray[np.int64]  # estimates of step s are ptr[s]:ptr[s+1]
    count: NDArray[np.int64]
    low: NDArray[np.float64]
    width: NDArray[np.float64]
    alpha: NDArray[np.float64]
    beta: NDArray[np.float64]
    constant: NDArray[np.float64]  # per step: the sum of point estimates

    @classmethod
    def build(
        cls, low: NDArray[np.float64], likely: NDArray[np.float64], high: NDArray[np.float64]
    ) -> _Uncertain:
        # low/likely/high are (n, k); flatten row-major so a step's estimates are contiguous.
        n = low.shape[0]
        random = high > low
        constant = np.where(random, 0.0, likely).sum(axis=1)
        rows, cols = np.nonzero(random)
        lo, mid, hi = low[rows, cols], likely[rows, cols], high[rows, cols]
        alpha, beta = pert_beta_params(lo, mid, hi)
        count = np.bincount(rows, minlength=n).astype(np.int64)
        ptr = np.concatenate([[0], np.cumsum(count)]).astype(np.int64)
        return cls(ptr, count, lo, hi - lo, alpha, beta, constant)

    def draw(self, states: NDArray[np.int64], rng: np.random.Generator) -> NDArray[np.float64]:
        """One sampled total per entry of ``states``."""
        out = self.constant[states].copy()
        counts = self.count[states]
        total = int(counts.sum())
        if total == 0:
            return out
        owner = np.repeat(np.arange(len(states)), counts)
        # Position of each draw inside its step's block of estimates.
        starts = np.cumsum(counts) - counts
        offset = np.arange(total) - np.repeat(starts, counts)
        idx = np.repeat(self.ptr[states], counts) + offset
        draws = rng.beta(self.alpha[idx], self.beta[idx]) * self.width[idx] + self.low[idx]
        out += np.bincount(owner, weights=draws, minlength=len(states))
        return out

    @property
    def per_visit_draws(self) -> NDArray[np.int64]:
        return self.count


@dataclass(frozen=True, eq=False)
class Simulation:
    """Monte Carlo totals per run.

    Attributes:
        minutes: Time tax per run (minutes).
        days: Lead time per run (calendar days, burden included as minutes / 1440).
        burden_draws: How many random burden values were drawn in total.
    """

    minutes: NDArray[np.float64]
    days: NDArray[np.float64]
    burden_draws: int


def simulate(
    chain: Chain,
    figures: StepFigures,
    *,
    samples: int,
    seed: int,
    max_walk: int,
    progress: Callable[[int], None] | None = None,
) -> Simulation:
    """Walk the chain ``samples`` times from the start with a seeded generator.

    Args:
        chain: The solved chain.
        figures: Per-step estimates.
        samples: Number of runs.
        seed: Seed of ``numpy.random.default_rng``; the same seed gives the same totals.
        max_walk: Give up when a walk is longer than this many visits.
        progress: Called with the number of runs that finished at each tick.

    Raises:
        ScoringError: Some walks did not end within ``max_walk`` visits.
    """
    rng = np.random.default_rng(seed)
    burden = _Uncertain.build(figures.low, figures.likely, figures.high)
    wait = _Uncertain.build(
        figures.wait_low[:, None], figures.wait_likely[:, None], figures.wait_high[:, None]
    )
    # Transition sampling: sort edges by source; key = source + cumulative probability within
    # the source's row, so one searchsorted over all runs picks every next step at once.
    order = np.argsort(chain.src, kind="stable")
    src, dst, prob = chain.src[order], chain.dst[order], chain.prob[order]
    out_count = np.bincount(src, minlength=chain.n)
    row_start = np.concatenate([[0], np.cumsum(out_count)[:-1]])
    cum = np.cumsum(prob)
    row_base = np.concatenate([[0.0], cum])[row_start][src]
    row_total = np.bincount(src, weights=prob, minlength=chain.n)
    key = src + (cum - row_base) / np.where(row_total[src] > 0, row_total[src], 1.0)
    row_last = row_start + out_count - 1

    minutes = np.zeros(samples)
    days = np.zeros(samples)
    active = np.arange(samples)
    state = np.full(samples, chain.start, dtype=np.int64)
    draws = 0
    for _ in range(max_walk):
        if not len(active):
            break
        m = burden.draw(state, rng)
        draws += int(burden.count[state].sum())
        w = wait.draw(state, rng)
        minutes[active] += m
        days[active] += w + m / MINUTES_PER_DAY
        moving = out_count[state] > 0
        if progress is not None:
            progress(int((~moving).sum()))
        active, state = active[moving], state[moving]
        if not len(active):
            break
        u = rng.random(len(state))
        pos = np.searchsorted(key, state + u, side="right")
        # Guard against round-off (state + u rounding up to state + 1).
        pos = np.minimum(pos, row_last[state])
        state = dst[pos]
    else:
        if len(active):
            msg = (
                f"journey {chain.journey.id!r}: {len(active)} of {samples} simulated walks did "
                f"not end within {max_walk} visits; a loop almost never lets the person out. "
                f"Check the loop's probabilities or raise max_walk_length."
            )
            raise ScoringError(msg)
    return Simulation(minutes=minutes, days=days, burden_draws=draws)
