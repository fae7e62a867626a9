"""Reading export tables (CSV or Touchpoints API JSON) into located records.

A table is a list of records, each a mapping of column name to text (``None`` for an empty or
JSON ``null`` cell), and knows where each cell is in its file so every problem can name the
line and column. Nothing here interprets values; :mod:`._exports` does.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lifeexp.diagnostics import Diagnostic, Severity
from lifeexp.loading import Limits, Locator, YamlProblem, did_you_mean, parse_yaml

__all__ = [
    "EXPORT_LIMITS",
    "Table",
    "TableProblem",
    "concat",
    "read_csv_table",
    "read_json_table",
]

FREE_TEXT_COLUMNS = frozenset({"question_4", "answer_04"})
"""Free-text answers ("Additional comments"): may hold personal information, so they are
dropped as each row is read and never reach a record."""

EXPORT_LIMITS = Limits(max_bytes=512 * 1024 * 1024, max_depth=16, max_alias_expansion=0)
"""Exports are larger than journeys (one row per respondent) but flat."""


class TableProblem(Exception):
    """A problem that stops reading a table; carries its located diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


Locate = Callable[[int, "str | None"], tuple[int, int]]
"""(record index, column or None) → 1-based (line, column) in the file."""


@dataclass(slots=True)
class Table:
    """One export table.

    Attributes:
        display: The file name shown in diagnostics.
        columns: Column names in file order.
        records: One mapping per row (column → text, ``None`` when empty).
        locate: Finds where a record (or one of its cells) is in the file. Positions are
            worked out only when a problem is reported, so reading a clean export of many
            thousands of respondents pays nothing for them.
    """

    display: str
    columns: list[str]
    records: list[dict[str, str | None]] = field(default_factory=list)
    locate: Locate = field(default=lambda _i, _c: (1, 1))
    parts: list[tuple[int, Table]] = field(default_factory=list)
    """For a table read from several files (API pages): (first record index, the part)."""

    def file_of(self, index: int) -> str:
        """The file record ``index`` comes from."""
        for start, part in reversed(self.parts):
            if index >= start:
                return part.display
        return self.display

    def error(
        self,
        code: str,
        message: str,
        index: int,
        column: str | None = None,
        hint: str | None = None,
    ) -> Diagnostic:
        """An error located at a record (and cell)."""
        line, col = self.locate(index, column)
        return Diagnostic(code, Severity.error, message, self.file_of(index), line, col, hint)

    def require(self, required: Sequence[str], what: str, known: Sequence[str] = ()) -> None:
        """Raise a located problem listing every required column the table lacks.

        A missing column is matched against the table's unexpected columns (not ``known``
        ones of the published layout) to suggest what it may have been renamed to.
        """
        missing = [c for c in required if c not in self.columns]
        if not missing:
            return
        extra = [c for c in self.columns if c not in required and c not in known]
        hints = []
        for name in missing:
            guess = did_you_mean(name, extra)
            if guess:
                hints.append(f"{name}: {guess}")
        shown = ", ".join(missing)
        raise TableProblem(
            Diagnostic(
                "LX801",
                Severity.error,
                f"{what} lacks {len(missing)} required column{'s' if len(missing) != 1 else ''}: "
                f"{shown}",
                self.display,
                1,
                1,
                "; ".join(hints) or "export the table again from Touchpoints without editing it",
            )
        )


def concat(tables: Sequence[Table]) -> Table:
    """One table from several files of the same table (e.g. the pages of an API download);
    each record keeps its own file, line and column."""
    if len(tables) == 1:
        return tables[0]
    columns: dict[str, None] = {}
    for t in tables:
        columns.update(dict.fromkeys(t.columns))
    starts: list[int] = []
    records: list[dict[str, str | None]] = []
    for t in tables:
        starts.append(len(records))
        records.extend(t.records)

    def locate(index: int, column: str | None) -> tuple[int, int]:
        k = max(i for i, start in enumerate(starts) if start <= index)
        return tables[k].locate(index - starts[k], column)

    shown = ", ".join(t.display for t in tables)
    merged = Table(shown, list(columns), records, locate)
    merged.parts = list(zip(starts, tables, strict=True))
    return merged


def _read_bytes(path: Path, display: str) -> bytes:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise TableProblem(Diagnostic("LX001", Severity.error, "file not found", display)) from None
    except IsADirectoryError:
        msg = "is a folder, expected an export file"
        raise TableProblem(Diagnostic("LX001", Severity.error, msg, display)) from None
    except OSError as exc:
        msg = f"cannot read file: {exc.strerror or exc}"
        raise TableProblem(Diagnostic("LX001", Severity.error, msg, display)) from None
    if len(raw) > EXPORT_LIMITS.max_bytes:
        msg = f"file is larger than {EXPORT_LIMITS.max_bytes // (1024 * 1024)} MiB"
        raise TableProblem(Diagnostic("LX003", Severity.error, msg, display))
    return raw


