"""A tiny, deterministic DOT writer.

The ``graphviz`` package builds DOT too, but its quoting rules and attribute order are its own;
writing the few statements a journey map needs here keeps the output byte-identical across
versions of every dependency and lets the golden files stay stable. Every value passes through
:mod:`lifeexp.rendering._escape`.

Labels are plain DOT strings, never HTML-like labels: the WebAssembly Graphviz build that makes
rendering work after ``pip install`` alone is compiled without the XML parser HTML labels need,
and would print the node id instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lifeexp.rendering._escape import dot_id, dot_label

__all__ = ["AttrValue", "DotWriter", "LeftLines", "Lines", "attrs"]


class Lines(tuple[str, ...]):
    """A multi-line label: each line is escaped, lines are joined with ``\\n`` (centred) or
    ended with ``\\l`` (left-justified) when ``left`` is set."""

    __slots__ = ()
    left: bool = False


class LeftLines(Lines):
    """Left-justified multi-line label."""

    __slots__ = ()
    left = True


AttrValue = str | int | float | Lines


def _value(value: AttrValue) -> str:
    if isinstance(value, Lines):
        escaped = [dot_label(line)[1:-1] for line in value]
        if value.left:
            return '"' + "".join(f"{line}\\l" for line in escaped) + '"'
        return '"' + "\\n".join(escaped) + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return dot_label(value)


def attrs(values: Mapping[str, AttrValue | None]) -> str:
    """``[a=1, b="x"]`` with keys in the order given and ``None`` values left out."""
    parts = [f"{k}={_value(v)}" for k, v in values.items() if v is not None]
    return f" [{', '.join(parts)}]" if parts else ""


class DotWriter:
    """Collects DOT statements with indentation and returns the text.

    A 10,000-step journey makes about a million statements, so ids are quoted once and
    repeated attribute lists can be formatted once with :func:`attrs` and passed as text.
    """

    def __init__(self, name: str) -> None:
        self._lines: list[str] = [f"digraph {dot_id(name)} {{"]
        self._depth = 1

    def _id(self, node_id: str) -> str:
        return dot_id(node_id)

    def _emit(self, line: str) -> None:
        self._lines.append("  " * self._depth + line)

    def comment(self, text: str) -> None:
        """A ``//`` comment; newlines are folded so a comment cannot end early."""
        self._emit("// " + " ".join(text.split()))

    def defaults(self, kind: str, values: Mapping[str, AttrValue | None]) -> None:
        """``graph [...]``, ``node [...]`` or ``edge [...]`` defaults."""
        self._emit(f"{kind}{attrs(values)};")

    def node(self, node_id: str, values: Mapping[str, AttrValue | None] | str) -> None:
        """One node statement; ``values`` may be a list already formatted by :func:`attrs`."""
        text = values if isinstance(values, str) else attrs(values)
        self._emit(f"{self._id(node_id)}{text};")

    def edge(self, tail: str, head: str, values: Mapping[str, AttrValue | None] | str) -> None:
        """One edge statement; ``values`` may be a list already formatted by :func:`attrs`."""
        text = values if isinstance(values, str) else attrs(values)
        self._emit(f"{self._id(tail)} -> {self._id(head)}{text};")

    def path(self, node_ids: Iterable[str], values: Mapping[str, AttrValue | None] | str) -> None:
        """``a -> b -> c [...]``: one statement for a chain of edges with the same attributes."""
        text = values if isinstance(values, str) else attrs(values)
        ids = " -> ".join(self._id(n) for n in node_ids)
        self._emit(f"{ids}{text};")

    def nodes(self, node_ids: Iterable[str], values: Mapping[str, AttrValue | None] | str) -> None:
        """``{node [...]; a; b; c;}``: declare many nodes with the same attributes at once."""
        text = values if isinstance(values, str) else attrs(values)
        ids = "; ".join(self._id(n) for n in node_ids)
        if ids:
            self._emit(f"{{node{text}; {ids};}}")

    def same_rank_chain(
        self, node_ids: Iterable[str], values: Mapping[str, AttrValue | None] | str
    ) -> None:
        """``{rank=same; a -> b -> c [...];}``: nodes in one rank, ordered by a chain of edges."""
        text = values if isinstance(values, str) else attrs(values)
        ids = [self._id(n) for n in node_ids]
        if len(ids) == 1:
            self._emit(f"{{rank=same; {ids[0]};}}")
        elif ids:
            self._emit(f"{{rank=same; {' -> '.join(ids)}{text};}}")

    def same_rank(self, node_ids: Iterable[str]) -> None:
        """``{rank=same; a; b;}``: the nodes share one column (or row, with ``rankdir=TB``)."""
        ids = "; ".join(self._id(n) for n in node_ids)
        self._emit(f"{{rank=same; {ids};}}")

    def open_subgraph(self, name: str, values: Mapping[str, AttrValue | None]) -> None:
        """Start ``subgraph name { ...``; graph attributes go inside as ``graph [...]``."""
        self._emit(f"subgraph {dot_id(name)} {{")
        self._depth += 1
        if any(v is not None for v in values.values()):
            self.defaults("graph", values)

    def close(self) -> None:
        """Close the innermost subgraph."""
        self._depth -= 1
        self._emit("}")

    def text(self) -> str:
        """The finished DOT source, ending with a newline."""
        return "\n".join([*self._lines, "}"]) + "\n"
