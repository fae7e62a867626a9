"""Handoffs between agencies, touchpoints, channel switches and sign-ins (H1–H5, D3).

The handover-of-work metric (van der Aalst, Reijers & Song 2005) counts, in an event log,
how often work passes from one resource to the next. On a designed journey the log is replaced
by the chain: the expected number of times a transition ``u → w`` is taken per person is
``v_u · p_uw``. Summing those over transitions whose steps belong to different agencies,
neither being ``person``, gives the expected cross-agency handoffs per person; summing by
(owner, owner) gives the handover matrix (``person`` and the diagonal included, as in the
normalised matrix of the method).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph
from scipy.sparse import linalg as spla

from lifeexp.model import Channel
from lifeexp.scoring._bulk import build_models
from lifeexp.scoring._scorecard import HandoffRef, HandoffSummary, HandoverCell
from lifeexp.scoring._time_tax import CONTACT_CHANNELS

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from lifeexp.scoring._markov import Chain
    from lifeexp.scoring._time_tax import StepFigures

__all__ = [
    "PERSON_ACTS",
    "Bridged",
    "ChannelSwitches",
    "bridged_handoffs",
    "channel_switches",
    "contact_mask",
    "cross_agency_mask",
    "first_sign_in",
    "handoff_summary",
    "handoff_type",
]

HANDOFF_TYPES = ("data_shared", "warm_referral", "customer_carries", "start_over", "unspecified")
PERSON_ACTS = frozenset({"customer_carries", "start_over", "unspecified"})
"""Handoff types the person has to act on: carrying documents, starting over, or no stated way
of passing the case on. ``data_shared`` and ``warm_referral`` are improvements."""
BRIDGED_DEFAULT = "customer_carries"
"""The type of an agency → person step(s) → other agency handoff whose last transition names
none: the person carries the case across themselves."""


def cross_agency_mask(chain: Chain, figures: StepFigures) -> NDArray[np.bool_]:
    """True for edges between steps of two different agencies, neither being ``person``."""
    if "cross_agency" not in chain.memo:
        chain.memo["cross_agency"] = _cross_agency_mask(chain, figures)
    mask: NDArray[np.bool_] = chain.memo["cross_agency"]
    return mask


def _cross_agency_mask(chain: Chain, figures: StepFigures) -> NDArray[np.bool_]:
    _, codes = figures.agency_codes
    person = figures.is_person
    src, dst = chain.src, chain.dst
    return np.asarray((codes[src] != codes[dst]) & ~person[src] & ~person[dst])


def contact_mask(chain: Chain, figures: StepFigures) -> NDArray[np.bool_]:
    """True for steps where the person deals with an agency through a channel (touchpoints)."""
    return figures.contact


def handoff_type(chain: Chain, edge: int) -> str:
    """The handoff type of an edge, ``unspecified`` when the transition names none."""
    h = chain.transitions[edge].handoff
    return h.value if h is not None else "unspecified"


@dataclass(frozen=True, eq=False)
class ChannelSwitches:
    """Expected channel switches per transition.

    Attributes:
        per_edge: Expected times per person that taking the edge switches channel.
        previous: Per edge, the most likely channel the person used last before the switch
            (``None`` where the edge never switches).
    """

    per_edge: NDArray[np.float64]
    previous: list[Channel | None]


def channel_switches(chain: Chain, figures: StepFigures) -> ChannelSwitches:
    """Expected channel switches between consecutive contacts, exactly.

    See :func:`_channel_switches`; computed once per chain.
    """
    if "channel_switches" not in chain.memo:
        chain.memo["channel_switches"] = _channel_switches(chain, figures)
    result: ChannelSwitches = chain.memo["channel_switches"]
    return result


def _channel_switches(chain: Chain, figures: StepFigures) -> ChannelSwitches:
    """Expected channel switches between consecutive contacts, exactly.

    A contact is a customer-facing step on a channel (not ``none``). Steps without a channel in
    between (the person deciding, gathering papers) are bridged: going online → decide →
    mail is one switch. The chain is extended with "the channel of the last contact" (four
    channels or none yet), which stays absorbing, and one sparse solve of the extended chain
    gives the expected visits to each (step, last channel) pair.
    """
    n, k = chain.n, len(CONTACT_CHANNELS) + 1
    # 0 = not a contact, 1.. = channel
    code = np.where(figures.customer_facing, figures.channel_codes, 0)
    last = np.arange(k)
    # Extended edges: (u, c) -> (w, c') with c' = code[w] or, for a non-contact w, c.
    e_src = (chain.src[:, None] * k + last[None, :]).ravel()
    new_c = np.where(code[chain.dst][:, None] > 0, code[chain.dst][:, None], last[None, :])
    e_dst = (chain.dst[:, None] * k + new_c).ravel()
    e_p = np.repeat(chain.prob, k)
    size = n * k
    start = chain.start * k + int(code[chain.start])
    # Solve only over extended states reachable from the start.
    adj = sp.csr_array((np.ones(len(e_src)), (e_src, e_dst)), shape=(size, size))
    reach = np.sort(
        csgraph.breadth_first_order(adj, start, directed=True, return_predecessors=False)
    )
    where = np.full(size, -1, dtype=np.int64)
    where[reach] = np.arange(len(reach))
    keep = where[e_src] >= 0
    m = len(reach)
    q = sp.csr_array((e_p[keep], (where[e_src[keep]], where[e_dst[keep]])), shape=(m, m))
    rhs = np.zeros(m)
    rhs[where[start]] = 1.0
    if m == 1:
        x_local = rhs
    else:
        system = sp.csc_array(sp.eye_array(m, format="csc") - q.T)
        x_local = spla.splu(system).solve(rhs)
    visits = np.zeros(size)
    visits[reach] = np.maximum(x_local, 0.0)
    grid = visits.reshape(n, k)  # expected visits to (step, last contact channel)
    target = code[chain.dst]
    # A switch: entering a contact on channel t after a last contact on channel c, c ∉ {0, t}.
    from_u = grid[chain.src]  # (edges, k)
    switching = (last[None, :] != 0) & (last[None, :] != target[:, None]) & (target[:, None] > 0)
    weighted = np.where(switching, from_u, 0.0)
    per_edge = chain.prob * weighted.sum(axis=1)
    best = weighted.argmax(axis=1)
    previous = [
        CONTACT_CHANNELS[int(c) - 1] if per_edge[e] > 0 else None for e, c in enumerate(best)
    ]
    return ChannelSwitches(per_edge=np.asarray(per_edge), previous=previous)


# --- issue 12: handoffs the person carries through their own steps --------------------------


@dataclass(frozen=True, eq=False)
class Bridged:
    """Expected agency → person step(s) → other agency handoffs, per transition.

    Attributes:
        per_edge: Expected times per person that taking the edge (a person step → an agency
            step) completes a handoff from a different agency (zero elsewhere).
        from_agency: Per edge, the most likely agency the person came from (``None`` where
            the edge completes no bridged handoff).
    """

    per_edge: NDArray[np.float64]
    from_agency: list[str | None]


def bridged_handoffs(chain: Chain, figures: StepFigures) -> Bridged:
    """Handoffs that pass through the person's own steps, exactly; computed once per chain.

    Steps of ``person`` (and unowned steps) between two agencies hide a handoff: SSA → the
    person → IRS is a change of agency the person carries. Person steps are bridged the way
    channel-less steps are bridged for channel switches: for each agency ``A`` that hands
    people into a run of person steps, one solve over the person steps alone gives the expected
    visits to each person step with ``A`` as the last agency, ``X = (I − Q_ppᵀ)⁻¹ F`` (one LU
    factorisation, one column per agency); an edge ``p → w`` leaving the run completes
    ``p_pw · Σ_{A ≠ agency(w)} X[p, A]`` handoffs per person.
    """
    if "bridged" not in chain.memo:
        chain.memo["bridged"] = _bridged_handoffs(chain, figures)
    result: Bridged = chain.memo["bridged"]
    return result


def _bridged_handoffs(chain: Chain, figures: StepFigures) -> Bridged:
    n_edges = len(chain.src)
    none = Bridged(per_edge=np.zeros(n_edges), from_agency=[None] * n_edges)
    person = figures.is_person
    src, dst = chain.src, chain.dst
    entry = ~person[src] & person[dst]
    leave = person[src] & ~person[dst]
    if not entry.any() or not leave.any():
        return none
    names, codes = figures.agency_codes
    members = np.flatnonzero(person)
    m = len(members)
    pos = np.full(chain.n, -1, dtype=np.int64)
    pos[members] = np.arange(m)
    inner = person[src] & person[dst]
    q_pp = sp.csr_array((chain.prob[inner], (pos[src[inner]], pos[dst[inner]])), shape=(m, m))
    entry_agencies, column = np.unique(codes[src[entry]], return_inverse=True)
    flows = np.zeros((m, len(entry_agencies)))
    np.add.at(flows, (pos[dst[entry]], column), chain.traversals[entry])
    if m == 1 and not q_pp.nnz:
        visits = flows
    else:
        system = sp.csc_array(sp.eye_array(m, format="csc") - q_pp.T)
        visits = spla.splu(system).solve(flows).reshape(m, len(entry_agencies))
    visits = np.maximum(visits, 0.0)
    per_edge = np.zeros(n_edges)
    from_agency: list[str | None] = [None] * n_edges
    for e in np.flatnonzero(leave).tolist():
        row = visits[pos[src[e]]]
        other = entry_agencies != codes[dst[e]]
        weight = float(chain.prob[e] * row[other].sum())
        if weight > 1e-12:
            per_edge[e] = weight
            best = int(np.argmax(np.where(other, row, -1.0)))
            from_agency[e] = names[int(entry_agencies[best])]
    return Bridged(per_edge=per_edge, from_agency=from_agency)


def bridged_type(chain: Chain, edge: int) -> str:
    """The handoff type of a bridged handoff: its last transition's, else ``customer_carries``."""
    h = chain.transitions[edge].handoff
    return h.value if h is not None else BRIDGED_DEFAULT


