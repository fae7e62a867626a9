"""The journey as a networkx graph, for users who want networkx's algorithms.

Nodes are step ids with the :class:`~lifeexp.model.Step` under the ``step`` attribute; edges
carry the :class:`~lifeexp.model.Transition` under ``transition`` and its probability under
``p``. The library's own checks, scoring and rendering use :class:`lifeexp.graph.StepGraph`;
networkx is imported only when this bridge is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from lifeexp.model import Journey

__all__ = ["end_steps", "journey_graph"]


def journey_graph(journey: Journey) -> nx.DiGraph[str]:
    """Build the directed graph of a journey.

    Transitions that name an unknown step are left out (the checks report them); a repeated
    transition between the same two steps keeps the first and adds the probabilities.

    Examples:
        >>> from lifeexp.testing import make_journey
        >>> g = journey_graph(make_journey({"a": ["b"], "b": []}))
        >>> sorted(g.edges())
        [('a', 'b')]
        >>> g.edges["a", "b"]["p"]
        1.0
    """
    import networkx as nx  # deferred: only this bridge needs networkx

    graph: nx.DiGraph[str] = nx.DiGraph(journey_id=journey.id)
    for step in journey.steps:
        if step.id not in graph:
            graph.add_node(step.id, step=step)
    for transition in journey.transitions:
        u, v = transition.from_, transition.to
        if u not in graph or v not in graph:
            continue
        if graph.has_edge(u, v):
            graph.edges[u, v]["p"] += transition.probability
        else:
            graph.add_edge(u, v, transition=transition, p=transition.probability)
    return graph


def end_steps(graph: nx.DiGraph[str]) -> list[str]:
    """Steps with no outgoing transition: the ends of the journey, in graph order."""
    return [n for n in graph.nodes if graph.out_degree(n) == 0]
