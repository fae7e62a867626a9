"""The journey as an absorbing Markov chain: exact expected visits and reach probabilities.

Every step is a state; a step with no outgoing transition is an end, and leaving an end means
leaving the journey (a virtual absorbing state). With ``Q`` the step-to-step transition matrix,
the fundamental matrix ``N = (I − Q)⁻¹`` gives the expected number of visits to each step
(Grinstead & Snell, ch. 11). We never form ``N``: the visits from the start step are the
solution ``v`` of the sparse system ``(I − Qᵀ) v = e_start``, solved by a sparse LU
factorisation (SuperLU via scipy), which stays close to linear in the number of steps for
journey-shaped graphs (few transitions per step).

Before solving, the chain is checked: every step reachable from the start must be able to
reach an end. Otherwise the chain is not absorbing, ``I − Q`` is singular and a walk could go
round forever; we raise :class:`~lifeexp.errors.ScoringError` naming the trapped steps instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse import linalg as spla

from lifeexp.errors import ScoringError
from lifeexp.graph import StepGraph

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from lifeexp.model import Journey, Step, Transition

__all__ = ["Chain", "build_chain"]

_PROB_TOLERANCE = 1e-6
_DENSE_SCC_LIMIT = 2_000  # larger loops use sparse solves for their return probabilities
_MAX_NAMED = 8  # steps named in an error message before "and N more"


def _name_steps(ids: list[str]) -> str:
    shown = ", ".join(repr(i) for i in ids[:_MAX_NAMED])
    more = len(ids) - _MAX_NAMED
    return shown + (f" and {more} more" if more > 0 else "")


@dataclass(eq=False)
class Chain:
    """The reachable part of a journey as arrays, with its exact visit counts.

    Attributes:
        journey: The journey.
        steps: Steps reachable from the start, in file order; index ``i`` is state ``i``.
        ids: Their ids.
        index: Step id → state index.
        start: State index of the start step.
        src, dst, prob: One entry per transition between reachable steps (parallel
            transitions merged, probabilities added).
        transitions: The first :class:`~lifeexp.model.Transition` of each edge.
        visits: Expected visits per step from the start (``v = N[start, :]``).
        reach: Probability that each step is visited at least once.
    """

    journey: Journey
    steps: list[Step]
    ids: list[str]
    index: dict[str, int]
    start: int
    src: NDArray[np.int64]
    dst: NDArray[np.int64]
    prob: NDArray[np.float64]
    transitions: list[Transition]
    q: sp.csr_array
    scc_labels: NDArray[np.int64]
    """Strongly connected component of each step (the graph layer's Tarjan): steps with the
    same label reach each other."""
    visits: NDArray[np.float64] = field(init=False)
    reach: NDArray[np.float64] = field(init=False)
    in_loop: NDArray[np.bool_] = field(init=False)
    memo: dict[str, Any] = field(default_factory=dict)
    """Results derived from the chain that several sections need (computed once)."""

    @property
    def n(self) -> int:
        """Number of reachable steps."""
        return len(self.steps)

    @property
    def is_end(self) -> NDArray[np.bool_]:
        """True for steps with no outgoing transition."""
        out = np.bincount(self.src, minlength=self.n)
        return np.asarray(out == 0)

    @property
    def traversals(self) -> NDArray[np.float64]:
        """Expected number of times each edge is taken per person: ``v[src] · p``."""
        return np.asarray(self.visits[self.src] * self.prob)

    def _system(self, absorbing: NDArray[np.bool_] | None = None) -> sp.csc_array:
        # (I − Qᵀ), optionally with the rows of `absorbing` states cut (the walk stops there).
        qt = self.q.T
        if absorbing is not None:
            keep = (~absorbing).astype(np.float64)
            qt = qt @ sp.diags_array(keep)
        return sp.csc_array(sp.eye_array(self.n, format="csc") - qt)

    def _solve_from_start(self, absorbing: NDArray[np.bool_] | None = None) -> NDArray[np.float64]:
        rhs = np.zeros(self.n)
        rhs[self.start] = 1.0
        if self.n == 1:
            return rhs
        try:
            lu = spla.splu(self._system(absorbing))
            out = lu.solve(rhs)
        except RuntimeError as exc:  # "Factor is exactly singular": cannot happen once checked
            msg = f"journey {self.journey.id!r} cannot be scored: its chain is singular ({exc})"
            raise ScoringError(msg) from exc
        if not np.all(np.isfinite(out)):
            msg = f"journey {self.journey.id!r} cannot be scored: the visit counts are not finite"
            raise ScoringError(msg)
        # Round-off can give -1e-17 for a step that is never visited.
        return np.asarray(np.maximum(out, 0.0))

    def first_hits(self, targets: NDArray[np.bool_]) -> NDArray[np.float64]:
        """Probability that the first step of ``targets`` a person reaches is each step.

        Solves the chain in which every target step is made absorbing; the result is zero
        outside ``targets`` and its sum is the probability of reaching ``targets`` at all.
        """
        if not targets.any():
            return np.zeros(self.n)
        if targets[self.start]:
            out = np.zeros(self.n)
            out[self.start] = 1.0
            return out
        x = self._solve_from_start(targets)
        return np.where(targets, x, 0.0)

    def hit_probability(self, targets: NDArray[np.bool_]) -> float:
        """Probability that a person visits at least one step of ``targets``."""
        return float(min(1.0, self.first_hits(targets).sum()))

    def _compute(self) -> None:
        self.visits = self._solve_from_start()
        labels = self.scc_labels
        sizes = np.bincount(labels)
        self_loop = np.zeros(self.n, dtype=bool)
        self_loop[self.src[self.src == self.dst]] = True
        self.in_loop = (sizes[labels] > 1) | self_loop
        # A step outside every loop is visited at most once, so reach = visits. For a step in a
        # loop, reach = v_u / N[u,u], and N[u,u] (expected visits to u starting at u) depends
        # only on u's strongly connected component.
        nuu = np.ones(self.n)
        loop_members = np.flatnonzero(self.in_loop)
        if len(loop_members):
            nuu[loop_members] = self._loop_diagonal(loop_members)
        self.reach = np.minimum(self.visits / nuu, 1.0)

    def _loop_diagonal(self, members: NDArray[np.int64]) -> NDArray[np.float64]:
        """N[u,u] for every step in a loop, batched by loop size.

        Loops of the same size are stacked into one (m, k, k) array and inverted together, so
        thousands of small rework loops cost a few numpy calls rather than one each.
        """
        labels = self.scc_labels[members]
        order = np.argsort(labels, kind="stable")
        members, labels = members[order], labels[order]
        comps, first, sizes = np.unique(labels, return_index=True, return_counts=True)
        # Position of each member inside its loop, and the loop's index in `comps`.
        comp_of = np.repeat(np.arange(len(comps)), sizes)
        local = np.arange(len(members)) - np.repeat(first, sizes)
        where = np.full(self.n, -1, dtype=np.int64)
        where[members] = local
        # Edges inside a loop.
        inside = self.scc_labels[self.src] == self.scc_labels[self.dst]
        inside &= self.in_loop[self.src]
        e_src, e_dst, e_p = self.src[inside], self.dst[inside], self.prob[inside]
        comp_index = np.searchsorted(comps, self.scc_labels[e_src])
        out = np.empty(len(members))
        for k in np.unique(sizes).tolist():
            group = np.flatnonzero(sizes == k)
            if k > _DENSE_SCC_LIMIT:  # pragma: no cover - loops of thousands of steps
                for g in group.tolist():
                    sel = slice(first[g], first[g] + k)
                    out[sel] = self._diag_of_n(members[sel])
                continue
            slot = np.full(len(comps), -1, dtype=np.int64)
            slot[group] = np.arange(len(group))
            mats = np.zeros((len(group), k, k))
            mats[:, np.arange(k), np.arange(k)] = 1.0
            mine = slot[comp_index] >= 0
            np.subtract.at(
                mats, (slot[comp_index[mine]], where[e_src[mine]], where[e_dst[mine]]), e_p[mine]
            )
            diag = np.linalg.inv(mats)[:, np.arange(k), np.arange(k)]
            take = np.isin(comp_of, group)
            out[take] = diag[slot[comp_of[take]], local[take]]
        result = np.empty(len(members))
        result[order] = out
        return result

    def _diag_of_n(self, members: NDArray[np.int64]) -> NDArray[np.float64]:
        sub = self.q[members][:, members]
        k = len(members)
        if k <= _DENSE_SCC_LIMIT:
            n_local = np.linalg.inv(np.eye(k) - sub.toarray())
            return np.asarray(np.diag(n_local))
        lu = spla.splu(sp.csc_array(sp.eye_array(k, format="csc") - sub))
        diag = np.empty(k)
        for j in range(k):  # pragma: no cover - only for loops of thousands of steps
            e = np.zeros(k)
            e[j] = 1.0
            diag[j] = lu.solve(e)[j]
        return diag


def build_chain(journey: Journey) -> Chain:
    """Build and solve the absorbing chain of a journey.

    Raises:
        ScoringError: The start step does not exist, a step's outgoing probabilities do not sum
            to 1, or some reachable steps can never reach an end (a loop with no way out).
    """
    ids_all = [s.id for s in journey.steps]
    pos_all = {sid: i for i, sid in enumerate(ids_all)}
    if journey.start not in pos_all:
        msg = (
            f"journey {journey.id!r} cannot be scored: start step {journey.start!r} does not exist"
        )
        raise ScoringError(msg)
    # One edge per transition, parallel ones included: two transitions a→b with different
    # handoff types (0.5 data_shared + 0.5 start_over) are each taken v_a · p times, so every
    # per-edge figure (handoffs by type, friction, channel switches) counts its own share.
    # The transition matrix sums them (sparse matrices add duplicate entries), so the chain
    # itself is the same as with one merged edge. Transitions naming unknown steps are
    # dropped (the checks report them).
    src_list: list[int] = []
    dst_list: list[int] = []
    p_list: list[float] = []
    all_transitions: list[Transition] = []
    for t in journey.transitions:
        u, w = pos_all.get(t.from_), pos_all.get(t.to)
        if u is None or w is None:
            continue
        src_list.append(u)
        dst_list.append(w)
        p_list.append(t.probability)
        all_transitions.append(t)
    n_all = len(ids_all)
    src_all = np.asarray(src_list, dtype=np.int64)
    dst_all = np.asarray(dst_list, dtype=np.int64)
    p_all = np.asarray(p_list, dtype=np.float64)
    # Keep the part reachable from the start (the graph layer's search, shared with the
    # checks and the maps).
    graph = StepGraph.of(journey)
    start_all = pos_all[journey.start]
    reached = graph.reachable_from([graph.index[journey.start]])
    reachable = np.zeros(n_all, dtype=bool)
    for sid, i in pos_all.items():  # a repeated step id is the last one of that id
        reachable[i] = reached[graph.index[sid]]
    keep_edge = reachable[src_all]
    src_all, dst_all, p_all = src_all[keep_edge], dst_all[keep_edge], p_all[keep_edge]
    kept = np.flatnonzero(reachable)
    remap = np.full(n_all, -1, dtype=np.int64)
    remap[kept] = np.arange(len(kept))
    src, dst = remap[src_all], remap[dst_all]
    n = len(kept)
    steps = [journey.steps[i] for i in kept]
    ids = [ids_all[i] for i in kept]

    # Outgoing probabilities must sum to 1 (ends have none).
    row_sum = np.bincount(src, weights=p_all, minlength=n)
    has_out = np.bincount(src, minlength=n) > 0
    bad = np.flatnonzero(has_out & (np.abs(row_sum - 1.0) > _PROB_TOLERANCE))
    if len(bad):
        detail = ", ".join(f"{ids[i]!r} ({row_sum[i]:.6g})" for i in bad[:_MAX_NAMED])
        more = f" and {len(bad) - _MAX_NAMED} more" if len(bad) > _MAX_NAMED else ""
        msg = (
            f"journey {journey.id!r} cannot be scored: outgoing probabilities must sum to 1 "
            f"at {detail}{more}"
        )
        raise ScoringError(msg)

    # Every reachable step must be able to reach an end: one backward search from all ends.
    node_of = [graph.index[sid] for sid in ids]  # state → the graph layer's step number
    ends = [node_of[i] for i in np.flatnonzero(~has_out).tolist()]
    can_end_all = graph.reaching(ends)
    can_end = np.array([can_end_all[node] for node in node_of], dtype=bool)
    trapped = np.flatnonzero(~can_end)
    if len(trapped):
        names = _name_steps([ids[i] for i in trapped])
        msg = (
            f"journey {journey.id!r} cannot be scored: it has a loop with no way out; "
            f"from step(s) {names} no end of the journey can be reached, so the expected time "
            f"would be infinite. Add a transition out of the loop (e.g. to an end step)."
        )
        raise ScoringError(msg)

    q = sp.csr_array((p_all, (src, dst)), shape=(n, n))  # parallel edges are summed here
    trans = [t for t, keep in zip(all_transitions, keep_edge.tolist(), strict=True) if keep]
    chain = Chain(
        journey=journey,
        steps=steps,
        ids=ids,
        index={sid: i for i, sid in enumerate(ids)},
        start=int(remap[start_all]),
        src=src,
        dst=dst,
        prob=p_all,
        transitions=trans,
        q=q,
        # A step's component lies wholly inside the reachable part (each member reaches the
        # others), so the whole graph's components restricted to it are the chain's.
        scc_labels=np.asarray(graph.component_labels(), dtype=np.int64)[node_of],
    )
    chain._compute()
    return chain
