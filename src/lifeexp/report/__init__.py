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
"""

from lifeexp.report._build import DEFAULT_TITLE, warm_up_renderer, write_report
from lifeexp.report._output import MARKER_NAME, check_target, is_report_dir

__all__ = [
    "DEFAULT_TITLE",
    "MARKER_NAME",
    "check_target",
    "is_report_dir",
    "warm_up_renderer",
    "write_report",
]
