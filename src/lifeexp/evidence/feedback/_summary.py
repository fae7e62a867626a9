"""From matched counts to figures: per step, per agency and for the journey.

Counts are pooled, never percentages: a step's figure adds the counts of the rows it takes
for its latest quarter; the journey and agency figures add the steps' counts, each weighted
by the step's expected visits per person (from the absorbing chain), so a step a person
passes twice counts twice and a step few people reach counts little. The interval of a
weighted pool uses Kish's effective sample size. Thumbs and Likert answers are kept apart.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from lifeexp.evidence.feedback._resolve import JourneyFeedback, MatchedFigures
from lifeexp.evidence.feedback._results import (
    AgencyTrust,
    AssociationFigure,
    DriverFigure,
    FeedbackScore,
    MeanFigure,
    QuarterTrust,
    RateFigure,
    ShareFigure,
    StepTrust,
    TrustFigure,
)
from lifeexp.evidence.feedback._stats import (
    Z95,
    effective_n,
    net_score,
    newcombe_difference,
    wilson_interval,
)
from lifeexp.model import DRIVERS, FeedbackFigures, Journey, SurveyFormat, quarter_index

__all__ = [
    "DEFAULT_MIN_RESPONSES",
    "TRUST_GOAL",
    "Pool",
    "feedback_score",
    "share_figure",
]

TRUST_GOAL = 0.75
"""The CX priority goal: 75 percent or higher post-transaction trust in HISPs."""
DEFAULT_MIN_RESPONSES = 30
"""Below this many responses a share's point estimate is withheld."""


def share_figure(
    k: float, n: float, responses: int, min_responses: int, *, n_eff: float | None = None
) -> ShareFigure:
    """A share of ``k`` in ``n`` (weighted counts allowed) with its Wilson interval.

    ``n_eff`` is the sample size for the interval (default ``n``); the point is withheld when
    it is below ``min_responses``.
    """
    size = n if n_eff is None else n_eff
    if n <= 0 or size <= 0:
        return ShareFigure(
            responses=responses, effective_n=0.0, value=None, low=None, high=None, low_sample=True
        )
    p = k / n
    low, high = wilson_interval(p * size, size)
    low_sample = size < min_responses - 1e-9  # Kish sizes carry rounding error
    return ShareFigure(
        responses=responses,
        effective_n=size,
        value=None if low_sample else p,
        low=low,
        high=high,
        low_sample=low_sample,
    )


@dataclass
class Pool:
    """Counts of one survey format added up, each group with a weight.

    ``groups`` keeps every added group's raw answers and weight for the effective sample size.
    """

    format: SurveyFormat
    quarters: set[str] = field(default_factory=set)
    questions: dict[str, None] = field(default_factory=dict)
    trusting: float = 0.0
    answers: float = 0.0
    likert: list[float] = field(default_factory=lambda: [0.0] * 5)
    weights: list[float] = field(default_factory=list)
    sizes: list[float] = field(default_factory=list)
    responses: int = 0

    def add(self, figures: Iterable[FeedbackFigures], weight: float = 1.0) -> None:
        """Add one group (a step's rows) with a weight."""
        size = 0
        for f in figures:
            self.quarters.add(f.quarter)
            if f.trust_question:
                self.questions.setdefault(f.trust_question, None)
            self.trusting += weight * f.trusting
            self.answers += weight * f.trust_answers
            if f.likert is not None:
                for j, c in enumerate(f.likert):
                    self.likert[j] += weight * c
            size += f.trust_answers
        if size:
            self.weights.append(weight)
            self.sizes.append(float(size))
            self.responses += size

    def figure(self, min_responses: int, goal: float) -> TrustFigure:
        """The trust figure of the pooled counts."""
        n_eff = effective_n(self.weights, self.sizes) if self.sizes else 0.0
        share = share_figure(
            self.trusting, self.answers, self.responses, min_responses, n_eff=n_eff
        )
        mean = _mean(self.likert, n_eff, self.responses, min_responses)
        goal_met = None
        if share.low is not None and share.high is not None:
            goal_met = True if share.low >= goal else False if share.high < goal else None
        return TrustFigure(
            format=self.format.value,
            quarters=sorted(self.quarters, key=quarter_index),
            share=share,
            mean=mean if self.format is SurveyFormat.likert else None,
            goal_met=goal_met,
            trust_questions=list(self.questions),
        )


