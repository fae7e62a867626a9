"""Read an event log with an engine and measure it: every statistic, no privacy applied yet.

:func:`measure` checks the log as it goes (columns, times, pairing, duplicates, order), stops at
the first problem that makes the numbers meaningless with a located :class:`EvidenceError`, and
counts the problems it can correct as warnings. It returns a :class:`Measurement` of raw
integers; rounding, privacy suppression and the comparison with the journey come later.
"""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lifeexp.diagnostics import Diagnostic, Severity
from lifeexp.evidence._errors import EvidenceError
from lifeexp.evidence.logs import _sql
from lifeexp.evidence.logs._columns import LogColumns
from lifeexp.evidence.logs._engines import Engine, EngineQueryError, TableSource
from lifeexp.evidence.logs._xes import xes_to_parquet

__all__ = ["ActivityCount", "Measurement", "Resolution", "log_format", "measure"]

_DEFAULT_COLUMNS = LogColumns()


@dataclass(frozen=True, slots=True)
class ActivityCount:
    """One activity of the log: how many events have it and, for an activity the mapping
    leaves out, how many cases (``None`` for a mapped one: its cases are its step's)."""

    activity: str
    events: int
    cases: int | None = None


@dataclass(frozen=True, slots=True)
class Resolution:
    """The mapping applied to the log's activities and organisations.

    Attributes:
        steps: Log activity → journey step id, for the activities that map.
        ignored: Activities the mapping sets aside on purpose (mapped to ``null``).
        orgs: Log organisation → catalog agency id.
    """

    steps: dict[str, str]
    ignored: set[str] = field(default_factory=set)
    orgs: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Measurement:
    """The raw statistics of one log (integers in microseconds; no privacy applied).

    Histograms are ``{step: {bin: count}}``; ``edges`` maps ``(step, next step or None)`` to
    ``(count, cases, wait sum µs)``; ``None`` as the next step is the end of the case.
    """

    path: Path
    sha256: str
    bytes: int
    format: str
    engine: str
    rows: int
    instances: int
    cases: int
    first_us: int
    last_us: int
    activities: list[ActivityCount]
    resolution: Resolution
    edges: dict[tuple[str, str | None], tuple[int, int, int]]
    starts: dict[str, int]
    steps: dict[str, dict[str, int]]
    rework_cases: dict[str, int]
    wait_hist: dict[str, dict[int, int]]
    processing_hist: dict[str, dict[int, int]]
    handover: dict[tuple[str, str], tuple[int, int]]
    cases_by_day: dict[int, tuple[int, int]]
    channels: dict[tuple[str, str], tuple[int, int]]
    """``(step, channel)`` → ``(contacts, cases)``."""
    channel_switches: dict[tuple[str, str], tuple[int, int]]
    """``(channel, next channel)`` → ``(successions, cases)``."""
    warnings: list[Diagnostic]

    @property
    def mapped_cases(self) -> int:
        """Cases with at least one mapped visit."""
        return sum(c for c, _ in self.cases_by_day.values())


def log_format(path: Path) -> str:
    """``csv``, ``parquet`` or ``xes`` from the file name (a folder is Parquet)."""
    name = path.name.lower()
    if path.is_dir() or name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith((".csv", ".csv.gz", ".tsv", ".txt")):
        return "csv"
    if name.endswith((".xes", ".xes.gz")):
        return "xes"
    return ""


def _sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        if path.is_dir():
            digest.update(str(f.relative_to(path)).encode())
        with f.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    return digest.hexdigest(), size


def _int(value: Any) -> int:
    return int(value) if value is not None else 0


