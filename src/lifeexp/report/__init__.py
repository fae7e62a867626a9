"""The HTML report: one page per journey and an overview, static and self-contained.

`write_report` scores and draws journeys and writes a folder of HTML pages that open
from disk with no server and no network: the headline scorecard, the swimlane map (inline SVG
with zoom), ranked friction points, the agency handover matrix as a heat table, burden charts
with their data tables, personas, pain points, sources, the estimates the numbers rest on, and
a current-vs-future comparison wherever a future-state journey exists.

Example::

    from lifeexp.report import write_report

    index = write_report("journeys/", "lifeexp-report")
    print(index)  # lifeexp-report/index.html

The same scorecards as rows and Markdown -- what ``lifeexp score`` and ``lifeexp compare``
print -- come from :func:`scorecard_rows`, :func:`friction_rows`, :func:`scorecards_markdown`,
:func:`comparison_rows` and :func:`comparison_markdown`.
"""

from lifeexp.report._build import DEFAULT_TITLE, warm_up_renderer, write_report
from lifeexp.report._output import MARKER_NAME, check_target, is_report_dir
from lifeexp.report._tables import (
    COMPARISON_COLUMNS,
    FRICTION_COLUMNS,
    comparison_headline,
    comparison_markdown,
    comparison_notes,
    comparison_rows,
    comparison_title,
    csv_cell,
    friction_rows,
    rows_csv,
    scorecard_rows,
    scorecards_markdown,
)

__all__ = [
    "COMPARISON_COLUMNS",
    "DEFAULT_TITLE",
    "FRICTION_COLUMNS",
    "MARKER_NAME",
    "check_target",
    "comparison_headline",
    "comparison_markdown",
    "comparison_notes",
    "comparison_rows",
    "comparison_title",
    "csv_cell",
    "friction_rows",
    "is_report_dir",
    "rows_csv",
    "scorecard_rows",
    "scorecards_markdown",
    "warm_up_renderer",
    "write_report",
]
