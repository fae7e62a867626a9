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
class _Draws:
    """The uncertain estimates of every step, laid out for vectorised draws.

    Burden: a dense (steps × k) table of each step's uncertain components, left-aligned, with
    padding slots marked not real. Wait: one optional uncertain estimate per step. Point
    estimates and the lows of the uncertain ones are folded into per-step constants, so a visit
    costs ``constant + Σ width·Beta(α, β)`` over its real slots.
    """

    k: int  # burden slots per step
    real: NDArray[np.bool_]  # (n·k,) which burden slots hold an estimate
    all_real: bool  # no padding: every step has k uncertain components
    alpha: NDArray[np.float64]  # (n·k,)
    beta: NDArray[np.float64]
    width: NDArray[np.float64]
    burden_constant: NDArray[np.float64]  # (n,)
    burden_count: NDArray[np.int64]  # (n,) uncertain burden components per step
    wait_real: NDArray[np.bool_]  # (n,)
    wait_alpha: NDArray[np.float64]
    wait_beta: NDArray[np.float64]
    wait_width: NDArray[np.float64]
    wait_constant: NDArray[np.float64]  # (n,)

    @classmethod
    def build(cls, figures: StepFigures) -> _Draws:
        low, likely, high = figures.low, figures.likely, figures.high
        n = low.shape[0]
        random = high > low
        per_step = random.sum(axis=1)
        k = int(per_step.max()) if n else 0
        alpha = np.ones((n, k))
        beta = np.ones((n, k))
        width = np.zeros((n, k))
        real = np.zeros((n, k), dtype=bool)
        rows, cols = np.nonzero(random)
        # Left-align each step's uncertain components: slot = rank among its own.
        rank = np.arange(len(rows)) - np.repeat(np.cumsum(per_step) - per_step, per_step)
        a, b = pert_beta_params(low[rows, cols], likely[rows, cols], high[rows, cols])
        alpha[rows, rank], beta[rows, rank] = a, b
        width[rows, rank] = high[rows, cols] - low[rows, cols]
        real[rows, rank] = True
        wl, wm, wh = figures.wait_low, figures.wait_likely, figures.wait_high
        wr = wh > wl
        w_alpha, w_beta = np.ones(n), np.ones(n)
        if wr.any():
            w_alpha[wr], w_beta[wr] = pert_beta_params(wl[wr], wm[wr], wh[wr])
        return cls(
            k=k,
            real=real.ravel(),
            all_real=bool(real.all()),
            alpha=alpha.ravel(),
            beta=beta.ravel(),
            width=width.ravel(),
            burden_constant=np.where(random, low, likely).sum(axis=1),
            burden_count=per_step.astype(np.int64),
            wait_real=wr,
            wait_alpha=w_alpha,
            wait_beta=w_beta,
            wait_width=np.where(wr, wh - wl, 0.0),
            # Duty minutes take calendar time but are not the person's own (not in `low`…):
            # they enter the days as a constant, like the lead time's step days.
            wait_constant=np.where(wr, wl, wm) + figures.duty / MINUTES_PER_DAY,
        )

    def draw(
        self, states: NDArray[np.int64], rng: np.random.Generator
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], int]:
        """Sampled burden (minutes) and wait (days) per entry of ``states``, and how many
        burden values were drawn."""
        k = self.k
        burden = self.burden_constant[states]
        if k:
            flat = (states[:, None] * k + np.arange(k)).ravel()
            if self.all_real:  # no padding: no mask, no scatter
                values = rng.beta(self.alpha[flat], self.beta[flat]) * self.width[flat]
            else:
                real = self.real[flat]
                pick = flat[real]
                values = np.zeros(len(flat))
                values[real] = rng.beta(self.alpha[pick], self.beta[pick]) * self.width[pick]
            burden += values.reshape(len(states), k).sum(axis=1)
        wait = self.wait_constant[states]
        uncertain = self.wait_real[states]
        if uncertain.any():
            ws = states[uncertain]
            wait[uncertain] += (
                rng.beta(self.wait_alpha[ws], self.wait_beta[ws]) * self.wait_width[ws]
            )
        return burden, wait, int(self.burden_count[states].sum())


@dataclass(frozen=True, eq=False)
class _Moves:
    """Next-step sampling: per step, cumulative probabilities and targets in a dense table.

    The next step of a run at ``s`` with uniform ``u`` is ``target[s, j]`` with ``j`` the
    number of cumulative probabilities of ``s`` that are ``<= u`` (padding is 2, never
    counted; the last real one is exactly 1, so ``j`` stays in range).
    """

    cum: NDArray[np.float64]  # (n, d)
    target: NDArray[np.int64]  # (n, d)
    has_out: NDArray[np.bool_]  # (n,)

    @classmethod
    def build(cls, chain: Chain) -> _Moves:
        n = chain.n
        order = np.lexsort((chain.dst, chain.src))
        src, dst, prob = chain.src[order], chain.dst[order], chain.prob[order]
        out = np.bincount(src, minlength=n)
        d = max(1, int(out.max()) if len(out) else 1)
        col = np.arange(len(src)) - np.repeat(np.cumsum(out) - out, out)
        p = np.zeros((n, d))
        p[src, col] = prob
        cum = np.cumsum(p, axis=1)
        total = cum[:, -1:]
        cum = np.divide(cum, total, out=np.zeros_like(cum), where=total > 0)
        cum[src, col] = np.where(col == out[src] - 1, 1.0, cum[src, col])
        real = np.zeros((n, d), dtype=bool)
        real[src, col] = True
        cum[~real] = 2.0
        target = np.zeros((n, d), dtype=np.int64)
        target[src, col] = dst
        return cls(cum=cum, target=target, has_out=out > 0)

    def step(self, states: NDArray[np.int64], rng: np.random.Generator) -> NDArray[np.int64]:
        u = rng.random(len(states))
        j = (self.cum[states] <= u[:, None]).sum(axis=1)
        return np.asarray(self.target.ravel()[states * self.target.shape[1] + j])


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
    draws_table = _Draws.build(figures)
    moves = _Moves.build(chain)

    minutes = np.zeros(samples)
    days = np.zeros(samples)
    active = np.arange(samples)
    state = np.full(samples, chain.start, dtype=np.int64)
    # Running totals of the runs still walking, aligned with `active`.
    acc_m = np.zeros(samples)
    acc_d = np.zeros(samples)
    draws = 0
    for _ in range(max_walk):
        m, w, drawn = draws_table.draw(state, rng)
        draws += drawn
        acc_m += m
        acc_d += w  # calendar waits only; burden minutes are added as days at the end
        moving = moves.has_out[state]
        if not moving.all():
            done = ~moving
            finished = active[done]
            minutes[finished] = acc_m[done]
            days[finished] = acc_d[done] + acc_m[done] / MINUTES_PER_DAY
            if progress is not None:
                progress(int(done.sum()))
            active, state, acc_m, acc_d = (
                active[moving],
                state[moving],
                acc_m[moving],
                acc_d[moving],
            )
        if not len(active):
            break
        state = moves.step(state, rng)
    else:
        if len(active):
            msg = (
                f"journey {chain.journey.id!r}: {len(active)} of {samples} simulated walks did "
                f"not end within {max_walk} visits; a loop almost never lets the person out. "
                f"Check the loop's probabilities or raise max_walk_length."
            )
            raise ScoringError(msg)
    return Simulation(minutes=minutes, days=days, burden_draws=draws)
