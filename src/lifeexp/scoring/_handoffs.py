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

from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np

from lifeexp.model import Channel, SignIn
from lifeexp.scoring._scorecard import HandoffRef, HandoffSummary, HandoverCell
from lifeexp.scoring._time_tax import is_person

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from lifeexp.scoring._markov import Chain
    from lifeexp.scoring._time_tax import StepFigures

__all__ = ["contact_mask", "cross_agency_mask", "handoff_summary", "handoff_type"]

HANDOFF_TYPES = ("data_shared", "warm_referral", "customer_carries", "start_over", "unspecified")


def cross_agency_mask(chain: Chain, figures: StepFigures) -> NDArray[np.bool_]:
    """True for edges between steps of two different agencies, neither being ``person``."""
    ag = figures.agency
    return np.fromiter(
        (
            ag[u] != ag[w] and not is_person(ag[u]) and not is_person(ag[w])
            for u, w in zip(chain.src.tolist(), chain.dst.tolist(), strict=True)
        ),
        dtype=bool,
        count=len(chain.src),
    )


def contact_mask(chain: Chain, figures: StepFigures) -> NDArray[np.bool_]:
    """True for steps where the person deals with an agency through a channel (touchpoints)."""
    return np.fromiter(
        (
            s.customer_facing and s.channel is not Channel.none and not is_person(figures.agency[i])
            for i, s in enumerate(chain.steps)
        ),
        dtype=bool,
        count=chain.n,
    )


def handoff_type(chain: Chain, edge: int) -> str:
    """The handoff type of an edge, ``unspecified`` when the transition names none."""
    h = chain.transitions[edge].handoff
    return h.value if h is not None else "unspecified"


def channel_switch_mask(chain: Chain) -> NDArray[np.bool_]:
    """True for edges between two customer-facing steps on different channels (neither
    ``none``)."""
    chans = [s.channel if s.customer_facing else Channel.none for s in chain.steps]
    return np.fromiter(
        (
            chans[u] is not Channel.none and chans[w] is not Channel.none and chans[u] != chans[w]
            for u, w in zip(chain.src.tolist(), chain.dst.tolist(), strict=True)
        ),
        dtype=bool,
        count=len(chain.src),
    )


def sign_in_masks(chain: Chain) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Steps that need a sign-in, and those that need identity proofing."""
    sign = np.fromiter((s.sign_in is not SignIn.none for s in chain.steps), bool, chain.n)
    proof = np.fromiter((s.sign_in is SignIn.identity_proofing for s in chain.steps), bool, chain.n)
    return sign, proof


def first_sign_in(chain: Chain) -> NDArray[np.float64]:
    """Probability that each step is the person's first sign-in of the journey."""
    sign, _ = sign_in_masks(chain)
    return chain.first_hits(sign)


def handoff_summary(chain: Chain, figures: StepFigures) -> HandoffSummary:
    """The handoffs section of the scorecard."""
    trav = chain.traversals
    cross = cross_agency_mask(chain, figures)
    by_type = dict.fromkeys(HANDOFF_TYPES, 0.0)
    refs: list[HandoffRef] = []
    for c in np.flatnonzero(cross).tolist():
        kind = handoff_type(chain, c)
        by_type[kind] += float(trav[c])
        u, w = int(chain.src[c]), int(chain.dst[c])
        refs.append(
            HandoffRef(
                from_step=chain.ids[u],
                to_step=chain.ids[w],
                from_agency=figures.agency[u],
                to_agency=figures.agency[w],
                handoff=kind,
                expected=float(trav[c]),
            )
        )

    # Owner-by-owner matrix (person and the diagonal included).
    ag = figures.agency
    cells: dict[tuple[str, str], float] = defaultdict(float)
    for e, (u, w) in enumerate(zip(chain.src.tolist(), chain.dst.tolist(), strict=True)):
        cells[(ag[u], ag[w])] += float(trav[e])
    all_moves = float(trav.sum())
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
    agency_arr = np.asarray(ag, dtype=object)
    for agency in chain.journey.agencies:
        mask = np.asarray(agency_arr == agency, dtype=bool)
        if mask.any():
            agency_reach[agency] = chain.hit_probability(mask)

    sign, proof = sign_in_masks(chain)
    sign_ins = float(chain.visits[sign].sum())
    first_sign = chain.hit_probability(sign)
    return HandoffSummary(
        expected_cross_agency=float(trav[cross].sum()),
        by_type=by_type,
        matrix=matrix,
        expected_agencies=float(sum(agency_reach.values())),
        agency_reach=agency_reach,
        touchpoints=float(chain.visits[contact_mask(chain, figures)].sum()),
        channel_switches=float(trav[channel_switch_mask(chain)].sum()),
        reauthentications=max(0.0, sign_ins - first_sign),
        sign_ins=sign_ins,
        identity_proofings=float(chain.visits[proof].sum()),
        transitions=refs,
    )