def measure(
    path: Path,
    engine: Engine,
    *,
    columns: LogColumns = _DEFAULT_COLUMNS,
    explicit: Sequence[str] = (),
    resolve: Callable[[list[ActivityCount], list[str]], Resolution],
    journey_edges: Sequence[tuple[str, str]],
    end_steps: Sequence[str],
    display: str | None = None,
) -> Measurement:
    """Measure a log.

    Args:
        path: A CSV (or ``.csv.gz``), Parquet file, folder of Parquet files, or XES log.
        engine: The engine to run on.
        columns: Column names.
        explicit: The ``LogColumns`` fields the user named (a named optional column must exist).
        resolve: Maps the log's activities and organisations to step and agency ids.
        journey_edges: The journey's transitions as ``(from, to)``, plus ``(START, start)``.
        end_steps: The journey's end steps (a case that fits ends at one).
        display: The log's name in messages.

    Raises:
        EvidenceError: The log cannot be read or its content makes the numbers meaningless.
    """
    shown = display or str(path)

    def fail(code: str, message: str, row: int | None = None, hint: str | None = None) -> None:
        diag = Diagnostic(code, Severity.error, message, shown, row, None, hint)
        raise EvidenceError(f"cannot calibrate from {shown}", [diag])

    if not path.exists():
        fail("LX901", "the log file does not exist")
    fmt = log_format(path)
    if not fmt:
        fail(
            "LX901",
            f"cannot tell the format of {path.name!r}",
            hint="use .csv, .csv.gz, .parquet, a folder of Parquet files, .xes or .xes.gz",
        )
    sha, size = _sha256(path)
    if size == 0:
        fail("LX906", "the log is empty (0 bytes)")
    warnings: list[Diagnostic] = []

    def warn(code: str, message: str, row: int | None = None) -> None:
        warnings.append(Diagnostic(code, Severity.warning, message, shown, row, None))

    with tempfile.TemporaryDirectory(prefix="lifeexp-xes-") as tmp:
        source = TableSource(path, "csv" if fmt == "csv" else "parquet")
        if fmt == "xes":
            converted = Path(tmp) / "log.parquet"
            wanted = {getattr(columns, f.name) for f in dataclasses.fields(columns)}
            if not xes_to_parquet(path, converted, display=shown, wanted=wanted):
                fail("LX906", "the XES log has no events")
            source = TableSource(converted, "parquet")
        try:
            return _measure(
                engine,
                source,
                fmt=fmt,
                path=path,
                sha=sha,
                size=size,
                columns=columns,
                explicit=explicit,
                resolve=resolve,
                journey_edges=journey_edges,
                end_steps=end_steps,
                fail=fail,
                warn=warn,
                warnings=warnings,
            )
        except EngineQueryError as exc:
            what = {"csv": "CSV", "parquet": "Parquet", "xes": "XES"}[fmt]
            fail("LX901", f"cannot read the log as {what}: {exc.message}")
            raise  # pragma: no cover - fail() raises