def _mean(counts: Sequence[float], n_eff: float, responses: int, minimum: int) -> MeanFigure:
    n = sum(counts)
    if n <= 0 or n_eff < 2:
        return MeanFigure(
            responses=responses,
            effective_n=n_eff,
            value=None,
            sd=None,
            low=None,
            high=None,
            low_sample=True,
        )
    mean = sum((j + 1) * c for j, c in enumerate(counts)) / n
    var = sum(c * ((j + 1) - mean) ** 2 for j, c in enumerate(counts)) / n
    var *= n_eff / (n_eff - 1)  # the sample (n − 1) variance, on the effective size
    sd = math.sqrt(var)
    half = Z95 * sd / math.sqrt(n_eff)
    low_sample = n_eff < minimum - 1e-9
    return MeanFigure(
        responses=responses,
        effective_n=n_eff,
        value=None if low_sample else mean,
        sd=sd,
        low=max(1.0, mean - half),
        high=min(5.0, mean + half),
        low_sample=low_sample,
    )


def _pools(
    groups: Iterable[tuple[Sequence[FeedbackFigures], float]],
) -> dict[SurveyFormat, Pool]:
    pools: dict[SurveyFormat, Pool] = {}
    for figures, weight in groups:
        by_format: dict[SurveyFormat, list[FeedbackFigures]] = {}
        for f in figures:
            by_format.setdefault(f.format, []).append(f)
        for fmt, items in by_format.items():
            pools.setdefault(fmt, Pool(fmt)).add(items, weight)
    return pools


def _trust(
    groups: Iterable[tuple[Sequence[FeedbackFigures], float]], minimum: int, goal: float
) -> list[TrustFigure]:
    pools = _pools(groups)
    return [pools[f].figure(minimum, goal) for f in SurveyFormat if f in pools]


def _add(sums: dict[str, list[int]], key: str, counts: tuple[int, ...]) -> None:
    """Add a tuple of counts to the running sums kept under ``key``."""
    cell = sums.setdefault(key, [0] * len(counts))
    for j, c in enumerate(counts):
        cell[j] += c