# --- end issue 12 ---------------------------------------------------------------------------


def sign_in_masks(figures: StepFigures) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Steps that need a sign-in, and those that need identity proofing."""
    return np.asarray(figures.sign_in > 0), np.asarray(figures.sign_in == 2)


def first_sign_in(chain: Chain, figures: StepFigures) -> NDArray[np.float64]:
    """Probability that each step is the person's first sign-in of the journey."""
    if "first_sign_in" not in chain.memo:
        sign, _ = sign_in_masks(figures)
        chain.memo["first_sign_in"] = chain.first_hits(sign)
    first: NDArray[np.float64] = chain.memo["first_sign_in"]
    return first


def handoff_summary(chain: Chain, figures: StepFigures) -> HandoffSummary:
    """The handoffs section of the scorecard."""
    trav = chain.traversals
    cross = cross_agency_mask(chain, figures)
    by_type = dict.fromkeys(HANDOFF_TYPES, 0.0)
    cross_edges = np.flatnonzero(cross).tolist()
    kinds = [handoff_type(chain, c) for c in cross_edges]
    for c, kind in zip(cross_edges, kinds, strict=True):
        by_type[kind] += float(trav[c])
    direct = dict(by_type)
    bridged = bridged_handoffs(chain, figures)
    bridged_edges = np.flatnonzero(bridged.per_edge > 0).tolist()
    bridged_kinds = [bridged_type(chain, e) for e in bridged_edges]
    for e, kind in zip(bridged_edges, bridged_kinds, strict=True):
        by_type[kind] += float(bridged.per_edge[e])
    ag = figures.agency
    src, dst = chain.src.tolist(), chain.dst.tolist()
    rows = [
        {
            "from_step": chain.ids[src[c]],
            "to_step": chain.ids[dst[c]],
            "from_agency": ag[src[c]],
            "to_agency": ag[dst[c]],
            "handoff": kind,
            "expected": float(trav[c]),
        }
        for c, kind in zip(cross_edges, kinds, strict=True)
    ]
    rows += [
        {
            "from_step": chain.ids[src[e]],
            "to_step": chain.ids[dst[e]],
            "from_agency": bridged.from_agency[e],
            "to_agency": ag[dst[e]],
            "handoff": kind,
            "expected": float(bridged.per_edge[e]),
            "through_person": True,
        }
        for e, kind in zip(bridged_edges, bridged_kinds, strict=True)
    ]
    refs = build_models(HandoffRef, rows)

    # Owner-by-owner matrix (person and the diagonal included), summed by numpy.
    names, codes = figures.agency_codes
    k = len(names)
    pair = codes[chain.src] * k + codes[chain.dst]
    totals = np.bincount(pair, weights=trav, minlength=k * k)
    all_moves = float(trav.sum())
    cells = {(names[p // k], names[p % k]): float(totals[p]) for p in np.unique(pair).tolist()}
    matrix = [
        HandoverCell(
            from_agency=a,
            to_agency=b,
            expected=x,
            share=x / all_moves if all_moves > 0 else 0.0,
        )
        for (a, b), x in sorted(cells.items(), key=lambda kv: (-kv[1], kv[0]))
    ]

    agency_reach: dict[str, float] = {}
    index = {name: i for i, name in enumerate(names)}
    for agency in chain.journey.agencies:
        if agency in index:  # owns a reachable step
            agency_reach[agency] = chain.hit_probability(codes == index[agency])

    sign, proof = sign_in_masks(figures)
    sign_ins = float(chain.visits[sign].sum())
    first_sign = min(1.0, float(first_sign_in(chain, figures).sum()))
    through_person = float(bridged.per_edge.sum())
    return HandoffSummary(
        expected_cross_agency=float(trav[cross].sum()),
        through_person=through_person,
        total=float(trav[cross].sum()) + through_person,
        person_handoffs=sum(by_type[t] for t in PERSON_ACTS),
        shared_handoffs=by_type["data_shared"] + by_type["warm_referral"],
        direct_by_type=direct,
        by_type=by_type,
        matrix=matrix,
        expected_agencies=float(sum(agency_reach.values())),
        agency_reach=agency_reach,
        touchpoints=float(chain.visits[contact_mask(chain, figures)].sum()),
        channel_switches=float(channel_switches(chain, figures).per_edge.sum()),
        reauthentications=max(0.0, sign_ins - first_sign),
        sign_ins=sign_ins,
        identity_proofings=float(chain.visits[proof].sum()),
        transitions=refs,
    )
