"""A safe, located YAML reader for journeys and catalogs.

PyYAML's constructors are not used at all. The reader takes the *event* stream of the parser
(libyaml's C parser when PyYAML was built with it) and builds plain Python values itself,
iteratively, which gives it full control over what a document may do:

* **YAML 1.2 core-schema scalars.** ``yes``, ``no``, ``on``, ``off`` and ``NO`` stay strings;
  only ``true``/``false`` are booleans; ``2024-01-02`` stays a string (the model decides whether
  a field is a date); ``1_000`` and ``0b1`` are strings.
* **No tags.** Only the standard ``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``,
  ``!!seq`` and ``!!map`` tags are accepted; ``!!python/object`` and every other tag is reported
  and nothing is ever constructed or executed.
* **Duplicate keys are errors**, all of them reported with the line of the first definition.
* **Anchors and aliases within bounds.** An alias shares the anchored value instead of copying
  it, and the reader counts how many nodes the aliases would expand to; a "billion laughs"
  document stops as soon as the count passes :attr:`Limits.max_alias_expansion`, in
  microseconds and without allocating the expansion. Recursive and undefined aliases are errors.
* **Size and depth bounds**: files over :attr:`Limits.max_bytes` are refused before parsing, and
  nesting deeper than :attr:`Limits.max_depth` is refused with a located LX010 (libyaml's own
  composer would crash the interpreter on very deep nesting, which is one more reason not to use
  it). The check runs on the event stream, so it is the same whatever the PyYAML/libyaml
  version: where libyaml's own 1,000-level limit would answer first, the events are read again
  with PyYAML's pure-Python parser, which has no limit of its own.
* **Positions.** Every value and every mapping key keeps its 1-based line and column, so schema
  errors can point at the exact spot (see :class:`Locator`).

Mapping keys are always read as text (``2024: x`` has the key ``"2024"``): every key in the
journey and catalog formats is a name or an id.
"""

from __future__ import annotations

import dataclasses
import math
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml

from lifeexp.diagnostics import Diagnostic, Severity
from lifeexp.formatting import file_size
from lifeexp.loading._syntax_hints import explain_syntax_error

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "Locator",
    "ParsedYaml",
    "YamlProblem",
    "limits_for",
    "parse_yaml",
    "read_text",
]

# The libyaml-backed parser when available: about ten times faster than the pure-Python one.
_Loader: Final[type[Any]] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Loc = tuple[str | int, ...]
"""A path into a document: mapping keys and sequence indices."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that protect the reader from hostile or accidental input.

    Attributes:
        max_bytes: Largest file accepted, in bytes (default 8 MiB; the largest bundled
            journey is a few dozen KiB).
        max_depth: Deepest nesting of mappings and sequences.
        max_alias_expansion: Most extra nodes that aliases may stand for in one document.
    """

    max_bytes: int = 8 * 1024 * 1024
    max_depth: int = 64
    max_alias_expansion: int = 100_000


DEFAULT_LIMITS: Final = Limits()


def limits_for(max_file_size: int | None) -> Limits:
    """The default limits with another largest file size (``None``: the default 8 MiB).

    >>> limits_for(64 * 1024 * 1024).max_bytes, limits_for(None) is DEFAULT_LIMITS
    (67108864, True)
    """
    if max_file_size is None:
        return DEFAULT_LIMITS
    return dataclasses.replace(DEFAULT_LIMITS, max_bytes=max_file_size)


