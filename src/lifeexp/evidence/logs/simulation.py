"""A seeded event-log simulator: walk a journey's own chain and write a timestamped log.

Each simulated case starts at a random moment in the period (uniform, so arrivals form a
Poisson process) at the journey's start step and walks its transitions with their designed
probabilities until it reaches an end step. Every visit is one activity instance:

* it **starts** when the case arrives at the step;
* it **completes** after the step's burden, drawn from the PERT-Beta distribution of each
  burden component and added up (the only duration a journey gives for a step itself; in a
  real log this is agency processing time);
* the **next step starts** after the step's calendar wait, drawn from the PERT-Beta
  distribution of ``wait.days`` (none when the step has no wait).

The organisation of each event is the step's agency (``person`` for the person's own steps).
Columns use pm4py's names. Calibrating the log recovers the journey's probabilities and waits,
which is what the round-trip tests check. pm4py's own simulator draws exponential waits from
mean performance; this one draws the journey's PERT estimates, so it keeps their skew and bounds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from xml.sax.saxutils import quoteattr

import numpy as np

from lifeexp.evidence._errors import EvidenceError
from lifeexp.model import PERSON, BurdenComponent

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from lifeexp.model import Journey, ThreePoint

__all__ = ["SimulatedLog", "simulate_log", "simulated_events"]

LogFileFormat = Literal["csv", "parquet", "xes"]
_US_PER_DAY = 86_400_000_000
_US_PER_MINUTE = 60_000_000
_CHUNK_CASES = 100_000
_MAX_VISITS = 10_000


@dataclass(frozen=True, slots=True)
class SimulatedLog:
    """What ``simulate_log`` wrote."""

    path: Path
    format: str
    cases: int
    events: int
    seed: int


@dataclass(frozen=True, slots=True)
class _Pert:
    constant: NDArray[np.float64]  # the low (or the value of a point estimate)
    width: NDArray[np.float64]
    alpha: NDArray[np.float64]
    beta: NDArray[np.float64]

    @classmethod
    def of(cls, estimates: list[ThreePoint | None]) -> _Pert:
        low = np.array([e.low if e else 0.0 for e in estimates])
        likely = np.array([e.likely if e else 0.0 for e in estimates])
        high = np.array([e.high if e else 0.0 for e in estimates])
        width = high - low
        safe = np.where(width > 0, width, 1.0)
        return cls(
            constant=low,
            width=width,
            alpha=1 + 4 * (likely - low) / safe,
            beta=1 + 4 * (high - likely) / safe,
        )

    def draw(self, idx: NDArray[np.int64], rng: np.random.Generator) -> NDArray[np.float64]:
        out = self.constant[idx].copy()
        uncertain = self.width[idx] > 0
        if uncertain.any():
            j = idx[uncertain]
            out[uncertain] += rng.beta(self.alpha[j], self.beta[j]) * self.width[j]
        return out


@dataclass(frozen=True, slots=True)
class _Events:
    """One chunk of simulated visits, in case then time order."""

    case: NDArray[np.int64]
    step: NDArray[np.int64]
    start_us: NDArray[np.int64]
    end_us: NDArray[np.int64]


class _Walker:
    def __init__(self, journey: Journey) -> None:
        self.ids = journey.step_ids
        index = {s: i for i, s in enumerate(self.ids)}
        n = len(self.ids)
        self.start = index[journey.start]
        self.owner = [
            s.agency if s.agency else ("unassigned" if s.agency is None else PERSON)
            for s in journey.steps
        ]
        out: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        for t in journey.transitions:
            out[index[t.from_]].append((index[t.to], t.probability))
        width = max((len(o) for o in out), default=0) or 1
        self.is_end = np.array([not o for o in out])
        self.targets = np.full((n, width), -1, dtype=np.int64)
        self.cum = np.ones((n, width))
        for i, o in enumerate(out):
            if not o:
                continue
            total = sum(p for _, p in o)
            acc = np.cumsum([p / total for _, p in o])
            acc[-1] = 1.0
            self.targets[i, : len(o)] = [j for j, _ in o]
            self.cum[i, : len(o)] = acc
        self.burden = [
            _Pert.of([(s.burden.components().get(c) if s.burden else None) for s in journey.steps])
            for c in BurdenComponent
        ]
        self.wait = _Pert.of([s.wait.days if s.wait else None for s in journey.steps])

    def walk(
        self, arrivals_us: NDArray[np.int64], first_case: int, rng: np.random.Generator
    ) -> _Events:
        m = len(arrivals_us)
        case = np.arange(m, dtype=np.int64)
        state = np.full(m, self.start, dtype=np.int64)
        clock = arrivals_us.astype(np.float64)
        parts: list[tuple[NDArray[np.int64], ...]] = []
        for tick in range(_MAX_VISITS):
            if not len(case):
                break
            minutes = sum(b.draw(state, rng) for b in self.burden)
            start = np.round(clock / 1e6) * 1e6
            end = start + np.round(np.asarray(minutes) * 60) * 1e6
            parts.append(
                (
                    case,
                    state,
                    start.astype(np.int64),
                    end.astype(np.int64),
                    np.full(len(case), tick),
                )
            )
            wait = self.wait.draw(state, rng)
            clock = end + np.round(wait * 86_400) * 1e6
            going = ~self.is_end[state]
            case, state, clock = case[going], state[going], clock[going]
            if len(case):
                u = rng.random(len(case))
                col = (self.cum[state] < u[:, None]).sum(axis=1)
                state = self.targets[state, col]
        else:
            msg = f"a simulated case went round more than {_MAX_VISITS} steps without ending"
            raise EvidenceError(msg)
        all_case = np.concatenate([p[0] for p in parts])
        all_tick = np.concatenate([p[4] for p in parts])
        order = np.lexsort((all_tick, all_case))
        return _Events(
            case=all_case[order] + first_case,
            step=np.concatenate([p[1] for p in parts])[order],
            start_us=np.concatenate([p[2] for p in parts])[order],
            end_us=np.concatenate([p[3] for p in parts])[order],
        )


def simulated_events(
    journey: Journey,
    cases: int,
    *,
    seed: int = 0,
    start: dt.date = dt.date(2024, 1, 1),
    days: int = 365,
) -> Iterator[_Events]:
    """The simulated visits, in chunks of cases (case numbers from 0, in arrival order)."""
    rng = np.random.default_rng(seed)
    walker = _Walker(journey)
    origin = int(dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC).timestamp())
    arrivals = np.sort(rng.integers(0, days * _US_PER_DAY, size=cases)) + origin * 1_000_000
    for lo in range(0, cases, _CHUNK_CASES):
        yield walker.walk(arrivals[lo : lo + _CHUNK_CASES], lo, rng)


_MAIN_CHANNEL_SHARE = 0.7
"""Simulated contacts use the step's main channel this often; its other channels share the
rest equally."""


def _channels(journey: Journey, steps: NDArray[np.int64], rng: np.random.Generator) -> NDArray[Any]:
    """A contact channel per visit: the step's channel, sometimes one of its other channels;
    none for steps without a contact channel."""
    out = np.full(len(steps), None, dtype=object)
    u = rng.random(len(steps))
    for i, step in enumerate(journey.steps):
        if step.channel.value == "none":
            continue
        at = steps == i
        if not at.any():
            continue
        others = [c.value for c in step.other_channels if c is not step.channel]
        if not others:
            out[at] = step.channel.value
            continue
        rest = (1 - _MAIN_CHANNEL_SHARE) / len(others)
        picks = np.array([step.channel.value, *others], dtype=object)
        edges = np.cumsum([_MAIN_CHANNEL_SHARE] + [rest] * len(others))
        out[at] = picks[np.minimum(np.searchsorted(edges, u[at], side="right"), len(picks) - 1)]
    return out


def _iso(us: NDArray[np.int64]) -> NDArray[Any]:
    return np.datetime_as_string(us.astype("datetime64[us]"), unit="s", timezone="UTC")


def simulate_log(
    journey: Journey,
    path: str | Path,
    *,
    cases: int,
    seed: int = 0,
    start: dt.date = dt.date(2024, 1, 1),
    days: int = 365,
    two_row: bool = False,
    channels: bool = False,
    fmt: LogFileFormat | None = None,
) -> SimulatedLog:
    """Write a simulated event log of ``cases`` cases walking ``journey``.

    Args:
        journey: The journey to walk (its probabilities, burden and waits).
        path: Where to write: ``.parquet``, ``.csv`` or ``.xes`` (the format follows the name
            unless ``fmt`` is given). The file appears only when complete.
        cases: Number of cases.
        seed: Random seed; the same seed writes the same log.
        start: First day cases can arrive (UTC).
        days: Length of the arrival period in days.
        two_row: One ``start`` and one ``complete`` row per activity (``lifecycle:transition``)
            instead of one row with ``start_timestamp`` and ``time:timestamp``. XES always uses
            two events.
        channels: Add a ``channel`` column (a customer-side log): each contact goes through
            the step's channel 70 % of the time and one of its other channels otherwise.
        fmt: ``parquet``, ``csv`` or ``xes``.

    Returns:
        What was written.
    """
    target = Path(path)
    chosen = fmt or _format_of(target)
    if cases < 1:
        msg = "--cases must be at least 1"
        raise EvidenceError(msg)
    tmp = target.with_name(f".{target.name}.tmp")
    target.parent.mkdir(parents=True, exist_ok=True)
    walker_ids = journey.step_ids
    owners = np.array(_Walker(journey).owner, dtype=object)
    ids = np.array(walker_ids, dtype=object)
    events = 0
    chunks = simulated_events(journey, cases, seed=seed, start=start, days=days)
    try:
        channel_rng = np.random.default_rng([seed, 1]) if channels else None
        if chosen == "xes":
            events = _write_xes(tmp, chunks, ids, owners, journey, channel_rng)
        else:
            events = _write_table(tmp, chunks, ids, owners, chosen, two_row, journey, channel_rng)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return SimulatedLog(target, chosen, cases, events, seed)


def _format_of(path: Path) -> LogFileFormat:
    name = path.name.lower()
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".xes"):
        return "xes"
    if name.endswith(".parquet"):
        return "parquet"
    msg = f"cannot tell the log format from {path.name!r}: use .parquet, .csv or .xes"
    raise EvidenceError(msg)


def _case_ids(case: NDArray[np.int64]) -> NDArray[Any]:
    return np.char.add("case-", np.char.zfill((case + 1).astype(str), 8))


def _write_table(
    tmp: Path,
    chunks: Iterator[_Events],
    ids: NDArray[Any],
    owners: NDArray[Any],
    fmt: str,
    two_row: bool,
    journey: Journey,
    channel_rng: np.random.Generator | None,
) -> int:
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    writer: Any = None
    events = 0
    ts_type = pa.timestamp("us", tz="UTC")
    try:
        for ch in chunks:
            case = _case_ids(ch.case)
            act, org = ids[ch.step], owners[ch.step]
            if two_row:
                n = len(case)
                cols: dict[str, Any] = {
                    "case:concept:name": np.repeat(case, 2),
                    "concept:name": np.repeat(act, 2),
                    "org:resource": np.repeat(org, 2),
                    "lifecycle:transition": np.tile(
                        np.array(["start", "complete"], dtype=object), n
                    ),
                    "time:timestamp": np.column_stack([ch.start_us, ch.end_us]).ravel(),
                }
                times = ["time:timestamp"]
            else:
                cols = {
                    "case:concept:name": case,
                    "concept:name": act,
                    "org:resource": org,
                    "start_timestamp": ch.start_us,
                    "time:timestamp": ch.end_us,
                }
                times = ["start_timestamp", "time:timestamp"]
            if channel_rng is not None:
                picked = _channels(journey, ch.step, channel_rng)
                cols["channel"] = np.repeat(picked, 2) if two_row else picked
            arrays = {}
            for k, v in cols.items():
                if k in times:
                    arrays[k] = (
                        pa.array(_iso(v), pa.string()) if fmt == "csv" else pa.array(v, ts_type)
                    )
                elif k == "channel":
                    arrays[k] = pa.array(list(v), pa.string())
                else:
                    arrays[k] = pa.array(v.astype(str), pa.string())
            table = pa.table(arrays)
            events += table.num_rows
            if writer is None:
                writer = (
                    pq.ParquetWriter(tmp, table.schema)
                    if fmt == "parquet"
                    else pacsv.CSVWriter(tmp, table.schema)
                )
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    return events


def _write_xes(
    tmp: Path,
    chunks: Iterator[_Events],
    ids: NDArray[Any],
    owners: NDArray[Any],
    journey: Journey,
    channel_rng: np.random.Generator | None,
) -> int:
    events = 0
    acts = [quoteattr(str(a)) for a in ids]
    orgs = [quoteattr(str(o)) for o in owners]
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        fh.write('<log xes.version="1849-2016" xes.features="nested-attributes">\n')
        fh.write(f'  <string key="concept:name" value={quoteattr(journey.id)}/>\n')
        for ch in chunks:
            starts, ends = _iso(ch.start_us), _iso(ch.end_us)
            names = _case_ids(ch.case)
            case_l, step_l = ch.case.tolist(), ch.step.tolist()
            picked = _channels(journey, ch.step, channel_rng) if channel_rng is not None else None
            current = -1
            for i, c in enumerate(case_l):
                if c != current:
                    if current >= 0:
                        fh.write("  </trace>\n")
                    fh.write(f'  <trace>\n    <string key="concept:name" value="{names[i]}"/>\n')
                    current = c
                s = step_l[i]
                extra = (
                    f'<string key="channel" value="{picked[i]}"/>'
                    if picked is not None and picked[i] is not None
                    else ""
                )
                for lc, when in (("start", starts[i]), ("complete", ends[i])):
                    fh.write(
                        f'    <event><string key="concept:name" value={acts[s]}/>'
                        f'<string key="org:resource" value={orgs[s]}/>'
                        f'<string key="lifecycle:transition" value="{lc}"/>{extra}'
                        f'<date key="time:timestamp" value="{when}"/></event>\n'
                    )
                    events += 1
            if current >= 0:
                fh.write("  </trace>\n")
        fh.write("</log>\n")
    return events
