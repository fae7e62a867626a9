"""Reading a journey's feedback sources and matching their rows to its steps.

Files named by a source are read relative to the journey file (the working folder for a
journey built in Python). Each file is read once per change: results are kept by path,
size and modification time, because validating and then scoring (as ``lifeexp report`` does)
would otherwise read a large export twice.
"""

from __future__ import annotations

import datetime as _dt
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from lifeexp.diagnostics import Diagnostic
from lifeexp.evidence.feedback._exports import ExportRead, read_export
from lifeexp.loading import (
    YamlProblem,
    display_path,
    parse_yaml,
    pydantic_diagnostics,
    read_text,
    source_path,
)
from lifeexp.model import (
    FeedbackFigures,
    FeedbackFile,
    FeedbackMatch,
    FeedbackRow,
    FeedbackSource,
    FeedbackSourceKind,
    Journey,
)

__all__ = [
    "INLINE",
    "JourneyFeedback",
    "MatchedFigures",
    "SourceRows",
    "keep_feedback_folder",
    "match_rows",
    "read_feedback_file",
    "resolve_feedback",
]

INLINE = "inline"
"""The source name of figures given at the step itself."""

_CACHE_SIZE = 32
_cache: OrderedDict[tuple[object, ...], ExportRead] = OrderedDict()


@dataclass(slots=True)
class SourceRows:
    """One feedback source after reading.

    Attributes:
        source: The source as declared in the journey.
        rows: Its rows (empty when it could not be read).
        diagnostics: Problems reading it, located in its files (or in the journey).
    """

    source: FeedbackSource
    rows: list[FeedbackRow] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MatchedFigures:
    """One set of counts a step takes: a source row or inline figures.

    Attributes:
        source: Source id, or ``inline``.
        row: Index of the row in the source (``None`` for inline figures).
        figures: The counts.
        synthetic: Whether the source is marked as made-up data.
    """

    source: str
    row: int | None
    figures: FeedbackFigures
    synthetic: bool = False

    @property
    def ref(self) -> str:
        """``source:row-id`` (or ``inline:n``) for tracing a figure back."""
        if isinstance(self.figures, FeedbackRow) and self.figures.row_id:
            return f"{self.source}:{self.figures.row_id}"
        return f"{self.source}:{(self.row or 0) + 1}"


@dataclass(slots=True)
class JourneyFeedback:
    """A journey's feedback, read and matched.

    Attributes:
        sources: Each source by id.
        steps: Per step id, the counts it takes (only steps with feedback).
        empty_matches: Step ids whose ``match`` found no row.
    """

    sources: dict[str, SourceRows] = field(default_factory=dict)
    steps: dict[str, list[MatchedFigures]] = field(default_factory=dict)
    empty_matches: list[str] = field(default_factory=list)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every problem reading the sources."""
        return [d for s in self.sources.values() for d in s.diagnostics]

    def steps_of_row(self) -> dict[tuple[str, int], list[str]]:
        """(source id, row index) → the steps that take that row."""
        out: dict[tuple[str, int], list[str]] = {}
        for step_id, matched in self.steps.items():
            for m in matched:
                if m.row is not None:
                    out.setdefault((m.source, m.row), []).append(step_id)
        return out


def _normal(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def match_rows(match: FeedbackMatch, rows: list[FeedbackRow]) -> list[int]:
    """Indices of the rows whose service, stage, channel and transaction point equal the
    match's (each field given; case and spacing ignored)."""
    wanted = {
        name: _normal(getattr(match, name))
        for name in ("service", "stage", "channel", "transaction_point")
        if getattr(match, name) is not None
    }
    return [
        i
        for i, row in enumerate(rows)
        if all(_normal(getattr(row, name)) == value for name, value in wanted.items())
    ]


def _key(paths: list[Path], kind: str) -> tuple[object, ...] | None:
    parts: list[object] = [kind, _dt.date.today()]
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            return None
        parts += [str(p.resolve()), st.st_size, st.st_mtime_ns]
    return tuple(parts)


