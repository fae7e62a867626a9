"""Post-transaction feedback (OMB Circular A-11 §280) in a journey.

High Impact Service Providers ask every customer after a transaction whether it increased
their trust, and which drivers (effectiveness, ease, efficiency, transparency, humanity,
employee, other) went well or not; they report the counts quarterly through GSA's Touchpoints
per service, journey stage and channel. A journey names where its feedback comes from in
``feedback_sources``; a step takes its figures from a source by matching service, stage,
channel and transaction point, or carries them inline. Only counts are held: free-text
answers are never read.
"""

from __future__ import annotations

import datetime as _dt
import re
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from lifeexp.model._values import Identifier, Provenance, Strict

__all__ = [
    "DRIVERS",
    "AssociationCounts",
    "Driver",
    "DriverCounts",
    "FeedbackFigures",
    "FeedbackFile",
    "FeedbackMatch",
    "FeedbackRow",
    "FeedbackSource",
    "FeedbackSourceKind",
    "StepFeedback",
    "SurveyFormat",
    "ThumbsCounts",
    "current_quarter",
    "parse_quarter",
    "quarter_index",
    "quarter_label",
    "quarter_start",
]

Count = Annotated[int, Field(ge=0, strict=True)]
"""A whole number of people, zero or more (``2.5`` or ``"12"`` are refused)."""

_QUARTER = re.compile(r"^FY(\d{4}) Q([1-4])$")
QUARTER_PATTERN = _QUARTER.pattern


class SurveyFormat(StrEnum):
    """How the trust question is answered (Touchpoints ``survey_type``)."""

    thumbs = "thumbs_up_down"
    """Thumbs up (1) or down (0); trust is the share of thumbs up."""
    likert = "likert_scale"
    """1 (strongly disagree) to 5 (strongly agree); trust is the top-two-box share (4 or 5)."""


class Driver(StrEnum):
    """The A-11 v2 drivers of trust, by their Touchpoints option value (the stable key)."""

    effectiveness = "effectiveness"
    ease = "ease"
    efficiency = "efficiency"
    transparency = "transparency"
    humanity = "humanity"
    employee = "employee"
    other = "other"


DRIVERS: tuple[Driver, ...] = tuple(Driver)
"""The drivers in the order of the A-11 v2 template."""


def parse_quarter(text: str) -> tuple[int, int]:
    """``"FY2026 Q3"`` → ``(2026, 3)``; ``ValueError`` for anything else."""
    m = _QUARTER.match(text)
    if m is None:
        msg = f"a fiscal quarter is written like 'FY2026 Q3', got {text!r}"
        raise ValueError(msg)
    return int(m.group(1)), int(m.group(2))


def quarter_label(year: int, quarter: int) -> str:
    """``(2026, 3)`` → ``"FY2026 Q3"``."""
    return f"FY{year:04d} Q{quarter}"


def quarter_index(text: str) -> int:
    """A running number of a fiscal quarter (consecutive quarters differ by one)."""
    year, q = parse_quarter(text)
    return year * 4 + (q - 1)