class YamlProblem(Exception):
    """A problem that stops reading one file; carries its located diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


@dataclass(slots=True)
class Locator:
    """Line and column of every value and key of one document.

    Attributes:
        path: The file the document came from, as shown in diagnostics.
        values: Position of the value at each path (for a mapping or sequence, where it starts).
        keys: Position of the key at each path (mapping entries only).
    """

    path: str | None
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def deepest(self, loc: Loc) -> Loc:
        """The longest prefix of ``loc`` (skipping segments not in the document) that exists.

        Segments that are not part of the document (pydantic's union branch names such as
        ``'list[str]'``) are skipped, so ``('steps', 0, 'str', 'title')`` finds
        ``('steps', 0, 'title')``.
        """
        found: Loc = ()
        for seg in loc:
            candidate = (*found, seg)
            if candidate in self.values:
                found = candidate
        return found

    def value(self, loc: Loc) -> tuple[int | None, int | None]:
        """Position of the value at ``loc``, or of its deepest existing parent."""
        pos = self.values.get(self.deepest(loc))
        return pos if pos is not None else (None, None)

    def key(self, loc: Loc) -> tuple[int | None, int | None]:
        """Position of the key at ``loc`` (falls back to the value, then to the parent)."""
        pos = self.keys.get(tuple(loc))
        if pos is not None:
            return pos
        return self.value(loc)

    def diagnostic(
        self,
        loc: Loc,
        code: str,
        message: str,
        *,
        severity: Severity = Severity.error,
        hint: str | None = None,
        at_key: bool = False,
    ) -> Diagnostic:
        """A diagnostic located at the value (or key) at ``loc``."""
        line, column = self.key(loc) if at_key else self.value(loc)
        return Diagnostic(code, severity, message, self.path, line, column, hint)


@dataclass(slots=True)
class ParsedYaml:
    """The result of reading one YAML document.

    Attributes:
        data: The document as plain Python values (``dict``, ``list``, ``str``, ``int``,
            ``float``, ``bool``, ``None``).
        locator: Positions of every value and key.
        diagnostics: Non-fatal problems (duplicate keys, forbidden tags); when any is present
            the data must not be trusted.
    """

    data: Any
    locator: Locator
    diagnostics: list[Diagnostic]


def read_text(path: Path, *, display: str | None = None, limits: Limits = DEFAULT_LIMITS) -> str:
    """Read a file as UTF-8 text within the size limit.

    Raises:
        YamlProblem: the file is missing, unreadable, too large, or not UTF-8.
    """
    shown = display if display is not None else str(path)

    def fail(code: str, message: str, line: int | None = None, col: int | None = None) -> None:
        raise YamlProblem(Diagnostic(code, Severity.error, message, shown, line, col))

    try:
        # A FIFO would block the read forever and a device such as /dev/zero never ends:
        # only regular files are opened. (stat follows a symlink to what it names.)
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            fail("LX001", f"is {_special_kind(mode)}, not a regular file; give a YAML file")
        with path.open("rb") as fh:
            raw = fh.read(limits.max_bytes + 1)
    except FileNotFoundError:
        fail("LX001", "file not found")
    except IsADirectoryError:
        fail("LX001", "is a folder, expected a YAML file")
    except PermissionError:
        fail("LX001", "permission denied")
    except OSError as exc:
        fail("LX001", f"cannot read file: {exc.strerror or exc}")
    if len(raw) > limits.max_bytes:
        size = path.stat().st_size if path.exists() else len(raw)
        raise YamlProblem(
            Diagnostic(
                "LX003",
                Severity.error,
                f"file is too large ({file_size(size)}); the limit is "
                f"{file_size(limits.max_bytes)}",
                shown,
                hint=_raise_limit_hint(size),
            )
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        fail("LX002", "file is UTF-16; save it as UTF-8", 1, 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        fail(
            "LX002",
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            line,
            col,
        )
    return text.removeprefix("\ufeff")


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _raise_limit_hint(size: int) -> str:
    """How to let a file of ``size`` bytes through: the same setting named the three ways a
    user can give it, with a round value (a power of two, in MiB) that covers the file."""
    mib = 1
    while mib * 1024 * 1024 < size:
        mib *= 2
    return (
        f"if the file is meant to be this large, raise the limit: --max-file-size {mib}MiB, "
        f'or max_file_size = "{mib} MiB" in lifeexp.toml, or max_file_size= in Python'
    )


# --- YAML 1.2 core schema -----------------------------------------------------------------

_STD = "tag:yaml.org,2002:"
_NULLS: Final = frozenset({"", "~", "null", "Null", "NULL"})
_TRUES: Final = frozenset({"true", "True", "TRUE"})
_FALSES: Final = frozenset({"false", "False", "FALSE"})
_INT_RE: Final = re.compile(r"[-+]?[0-9]+\Z")
_OCT_RE: Final = re.compile(r"0o[0-7]+\Z")
_HEX_RE: Final = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT_RE: Final = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF_RE: Final = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN_RE: Final = re.compile(r"\.(?:nan|NaN|NAN)\Z")
# Plain scalars that start with anything else are always strings: a cheap first test.
_MAYBE_NOT_STR: Final = frozenset("0123456789+-.~ntfTFN")

_NOT_RESOLVED: Final = object()


def _resolve_plain(text: str) -> Any:
    """Resolve a plain (unquoted, untagged) scalar by the YAML 1.2 core schema."""
    if not text:
        return None
    if text[0] not in _MAYBE_NOT_STR:
        return text
    if text in _NULLS:
        return None
    if text in _TRUES:
        return True
    if text in _FALSES:
        return False
    if _INT_RE.match(text):
        return int(text)
    if _OCT_RE.match(text):
        return int(text[2:], 8)
    if _HEX_RE.match(text):
        return int(text[2:], 16)
    if _FLOAT_RE.match(text):
        return float(text)
    if _INF_RE.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN_RE.match(text):
        return math.nan
    return text


def _resolve_tagged(tag: str, text: str) -> Any:
    """Apply an explicit standard tag; ``_NOT_RESOLVED`` when the text does not fit it."""
    kind = tag.removeprefix(_STD)
    if kind == "str":
        return text
    value = _resolve_plain(text)
    ok = {
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, int | float) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "null": value is None,
    }.get(kind, False)
    if not ok:
        return _NOT_RESOLVED
    return float(value) if kind == "float" else value


_SCALAR_TAGS: Final = frozenset(f"{_STD}{k}" for k in ("str", "int", "float", "bool", "null"))
_SEQ_TAGS: Final = frozenset({None, "!", f"{_STD}seq"})
_MAP_TAGS: Final = frozenset({None, "!", f"{_STD}map"})


def _show_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_STD) if tag.startswith(_STD) else tag


# --- the composer ---------------------------------------------------------------------------


class _Frame:
    """An open mapping or sequence while its events stream in."""

    __slots__ = (
        "anchor",
        "key",
        "key_is_merge",
        "loc",
        "merges",
        "size",
        "skip_value",
        "start",
        "value",
    )

    def __init__(
        self,
        value: dict[str, Any] | list[Any],
        loc: Loc,
        anchor: str | None,
        start: tuple[int, int],
    ) -> None:
        self.value = value
        self.loc = loc
        self.anchor = anchor
        self.start = start
        self.size = 1
        self.key: str | None = None
        self.key_is_merge = False
        self.skip_value = False
        self.merges: list[tuple[Any, tuple[int, int]]] = []


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def parse_yaml(
    text: str,
    path: str | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> ParsedYaml:
    """Read one YAML document safely, keeping the position of every value and key.

    Args:
        text: The YAML text.
        path: The file name to show in diagnostics.
        limits: Depth and alias bounds.

    Returns:
        The data, its locator and any non-fatal diagnostics (duplicate keys, forbidden tags).

    Raises:
        YamlProblem: the text is not well-formed YAML, is empty, holds more than one document,
            nests too deeply, or uses aliases recursively, undefined or beyond the bounds.
    """
    try:
        return _compose(text, path, limits, _Loader)
    except _ParserDepthLimit:
        # libyaml >= 0.2.5 refuses nesting past 1,000 levels on its own, and its scanner reads
        # up to 1,024 characters ahead, so on a line of brackets it can stop before the event
        # stream reaches our (lower) cap. The pure-Python parser has no such limit: reading
        # the same events with it gives the same located LX010 whatever the PyYAML build.
        return _compose(text, path, limits, yaml.SafeLoader)


class _ParserDepthLimit(Exception):
    """libyaml hit its own nesting limit before the reader's depth check could run."""


