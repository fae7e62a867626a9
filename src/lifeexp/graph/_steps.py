"""A journey's steps as integer adjacency lists, with linear-time graph algorithms.

Every algorithm here is iterative (a 100,000-step journey cannot overflow the stack) and runs
in O(steps + transitions), except the dominator tree, whose Cooper–Harvey–Kennedy iteration
is near-linear on the reducible graphs journeys are (two passes over a journey without
rework arrows) and is computed once per graph and check run.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lifeexp.model import Journey, TransitionKind

__all__ = ["DominatorTree", "StepGraph", "longest_path_depth"]

# Events of StepGraph._depth_first.
ENTER, SEEN, EXIT = 0, 1, 2


@dataclass(frozen=True, eq=False)
class StepGraph:
    """Steps ``0 … n−1`` (file order) and the distinct transitions between them."""

    ids: tuple[str, ...]
    """Step ids in file order; a repeated id counts once, at its first definition."""
    index: Mapping[str, int]
    """Step id → its number."""
    succ: tuple[tuple[int, ...], ...]
    """Distinct next steps of each step, in the file order of their transitions."""
    pred: tuple[tuple[int, ...], ...] = field(repr=False)
    """Distinct previous steps of each step, in the file order of their transitions."""

    @classmethod
    def of(cls, journey: Journey, *, without: Collection[TransitionKind] = ()) -> StepGraph:
        """The graph of a journey. Transitions naming an unknown step are left out (the
        checks report them), as are transitions of the kinds in ``without`` (e.g. rework and
        appeal arrows, which go back on purpose); parallel transitions count once."""
        index: dict[str, int] = {}
        for step in journey.steps:
            index.setdefault(step.id, len(index))
        succ: list[list[int]] = [[] for _ in index]
        pred: list[list[int]] = [[] for _ in index]
        seen: set[tuple[int, int]] = set()
        for t in journey.transitions:
            u, v = index.get(t.from_), index.get(t.to)
            if u is None or v is None or t.kind in without or (u, v) in seen:
                continue
            seen.add((u, v))
            succ[u].append(v)
            pred[v].append(u)
        return cls(
            ids=tuple(index),
            index=index,
            succ=tuple(map(tuple, succ)),
            pred=tuple(map(tuple, pred)),
        )

    def __len__(self) -> int:
        return len(self.ids)

    # ----------------------------------------------------------------- reachability

    @staticmethod
    def _search(sources: Iterable[int], adjacency: Sequence[Sequence[int]]) -> list[bool]:
        seen = [False] * len(adjacency)
        queue: deque[int] = deque()
        for s in sources:
            if not seen[s]:
                seen[s] = True
                queue.append(s)
        while queue:
            for nxt in adjacency[queue.popleft()]:
                if not seen[nxt]:
                    seen[nxt] = True
                    queue.append(nxt)
        return seen

    def reachable_from(self, sources: Iterable[int]) -> list[bool]:
        """Which steps some source reaches (the sources included), in one search."""
        return self._search(sources, self.succ)

    def reaching(self, targets: Iterable[int]) -> list[bool]:
        """Which steps reach some target (the targets included), in one backward search."""
        return self._search(targets, self.pred)

    # ----------------------------------------------------------------- components

    def _depth_first(self, roots: Iterable[int]) -> Iterator[tuple[int, int, int]]:
        """The events of one iterative depth-first search from each root not yet seen, in
        order, children in the file order of transitions:

        * ``(ENTER, node, parent)`` when a step is first reached (``parent`` −1 at a root);
        * ``(SEEN, node, child)`` for an edge to a step already reached;
        * ``(EXIT, node, parent)`` when every edge of a step has been followed.
        """
        seen = [False] * len(self.ids)
        for root in roots:
            if seen[root]:
                continue
            seen[root] = True
            yield ENTER, root, -1
            work: list[tuple[int, int]] = [(root, 0)]
            while work:
                node, i = work[-1]
                children = self.succ[node]
                if i < len(children):
                    work[-1] = (node, i + 1)
                    child = children[i]
                    if seen[child]:
                        yield SEEN, node, child
                    else:
                        seen[child] = True
                        yield ENTER, child, node
                        work.append((child, 0))
                else:
                    work.pop()
                    yield EXIT, node, work[-1][0] if work else -1

    def strongly_connected_components(self) -> list[list[int]]:
        """The strongly connected components (Tarjan), each in ascending step order; a
        component comes before every component that reaches it (sinks first)."""
        n = len(self.ids)
        number = [-1] * n
        low = [0] * n
        on_stack = [False] * n
        stack: list[int] = []
        components: list[list[int]] = []
        counter = 0
        for event, node, other in self._depth_first(range(n)):
            if event == ENTER:
                number[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            elif event == SEEN:
                if on_stack[other]:
                    low[node] = min(low[node], number[other])
            else:
                if other != -1:
                    low[other] = min(low[other], low[node])
                if low[node] == number[node]:
                    members: list[int] = []
                    while True:
                        member = stack.pop()
                        on_stack[member] = False
                        members.append(member)
                        if member == node:
                            break
                    components.append(sorted(members))
        return components

    def component_labels(self) -> list[int]:
        """The number of each step's strongly connected component: its index in
        :meth:`strongly_connected_components` (sinks first). Two steps share a number exactly
        when each reaches the other.

        >>> from lifeexp.testing import make_journey
        >>> StepGraph.of(make_journey({"a": ["b"], "b": ["a", "c"], "c": []})).component_labels()
        [1, 1, 0]
        """
        labels = [-1] * len(self.ids)
        for number, members in enumerate(self.strongly_connected_components()):
            for member in members:
                labels[member] = number
        return labels

    def has_self_loop(self, node: int) -> bool:
        """Whether a transition goes from ``node`` back to itself."""
        return node in self.succ[node]

    # ----------------------------------------------------------------- depth-first order

    def back_edges(self, roots: Iterable[int] = ()) -> set[tuple[int, int]]:
        """Edges that close a cycle in a depth-first walk from ``roots`` and then from every
        step not yet visited, in file order (children in the file order of transitions)."""
        on_walk = [False] * len(self.ids)
        back: set[tuple[int, int]] = set()
        for event, node, other in self._depth_first([*roots, *range(len(self.ids))]):
            if event == ENTER:
                on_walk[node] = True
            elif event == EXIT:
                on_walk[node] = False
            elif on_walk[other]:
                back.add((node, other))
        return back

    # ----------------------------------------------------------------- dominators

    def dominator_tree(self, start: int) -> DominatorTree:
        """Who lies on every path from ``start`` to each step (Cooper, Harvey & Kennedy, "A
        Simple, Fast Dominance Algorithm", 2001)."""
        n = len(self.ids)
        postorder = [node for event, node, _ in self._depth_first([start]) if event == EXIT]
        number = [-1] * n
        for i, node in enumerate(postorder):
            number[node] = i
        idom = [-1] * n
        idom[start] = start
        changed = True
        while changed:
            changed = False
            for node in reversed(postorder):
                if node == start:
                    continue
                new = -1
                for p in self.pred[node]:
                    if idom[p] == -1:
                        continue
                    if new == -1:
                        new = p
                        continue
                    a, b = p, new
                    while a != b:
                        while number[a] < number[b]:
                            a = idom[a]
                        while number[b] < number[a]:
                            b = idom[b]
                    new = a
                if idom[node] != new:
                    idom[node] = new
                    changed = True
        return DominatorTree(start, idom)


class DominatorTree:
    """The dominator tree of a graph from its start: ``a`` dominates ``b`` when every path
    from the start to ``b`` passes through ``a`` (every step dominates itself)."""

    def __init__(self, start: int, idom: Sequence[int]) -> None:
        self.start = start
        self.idom: tuple[int, ...] = tuple(idom)
        """Immediate dominator of each step; ``-1`` for a step the start does not reach; the
        start is its own."""
        children: list[list[int]] = [[] for _ in idom]
        for node, parent in enumerate(idom):
            if parent != -1 and node != start:
                children[parent].append(node)
        self.children: tuple[tuple[int, ...], ...] = tuple(map(tuple, children))
        # Entry and exit times of a walk of the tree: a dominates b iff b's interval nests in
        # a's, an O(1) test.
        self._enter = [-1] * len(idom)
        self._exit = [-1] * len(idom)
        for clock, (node, entering) in enumerate(self.walk()):
            if entering:
                self._enter[node] = clock
            else:
                self._exit[node] = clock

    def walk(self) -> Iterator[tuple[int, bool]]:
        """A depth-first walk of the tree from the start: ``(step, True)`` on the way down,
        ``(step, False)`` on the way back up."""
        work: list[tuple[int, int]] = [(self.start, 0)]
        yield self.start, True
        while work:
            node, i = work[-1]
            if i < len(self.children[node]):
                work[-1] = (node, i + 1)
                child = self.children[node][i]
                yield child, True
                work.append((child, 0))
            else:
                yield node, False
                work.pop()

    def reaches(self, node: int) -> bool:
        """Whether the start reaches ``node``."""
        return self.idom[node] != -1

    def dominates(self, a: int, b: int) -> bool:
        """Whether every path from the start to ``b`` passes through ``a``."""
        if not (self.reaches(a) and self.reaches(b)):
            return False
        return self._enter[a] <= self._enter[b] and self._exit[b] <= self._exit[a]

    def dominators(self, node: int) -> list[int]:
        """``node`` and every step that dominates it, nearest first; empty when the start
        does not reach ``node``."""
        if not self.reaches(node):
            return []
        found = [node]
        while node != self.start:
            node = self.idom[node]
            found.append(node)
        return found


def longest_path_depth(members: Sequence[int], edges: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Longest-path layering of an acyclic edge set among ``members`` (Kahn's algorithm,
    member order for ties): each member's depth is the longest chain of edges leading to it.

    >>> longest_path_depth([0, 1, 2, 3], [(0, 1), (1, 3), (0, 2), (2, 3), (0, 3)])
    {0: 0, 1: 1, 2: 1, 3: 2}
    """
    indeg = dict.fromkeys(members, 0)
    succ: dict[int, list[int]] = {m: [] for m in members}
    for u, v in edges:
        succ[u].append(v)
        indeg[v] += 1
    depth = dict.fromkeys(members, 0)
    ready = [m for m in members if indeg[m] == 0]
    i = 0
    while i < len(ready):
        u = ready[i]
        i += 1
        for v in succ[u]:
            depth[v] = max(depth[v], depth[u] + 1)
            indeg[v] -= 1
            if indeg[v] == 0:
                ready.append(v)
    return depth
