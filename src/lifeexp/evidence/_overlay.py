"""The calibration overlay: measured figures laid over a journey, never written into it.

A calibration file (``J.calibration.yaml``) holds what a log measured for one journey, every
figure with its support and the provenance of the whole (log file hash, cases, events, period,
filters, engine, lifeexp version). :func:`apply_calibration` returns a *new* journey in which
the measured branch probabilities and waits replace the designed ones, each citing a source
entry for the calibration; the journey file itself is never touched. :func:`proposed_changes`
lists what would change, for review before anyone edits the journey by hand.

What is applied, and why:

* **Branch probabilities** of a step, when every outgoing transition of the step in the journey
  was observed and published (not suppressed): each becomes its share of the observed moves
  *along the journey's transitions* (moves the journey does not have are reported under
  conformance, not forced into it).
* **Waits** (``wait.days``) from the three-point rule of
  :mod:`lifeexp.evidence.logs._histogram`, when published.
* **Agency processing time** is published and shown, but not applied: it is agency time, and a
  journey's burden is the person's time (log time never enters the time tax).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lifeexp.evidence._errors import EvidenceError
from lifeexp.evidence.feedback import keep_feedback_folder
from lifeexp.model import Journey

__all__ = [
    "END",
    "Calibration",
    "apply_calibration",
    "apply_calibrations",
    "calibrations_by_journey",
    "load_calibration",
    "proposed_changes",
]

END = "(end)"
"""The ``to`` of a transition that ends the case (not a valid step id, so never one)."""

FORMAT_VERSION = 1


class Strict(BaseModel):
    """Base of the calibration file's models: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Figure(Strict):
    """Base of every published figure: its support, and whether it is suppressed."""

    suppressed: bool = False
    """True when fewer than ``privacy.min_cases`` cases stand behind the figure; its values
    are then left out."""


class LogProvenance(Strict):
    """Where the measured figures come from."""

    log: str
    """The log's file name (never its content)."""
    sha256: str
    """SHA-256 of the log file (of every file, in name order, for a folder)."""
    bytes: int
    format: str
    """csv, parquet or xes."""
    rows: int
    """Rows (events) read from the log."""
    instances: int
    """Activity instances after pairing start and complete rows."""
    cases: int
    """Cases in the log."""
    mapped_cases: int
    """Cases with at least one event mapped to a journey step."""
    period: list[str]
    """First and last event time (UTC, ISO 8601)."""
    filters: list[str] = Field(default_factory=list)
    """What was left out before measuring (unmapped and ignored activities, bad rows)."""
    mapping: str | None = None
    """The mapping file's name and SHA-256, when one was used."""
    columns: dict[str, str] = Field(default_factory=dict)
    """The log columns read for each role."""
    engine: str
    """The engine and its version (duckdb or spark)."""
    lifeexp: str
    """The lifeexp version that measured."""


class Privacy(Strict):
    """The suppression rule applied."""

    min_cases: int
    """Figures from fewer cases than this are suppressed."""
    suppressed: int
    """How many figures were suppressed (including complementary suppression)."""
    rule: str = (
        "a count, share or quantile from fewer than min_cases cases is suppressed; when one "
        "cell of a step's transitions is suppressed the next smallest is too, so it cannot be "
        "recovered by subtraction; case ids are never written"
    )


class MeasuredTransition(Figure, populate_by_name=True):
    """A measured move from one step to the next (or to the end of the case)."""

    from_: str = Field(alias="from")
    to: str
    """The next step, or ``(end)``."""
    count: int | None = None
    """Times the move was observed."""
    cases: int | None = None
    """Cases in which it was observed."""
    support: int | None = None
    """Moves observed out of ``from`` in all (pm4py's denominator, with the end)."""
    probability: float | None = None
    """count / support."""
    ci95: list[float] | None = None
    """Wilson 95 % interval of the probability."""
    designed: float | None = None
    """The journey's probability (``null`` when the journey has no such transition)."""
    mean_wait_days: float | None = None
    """Mean of next start − completion (floored at 0), days."""


class MeasuredDuration(Figure):
    """A measured duration at a step: the wait after it, or its agency processing time."""

    step: str
    count: int | None = None
    """Observations."""
    cases: int | None = None
    mean: float | None = None
    quantiles: dict[str, float] | None = None
    """p05, p25, p50, p75, p90, p95 from fixed-bin histograms (within 2.3 %)."""
    three_point: list[float] | None = None
    """[low, likely, high]: p05, the likely value that keeps the PERT mean equal to the
    measured mean, p95."""
    designed: list[float] | None = None
    """The journey's [low, likely, high], when it has one."""


class StepCount(Figure):
    """How many cases start or end at a step."""

    step: str
    count: int | None = None
    share: float | None = None