def _drivers(
    groups: Iterable[tuple[Sequence[FeedbackFigures], float]], minimum: int
) -> list[DriverFigure]:
    # driver → [pos, pos offered, neg, neg offered] weighted, plus sizes for Kish
    sums: dict[str, list[float]] = {}
    pos_sizes: dict[str, tuple[list[float], list[float]]] = {}
    neg_sizes: dict[str, tuple[list[float], list[float]]] = {}
    raw: dict[str, list[int]] = {}
    for figures, weight in groups:
        per: dict[str, list[int]] = {}
        for f in figures:
            for d, c in f.drivers.items():
                _add(per, d.value, (c.positive, c.offered, c.negative, c.negative_base))
        for name, cell in per.items():
            acc = sums.setdefault(name, [0.0, 0.0, 0.0, 0.0])
            for j in range(4):
                acc[j] += weight * cell[j]
            r = raw.setdefault(name, [0, 0])
            r[0] += cell[1]
            r[1] += cell[3]
            if cell[1]:
                pos_sizes.setdefault(name, ([], []))[0].append(weight)
                pos_sizes[name][1].append(float(cell[1]))
            if cell[3]:
                neg_sizes.setdefault(name, ([], []))[0].append(weight)
                neg_sizes[name][1].append(float(cell[3]))
    out: list[DriverFigure] = []
    for d in DRIVERS:
        if d.value not in sums:
            continue
        pos, pos_n, neg, neg_n = sums[d.value]
        pe = effective_n(*pos_sizes[d.value]) if d.value in pos_sizes else 0.0
        ne = effective_n(*neg_sizes[d.value]) if d.value in neg_sizes else 0.0
        positive = share_figure(pos, pos_n, raw[d.value][0], minimum, n_eff=pe)
        negative = share_figure(neg, neg_n, raw[d.value][1], minimum, n_eff=ne)
        net = net_low = net_high = None
        if pos_n > 0 and pos_n == neg_n and pe >= 1:
            # Same respondents on both lists: the −1/0/+1 score's mean and interval.
            value, low, high = net_score(pos / pos_n * pe, neg / neg_n * pe, pe)
            if not (positive.low_sample or negative.low_sample):
                net = value
            net_low, net_high = low, high
        elif pos_n > 0 and neg_n > 0 and pe >= 1 and ne >= 1:
            value, low, high = newcombe_difference(pos / pos_n * pe, pe, neg / neg_n * ne, ne)
            if not (positive.low_sample or negative.low_sample):
                net = value
            net_low, net_high = low, high
        out.append(
            DriverFigure(
                driver=d.value,
                positive=positive,
                negative=negative,
                net=net,
                net_low=net_low,
                net_high=net_high,
            )
        )
    return out


def _associations(figures: Sequence[FeedbackFigures], minimum: int) -> list[AssociationFigure]:
    sums: dict[str, list[int]] = {}
    for f in figures:
        for d, a in f.associations.items():
            _add(sums, d.value, (a.named, a.named_trusting, a.not_named, a.not_named_trusting))
    out: list[AssociationFigure] = []
    for d in DRIVERS:
        if d.value not in sums:
            continue
        named_n, named_k, other_n, other_k = sums[d.value]
        if not named_n or not other_n:
            continue  # nobody (or everybody) named it: there is nothing to compare
        named = share_figure(named_k, named_n, named_n, minimum)
        other = share_figure(other_k, other_n, other_n, minimum)
        diff = None
        value, low, high = newcombe_difference(named_k, named_n, other_k, other_n)
        if not (named.low_sample or other.low_sample):
            diff = value
        out.append(
            AssociationFigure(
                driver=d.value, named=named, not_named=other, difference=diff, low=low, high=high
            )
        )
    return out


def _history(
    by_quarter: Mapping[str, list[tuple[Sequence[FeedbackFigures], float]]],
    minimum: int,
    goal: float,
) -> list[QuarterTrust]:
    out: list[QuarterTrust] = []
    previous: dict[str, tuple[str, TrustFigure]] = {}
    for quarter in sorted(by_quarter, key=quarter_index):
        pools = _pools(by_quarter[quarter])
        for fmt in SurveyFormat:
            if fmt not in pools:
                continue
            fig = pools[fmt].figure(minimum, goal)
            change = low = high = None
            before = previous.get(fmt.value)
            if before is not None:
                old_fig = before[1]
                a, b = fig.share, old_fig.share
                if a.value is not None and b.value is not None:
                    change, low, high = newcombe_difference(
                        a.value * a.effective_n,
                        a.effective_n,
                        b.value * b.effective_n,
                        b.effective_n,
                    )
            out.append(
                QuarterTrust(
                    format=fmt.value,
                    quarter=quarter,
                    share=fig.share,
                    previous_quarter=before[0] if before else None,
                    change=change,
                    change_low=low,
                    change_high=high,
                )
            )
            previous[fmt.value] = (quarter, fig)
    return out


