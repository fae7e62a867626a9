"""Reach probabilities for the checks: the chance that a person entering a journey ever gets
to a step. One sparse solve per step asked about (the chain stopped at that step); the
checks ask only about the few steps with a published program volume."""

from __future__ import annotations

from lifeexp.model import Journey

__all__ = ["reach_probabilities"]


def reach_probabilities(journey: Journey, step_ids: list[str]) -> dict[str, float] | None:
    """``{step id: probability of reaching it}``, or ``None`` when the journey's chain is not
    well defined (unknown start, probabilities not summing to 1, a loop with no way out)."""
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse import linalg as spla

    index = {s.id: i for i, s in enumerate(journey.steps)}
    if journey.start not in index or any(sid not in index for sid in step_ids):
        return None
    n = len(journey.steps)
    rows: list[int] = []
    cols: list[int] = []
    probs: list[float] = []
    for t in journey.transitions:
        if t.from_ in index and t.to in index:
            rows.append(index[t.from_])
            cols.append(index[t.to])
            probs.append(t.probability)
    q = sp.csr_array((probs, (rows, cols)), shape=(n, n))
    sums: np.ndarray = np.asarray(q.sum(axis=1)).ravel()
    has_out = np.bincount(np.asarray(rows, dtype=np.int64), minlength=n) > 0
    if np.any(has_out & (np.abs(sums - 1.0) > 1e-6)):
        return None
    out: dict[str, float] = {}
    start = index[journey.start]
    for sid in step_ids:
        target = index[sid]
        if target == start:
            out[sid] = 1.0
            continue
        keep = np.ones(n)
        keep[target] = 0.0
        system = sp.csc_array(sp.eye_array(n, format="csc") - (sp.diags_array(keep) @ q).T)
        rhs = np.zeros(n)
        rhs[start] = 1.0
        try:
            x = spla.splu(system).solve(rhs)
        except RuntimeError:
            return None
        if not np.all(np.isfinite(x)):
            return None
        out[sid] = float(min(1.0, max(0.0, x[target])))
    return out