class Handover(Figure, populate_by_name=True):
    """Handover of work between two organisations (pm4py, direct successions)."""

    from_: str = Field(alias="from")
    to: str
    count: int | None = None
    cases: int | None = None
    share: float | None = None
    """count / all successions between events with organisations."""


class Rework(Figure):
    """Visits to a step beyond the first in a case."""

    step: str
    extra_visits: int | None = None
    cases_with_rework: int | None = None
    per_case: float | None = None
    """Extra visits per case that visits the step."""


class Contacts(Figure):
    """Contacts at a step (customer-side logs): visits, and per case that makes any."""

    step: str
    contacts: int | None = None
    cases: int | None = None
    per_case: float | None = None


class ChannelShare(Figure):
    """Contacts at a step through one channel (customer-side logs)."""

    step: str
    channel: str
    count: int | None = None
    cases: int | None = None
    share: float | None = None
    """count / contacts at the step with a channel."""


class ChannelSwitch(Figure, populate_by_name=True):
    """Consecutive contacts of a case through two channels (self-pairs kept)."""

    from_: str = Field(alias="from")
    to: str
    count: int | None = None
    cases: int | None = None
    share: float | None = None
    """count / all successions between contacts with a channel."""


class YearVolume(Figure):
    """Cases that start in a calendar year (UTC)."""

    year: int
    cases: int | None = None


class ActivityEvents(Figure):
    activity: str
    events: int | None = None
    cases: int | None = None


class Edge(Strict, populate_by_name=True):
    from_: str = Field(alias="from")
    to: str
    count: int | None = None
    designed: float | None = None
    ci95: list[float] | None = None


class Conformance(Strict):
    """How well the log follows the journey."""

    cases: int
    """Cases with at least one mapped event."""
    fitting_cases: int
    fitness: float
    """Share of those cases whose mapped sequence is a path of the journey from its start to
    an end step."""
    missing_from_journey: list[Edge] = Field(default_factory=list)
    """Moves in the log the journey has no transition for, most frequent first."""
    never_observed: list[Edge] = Field(default_factory=list)
    """Journey transitions the log never shows."""
    unmapped_activities: list[ActivityEvents] = Field(default_factory=list)
    """Activities that map to no step, by event count."""
    ignored_activities: list[ActivityEvents] = Field(default_factory=list)
    """Activities the mapping sets aside (``null``)."""
    outside_interval: list[Edge] = Field(default_factory=list)
    """Designed probabilities outside the measured 95 % interval."""


class Calibration(Strict):
    """What an event log measured for one journey (the content of a calibration file)."""

    lifeexp_calibration: int = FORMAT_VERSION
    """Format version of the file."""
    mode: Literal["agency", "customer"] = "agency"
    """``agency``: a case-management log (what the agency did); ``customer``: a log of the
    person's contacts (web, phone, messages), which also calibrates channels."""
    journey: str
    """The journey id it calibrates."""
    provenance: LogProvenance
    privacy: Privacy
    transitions: list[MeasuredTransition] = Field(default_factory=list)
    starts: list[StepCount] = Field(default_factory=list)
    ends: list[StepCount] = Field(default_factory=list)
    waits: list[MeasuredDuration] = Field(default_factory=list)
    """Wait after each step, in days (next start − completion, floored at 0)."""
    processing: list[MeasuredDuration] = Field(default_factory=list)
    """Agency processing time per step, in minutes (completion − start)."""
    handover: list[Handover] = Field(default_factory=list)
    rework: list[Rework] = Field(default_factory=list)
    volume: list[YearVolume] = Field(default_factory=list)
    contacts: list[Contacts] = Field(default_factory=list)
    """Customer mode: contacts per step."""
    channels: list[ChannelShare] = Field(default_factory=list)
    """Contacts per step by channel (when the log has a channel column)."""
    channel_switches: list[ChannelSwitch] = Field(default_factory=list)
    """Channel switches between consecutive contacts (when the log has a channel column)."""
    conformance: Conformance

    @property
    def source_id(self) -> str:
        """The id of the source entry a calibrated journey cites."""
        return f"calibration-{self.provenance.sha256[:12]}"

    def to_yaml(self) -> str:
        """The calibration file's text."""
        import yaml

        data = self.model_dump(mode="json", by_alias=True, exclude_defaults=False)
        head = (
            "# lifeexp calibration: measured from an event log; never edit the journey from it\n"
            "# without review (lifeexp calibrate --diff shows the proposed changes).\n"
        )
        # libyaml's emitter when PyYAML has it (ten times faster on a national log's
        # calibration); the same text either way.
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        text = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
        return head + text