def quarter_start(year: int, quarter: int) -> _dt.date:
    """First day of a federal fiscal quarter (fiscal year N starts on 1 October of N − 1)."""
    month = 10 + 3 * (quarter - 1)
    return _dt.date(year - 1 + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def current_quarter(today: _dt.date | None = None) -> str:
    """The fiscal quarter ``today`` falls in, e.g. ``FY2027 Q1`` for 1 December 2026."""
    day = today or _dt.date.today()
    year = day.year + 1 if day.month >= 10 else day.year
    quarter = ((day.month - 10) % 12) // 3 + 1
    return quarter_label(year, quarter)


def _not_future(value: str) -> str:
    year, q = parse_quarter(value)
    if quarter_start(year, q) > _dt.date.today():
        msg = f"quarter {value} has not started yet (today is in {current_quarter()})"
        raise ValueError(msg)
    return value


Quarter = Annotated[str, Field(pattern=QUARTER_PATTERN), AfterValidator(_not_future)]
"""A fiscal quarter such as ``FY2026 Q3`` that has already started."""


class ThumbsCounts(Strict):
    """Answers to a thumbs up/down trust question."""

    up: Count
    """Thumbs up: the interaction increased the person's trust."""
    down: Count
    """Thumbs down."""


class DriverCounts(Strict):
    """How many respondents named a driver as what went well and as what did not."""

    positive: Count
    """Respondents who ticked the driver under "What went well?"."""
    negative: Count
    """Respondents who ticked it under "What didn't go so well?"."""
    offered: Count
    """Respondents whose form offered the driver (a ``'null'`` answer means not offered)."""
    negative_offered: Count | None = None
    """Respondents offered it under "What didn't go so well?", when that differs from
    ``offered`` (the two lists of a form may offer different drivers)."""

    @model_validator(mode="after")
    def _within_offered(self) -> DriverCounts:
        if self.positive > self.offered:
            msg = (
                f"positive ({self.positive}) cannot exceed the respondents offered the driver "
                f"({self.offered})"
            )
            raise ValueError(msg)
        if self.negative > self.negative_base:
            msg = (
                f"negative ({self.negative}) cannot exceed the respondents offered the driver "
                f"({self.negative_base})"
            )
            raise ValueError(msg)
        return self

    @property
    def negative_base(self) -> int:
        """Respondents offered the driver under "What didn't go so well?"."""
        return self.offered if self.negative_offered is None else self.negative_offered


class AssociationCounts(Strict):
    """Trust among respondents who named a driver as what went well, and among the rest.

    Kept as counts so quarters and rows pool by addition; needs respondent-level answers.
    """

    named: Count
    """Respondents offered the driver who named it as what went well."""
    named_trusting: Count
    """Of those, how many gave a trusting answer (thumbs up, or 4–5)."""
    not_named: Count
    """Respondents offered the driver who did not name it as what went well."""
    not_named_trusting: Count
    """Of those, how many gave a trusting answer."""

    @model_validator(mode="after")
    def _within(self) -> AssociationCounts:
        if self.named_trusting > self.named or self.not_named_trusting > self.not_named:
            msg = "trusting respondents cannot exceed the respondents in their group"
            raise ValueError(msg)
        return self


class FeedbackFigures(Provenance):
    """One quarter's post-transaction feedback counts for one survey (or one step)."""

    quarter: Quarter
    """Federal fiscal quarter the answers were collected in, e.g. ``FY2026 Q3``."""
    thumbs: ThumbsCounts | None = None
    """Trust answers of a thumbs up/down survey."""
    likert: Annotated[list[Count], Field(min_length=5, max_length=5)] | None = None
    """Trust answers of a 1–5 survey: the counts of 1, 2, 3, 4 and 5."""
    customers: Count | None = None
    """Customers served in the quarter (Touchpoints ``volume_of_customers``)."""
    offered: Count | None = None
    """Customers offered the survey (``volume_of_customers_provided_survey_opportunity``)."""
    respondents: Count | None = None
    """Customers who answered (``volume_of_respondents``)."""
    drivers: dict[Driver, DriverCounts] = Field(default_factory=dict)
    """Per driver: positive, negative and offered counts."""
    associations: dict[Driver, AssociationCounts] = Field(default_factory=dict)
    """Per driver: trust among those who named it and those who did not (respondent-level
    data only)."""
    trust_question: str | None = None
    """The trust question as worded on the form; different wordings are flagged (LX815)."""

    @model_validator(mode="after")
    def _consistent(self) -> FeedbackFigures:
        if (self.thumbs is None) == (self.likert is None):
            msg = "give the trust answers as either thumbs (up, down) or likert (five counts)"
            raise ValueError(msg)
        if (
            self.respondents is not None
            and self.offered is not None
            and self.respondents > self.offered
        ):
            msg = (
                f"respondents ({self.respondents:,}) exceed the customers offered the survey "
                f"({self.offered:,})"
            )
            raise ValueError(msg)
        if (
            self.offered is not None
            and self.customers is not None
            and self.offered > self.customers
        ):
            msg = (
                f"customers offered the survey ({self.offered:,}) exceed the customers served "
                f"({self.customers:,})"
            )
            raise ValueError(msg)
        if self.respondents is not None and self.trust_answers > self.respondents:
            msg = (
                f"trust answers ({self.trust_answers:,}) exceed the respondents "
                f"({self.respondents:,})"
            )
            raise ValueError(msg)
        return self

    @property
    def format(self) -> SurveyFormat:
        """Thumbs or Likert."""
        return SurveyFormat.thumbs if self.thumbs is not None else SurveyFormat.likert

    @property
    def trust_answers(self) -> int:
        """Respondents who answered the trust question."""
        if self.thumbs is not None:
            return self.thumbs.up + self.thumbs.down
        return sum(self.likert or ())

    @property
    def trusting(self) -> int:
        """Trusting answers: thumbs up, or 4 and 5 (top two boxes)."""
        if self.thumbs is not None:
            return self.thumbs.up
        counts = self.likert or [0] * 5
        return counts[3] + counts[4]


class FeedbackRow(FeedbackFigures):
    """A source's figures for one survey × channel × journey stage in one quarter
    (a Touchpoints ``cx_collection_details`` row, or a legacy collection)."""

    service: str = Field(min_length=1)
    """The designated service (Touchpoints ``service_name``)."""
    stage: str | None = None
    """The journey stage of the service (``service_stage_name``)."""
    channel: str | None = None
    """The channel surveyed, as the agency reported it (e.g. ``digital``, ``phone``)."""
    transaction_point: str | None = None
    """Where in the transaction the survey is offered."""
    survey_title: str | None = None
    """Title of the survey."""
    row_id: str | None = None
    """The export's id for the row (``cx_collection_details.id``), to trace it back."""


class FeedbackMatch(Strict):
    """Which rows of a source belong to a step; every field given must match (ignoring case
    and spacing)."""

    source: Identifier
    """Id of a feedback source in the journey's ``feedback_sources``."""
    service: str | None = None
    """Service name as in the source."""
    stage: str | None = None
    """Journey stage of the service as in the source."""
    channel: str | None = None
    """Channel as in the source."""
    transaction_point: str | None = None
    """Transaction point as in the source."""

    @model_validator(mode="after")
    def _something(self) -> FeedbackMatch:
        if not any((self.service, self.stage, self.channel, self.transaction_point)):
            msg = "a match needs at least one of service, stage, channel or transaction_point"
            raise ValueError(msg)
        return self


class StepFeedback(Strict):
    """Where a step's post-transaction feedback comes from: a match or inline figures."""

    match: FeedbackMatch | None = None
    """Take the rows of a journey feedback source that match these fields."""
    figures: list[FeedbackFigures] = Field(default_factory=list)
    """Or give the counts here, one entry per quarter (and survey)."""
    synthetic: bool = False
    """True when the inline figures are made-up illustrative data."""

    @model_validator(mode="after")
    def _one_way(self) -> StepFeedback:
        if (self.match is None) == (not self.figures):
            msg = "give either match (rows of a feedback source) or figures (counts), not both"
            raise ValueError(msg)
        return self


class FeedbackSourceKind(StrEnum):
    """What a feedback source holds; named explicitly because lifeexp never guesses a format."""

    touchpoints_v2_csv = "touchpoints_v2_csv"
    """Touchpoints A-11 v2 CSV downloads: cx_collections, cx_collection_details, cx_responses."""
    touchpoints_v2_json = "touchpoints_v2_json"
    """The same three tables as Touchpoints API JSON (``{"data": [...]}``)."""
    a11_v1_csv = "a11_v1_csv"
    """The legacy FY2021–23 aggregate (``omb_cx_reporting_collections``) CSV."""
    feedback_file = "feedback_file"
    """A feedback file written by ``lifeexp feedback import``."""
    report = "report"
    """Figures typed in from a published report, given in ``rows``."""


class FeedbackSource(Provenance):
    """A journey-level source of post-transaction feedback."""

    id: Identifier
    """Id that steps name in ``feedback.match.source``."""
    kind: FeedbackSourceKind
    """Touchpoints v2 export (CSV or JSON), legacy A-11 v1 CSV, a feedback file, or a report."""
    title: str | None = None
    """What the source is, for the report."""
    collections: str | list[str] | None = None
    """Touchpoints v2: the cx_collections file (relative to the journey file), or a list of
    files (the pages of an API download)."""
    details: str | list[str] | None = None
    """Touchpoints v2: the cx_collection_details file(s)."""
    responses: str | list[str] | None = None
    """Touchpoints v2: the cx_responses file(s) (one row per respondent)."""
    path: str | None = None
    """The legacy A-11 v1 CSV or the feedback file (relative to the journey file)."""
    rows: list[FeedbackRow] = Field(default_factory=list)
    """For ``report``: the figures as published."""
    synthetic: bool = False
    """True for made-up illustrative data; the report says so wherever it is shown."""

    @model_validator(mode="after")
    def _fields_for_kind(self) -> FeedbackSource:
        v2 = self.kind in {
            FeedbackSourceKind.touchpoints_v2_csv,
            FeedbackSourceKind.touchpoints_v2_json,
        }
        needs = {
            "collections": v2,
            "details": v2,
            "responses": v2,
            "path": self.kind in {FeedbackSourceKind.a11_v1_csv, FeedbackSourceKind.feedback_file},
        }
        for name, wanted in needs.items():
            given = getattr(self, name) is not None
            if wanted and not given:
                msg = f"a {self.kind.value} source needs {name}"
                raise ValueError(msg)
            if given and not wanted:
                msg = f"{name} is not used by a {self.kind.value} source"
                raise ValueError(msg)
        if (self.kind is FeedbackSourceKind.report) != bool(self.rows):
            msg = (
                "a report source gives its figures in rows"
                if self.kind is FeedbackSourceKind.report
                else f"rows are only for report sources, not {self.kind.value}"
            )
            raise ValueError(msg)
        return self

    @property
    def files(self) -> dict[str, list[str]]:
        """The files this source reads, by role."""
        out: dict[str, list[str]] = {}
        for role in ("collections", "details", "responses", "path"):
            value = getattr(self, role)
            if value is not None:
                out[role] = [value] if isinstance(value, str) else list(value)
        return out


class FeedbackFile(Strict):
    """A feedback file: rows of post-transaction feedback written by ``lifeexp feedback
    import`` (or by hand), referenced from a journey as a ``feedback_file`` source."""

    synthetic: bool = False
    """True for made-up illustrative data."""
    made_from: list[str] = Field(default_factory=list)
    """The export files the rows were computed from (names only)."""
    export_kind: FeedbackSourceKind | None = None
    """The kind of export they were read as."""
    note: str | None = None
    """What the file holds and how it was made."""
    rows: list[FeedbackRow] = Field(min_length=1)
    """The figures, one per survey × channel × stage × quarter."""
