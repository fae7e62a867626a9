"""The journey as a graph: the one graph layer under checks, scoring and rendering.

:class:`StepGraph` holds a journey's steps as integer adjacency lists and answers every
structural question in time linear in the number of steps and transitions: reachability
(:meth:`~StepGraph.reachable_from`, :meth:`~StepGraph.reaching`), strongly connected
components (Tarjan), back edges and the longest-path layering of what remains (depth-first
search, Kahn), and the dominator tree (Cooper, Harvey & Kennedy, computed once, then O(1)
"does *a* lie on every path to *b*" queries). It is pure Python, so ``lifeexp validate``
never imports networkx.

:func:`journey_graph` is the bridge to networkx for users who want its algorithms.

>>> from lifeexp.testing import make_journey
>>> g = StepGraph.of(make_journey({"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []}))
>>> tree = g.dominator_tree(g.index["a"])
>>> [g.ids[i] for i in tree.dominators(g.index["d"])]
['d', 'a']
"""

from lifeexp.graph._networkx import end_steps, journey_graph
from lifeexp.graph._steps import DominatorTree, StepGraph, longest_path_depth

__all__ = ["DominatorTree", "StepGraph", "end_steps", "journey_graph", "longest_path_depth"]