def load_calibration(path: str | Path) -> Calibration:
    """Read a calibration file.

    Raises:
        EvidenceError: The file cannot be read or is not a calibration file (located).
    """
    from lifeexp.loading import (
        Limits,
        YamlProblem,
        display_path,
        parse_yaml,
        pydantic_diagnostics,
        read_text,
    )

    p = Path(path)
    shown = display_path(p)
    limits = Limits(max_bytes=64 * 1024 * 1024)
    try:
        text = read_text(p, display=shown, limits=limits)
        parsed = parse_yaml(text, shown, limits=limits)
    except YamlProblem as exc:
        raise EvidenceError(f"cannot read the calibration {shown}", [exc.diagnostic]) from None
    if parsed.diagnostics:
        raise EvidenceError(f"cannot read the calibration {shown}", parsed.diagnostics)
    try:
        return Calibration.model_validate(parsed.data)
    except ValidationError as exc:
        diags = pydantic_diagnostics(exc, parsed.data, parsed.locator, Calibration)
        raise EvidenceError(f"{shown} is not a lifeexp calibration file", diags) from None


def _designed_changes(journey: Journey, cal: Calibration) -> list[tuple[str, Any, Any, str]]:
    """(what, designed, measured, support note) for every figure the overlay replaces."""
    changes: list[tuple[str, Any, Any, str]] = []
    by_edge = {(t.from_, t.to): t for t in cal.transitions}
    for step in journey.steps:
        outgoing = journey.outgoing(step.id)
        if not outgoing:
            continue
        measured = [by_edge.get((t.from_, t.to)) for t in outgoing]
        if any(m is None or m.suppressed or not m.count for m in measured):
            continue
        counts = [m.count or 0 for m in measured if m is not None]
        total = sum(counts)
        for t, m, c in zip(outgoing, measured, counts, strict=True):
            assert m is not None
            note = (
                f"{c} of {m.support} moves, 95% CI {m.ci95[0]:.3f}–{m.ci95[1]:.3f}"
                if m.ci95
                else ""
            )
            changes.append(
                (f"transition {t.from_} -> {t.to} probability", t.probability, c / total, note)
            )
    waits = {w.step: w for w in cal.waits}
    for step in journey.steps:
        w = waits.get(step.id)
        if w is None or w.suppressed or w.three_point is None:
            continue
        if step.wait is None and max(w.three_point) <= 0:
            continue
        designed = (
            [step.wait.days.low, step.wait.days.likely, step.wait.days.high] if step.wait else None
        )
        changes.append(
            (
                f"step {step.id} wait.days",
                designed,
                w.three_point,
                f"{w.count} waits, {w.cases} cases",
            )
        )
    return changes


_CONTACT_CHANNELS = ("online", "phone", "in_person", "mail")
_OTHER_CHANNEL_SHARE = 0.05
"""A channel carrying at least this share of a step's contacts is listed in other_channels."""


def _measured_channels(cal: Calibration) -> dict[str, tuple[str, list[str]]]:
    """Step → (most used channel, other channels with ≥ 5 % of contacts), for the steps whose
    channel figures are all published and all name a journey channel."""
    by_step: dict[str, list[ChannelShare]] = {}
    for c in cal.channels:
        by_step.setdefault(c.step, []).append(c)
    out: dict[str, tuple[str, list[str]]] = {}
    for step, cells in by_step.items():
        if any(c.suppressed or c.channel not in _CONTACT_CHANNELS for c in cells):
            continue
        ranked = sorted(cells, key=lambda c: (-(c.count or 0), c.channel))
        others = [c.channel for c in ranked[1:] if (c.share or 0) >= _OTHER_CHANNEL_SHARE]
        out[step] = (ranked[0].channel, others)
    return out


def proposed_changes(journey: Journey, calibration: Calibration) -> str:
    """The figures the overlay would change, as a review diff (``-`` designed, ``+`` measured)."""
    lines = [
        f"--- {journey.id} (designed)",
        f"+++ {journey.id} (calibrated: {calibration.source_id})",
    ]
    for what, old, new, note in _designed_changes(journey, calibration):
        if _same(old, new):
            continue
        lines.append(f"@@ {what} @@")
        lines.append(f"-{_show(old)}")
        lines.append(f"+{_show(new)}" + (f"    # {note}" if note else ""))
    if calibration.mode == "customer":
        steps = {s.id: s for s in journey.steps}
        for sid, (main, others) in _measured_channels(calibration).items():
            step = steps.get(sid)
            if step is None:
                continue
            old = [step.channel.value, *(c.value for c in step.other_channels)]
            if (old[0], set(old[1:])) != (main, set(others)):
                lines.append(f"@@ step {sid} channel, other_channels @@")
                lines.append(f"-{old[0]} {old[1:]}")
                lines.append(f"+{main} {others}")
    if len(lines) == 2:
        lines.append("(no figure would change)")
    return "\n".join(lines) + "\n"


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, float) and isinstance(new, float):
        return round(old, 4) == round(new, 4)
    if isinstance(old, list) and isinstance(new, list):
        return [round(x, 3) for x in old] == [round(x, 3) for x in new]
    return bool(old == new)


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, list):
        return "[" + ", ".join(f"{x:.3g}" for x in value) + "]"
    return str(value)


