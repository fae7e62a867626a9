"""A-11 §280 post-transaction feedback: trust and its drivers at every touchpoint.

>>> from lifeexp.evidence.feedback import wilson_interval
>>> [round(x, 2) for x in wilson_interval(8, 10)]
[0.49, 0.94]

* :func:`read_export` reads a Touchpoints v2 export (CSV or API JSON) or the legacy A-11 v1
  aggregate CSV into :class:`~lifeexp.model.FeedbackRow` counts, with located errors;
* :func:`resolve_feedback` reads a journey's ``feedback_sources`` and matches rows to steps;
* :func:`feedback_score` computes trust (share, Likert mean), response rate, coverage, driver
  rates and driver–trust associations, each with n and a 95 % interval, per step, per agency
  and for the journey (pooled counts weighted by expected visits);
* :func:`feedback_file_text` writes rows as a feedback file a journey can reference.

Free-text answers (``question_4``, "Additional comments") are never read, so they cannot
reach any output.
"""

from lifeexp.evidence.feedback._exports import (
    COLLECTION_COLUMNS,
    DETAIL_COLUMNS,
    LEGACY_COLUMNS,
    RESPONSE_COLUMNS,
    ExportRead,
    read_export,
)
from lifeexp.evidence.feedback._file import feedback_file_text
from lifeexp.evidence.feedback._import import ImportMatch, StepMatch, match_import
from lifeexp.evidence.feedback._resolve import (
    INLINE,
    JourneyFeedback,
    MatchedFigures,
    SourceRows,
    keep_feedback_folder,
    match_rows,
    read_feedback_file,
    resolve_feedback,
)
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
from lifeexp.evidence.feedback._rows import driver_rows, trust_rows
from lifeexp.evidence.feedback._stats import (
    effective_n,
    likert_mean,
    net_score,
    newcombe_difference,
    wilson_interval,
)
from lifeexp.evidence.feedback._summary import (
    DEFAULT_MIN_RESPONSES,
    TRUST_GOAL,
    feedback_score,
    share_figure,
)
from lifeexp.evidence.feedback._text import (
    FORMAT_LABELS,
    goal_text,
    pct,
    points,
    share_text,
    short_share,
    step_trust_label,
    trust_lines,
)

__all__ = [
    "COLLECTION_COLUMNS",
    "DEFAULT_MIN_RESPONSES",
    "DETAIL_COLUMNS",
    "FORMAT_LABELS",
    "INLINE",
    "LEGACY_COLUMNS",
    "RESPONSE_COLUMNS",
    "TRUST_GOAL",
    "AgencyTrust",
    "AssociationFigure",
    "DriverFigure",
    "ExportRead",
    "FeedbackScore",
    "ImportMatch",
    "JourneyFeedback",
    "MatchedFigures",
    "MeanFigure",
    "QuarterTrust",
    "RateFigure",
    "ShareFigure",
    "SourceRows",
    "StepMatch",
    "StepTrust",
    "TrustFigure",
    "driver_rows",
    "effective_n",
    "feedback_file_text",
    "feedback_score",
    "goal_text",
    "keep_feedback_folder",
    "likert_mean",
    "match_import",
    "match_rows",
    "net_score",
    "newcombe_difference",
    "pct",
    "points",
    "read_export",
    "read_feedback_file",
    "resolve_feedback",
    "share_figure",
    "share_text",
    "short_share",
    "step_trust_label",
    "trust_lines",
    "trust_rows",
    "wilson_interval",
]