def _rates(figures: Sequence[FeedbackFigures]) -> tuple[RateFigure | None, RateFigure | None]:
    resp = [f for f in figures if f.respondents is not None and f.offered is not None]
    cov = [f for f in figures if f.offered is not None and f.customers is not None]
    response_rate = coverage = None
    if resp:
        num = sum(f.respondents or 0 for f in resp)
        den = sum(f.offered or 0 for f in resp)
        response_rate = RateFigure(numerator=num, denominator=den, value=num / den if den else None)
    if cov:
        num = sum(f.offered or 0 for f in cov)
        den = sum(f.customers or 0 for f in cov)
        coverage = RateFigure(numerator=num, denominator=den, value=num / den if den else None)
    return response_rate, coverage


def _latest(matched: Sequence[MatchedFigures]) -> tuple[str, list[FeedbackFigures]]:
    latest = max((m.figures.quarter for m in matched), key=quarter_index)
    return latest, [m.figures for m in matched if m.figures.quarter == latest]


def feedback_score(
    journey: Journey,
    feedback: JourneyFeedback,
    *,
    visits: Mapping[str, float],
    agencies: Mapping[str, str],
    min_responses: int = DEFAULT_MIN_RESPONSES,
    goal: float = TRUST_GOAL,
) -> FeedbackScore | None:
    """The journey's trust figures, or ``None`` when no step has feedback.

    Args:
        journey: The journey.
        feedback: Its feedback, read and matched (:func:`resolve_feedback`).
        visits: Expected visits per person of each step (the roll-up weights).
        agencies: The owner of each step.
        min_responses: Below this many responses only intervals are shown.
        goal: The trust goal the figures are set against.
    """
    if not feedback.steps:
        return None
    titles = {s.id: s.title for s in journey.steps}
    steps: list[StepTrust] = []
    latest_groups: list[tuple[str, Sequence[FeedbackFigures], float]] = []
    journey_quarters: dict[str, list[tuple[Sequence[FeedbackFigures], float]]] = {}
    for step in journey.steps:
        matched = feedback.steps.get(step.id)
        if not matched:
            continue
        weight = float(visits.get(step.id, 0.0))
        quarter, latest = _latest(matched)
        by_quarter: dict[str, list[tuple[Sequence[FeedbackFigures], float]]] = {}
        for m in matched:
            by_quarter.setdefault(m.figures.quarter, []).append(([m.figures], 1.0))
        for q, items in by_quarter.items():
            figs = [f for group, _ in items for f in group]
            if weight > 0:
                journey_quarters.setdefault(q, []).append((figs, weight))
        response_rate, coverage = _rates(latest)
        steps.append(
            StepTrust(
                step_id=step.id,
                title=titles[step.id],
                agency=agencies.get(step.id, step.agency or ""),
                expected_visits=weight,
                sources=list(dict.fromkeys(m.source for m in matched)),
                rows=[m.ref for m in matched if m.figures.quarter == quarter],
                quarter=quarter,
                trust=_trust([(latest, 1.0)], min_responses, goal),
                history=_history(by_quarter, min_responses, goal),
                response_rate=response_rate,
                coverage=coverage,
                drivers=_drivers([(latest, 1.0)], min_responses),
                associations=_associations(latest, min_responses),
                synthetic=any(m.synthetic for m in matched),
            )
        )
        if weight > 0:
            latest_groups.append((steps[-1].agency, latest, weight))
    groups = [(figs, w) for _, figs, w in latest_groups]
    by_agency: dict[str, list[tuple[Sequence[FeedbackFigures], float]]] = {}
    for agency, group, w in latest_groups:
        by_agency.setdefault(agency, []).append((group, w))
    return FeedbackScore(
        goal=goal,
        min_responses=min_responses,
        journey=_trust(groups, min_responses, goal),
        history=_history(journey_quarters, min_responses, goal),
        by_agency=[
            AgencyTrust(agency=a, trust=_trust(g, min_responses, goal))
            for a, g in by_agency.items()
        ],
        steps=steps,
        drivers=_drivers(groups, min_responses),
        synthetic=any(s.synthetic for s in steps),
    )