def calibrations_by_journey(
    journeys: Sequence[Journey], calibrations: Sequence[Calibration]
) -> dict[str, Calibration]:
    """Each calibration under the id of the journey it names.

    Raises:
        EvidenceError: A calibration names no journey given, or two name the same one.
    """
    ids = [j.id for j in journeys]
    out: dict[str, Calibration] = {}
    for cal in calibrations:
        if cal.journey not in ids:
            listed = ", ".join(repr(i) for i in ids)
            msg = (
                f"the calibration is for journey {cal.journey!r}, which is not among the "
                f"journeys given ({listed})"
            )
            raise EvidenceError(msg)
        if cal.journey in out:
            msg = f"two calibrations are for journey {cal.journey!r}; give one per journey"
            raise EvidenceError(msg)
        out[cal.journey] = cal
    return out


def apply_calibrations(
    journeys: Sequence[Journey], calibrations: Sequence[Calibration]
) -> list[Journey]:
    """The journeys, each with the calibration that names it laid over it (see
    :func:`apply_calibration`); journeys no calibration names are returned as they are.

    Raises:
        EvidenceError: A calibration names no journey given, or two name the same one.
    """
    by_id = calibrations_by_journey(journeys, calibrations)
    return [apply_calibration(j, by_id[j.id]) if j.id in by_id else j for j in journeys]


def apply_calibration(journey: Journey, calibration: Calibration) -> Journey:
    """A new journey with the calibration's measured probabilities and waits laid over it.

    Every replaced figure cites a source entry that describes the calibration (log name and
    hash, cases, events, period, engine, lifeexp version); figures the log cannot support
    (suppressed, unobserved) keep their designed values and provenance.

    Raises:
        EvidenceError: The calibration is for another journey.
    """
    if calibration.journey != journey.id:
        msg = f"the calibration is for journey {calibration.journey!r}, not {journey.id!r}"
        raise EvidenceError(msg)
    prov = calibration.provenance
    src = calibration.source_id
    data = journey.model_dump(mode="json", by_alias=True, exclude_unset=True)
    data["sources"] = [s for s in data.get("sources", []) if s.get("id") != src]
    data["sources"].append(
        {
            "id": src,
            "title": (
                f"Measured from event log {prov.log} (sha256 {prov.sha256[:12]}…): "
                f"{prov.mapped_cases} cases, {prov.rows} events, {prov.period[0][:10]} to "
                f"{prov.period[1][:10]}; {prov.engine}; lifeexp {prov.lifeexp}; figures from "
                f"fewer than {calibration.privacy.min_cases} cases suppressed"
            ),
            "publisher": "agency event log (lifeexp calibrate)",
            "accessed": prov.period[1][:10],
        }
    )
    new_prob: dict[tuple[str, str], float] = {}
    new_wait: dict[str, list[float]] = {}
    for what, _old, new, _note in _designed_changes(journey, calibration):
        kind, ident, *rest = what.split(" ")
        if kind == "transition":
            new_prob[(ident, rest[1])] = float(new)
        else:
            new_wait[ident] = list(new)
    for t in data.get("transitions", []):
        key = (t["from"], t["to"])
        if key in new_prob:
            t["probability"] = new_prob[key]
            t["source"] = src
            t.pop("estimate", None)
    channels = _measured_channels(calibration) if calibration.mode == "customer" else {}
    for s in data["steps"]:
        if s["id"] in channels:
            main, others = channels[s["id"]]
            before = s.get("other_channels", [])
            if set(before) == set(others):
                others = before  # same channels: keep the author's order
            s["channel"] = main
            s["other_channels"] = others
            s["sources"] = [*s.get("sources", []), src]
        if s["id"] in new_wait:
            old = s.get("wait") or {}
            s["wait"] = {"days": new_wait[s["id"]], "source": src}
            # What the wait is for (a service standard; waiting on government or for a
            # milestone such as an eligibility date) is the design's, not the log's.
            for kept in ("standard", "waits_for"):
                if old.get(kept):
                    s["wait"][kept] = old[kept]
    calibrated = Journey.model_validate(data)
    keep_feedback_folder(calibrated, journey)  # its feedback files are the original's
    return calibrated