def _measure(
    engine: Engine,
    source: TableSource,
    *,
    fmt: str,
    path: Path,
    sha: str,
    size: int,
    columns: LogColumns,
    explicit: Sequence[str],
    resolve: Callable[[list[ActivityCount], list[str]], Resolution],
    journey_edges: Sequence[tuple[str, str]],
    end_steps: Sequence[str],
    fail: Callable[..., None],
    warn: Callable[..., None],
    warnings: list[Diagnostic],
) -> Measurement:
    from lifeexp.loading import did_you_mean

    found = engine.read(source)
    kinds = dict(found)
    names = [n for n, _ in found]
    options = columns.option_names()

    def column(field_name: str, *, required: bool) -> str | None:
        name: str = getattr(columns, field_name)
        if name in kinds:
            return name
        if required or field_name in explicit:
            hint = did_you_mean(name, names)
            listed = ", ".join(repr(n) for n in names[:20])
            more = f" and {len(names) - 20} more" if len(names) > 20 else ""
            fail(
                "LX902",
                f"the log has no column {name!r} for the {field_name.replace('_', ' ')} "
                f"(set it with {options[field_name]}); its columns are {listed}{more}",
                None,
                hint,
            )
        return None

    case = column("case", required=True)
    activity = column("activity", required=True)
    ts = column("timestamp", required=True)
    start = column("start_timestamp", required=False)
    org = column("org", required=False)
    lifecycle = column("lifecycle", required=False)
    channel = column("channel", required=False)
    assert case is not None
    assert activity is not None
    assert ts is not None
    for field_name, name in (("timestamp", ts), ("start_timestamp", start)):
        if name is not None and kinds[name] is None:
            fail("LX903", f"the column {name!r} ({field_name.replace('_', ' ')}) is not a time")

    d = engine.dialect
    raw_sql = _sql.events_sql(
        d,
        case=case,
        activity=activity,
        timestamp=ts,
        timestamp_kind=kinds[ts] or "text",
        start_timestamp=start,
        start_kind=(kinds[start] if start else None) or "text",
        org=org,
        lifecycle=lifecycle,
        channel=channel,
        first_row=2 if fmt == "csv" else 1,
    )
    # A CSV is parsed once and kept; a Parquet file is read again for each dictionary, which
    # reads one column each time and keeps no copy of the texts.
    if fmt == "csv":
        engine.materialise("lx_raw", raw_sql)
    else:
        engine.view("lx_raw", raw_sql)
    engine.materialise("lx_case_codes", _sql.case_codes_sql(d))
    codes: dict[str, dict[int, str]] = {}
    for name, normalise in (
        ("activity", False),
        ("org", False),
        ("channel", True),
        ("lifecycle", True),
    ):
        engine.materialise(f"lx_{name}_codes", _sql.text_codes_sql(name, normalise=normalise))
        codes[name] = {
            _int(code): str(value)
            for value, code in engine.rows(f"SELECT DISTINCT value, code FROM lx_{name}_codes")
        }
    engine.materialise("lx_coded", _sql.CODED)
    if fmt == "csv":
        engine.drop("lx_raw")
    q = dict(zip(_QUALITY_NAMES, engine.rows(_sql.QUALITY)[0], strict=True))
    rows = _int(q["rows_total"])
    if rows == 0:
        fail("LX906", "the log has no events")

    def first_row(problem: str) -> int | None:
        if not d.exact_rows:
            return None
        found_row = engine.rows(
            f"SELECT MIN(row_no) FROM lx_coded WHERE {_sql.FIRST_ROW[problem]}"
        )[0][0]
        return _int(found_row) or None

    if _int(q["bad_time"]):
        fail(
            "LX903",
            f"{_int(q['bad_time'])} row(s) have a {ts!r} that is not a date and time "
            "(use ISO 8601, e.g. 2024-03-01T09:30:00Z)",
            first_row("bad_time"),
        )
    if _int(q["bad_start"]):
        fail(
            "LX903",
            f"{_int(q['bad_start'])} row(s) have a {start!r} that is not a date and time "
            "(use ISO 8601, e.g. 2024-03-01T09:30:00Z)",
            first_row("bad_start"),
        )
    if _int(q["aware_rows"]) and _int(q["naive_rows"]):
        fail(
            "LX904",
            f"the log mixes times with a time zone ({_int(q['aware_rows'])} rows) and times "
            f"without one ({_int(q['naive_rows'])} rows); the first without is here",
            first_row("naive_rows"),
            "give every time a zone offset such as Z or +00:00, or none at all (read as UTC)",
        )
    for problem, what in (
        ("no_case", "no case id"),
        ("no_activity", "no activity"),
        ("no_time", "no time"),
    ):
        if _int(q[problem]):
            warn(
                "LX911", f"{_int(q[problem])} row(s) with {what} were left out", first_row(problem)
            )

    engine.view("lx_events", _sql.EVENTS)
    two_row = False
    lifecycle_code = {value: code for code, value in codes["lifecycle"].items()}
    start_code = lifecycle_code.get(_sql.LIFECYCLE_START)
    if lifecycle is not None:
        transitions = {
            None if lc is None else codes["lifecycle"][_int(lc)]: _int(n)
            for lc, n in engine.rows(_sql.LIFECYCLE)
        }
        two_row = transitions.get(_sql.LIFECYCLE_START, 0) > 0
        other = {
            k: v
            for k, v in transitions.items()
            if k not in {_sql.LIFECYCLE_START, _sql.LIFECYCLE_COMPLETE, None}
        }
        if other:
            listed = ", ".join(f"{k!r} ({v})" for k, v in sorted(other.items(), key=str))
            warn("LX915", f"lifecycle transitions other than start and complete left out: {listed}")
    engine.view(
        "lx_paired",
        _sql.paired_sql(
            two_row=two_row,
            complete=lifecycle_code.get(_sql.LIFECYCLE_COMPLETE),
            start=start_code,
        ),
    )
    instances, paired, after, after_row = engine.rows(_sql.PAIRING)[0]
    if _int(after):
        fail(
            "LX905",
            f"{_int(after)} activit(ies) start after they complete (the first is here)",
            _int(after_row) if d.exact_rows and after_row is not None else None,
        )
    if two_row and start_code is not None:
        unpaired = _int(engine.rows(_sql.starts_in_log_sql(start_code))[0][0]) - _int(paired)
        if unpaired:
            warn("LX914", f"{unpaired} start row(s) have no matching complete row; left out")

    stats = _sql.statistics_sql(d)

    activity_of = codes["activity"]
    activities = sorted(
        (ActivityCount(activity_of[_int(a)], _int(e)) for a, e in engine.rows(_sql.ACTIVITIES)),
        key=lambda a: a.activity,
    )
    org_of = codes["org"]
    orgs = sorted(org_of[_int(o)] for (o, _) in engine.rows(_sql.ORGS)) if org is not None else []
    resolution = resolve(activities, orgs)
    examples = ", ".join(repr(a.activity) for a in activities[:3])
    if not resolution.steps:
        fail(
            "LX907",
            "no activity of the log maps to a step of the journey "
            f"({len(activities)} activities, e.g. {examples})",
            None,
            "write a mapping file (--map) from the log's activities to step ids",
        )
    # Steps and agencies get codes in sorted order, so MIN over codes is MIN over names.
    step_names = sorted(
        set(resolution.steps.values())
        | {s for edge in journey_edges for s in edge if s != _sql.START}
        | set(end_steps)
    )
    step_code = {s: i for i, s in enumerate(step_names)}
    activity_code = {value: code for code, value in activity_of.items()}
    engine.table(
        "lx_step_map",
        [("a", "int"), ("s", "int")],
        sorted((activity_code[a], step_code[s]) for a, s in resolution.steps.items()),
    )
    agency_of_org = {o: resolution.orgs.get(name, name) for o, name in org_of.items()}
    agency_names = sorted(set(agency_of_org.values()))
    agency_code = {g: i for i, g in enumerate(agency_names)}
    engine.table(
        "lx_agency_map",
        [("o", "int"), ("g", "int")],
        sorted((o, agency_code[g]) for o, g in agency_of_org.items()),
    )
    left_out = [activity_code[a.activity] for a in activities if a.activity not in resolution.steps]
    if left_out:
        cases_of = {
            activity_of[_int(a)]: _int(k) for a, k in engine.rows(_sql.activity_cases_sql(left_out))
        }
        activities = [
            dataclasses.replace(a, cases=cases_of[a.activity]) if a.activity in cases_of else a
            for a in activities
        ]
    targets = list(resolution.steps.values())
    merge = len(set(targets)) < len(targets)

    def sequence(deduplicated: bool) -> None:
        source = "lx_unique" if deduplicated else "lx_paired"
        engine.view("lx_visits", _sql.visits_sql(merge_repeats=merge, source=source))
        engine.materialise("lx_seq", _sql.seq_sql(channel=channel is not None))

    # Duplicates (same case, activity, organisation, channel and times) among the events
    # mapped to the journey are counted once; those of activities left out of the mapping do
    # not reach any figure. Removing them takes a pass over every event, so it is done only
    # where one can exist: events are put in time order (start, completion, file order), so
    # two copies of an event sit in a block of neighbours at the same times. A sequence with
    # no such block (the usual case, seen for free while ordering) has none; otherwise only
    # the events of those blocks are searched. Merged visits hide the blocks, so with several
    # activities per step the mapped events are always searched.
    engine.view("lx_mapped", _sql.MAPPED_PAIRED)
    if merge:
        engine.materialise("lx_unique", _sql.unique_sql("lx_mapped"))
        dup, dup_row = engine.rows(stats["duplicates"])[0]
    sequence(deduplicated=merge)
    if not merge:
        dup, dup_row = 0, None
        if _int(engine.rows(stats["ties"])[0][0]):
            dup, dup_row = engine.rows(stats["tied_duplicates"])[0]
        if _int(dup):
            engine.materialise("lx_unique", _sql.unique_sql("lx_mapped"))
            sequence(deduplicated=True)
    if _int(dup):
        warn(
            "LX913",
            f"{_int(dup)} duplicate event(s) (same case, activity, organisation and times) "
            "counted once",
            _int(dup_row) if d.exact_rows and dup_row is not None else None,
        )
    for done in ("lx_unique", "lx_coded"):  # what follows reads lx_seq only: free memory
        engine.drop(done)

    def code_of(step: str) -> int:
        return _sql.NO_STEP if step == _sql.START else step_code[step]

    engine.table(
        "lx_edges",
        [("src", "int"), ("dst", "int")],
        sorted({(code_of(a), code_of(b)) for a, b in journey_edges}),
    )
    engine.table("lx_ends", [("step", "int")], [(step_code[s],) for s in sorted(set(end_steps))])

    def step(code: Any) -> str:
        return step_names[_int(code)]

    # Row order means file order only within one file; a folder's files have no order.
    out_of_order = 0 if source.is_folder else _int(engine.rows(stats["order"])[0][0])
    if out_of_order:
        warn(
            "LX912",
            f"{out_of_order} event(s) come before an earlier event of their case in the file; "
            "events are put in time order (start, then completion)",
        )

    def keyed(
        name: str, decode: Callable[[Any], str], decode_next: Callable[[Any], str]
    ) -> dict[tuple[str, str | None], tuple[int, ...]]:
        return {
            (decode(a), None if b is None else decode_next(b)): tuple(_int(v) for v in rest)
            for a, b, *rest in engine.rows(stats.get(name) or _sql.CHANNEL_STATISTICS[name])
        }

    step_cases = {
        _int(s): (_int(k), _int(w), _int(r)) for s, k, w, r in engine.rows(stats["step_cases"])
    }
    reworked = sorted(s for s, (_k, _w, rework) in step_cases.items() if rework)
    edge_cases = {
        (step(a), None if b is None else step(b)): _int(k)
        for a, b, k in (engine.rows(_sql.edge_cases_sql(reworked)) if reworked else [])
    }
    edges = {
        key: (n, edge_cases.get(key, n), wait)
        for key, (n, wait, _mn, _mx) in keyed("edges", step, step).items()
    }
    steps = {}
    for r in engine.rows(stats["steps"]):
        name = step(r[0])
        visits, p_sum, p_min, p_max, waits, w_sum = (_int(v) for v in r[1:])
        cases_n, wait_cases, rework = step_cases[_int(r[0])]
        steps[name] = {
            "visits": visits,
            "cases": cases_n,
            "processing_sum_us": p_sum,
            "processing_min_us": p_min,
            "processing_max_us": p_max,
            "waits": waits,
            "wait_cases": wait_cases,
            "wait_sum_us": w_sum,
            "rework_cases": rework,
        }

    def hist(name: str) -> dict[str, dict[int, int]]:
        out: dict[str, dict[int, int]] = {}
        for s, b, n in engine.rows(stats[name]):
            out.setdefault(step(s), {})[_int(b)] = _int(n)
        return out

    def agency(code: Any) -> str:
        return agency_names[_int(code)]

    def channel_name(code: Any) -> str:
        return codes["channel"][_int(code)]

    def with_cases(
        name: str, first: Callable[[Any], str], second: Callable[[Any], str]
    ) -> dict[tuple[str, str], tuple[int, int]]:
        cases_of = keyed(f"{name}_cases", first, second)
        return {
            (a, str(b)): (n, cases_of[(a, b)][0])
            for (a, b), (n,) in keyed(name, first, second).items()
        }

    pairs: dict[str, dict[tuple[str, str], tuple[int, int]]] = {}
    if channel is not None:
        pairs["channels"] = with_cases("channels", step, channel_name)
        pairs["channel_switches"] = with_cases("channel_switches", channel_name, channel_name)
    cases_by_day = {_int(dy): (_int(c), _int(f)) for dy, c, f, _v in engine.rows(stats["cases"])}
    return Measurement(
        path=path,
        sha256=sha,
        bytes=size,
        format=fmt,
        engine=engine.version,
        rows=rows,
        instances=_int(instances),
        cases=_int(engine.rows(_sql.CASES_IN_LOG)[0][0]),
        first_us=_int(q["first_us"]),
        last_us=_int(q["last_us"]),
        activities=activities,
        resolution=resolution,
        edges=edges,
        starts={step(s): _int(n) for s, n in engine.rows(stats["starts"])},
        steps=steps,
        rework_cases={s: v["rework_cases"] for s, v in steps.items() if v["rework_cases"]},
        wait_hist=hist("wait_hist"),
        processing_hist=hist("processing_hist"),
        handover=with_cases("handover", agency, agency),
        cases_by_day=cases_by_day,
        channels=pairs.get("channels", {}),
        channel_switches=pairs.get("channel_switches", {}),
        warnings=warnings,
    )


_QUALITY_NAMES = (
    "rows_total",
    "no_case",
    "no_activity",
    "no_time",
    "bad_time",
    "bad_start",
    "aware_rows",
    "naive_rows",
    "first_us",
    "last_us",
)
