"""The graph layer: hand-worked cases, and every algorithm checked against networkx on
random journeys (networkx is the reference; the library itself never imports it to check)."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lifeexp
from lifeexp.graph import StepGraph, journey_graph, longest_path_depth
from lifeexp.model import Journey, TransitionKind
from lifeexp.testing import make_journey


def _graph(edges: dict[str, list[str]]) -> StepGraph:
    return StepGraph.of(make_journey(edges))


def test_dominators_of_a_diamond_with_a_tail() -> None:
    # s → a|b → j → t; x → j is not reachable from s.
    g = _graph({"s": ["a", "b"], "a": ["j"], "b": ["j"], "j": ["t"], "x": ["j"], "t": []})
    i = g.index
    tree = g.dominator_tree(i["s"])
    idom = {g.ids[n]: g.ids[d] for n, d in enumerate(tree.idom) if d != -1}
    assert idom == {"s": "s", "a": "s", "b": "s", "j": "s", "t": "j"}
    assert tree.dominates(i["j"], i["t"])
    assert tree.dominates(i["s"], i["t"])
    assert tree.dominates(i["t"], i["t"])
    assert not tree.dominates(i["a"], i["j"])
    assert not tree.dominates(i["s"], i["x"])  # not reachable from the start
    assert [g.ids[n] for n in tree.dominators(i["t"])] == ["t", "j", "s"]
    assert tree.dominators(i["x"]) == []


def test_reachability_components_and_back_edges_hand_worked() -> None:
    # a → b → c → b (a loop), c → d; e is on its own and loops on itself.
    g = _graph({"a": ["b"], "b": ["c"], "c": ["b", "d"], "d": [], "e": ["e"]})
    i = g.index
    assert g.reachable_from([i["a"]]) == [True, True, True, True, False]
    assert g.reaching([i["d"]]) == [True, True, True, True, False]
    comps = [[g.ids[m] for m in c] for c in g.strongly_connected_components()]
    assert sorted(comps) == [["a"], ["b", "c"], ["d"], ["e"]]
    assert comps.index(["d"]) < comps.index(["b", "c"]) < comps.index(["a"])  # sinks first
    assert g.back_edges([i["a"]]) == {(i["c"], i["b"]), (i["e"], i["e"])}
    assert g.has_self_loop(i["e"])
    assert not g.has_self_loop(i["b"])


def test_rework_arrows_can_be_left_out() -> None:
    data = make_journey({"a": ["b"], "b": ["a", "c"], "c": []}).model_dump(by_alias=True)
    data["transitions"][1]["kind"] = "rework"
    journey = Journey.model_validate(data)
    assert len(StepGraph.of(journey).back_edges([0])) == 1
    forward = StepGraph.of(journey, without=(TransitionKind.rework,))
    assert forward.back_edges([0]) == set()
    assert forward.pred[0] == ()


def test_longest_path_layering() -> None:
    assert longest_path_depth([0, 1, 2], [(0, 2), (1, 2), (0, 1)]) == {0: 0, 1: 1, 2: 2}


@st.composite
def random_edges(draw: st.DrawFn) -> dict[str, list[str]]:
    n = draw(st.integers(min_value=1, max_value=14))
    names = [f"s{k}" for k in range(n)]
    edges: dict[str, list[str]] = {}
    for name in names:
        targets = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
        edges[name] = targets
    return edges


def _nx(g: StepGraph) -> nx.DiGraph[int]:
    graph: nx.DiGraph[int] = nx.DiGraph()
    graph.add_nodes_from(range(len(g)))
    graph.add_edges_from((u, v) for u, vs in enumerate(g.succ) for v in vs)
    return graph


@settings(max_examples=150, deadline=None)
@given(random_edges())
def test_algorithms_agree_with_networkx(edges: dict[str, list[str]]) -> None:
    g = _graph(edges)
    ref = _nx(g)
    assert {frozenset(c) for c in g.strongly_connected_components()} == {
        frozenset(c) for c in nx.strongly_connected_components(ref)
    }
    # component_labels numbers the same partition, and a component reached from another
    # has the smaller number (sinks first), as the condensation's order says
    labels = g.component_labels()
    for u in range(len(g)):
        for v in range(len(g)):
            assert (labels[u] == labels[v]) == (
                u == v or (nx.has_path(ref, u, v) and nx.has_path(ref, v, u))
            )
    for u, v in ref.edges:
        assert labels[v] <= labels[u]
    reach = g.reachable_from([0])
    assert {n for n, r in enumerate(reach) if r} == {0} | nx.descendants(ref, 0)
    tree = g.dominator_tree(0)
    # (networkx versions differ on whether the start is its own immediate dominator)
    expected = {**nx.immediate_dominators(ref, 0), 0: 0}
    assert {n: d for n, d in enumerate(tree.idom) if d != -1} == expected
    for a in expected:
        for b in expected:
            # a dominates b iff a is on b's chain of immediate dominators
            chain = {b}
            node = b
            while node != 0:
                node = expected[node]
                chain.add(node)
            assert tree.dominates(a, b) == (a in chain)
    # Removing the back edges leaves an acyclic graph.
    back = g.back_edges([0])
    ref.remove_edges_from(back)
    assert nx.is_directed_acyclic_graph(ref)


def test_journey_graph_is_the_networkx_bridge() -> None:
    journey = make_journey({"a": ["b", "c"], "b": ["c"], "c": []}, probabilities={("a", "b"): 0.3})
    g = lifeexp.journey_graph(journey)
    assert g is not None
    assert isinstance(g, nx.DiGraph)
    assert sorted(g.edges()) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert g.edges["a", "b"]["p"] == pytest.approx(0.3)
    assert g.nodes["a"]["step"].id == "a"
    assert g.graph["journey_id"] == journey.id
    assert lifeexp.journey_graph is journey_graph


def test_journey_graph_skips_unknown_steps_and_merges_parallel_transitions() -> None:
    data = make_journey({"a": ["b"], "b": []}).model_dump(by_alias=True)
    data["transitions"] = [
        {"from": "a", "to": "b", "probability": 0.5},
        {"from": "a", "to": "b", "probability": 0.5},
        {"from": "a", "to": "ghost", "probability": 0.5},
    ]
    g = journey_graph(Journey.model_validate(data))
    assert list(g.edges()) == [("a", "b")]
    assert g.edges["a", "b"]["p"] == pytest.approx(1.0)