def _decode(raw: bytes, display: str) -> str:
    """UTF-8 text (a byte-order mark is allowed); anything else is a located error."""
    hint = "export the file again as UTF-8 (CSV UTF-8 in a spreadsheet's Save As)"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        msg = "file is UTF-16, not UTF-8"
        raise TableProblem(Diagnostic("LX805", Severity.error, msg, display, 1, 1, hint))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        msg = f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); lifeexp never guesses"
        msg += " another encoding"
        raise TableProblem(
            Diagnostic("LX805", Severity.error, msg, display, line, col, hint)
        ) from None


def _field_columns(line: str) -> list[int]:
    """1-based character column where each field of a CSV line starts (quote-aware)."""
    starts = [1]
    quoted = False
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == '"':
            if quoted and i + 1 < len(line) and line[i + 1] == '"':
                i += 1
            else:
                quoted = not quoted
        elif ch == "," and not quoted:
            starts.append(i + 2)
        i += 1
    return starts


def read_csv_table(path: Path, display: str) -> Table:
    """Read a comma-separated export with a header row."""
    text = _decode(_read_bytes(path, display), display)
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            msg = "file is empty; expected a header row of column names"
            raise TableProblem(Diagnostic("LX801", Severity.error, msg, display, 1, 1))
        columns = [h.strip() for h in header]
        starts: list[int] = []

        def locate(index: int, column: str | None) -> tuple[int, int]:
            line = starts[index]
            if column is None or column not in columns:
                return line, 1
            cols = _field_columns(lines[line - 1] if line - 1 < len(lines) else "")
            k = columns.index(column)
            return line, cols[k] if k < len(cols) else 1

        table = Table(display, columns, locate=locate)
        start = reader.line_num + 1
        for cells in reader:
            if not any(c.strip() for c in cells):
                start = reader.line_num + 1
                continue
            if len(cells) != len(columns):
                msg = f"row has {len(cells)} cells but the header names {len(columns)} columns"
                raise TableProblem(Diagnostic("LX801", Severity.error, msg, display, start, 1))
            table.records.append(
                {
                    name: (v if v.strip() else None)
                    for name, v in zip(columns, cells, strict=True)
                    if name not in FREE_TEXT_COLUMNS
                }
            )
            starts.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        msg = f"malformed CSV: {exc}"
        raise TableProblem(
            Diagnostic("LX801", Severity.error, msg, display, reader.line_num or 1, 1)
        ) from None
    return table


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    text = str(value)
    return text if text.strip() else None


def read_json_table(path: Path, display: str, *, expect_type: str) -> Table:
    """Read a Touchpoints API JSON page: ``{"data": [{"id", "type", "attributes"}, ...]}``.

    The standard JSON reader does the work; only when a problem is reported is the text read
    again with the located reader (JSON is YAML) to find the line and column.
    """
    text = _decode(_read_bytes(path, display), display)
    located: list[Locator] = []

    def locator() -> Locator:
        if not located:
            try:
                located.append(parse_yaml(text, display, limits=EXPORT_LIMITS).locator)
            except YamlProblem:
                located.append(Locator(display))
        return located[0]

    def at(loc: tuple[str | int, ...]) -> tuple[int, int]:
        line, col = locator().value(loc)
        return line or 1, col or 1

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"malformed JSON: {exc.msg}"
        raise TableProblem(
            Diagnostic("LX801", Severity.error, msg, display, exc.lineno, exc.colno)
        ) from None
    items = data.get("data") if isinstance(data, dict) else None
    if not isinstance(items, list):
        msg = 'expected a Touchpoints API document: {"data": [{"id", "type", "attributes"}]}'
        raise TableProblem(Diagnostic("LX801", Severity.error, msg, display, 1, 1))
    columns: dict[str, None] = {"id": None}
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("attributes"), dict):
            columns.update(dict.fromkeys(item["attributes"]))

    def locate(index: int, column: str | None) -> tuple[int, int]:
        if column is None or column == "id":
            return at(("data", index))
        return at(("data", index, "attributes", column))

    table = Table(display, list(columns), locate=locate)
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("attributes"), dict):
            msg = f"record {i + 1} has no attributes mapping"
            raise TableProblem(Diagnostic("LX801", Severity.error, msg, display, *at(("data", i))))
        kind = item.get("type")
        if kind is not None and kind != expect_type:
            msg = f"record {i + 1} is of type {kind!r}; this file should hold {expect_type}"
            raise TableProblem(Diagnostic("LX801", Severity.error, msg, display, *at(("data", i))))
        attrs: dict[str, Any] = item["attributes"]
        record: dict[str, str | None] = {}
        for name in table.columns:
            if name == "id" or name in FREE_TEXT_COLUMNS:
                continue
            value = attrs.get(name)
            if value is None and name in attrs and name.startswith(("positive_", "negative_")):
                record[name] = "null"  # a JSON null driver flag means "not asked", as 'null'
            else:
                record[name] = _cell(value)
        record["id"] = _cell(item.get("id", attrs.get("id")))
        table.records.append(record)
    return table


def require_all(
    tables: Iterable[tuple[Table, Sequence[str], str, Sequence[str]]],
) -> list[Diagnostic]:
    """Check the columns of several tables, collecting every table's problem."""
    out: list[Diagnostic] = []
    for table, required, what, known in tables:
        try:
            table.require(required, what, known)
        except TableProblem as problem:
            out.append(problem.diagnostic)
    return out
