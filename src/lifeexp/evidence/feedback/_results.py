"""The figures computed from post-transaction feedback: typed, frozen, serialisable.

Every share carries its responses and its Wilson 95 % interval; below the minimum number of
responses (30 unless configured) the point estimate is withheld (``value`` is ``None``) and
only the interval is given, because a share of a handful of answers says little. Thumbs and
Likert results are never pooled: each figure names its format.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AgencyTrust",
    "AssociationFigure",
    "DriverFigure",
    "FeedbackScore",
    "MeanFigure",
    "QuarterTrust",
    "RateFigure",
    "ShareFigure",
    "StepTrust",
    "TrustFigure",
]

ASSOCIATION_LABEL = (
    "association: trust among respondents who named this driver as what went well minus trust "
    "among those who did not; not a measured effect"
)


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class ShareFigure(_Result):
    """A share (e.g. trust) with its responses and Wilson 95 % interval."""

    responses: int
    """Answers counted."""
    effective_n: float
    """Sample size the interval is computed with: the responses, or Kish's effective size when
    steps are pooled with weights."""
    value: float | None
    """The share (0–1); ``None`` when there are fewer responses than the minimum."""
    low: float | None
    """Lower end of the 95 % interval (``None`` with no responses)."""
    high: float | None
    """Upper end of the 95 % interval."""
    low_sample: bool
    """True when there are fewer responses than the minimum and only the interval is shown."""


class MeanFigure(_Result):
    """The mean of a 1–5 answer with its 95 % interval (mean ± 1.96·s/√n)."""

    responses: int
    effective_n: float
    value: float | None
    """The mean (1–5); ``None`` below the minimum responses."""
    sd: float | None
    """Sample standard deviation."""
    low: float | None
    high: float | None
    low_sample: bool


class RateFigure(_Result):
    """A ratio of two reported volumes (not a sample estimate, so no interval)."""

    numerator: int
    denominator: int
    value: float | None
    """numerator / denominator (``None`` when the denominator is 0)."""


class TrustFigure(_Result):
    """Trust for one survey format: the share positive (thumbs up, or 4–5 on a 1–5 scale)."""

    format: str
    """``thumbs_up_down`` or ``likert_scale``."""
    quarters: list[str]
    """The fiscal quarters the counts come from."""
    share: ShareFigure
    """Share trusting: thumbs up / answers, or top-two-box (4 + 5) / answers."""
    mean: MeanFigure | None = None
    """Likert only: the mean answer."""
    goal_met: bool | None = None
    """True when the whole interval is at or above the goal, False when wholly below, None when
    the interval straddles it (or there are no answers)."""
    trust_questions: list[str] = Field(default_factory=list)
    """The trust-question wordings pooled here (more than one is flagged)."""


class QuarterTrust(_Result):
    """Trust in one quarter and its change from the previous quarter with data."""

    format: str
    quarter: str
    share: ShareFigure
    previous_quarter: str | None = None
    change: float | None = None
    """Change of the share since ``previous_quarter``, in proportion points (×100 for pp);
    ``None`` when either quarter is below the minimum responses."""
    change_low: float | None = None
    """Newcombe 95 % interval of the change."""
    change_high: float | None = None


class DriverFigure(_Result):
    """How often a driver was named as what went well and as what did not."""

    driver: str
    positive: ShareFigure
    """Share of respondents offered the driver who named it under "What went well?"."""
    negative: ShareFigure
    """Share who named it under "What didn't go so well?"."""
    net: float | None
    """positive − negative rate (``None`` below the minimum responses)."""
    net_low: float | None
    net_high: float | None


class AssociationFigure(_Result):
    """Trust among those who named a driver as what went well versus those who did not."""

    driver: str
    named: ShareFigure
    """Trust among respondents who named the driver."""
    not_named: ShareFigure
    """Trust among respondents offered it who did not."""
    difference: float | None
    """named − not named (``None`` when either group is below the minimum)."""
    low: float | None
    """Newcombe 95 % interval of the difference."""
    high: float | None
    label: str = ASSOCIATION_LABEL
    """What the figure is (an association in voluntary answers, not a cause)."""


class StepTrust(_Result):
    """Feedback at one touchpoint."""

    step_id: str
    title: str
    agency: str
    expected_visits: float
    """The weight of this step in the journey roll-up."""
    sources: list[str]
    """Feedback source ids (``inline`` for figures given at the step)."""
    rows: list[str] = Field(default_factory=list)
    """The source rows used, as ``source:row``."""
    quarter: str
    """The latest quarter with data; the headline figures are for it."""
    trust: list[TrustFigure]
    """Trust in the latest quarter, one figure per survey format."""
    history: list[QuarterTrust] = Field(default_factory=list)
    """Trust per quarter and format, oldest first, with quarter-over-quarter change."""
    response_rate: RateFigure | None = None
    """Respondents / customers offered the survey, latest quarter."""
    coverage: RateFigure | None = None
    """Customers offered the survey / customers served, latest quarter."""
    drivers: list[DriverFigure] = Field(default_factory=list)
    associations: list[AssociationFigure] = Field(default_factory=list)
    synthetic: bool = False
    """True when any of the figures is illustrative, made-up data."""


class AgencyTrust(_Result):
    """Trust pooled over one agency's steps, weighted by expected visits."""

    agency: str
    trust: list[TrustFigure]


class FeedbackScore(_Result):
    """Post-transaction trust across the journey (A-11 §280)."""

    goal: float
    """The trust goal (the CX priority goal: 75 % post-transaction trust)."""
    min_responses: int
    """Below this many responses only the interval of a share is shown."""
    weighting: str = (
        "steps pooled by adding counts weighted by each step's expected visits per person "
        "(absorbing chain); interval from Kish's effective sample size"
    )
    journey: list[TrustFigure]
    """Trust across the journey, one figure per survey format (never pooled across formats)."""
    history: list[QuarterTrust] = Field(default_factory=list)
    """Journey trust per quarter and format, with quarter-over-quarter change."""
    by_agency: list[AgencyTrust] = Field(default_factory=list)
    steps: list[StepTrust] = Field(default_factory=list)
    drivers: list[DriverFigure] = Field(default_factory=list)
    """Driver rates across the journey, pooled like trust."""
    synthetic: bool = False
    """True when any figure is illustrative, made-up data."""

    @property
    def single(self) -> TrustFigure | None:
        """The journey's trust figure when all steps use one format, else ``None``."""
        return self.journey[0] if len(self.journey) == 1 else None

    @property
    def share(self) -> float | None:
        """Journey trust share (the ``trust.share`` metric); ``None`` with mixed formats or
        too few responses."""
        one = self.single
        return one.share.value if one else None

    @property
    def lower_bound(self) -> float | None:
        """Lower end of the journey trust interval (the ``trust.lower_bound`` metric)."""
        one = self.single
        return one.share.low if one else None

    @property
    def responses(self) -> int | None:
        """Responses behind the journey trust figure."""
        one = self.single
        return one.share.responses if one else None