def _compose(text: str, path: str | None, limits: Limits, loader: type[Any]) -> ParsedYaml:
    """Build the document from the event stream of ``loader`` (see :func:`parse_yaml`)."""
    locator = Locator(path)
    diagnostics: list[Diagnostic] = []

    def fatal(code: str, message: str, at: tuple[int, int] | None, hint: str | None = None) -> None:
        line, col = at if at is not None else (None, None)
        raise YamlProblem(Diagnostic(code, Severity.error, message, path, line, col, hint))

    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, expanded node count)
    open_anchors: set[str] = set()
    root: Any = _NOT_RESOLVED
    documents = 0
    events = 0
    expanded = 0  # extra nodes that aliases stand for

    def attach(value: Any, size: int, at: tuple[int, int], anchor: str | None) -> None:
        nonlocal root
        if anchor is not None:
            anchors[anchor] = (value, size)
        if not stack:
            root = value
            locator.values[()] = at
            return
        parent = stack[-1]
        parent.size += size
        if isinstance(parent.value, list):
            loc = (*parent.loc, len(parent.value))
            parent.value.append(value)
            locator.values[loc] = at
            return
        key = parent.key
        parent.key = None
        if parent.skip_value:
            parent.skip_value = False
            return
        if parent.key_is_merge:
            parent.key_is_merge = False
            parent.merges.append((value, at))
            return
        assert key is not None
        loc = (*parent.loc, key)
        parent.value[key] = value
        locator.values[loc] = at

    def start_key(frame: _Frame, ev: Any) -> None:
        # A scalar seen where a mapping expects a key.
        at = _pos(ev.start_mark)
        key = ev.value
        assert isinstance(frame.value, dict)
        loc = (*frame.loc, key)
        if key == "<<" and ev.style in (None, "") and ev.tag is None:
            frame.key_is_merge = True
            frame.key = key
            return
        if ev.tag not in (None, "!", f"{_STD}str"):
            diagnostics.append(
                Diagnostic(
                    "LX006",
                    Severity.error,
                    f"tag {_show_tag(ev.tag)} is not allowed on a key",
                    path,
                    *at,
                )
            )
        if key in frame.value or loc in locator.keys:
            first = locator.keys.get(loc, (0, 0))[0]
            diagnostics.append(
                Diagnostic(
                    "LX005",
                    Severity.error,
                    f"duplicate key {key!r} (first defined on line {first})",
                    path,
                    *at,
                    hint="each key may appear once in a mapping; merge the two entries",
                )
            )
            frame.skip_value = True
        else:
            locator.keys[loc] = at
        frame.key = key

    try:
        stream: Iterator[Any] = yaml.parse(text, Loader=loader)
        for ev in stream:
            events += 1
            etype = type(ev)
            parent = stack[-1] if stack else None
            expecting_key = (
                parent is not None and isinstance(parent.value, dict) and parent.key is None
            )
            if etype is yaml.ScalarEvent:
                if expecting_key:
                    assert parent is not None
                    start_key(parent, ev)
                    continue
                at = _pos(ev.start_mark)
                tag = ev.tag
                if tag is None:
                    plain = ev.style in (None, "") and ev.implicit[0]
                    value = _resolve_plain(ev.value) if plain else ev.value
                elif tag == "!":
                    value = ev.value
                elif tag in _SCALAR_TAGS:
                    value = _resolve_tagged(tag, ev.value)
                    if value is _NOT_RESOLVED:
                        diagnostics.append(
                            Diagnostic(
                                "LX006",
                                Severity.error,
                                f"{ev.value!r} cannot be read as {_show_tag(tag)}",
                                path,
                                *at,
                            )
                        )
                        value = None
                else:
                    diagnostics.append(
                        Diagnostic(
                            "LX006",
                            Severity.error,
                            f"tag {_show_tag(tag)} is not allowed; lifeexp reads plain data "
                            "only and never constructs objects from tags",
                            path,
                            *at,
                            hint="remove the tag",
                        )
                    )
                    value = None
                attach(value, 1, at, ev.anchor)
            elif etype is yaml.MappingStartEvent or etype is yaml.SequenceStartEvent:
                at = _pos(ev.start_mark)
                is_map = etype is yaml.MappingStartEvent
                if expecting_key:
                    fatal("LX004", "a mapping key must be plain text, not a list or mapping", at)
                if len(stack) >= limits.max_depth:
                    fatal(
                        "LX010",
                        f"nesting is deeper than {limits.max_depth} levels",
                        at,
                    )
                if ev.tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
                    diagnostics.append(
                        Diagnostic(
                            "LX006",
                            Severity.error,
                            f"tag {_show_tag(ev.tag)} is not allowed; lifeexp reads plain data "
                            "only and never constructs objects from tags",
                            path,
                            *at,
                            hint="remove the tag",
                        )
                    )
                if parent is None:
                    loc: Loc = ()
                elif isinstance(parent.value, list):
                    loc = (*parent.loc, len(parent.value))
                else:
                    loc = (*parent.loc, parent.key if parent.key is not None else "<<")
                container: dict[str, Any] | list[Any] = {} if is_map else []
                frame = _Frame(container, loc, ev.anchor, at)
                if ev.anchor is not None:
                    open_anchors.add(ev.anchor)
                stack.append(frame)
            elif etype is yaml.MappingEndEvent or etype is yaml.SequenceEndEvent:
                frame = stack.pop()
                if frame.anchor is not None:
                    open_anchors.discard(frame.anchor)
                if frame.merges:
                    _apply_merges(frame, diagnostics, path)
                attach(frame.value, frame.size, frame.start, frame.anchor)
            elif etype is yaml.AliasEvent:
                at = _pos(ev.start_mark)
                if expecting_key:
                    fatal("LX004", "an alias cannot be used as a mapping key", at)
                if ev.anchor in open_anchors:
                    fatal("LX007", f"alias *{ev.anchor} refers to itself (recursive alias)", at)
                if ev.anchor not in anchors:
                    fatal("LX007", f"alias *{ev.anchor} has no anchor &{ev.anchor} before it", at)
                value, size = anchors[ev.anchor]
                expanded += size
                if expanded > limits.max_alias_expansion:
                    fatal(
                        "LX007",
                        f"aliases expand to more than {limits.max_alias_expansion:,} nodes "
                        "(a 'billion laughs' document?); refusing to expand them",
                        at,
                        hint="use fewer or smaller anchors",
                    )
                attach(value, size, at, None)
            elif etype is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    fatal(
                        "LX009",
                        "file holds more than one YAML document; put one journey or catalog "
                        "in each file",
                        _pos(ev.start_mark),
                    )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        stopped = _pos(mark) if mark is not None else None
        context_at = _pos(exc.context_mark) if exc.context_mark is not None else None
        problem = exc.problem or "malformed YAML"
        if "maximum nesting depth" in problem and loader is not yaml.SafeLoader:
            raise _ParserDepthLimit from exc
        if "maximum nesting depth" in problem:
            fatal(
                "LX010",
                f"nesting is deeper than {limits.max_depth} levels",
                _flow_depth_position(text, limits.max_depth) or stopped,
            )
        explained = explain_syntax_error(text, problem, exc.context, stopped, context_at)
        if explained is not None:
            fatal(
                "LX004",
                explained.message,
                (explained.line, explained.column),
                explained.hint,
            )
        if exc.context:
            problem = f"{problem} ({exc.context})"
        fatal("LX004", f"malformed YAML: {problem}", stopped)
    except yaml.YAMLError as exc:  # reader errors carry no mark
        fatal("LX004", f"malformed YAML: {exc}", None)

    if root is _NOT_RESOLVED or (root is None and documents <= 1 and not text.strip("\n\r\t ")):
        fatal("LX008", "file is empty", (1, 1))
    return ParsedYaml(root, locator, diagnostics)