def _cached(key: tuple[object, ...] | None, read: ExportRead | None = None) -> ExportRead | None:
    if key is None:
        return read
    if read is None:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
        return hit
    _cache[key] = read
    while len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return read


def read_feedback_file(path: Path, display: str | None = None) -> ExportRead:
    """Read a feedback file (YAML written by ``lifeexp feedback import``)."""
    shown = display or display_path(path)
    result = ExportRead(files=[shown])
    try:
        parsed = parse_yaml(read_text(path, display=shown), shown)
    except YamlProblem as problem:
        result.diagnostics.append(problem.diagnostic)
        return result
    if parsed.diagnostics:
        result.diagnostics += parsed.diagnostics
        return result
    try:
        model = FeedbackFile.model_validate(parsed.data)
    except ValidationError as exc:
        result.diagnostics += pydantic_diagnostics(exc, parsed.data, parsed.locator, FeedbackFile)
        return result
    result.rows = list(model.rows)
    return result


def _read_source(source: FeedbackSource, base: Path) -> ExportRead:
    if source.kind is FeedbackSourceKind.report:
        return ExportRead(rows=list(source.rows))
    files = {role: [base / rel for rel in rels] for role, rels in source.files.items()}
    key = _key([p for items in files.values() for p in items], source.kind.value)
    hit = _cached(key)
    if hit is not None:
        return hit
    display = {role: [display_path(p) for p in items] for role, items in files.items()}
    if source.kind is FeedbackSourceKind.feedback_file:
        read = read_feedback_file(files["path"][0], display["path"][0])
    else:
        read = read_export(source.kind, files, display=display)
    cached = _cached(key, read)
    return cached if cached is not None else read


_FOLDERS: dict[int, tuple[weakref.ref[Journey], Path]] = {}


def keep_feedback_folder(changed: Journey, original: Journey) -> None:
    """Let a journey made from another (``lifeexp.edit``) read the original's feedback files.

    Feedback paths are relative to the journey file; an edited copy has no file of its own,
    so it keeps the folder of the journey it was made from (forgotten with the copy).
    """
    folder = journey_folder(original)
    key = id(changed)

    def forget(_: object, key: int = key) -> None:
        _FOLDERS.pop(key, None)

    _FOLDERS[key] = (weakref.ref(changed, forget), folder)


def journey_folder(journey: Journey) -> Path:
    """The folder a journey's relative feedback paths start from: its file's folder, the
    folder of the journey it was edited from, or the working folder."""
    kept = _FOLDERS.get(id(journey))
    if kept is not None and kept[0]() is journey:
        return kept[1]
    path = source_path(journey)
    return path.parent if path is not None else Path.cwd()


def resolve_feedback(journey: Journey, *, base: Path | None = None) -> JourneyFeedback:
    """Read every feedback source of a journey and match the rows to its steps.

    Args:
        journey: The journey.
        base: Folder relative paths start from (default: the journey file's folder).

    Returns:
        The sources, per-step counts and what matched nothing; never raises for a problem in
        a file (problems are the sources' diagnostics).
    """
    folder = base if base is not None else journey_folder(journey)
    out = JourneyFeedback()
    for source in journey.feedback_sources:
        if source.id in out.sources:
            continue
        read = _read_source(source, folder)
        out.sources[source.id] = SourceRows(source, read.rows, list(read.diagnostics))
    for step in journey.steps:
        fb = step.feedback
        if fb is None:
            continue
        if fb.match is None:
            out.steps[step.id] = [
                MatchedFigures(INLINE, None, f, synthetic=fb.synthetic) for f in fb.figures
            ]
            continue
        src = out.sources.get(fb.match.source)
        if src is None or src.diagnostics:
            continue  # an unknown source (LX810) or one that could not be read
        hits = match_rows(fb.match, src.rows)
        if not hits:
            out.empty_matches.append(step.id)
            continue
        out.steps[step.id] = [
            MatchedFigures(src.source.id, i, src.rows[i], synthetic=src.source.synthetic)
            for i in hits
        ]
    return out
