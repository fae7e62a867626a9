"""Reach probabilities for the checks: the chance that a person entering a journey ever gets
to a step. The checks ask only about the few steps with a published program volume.

Pure Python on the graph layer, so ``lifeexp validate`` never imports numpy or scipy: for each
step asked about, the first-hit probabilities ``h(u) = Σ p(u, w) · h(w)`` (``h = 1`` at the
step) are solved one strongly connected component at a time, sinks first, each component's
few equations by Gaussian elimination. Journeys' loops are small rework cycles, so this is
linear in the steps and transitions; a loop of more than :data:`DENSE_LIMIT` steps is solved
with one sparse factorisation instead (scipy, imported only then).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Final

from lifeexp.graph import StepGraph
from lifeexp.model import Journey

__all__ = ["DENSE_LIMIT", "reach_probabilities"]

DENSE_LIMIT: Final = 150
"""Largest loop (strongly connected component) solved by dense elimination in Python."""
_TOLERANCE: Final = 1e-6  # outgoing probabilities must sum to 1 within this
_SINGULAR: Final = 1e-12  # a pivot below this: a loop with no way out


def reach_probabilities(journey: Journey, step_ids: list[str]) -> dict[str, float] | None:
    """``{step id: probability of reaching it}``, or ``None`` when the journey's chain is not
    well defined (unknown start, probabilities not summing to 1, a loop with no way out).

    >>> from lifeexp.testing import make_journey
    >>> j = make_journey({"a": ["b", "c"], "b": ["a", "d"], "c": ["d"], "d": []},
    ...                  probabilities={("a", "b"): 0.5, ("b", "a"): 0.5})
    >>> reach_probabilities(j, ["c", "d"])  # c: 0.5 + 0.25 · 0.5 + … = 2/3
    {'c': 0.6666666666666666, 'd': 1.0}
    """
    graph = StepGraph.of(journey)
    if journey.start not in graph.index or any(sid not in graph.index for sid in step_ids):
        return None
    weight: dict[tuple[int, int], float] = defaultdict(float)  # parallel transitions add up
    for t in journey.transitions:
        u, w = graph.index.get(t.from_), graph.index.get(t.to)
        if u is not None and w is not None:
            weight[u, w] += t.probability
    out_sum = [0.0] * len(graph)
    for (u, _), p in weight.items():
        out_sum[u] += p
    if any(graph.succ[u] and abs(s - 1.0) > _TOLERANCE for u, s in enumerate(out_sum)):
        return None
    components = graph.strongly_connected_components()  # sinks first
    ends = [u for u in range(len(graph)) if not graph.succ[u]]
    start = graph.index[journey.start]
    out: dict[str, float] = {}
    for sid in step_ids:
        target = graph.index[sid]
        if target == start:
            out[sid] = 1.0
            continue
        if not all(graph.reaching([*ends, target])):
            return None  # a loop with no way out: the chain is not absorbing
        hit = _first_hit(graph, weight, components, target)
        if hit is None:
            return None
        out[sid] = min(1.0, max(0.0, hit[start]))
    return out


def _first_hit(
    graph: StepGraph,
    weight: dict[tuple[int, int], float],
    components: list[list[int]],
    target: int,
) -> list[float] | None:
    """Probability of reaching ``target`` from each step (``None``: a loop with no way out)."""
    relevant = graph.reaching([target])
    hit = [0.0] * len(graph)
    hit[target] = 1.0
    for members in components:
        unknown = [u for u in members if u != target and relevant[u]]
        if not unknown:
            continue
        if len(unknown) == 1:
            (u,) = unknown
            stay = weight.get((u, u), 0.0)
            if 1.0 - stay < _SINGULAR:
                return None
            rest = sum(weight[u, w] * hit[w] for w in graph.succ[u] if w != u)
            hit[u] = rest / (1.0 - stay)
            continue
        solved = _solve_component(graph, weight, unknown, hit)
        if solved is None:
            return None
        for u, value in zip(unknown, solved, strict=True):
            hit[u] = value
    return hit


def _solve_component(
    graph: StepGraph, weight: dict[tuple[int, int], float], unknown: list[int], hit: list[float]
) -> list[float] | None:
    """``(I − P) h = b`` over one loop's steps, ``b`` what leaving the loop (or the target)
    brings; every step outside ``unknown`` already has its value in ``hit``."""
    position = {u: i for i, u in enumerate(unknown)}
    k = len(unknown)
    if k > DENSE_LIMIT:
        return _solve_sparse(graph, weight, unknown, position, hit)
    rows: list[list[float]] = []
    for u in unknown:
        row = [0.0] * (k + 1)
        row[position[u]] = 1.0
        for w in graph.succ[u]:
            if w in position:
                row[position[w]] -= weight[u, w]
            else:
                row[k] += weight[u, w] * hit[w]
        rows.append(row)
    for col in range(k):  # Gaussian elimination with partial pivoting
        pivot = max(range(col, k), key=lambda r: abs(rows[r][col]))
        if abs(rows[pivot][col]) < _SINGULAR:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        head = rows[col]
        for r in range(col + 1, k):
            factor = rows[r][col] / head[col]
            if factor:
                rows[r] = [a - factor * b for a, b in zip(rows[r], head, strict=True)]
    solution = [0.0] * k
    for col in reversed(range(k)):
        row = rows[col]
        solution[col] = (row[k] - sum(row[j] * solution[j] for j in range(col + 1, k))) / row[col]
    return solution


def _solve_sparse(
    graph: StepGraph,
    weight: dict[tuple[int, int], float],
    unknown: list[int],
    position: dict[int, int],
    hit: list[float],
) -> list[float] | None:
    import numpy as np
    from scipy.sparse import csc_array
    from scipy.sparse import linalg as spla

    rows, cols, values = list(range(len(unknown))), list(range(len(unknown))), [1.0] * len(unknown)
    rhs = np.zeros(len(unknown))
    for u in unknown:
        for w in graph.succ[u]:
            if w in position:
                rows.append(position[u])
                cols.append(position[w])
                values.append(-weight[u, w])
            else:
                rhs[position[u]] += weight[u, w] * hit[w]
    matrix = csc_array((values, (rows, cols)), shape=(len(unknown), len(unknown)))
    try:
        solution = spla.splu(matrix).solve(rhs)
    except RuntimeError:  # pragma: no cover - exactly singular: the trap check comes first
        return None
    return [float(x) for x in solution] if np.all(np.isfinite(solution)) else None