def _flow_depth_position(text: str, max_depth: int) -> tuple[int, int] | None:
    """Line and column of the bracket that opens level ``max_depth + 1`` (libyaml refuses deep
    flow nesting while scanning ahead, before the composer sees the events)."""
    depth, line, col = 0, 1, 0
    for ch in text:
        col += 1
        if ch == "\n":
            line, col = line + 1, 0
        elif ch in "[{":
            depth += 1
            if depth > max_depth:
                return (line, col)
        elif ch in "]}":
            depth -= 1
    return None


def _apply_merges(frame: _Frame, diagnostics: list[Diagnostic], path: str | None) -> None:
    """Apply ``<<: *anchor`` merge keys: explicit keys win, earlier merges win over later."""
    assert isinstance(frame.value, dict)
    explicit = dict(frame.value)
    merged: dict[str, Any] = {}
    for value, at in frame.merges:
        sources = value if isinstance(value, list) else [value]
        for source in sources:
            if not isinstance(source, dict):
                diagnostics.append(
                    Diagnostic(
                        "LX004",
                        Severity.error,
                        "a merge key (<<) takes a mapping or a list of mappings",
                        path,
                        *at,
                    )
                )
                continue
            for k, v in source.items():
                merged.setdefault(k, v)
    frame.value.clear()
    frame.value.update(merged)
    frame.value.update(explicit)


def iter_locs(data: Any, loc: Loc = ()) -> Iterator[Loc]:
    """Every path in a parsed document (used by tests and tools)."""
    yield loc
    if isinstance(data, dict):
        for k, v in data.items():
            yield from iter_locs(v, (*loc, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from iter_locs(v, (*loc, i))
