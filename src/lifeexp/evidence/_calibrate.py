"""``calibrate(log, journey)``: measure an event log and build the calibration overlay.

Figures follow the definitions of ``docs/explanation/evidence.md``: transition probabilities
with the end as pm4py defines them (``P(a→b) = dfg[a,b] / (Σ_c dfg[a,c] + end[a])``) with
Wilson 95 % intervals, waits and processing times from fixed-bin histograms, handover of work,
rework, start and end steps, cases per year and conformance. Privacy rules are applied last:
any figure from fewer than ``min_cases`` cases is suppressed (and one more cell of the same
step, so the first cannot be recovered by subtraction).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lifeexp.diagnostics import Diagnostic
from lifeexp.evidence._errors import EvidenceError
from lifeexp.evidence._mapping import LogMapping, identity_mapping
from lifeexp.evidence._overlay import (
    END,
    ActivityEvents,
    Calibration,
    ChannelShare,
    ChannelSwitch,
    Conformance,
    Contacts,
    Edge,
    Handover,
    LogProvenance,
    MeasuredDuration,
    MeasuredTransition,
    Privacy,
    Rework,
    StepCount,
    YearVolume,
)
from lifeexp.evidence.logs import (
    QUANTILES,
    START,
    Engine,
    LogColumns,
    Measurement,
    make_engine,
    measure,
    quantile,
    three_point,
)
from lifeexp.model import Journey

__all__ = ["DEFAULT_MIN_CASES", "calibrate", "wilson_interval"]

DEFAULT_MIN_CASES = 11
"""Figures from fewer cases are suppressed (a common federal small-cell rule)."""
_Z = 1.959963984540054
_US_PER_DAY = 86_400_000_000
_US_PER_MINUTE = 60_000_000


def wilson_interval(k: int, n: int, z: float = _Z) -> tuple[float, float]:
    """The Wilson score interval of k successes in n trials.

    >>> [round(x, 2) for x in wilson_interval(8, 10)]
    [0.49, 0.94]
    >>> [round(x, 3) for x in wilson_interval(1500, 2000)]
    [0.731, 0.768]
    """
    if n <= 0:
        return 0.0, 1.0
    p = k / n
    z2 = z * z
    centre = p + z2 / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    denom = 1 + z2 / n
    low = 0.0 if k == 0 else max(0.0, (centre - half) / denom)
    high = 1.0 if k == n else min(1.0, (centre + half) / denom)
    return low, high


def calibrate(
    log: str | os.PathLike[str],
    journey: Journey,
    *,
    mapping: LogMapping | None = None,
    columns: LogColumns | None = None,
    engine: str | Engine = "duckdb",
    spark_session: Any | None = None,
    min_cases: int = DEFAULT_MIN_CASES,
    memory_limit: str | None = None,
    temp_directory: str | os.PathLike[str] | None = None,
    agency_ids: Sequence[str] | None = None,
    explicit_columns: Sequence[str] = (),
    customer_side: bool = False,
) -> tuple[Calibration, list[Diagnostic]]:
    """Measure an event log against a journey.

    Args:
        log: CSV (``.csv``, ``.csv.gz``), Parquet (a file or a hive-partitioned folder) or XES
            (``.xes``, ``.xes.gz``).
        journey: The journey the log is mapped onto.
        mapping: Activities → step ids and organisations → agency ids; without one the
            log's activities must already be step ids.
        columns: Column names (pm4py's by default).
        engine: ``duckdb`` (default), ``spark``, or an engine object.
        spark_session: A ``SparkSession`` to run on (implies Spark).
        min_cases: Suppress figures from fewer cases than this.
        memory_limit: DuckDB's memory limit (e.g. ``"4GB"``); it spills beyond it.
        temp_directory: Where DuckDB spills.
        agency_ids: Catalog agency ids the mapping's organisations are checked against.
        explicit_columns: ``LogColumns`` fields the caller named (they must exist).
        customer_side: The log records the person's contacts (web, phone, messages) rather
            than the agency's work: contacts per step are published and the measured channel
            mix is laid over each step's ``channel`` and ``other_channels``. Needs a channel
            column. Durations are still never put into the time tax.

    Returns:
        The calibration and the warnings (corrected problems, each with its count).

    Raises:
        EvidenceError: The log or the mapping cannot be used (located diagnostics).
        EngineUnavailable: The engine is not installed.
    """
    if min_cases < 1:
        msg = "min_cases must be at least 1"
        raise EvidenceError(msg)
    if customer_side and "channel" not in explicit_columns:
        explicit_columns = [*explicit_columns, "channel"]  # a customer log must have one
    used = mapping or identity_mapping(journey.step_ids)
    problems = used.check(journey.step_ids, agency_ids)
    if problems:
        raise EvidenceError("the mapping file names ids that do not exist", problems)
    edges = [(t.from_, t.to) for t in journey.transitions] + [(START, journey.start)]
    ends = [s.id for s in journey.steps if not journey.outgoing(s.id)]
    cols = columns or LogColumns()
    path = Path(log)
    runner = make_engine(
        engine,
        spark_session=spark_session,
        memory_limit=memory_limit,
        temp_directory=temp_directory,
    )
    try:
        m = measure(
            path,
            runner,
            columns=cols,
            explicit=explicit_columns,
            resolve=used.resolve,
            journey_edges=edges,
            end_steps=ends,
        )
    finally:
        if runner is not engine:
            runner.close()
    cal = _build(m, journey, used if mapping else None, cols, min_cases, customer_side)
    return cal, m.warnings


def _iso(us: int) -> str:
    moment = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=us)
    return moment.isoformat().replace("+00:00", "Z")


def _r(x: float, digits: int = 6) -> float:
    return round(x, digits)


class _Suppressor:
    def __init__(self, k: int) -> None:
        self.k = k
        self.count = 0

    def hides(self, cases: int | None) -> bool:
        hidden = cases is None or cases < self.k
        self.count += hidden
        return hidden


def _build(
    m: Measurement,
    journey: Journey,
    mapping: LogMapping | None,
    cols: LogColumns,
    k: int,
    customer_side: bool = False,
) -> Calibration:
    from lifeexp._version import __version__

    sup = _Suppressor(k)
    designed = {(t.from_, t.to): t.probability for t in journey.transitions}
    support: dict[str, int] = {}
    for (a, _b), (n, _c, _w) in m.edges.items():
        support[a] = support.get(a, 0) + n
    step_cases = {s: v["cases"] for s, v in m.steps.items()}

    transitions: list[MeasuredTransition] = []
    by_step: dict[str, list[MeasuredTransition]] = {}
    for (a, b), (n, cases, wait_sum) in sorted(
        m.edges.items(), key=lambda e: (e[0][0], e[0][1] or "")
    ):
        to = b if b is not None else END
        want = (
            designed.get((a, to)) if b is not None else (1.0 if not journey.outgoing(a) else None)
        )
        if sup.hides(min(cases, step_cases.get(a, 0))):
            t = MeasuredTransition(from_=a, to=to, suppressed=True, designed=want)
        else:
            lo, hi = wilson_interval(n, support[a])
            t = MeasuredTransition(
                from_=a,
                to=to,
                count=n,
                cases=cases,
                support=support[a],
                probability=_r(n / support[a]),
                ci95=[_r(lo), _r(hi)],
                designed=want,
                mean_wait_days=_r(wait_sum / n / _US_PER_DAY, 12) if b is not None else None,
            )
        transitions.append(t)
        by_step.setdefault(a, []).append(t)
    # Complementary suppression: one hidden cell in a published row could be recovered from
    # the row total, so hide the smallest published cell of that row too.
    for row in by_step.values():
        hidden = [t for t in row if t.suppressed]
        shown = sorted((t for t in row if not t.suppressed), key=lambda t: t.count or 0)
        if len(hidden) == 1 and shown:
            victim = shown[0]
            i = transitions.index(victim)
            transitions[i] = MeasuredTransition(
                from_=victim.from_, to=victim.to, suppressed=True, designed=victim.designed
            )
            sup.count += 1

    total_starts = sum(m.starts.values())
    starts = [
        StepCount(step=s, suppressed=True)
        if sup.hides(n)
        else StepCount(step=s, count=n, share=_r(n / total_starts))
        for s, n in sorted(m.starts.items())
    ]
    # (count, cases) of the cases' last steps: the edges to the end
    last = {a: (n, c) for (a, b), (n, c, _w) in m.edges.items() if b is None}
    total_ends = sum(n for n, _c in last.values())
    ends = [
        StepCount(step=s, suppressed=True)
        if sup.hides(c)
        else StepCount(step=s, count=n, share=_r(n / total_ends))
        for s, (n, c) in sorted(last.items())
    ]

    waits: list[MeasuredDuration] = []
    processing: list[MeasuredDuration] = []
    steps_by_id = {s.id: s for s in journey.steps}
    for s in sorted(m.steps):
        v = m.steps[s]
        step = steps_by_id.get(s)
        w_design = step.wait.days if step is not None and step.wait else None
        if v["waits"]:
            if sup.hides(v["wait_cases"]):
                waits.append(MeasuredDuration(step=s, suppressed=True))
            else:
                waits.append(
                    _duration(
                        s,
                        v["waits"],
                        v["wait_cases"],
                        v["wait_sum_us"],
                        m.wait_hist[s],
                        _US_PER_DAY,
                        86_400.0,
                        w_design,
                    )
                )
        if sup.hides(v["cases"]):
            processing.append(MeasuredDuration(step=s, suppressed=True))
        else:
            processing.append(
                _duration(
                    s,
                    v["visits"],
                    v["cases"],
                    v["processing_sum_us"],
                    m.processing_hist[s],
                    _US_PER_MINUTE,
                    60.0,
                    None,
                )
            )

    successions = sum(n for n, _c in m.handover.values())
    handover = [
        Handover(from_=a, to=b, suppressed=True)
        if sup.hides(c)
        else Handover(from_=a, to=b, count=n, cases=c, share=_r(n / successions))
        for (a, b), (n, c) in sorted(m.handover.items())
    ]
    rework: list[Rework] = []
    for s in sorted(m.steps):
        v = m.steps[s]
        extra = v["visits"] - v["cases"]
        if not extra:
            continue
        again = m.rework_cases.get(s, 0)
        if sup.hides(again):
            rework.append(Rework(step=s, suppressed=True))
        else:
            rework.append(
                Rework(
                    step=s,
                    extra_visits=extra,
                    cases_with_rework=again,
                    per_case=_r(extra / v["cases"]),
                )
            )
    years: dict[int, int] = {}
    for day, (c, _f) in m.cases_by_day.items():
        year = (dt.date(1970, 1, 1) + dt.timedelta(days=day)).year
        years[year] = years.get(year, 0) + c
    volume = [
        YearVolume(year=y, suppressed=True) if sup.hides(c) else YearVolume(year=y, cases=c)
        for y, c in sorted(years.items())
    ]
    at_step: dict[str, int] = {}
    for (st, _ch), (n, _c) in m.channels.items():
        at_step[st] = at_step.get(st, 0) + n
    channels = [
        ChannelShare(step=st, channel=ch, suppressed=True)
        if sup.hides(c)
        else ChannelShare(step=st, channel=ch, count=n, cases=c, share=_r(n / at_step[st]))
        for (st, ch), (n, c) in sorted(m.channels.items())
    ]
    switches_total = sum(n for n, _c in m.channel_switches.values())
    switches = [
        ChannelSwitch(from_=a, to=b, suppressed=True)
        if sup.hides(c)
        else ChannelSwitch(from_=a, to=b, count=n, cases=c, share=_r(n / switches_total))
        for (a, b), (n, c) in sorted(m.channel_switches.items())
    ]
    contacts = []
    if customer_side:
        for st in sorted(m.steps):
            v = m.steps[st]
            contacts.append(
                Contacts(step=st, suppressed=True)
                if sup.hides(v["cases"])
                else Contacts(step=st, contacts=v["visits"], cases=v["cases"],
                              per_case=_r(v["visits"] / v["cases"]))
            )  # fmt: skip
    conformance = _conformance(m, journey, transitions, sup)
    filters = []
    if conformance.unmapped_activities:
        filters.append(f"{len(conformance.unmapped_activities)} unmapped activities left out")
    if conformance.ignored_activities:
        filters.append(f"{len(conformance.ignored_activities)} activities ignored by the mapping")
    filters += [d.message for d in m.warnings]
    used_cols = {f.name: getattr(cols, f.name) for f in dataclasses.fields(cols)}
    provenance = LogProvenance(
        log=m.path.name,
        sha256=m.sha256,
        bytes=m.bytes,
        format=m.format,
        rows=m.rows,
        instances=m.instances,
        cases=m.cases,
        mapped_cases=m.mapped_cases,
        period=[_iso(m.first_us), _iso(m.last_us)],
        filters=filters,
        mapping=f"{Path(mapping.path).name} (sha256 {mapping.sha256})"
        if mapping is not None and mapping.path and mapping.sha256
        else None,
        columns=used_cols,
        engine=m.engine,
        lifeexp=__version__,
    )
    return Calibration(
        mode="customer" if customer_side else "agency",
        journey=journey.id,
        provenance=provenance,
        privacy=Privacy(min_cases=k, suppressed=sup.count),
        transitions=transitions,
        starts=starts,
        ends=ends,
        waits=waits,
        processing=processing,
        handover=handover,
        rework=rework,
        volume=volume,
        contacts=contacts,
        channels=channels,
        channel_switches=switches,
        conformance=conformance,
    )


def _duration(
    step: str,
    count: int,
    cases: int,
    sum_us: int,
    hist: dict[int, int],
    unit_us: int,
    unit_s: float,
    design: Any,
) -> MeasuredDuration:
    qs = {f"p{round(p * 100):02d}": quantile(hist, p) / unit_s for p in QUANTILES}
    mean = sum_us / count / unit_us
    low, likely, high = three_point(mean, qs["p05"], qs["p95"])
    return MeasuredDuration(
        step=step,
        count=count,
        cases=cases,
        mean=_r(mean),
        quantiles={k: _r(v) for k, v in qs.items()},
        three_point=[_r(low, 4), _r(likely, 4), _r(high, 4)],
        designed=[design.low, design.likely, design.high] if design is not None else None,
    )


def _conformance(
    m: Measurement,
    journey: Journey,
    transitions: list[MeasuredTransition],
    sup: _Suppressor,
) -> Conformance:
    cases = sum(c for c, _f in m.cases_by_day.values())
    fitting = sum(f for _c, f in m.cases_by_day.values())
    designed = {(t.from_, t.to): t.probability for t in journey.transitions}
    ends = {s.id for s in journey.steps if not journey.outgoing(s.id)}
    missing: list[Edge] = []
    for (a, b), (n, c, _w) in sorted(m.edges.items(), key=lambda e: -e[1][0]):
        if b is None and a in ends:
            continue
        if b is not None and (a, b) in designed:
            continue
        missing.append(Edge(from_=a, to=b or END, count=None if sup.hides(c) else n))
    observed = {(a, b) for (a, b) in m.edges if b is not None}
    never = [
        Edge(from_=a, to=b, designed=p) for (a, b), p in designed.items() if (a, b) not in observed
    ]
    outside = [
        Edge(from_=t.from_, to=t.to, designed=t.designed, ci95=t.ci95)
        for t in transitions
        if t.ci95 is not None
        and t.designed is not None
        and t.to != END
        and not t.ci95[0] <= t.designed <= t.ci95[1]
    ]
    unmapped = [
        a
        for a in m.activities
        if a.activity not in m.resolution.steps and a.activity not in m.resolution.ignored
    ]
    unmapped.sort(key=lambda a: (-a.events, a.activity))
    ignored = sorted(
        (a for a in m.activities if a.activity in m.resolution.ignored),
        key=lambda a: (-a.events, a.activity),
    )

    def listed(items: list[Any]) -> list[ActivityEvents]:
        return [
            ActivityEvents(activity=a.activity, suppressed=True)
            if sup.hides(a.cases)
            else ActivityEvents(activity=a.activity, events=a.events, cases=a.cases)
            for a in items
        ]

    return Conformance(
        cases=cases,
        fitting_cases=fitting,
        fitness=_r(fitting / cases) if cases else 0.0,
        missing_from_journey=missing,
        never_observed=never,
        unmapped_activities=listed(unmapped),
        ignored_activities=listed(ignored),
        outside_interval=outside,
    )
