"""A streaming XES reader (IEEE 1849-2016) that turns ``.xes`` / ``.xes.gz`` into Parquet.

The file is parsed event by event (``xml.etree.ElementTree.iterparse``) and each element is
freed once read, so memory stays flat however large the log. Trace attributes become
``case:``-prefixed columns (pm4py's convention: the trace's ``concept:name`` is
``case:concept:name``); event attributes keep their keys. ``<global>`` defaults fill attributes
an event or trace leaves out. Rows are written to Parquet in batches, and the engine then
reads that file like any other Parquet log. A truncated or malformed file is a located error.

The standard-library parser is used: it resolves no external entities and refuses entity
expansion bombs (expat's amplification limits), which suits files from outside.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import Any, BinaryIO, cast
from xml.etree.ElementTree import ParseError, iterparse

from lifeexp.diagnostics import Diagnostic, Severity
from lifeexp.evidence._errors import EvidenceError

__all__ = ["xes_to_parquet"]

_BATCH = 50_000
_VALUE_TAGS = {"string", "date", "int", "float", "boolean", "id"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _open(path: Path) -> BinaryIO:
    if path.name.lower().endswith(".gz"):
        return cast("BinaryIO", gzip.open(path, "rb"))
    return path.open("rb")


def xes_to_parquet(path: Path, out: Path, *, display: str, wanted: set[str]) -> int:
    """Convert an XES log to a Parquet file of text columns; return the number of events.

    Args:
        path: The ``.xes`` or ``.xes.gz`` file.
        out: The Parquet file to write.
        display: The name to show in messages.
        wanted: Column names to keep (trace attributes prefixed ``case:``); others are skipped
            so that a log with hundreds of attributes stays cheap.

    Raises:
        EvidenceError: The file is not well-formed XML, ends early, or is not an XES log.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = sorted(wanted)
    schema = pa.schema([(n, pa.string()) for n in names])
    columns: dict[str, list[str | None]] = {n: [] for n in names}
    events = 0
    trace_defaults: dict[str, str] = {}
    event_defaults: dict[str, str] = {}
    trace_attrs: dict[str, str] = {}
    event_attrs: dict[str, str] | None = None
    stack: list[str] = []
    global_scope: str | None = None
    writer: Any = None

    def flush() -> None:
        nonlocal writer
        if writer is None:
            writer = pq.ParquetWriter(out, schema)
        writer.write_table(pa.table({n: pa.array(columns[n], pa.string()) for n in names}))
        for n in names:
            columns[n].clear()

    def fail(message: str, line: int | None = None, column: int | None = None) -> EvidenceError:
        diag = Diagnostic("LX901", Severity.error, message, display, line, column)
        return EvidenceError(f"cannot read the XES log {display}", [diag])

    try:
        with _open(path) as fh:
            # expat resolves no external entities and caps entity amplification
            for kind, elem in iterparse(fh, events=("start", "end")):  # noqa: S314
                tag = _local(elem.tag)
                if kind == "start":
                    if not stack and tag != "log":
                        raise fail(f"this is not an XES log: its root element is <{tag}>")
                    stack.append(tag)
                    if tag == "global":
                        global_scope = elem.get("scope", "event")
                    elif tag == "trace":
                        trace_attrs = dict(trace_defaults)
                    elif tag == "event":
                        event_attrs = dict(event_defaults)
                    continue
                stack.pop()
                parent = stack[-1] if stack else None
                if tag in _VALUE_TAGS and parent is not None:
                    key, value = elem.get("key"), elem.get("value")
                    if key is not None and value is not None:
                        if parent == "event" and event_attrs is not None:
                            event_attrs[key] = value
                        elif parent == "trace":
                            trace_attrs[key] = value
                        elif parent == "global":
                            target = trace_defaults if global_scope == "trace" else event_defaults
                            target[key] = value
                elif tag == "event" and event_attrs is not None:
                    for n in names:
                        if n.startswith("case:"):
                            columns[n].append(trace_attrs.get(n[5:]))
                        else:
                            columns[n].append(event_attrs.get(n))
                    events += 1
                    event_attrs = None
                    if events % _BATCH == 0:
                        flush()
                    elem.clear()
                elif tag == "trace":
                    elem.clear()
    except ParseError as exc:
        line, col = exc.position
        raise fail(
            "the XES file is not complete, well-formed XML (it may have been cut off): "
            + str(exc).split(":")[0],
            line,
            col + 1,
        ) from None
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise fail(f"the compressed XES file is damaged or cut off ({exc})") from None
    flush()
    if writer is not None:
        writer.close()
    return events
