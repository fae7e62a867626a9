"""The accessible text map (Markdown and plain text)."""

from __future__ import annotations

import re

from lifeexp.model import Journey
from lifeexp.rendering import to_text

from .conftest import FakeScorecard


def test_markdown_map_lists_phases_steps_owners_minutes_and_next_steps(
    sample_journey: Journey,
) -> None:
    md = to_text(sample_journey, scorecard=None)
    assert md.startswith("# Journey map: Retiring from federal service (sample)\n")
    assert "Lanes (owners), top to bottom: Person, OPM, SSA, CMS." in md
    assert re.findall(r"^## Phase: (.+)$", md, re.M) == [
        "Prepare",
        "Apply for benefits",
        "Enrol in Medicare",
    ]
    assert (
        "3. **Apply for the federal annuity (SF-3107)** "
        "(owner: OPM; kind: action; channel: mail; time: 2 h; wait: 65 days)"
    ) in md
    assert (
        "   - Next: step 4, Send missing documents to OPM (Person) "
        "(rework, back; documents missing; 25%)"
    ) in md
    assert "   - Next: step 3, Apply for the federal annuity (SF-3107) (OPM) (loops back)" in md
    assert "   - End of the journey." in md


def test_handoff_table_has_one_row_per_cross_agency_handoff(sample_journey: Journey) -> None:
    md = to_text(sample_journey)
    table = md.split("## Cross-agency handoffs\n\n")[1].split("\n\n")[0].strip().split("\n")
    assert table[0] == "| From step | From | To step | To | Handoff | Probability |"
    assert len(table) == 2 + 3
    assert (
        "| Enrol in Medicare Part B | CMS | Ask for reconsideration of a late-enrolment "
        in table[4]
    )
    assert table[4].endswith("| start over | 10% |")


def test_friction_is_written_out_when_a_scorecard_is_given(
    sample_journey: Journey, fake_scorecard: FakeScorecard
) -> None:
    md = to_text(sample_journey, scorecard=fake_scorecard)
    assert "friction 4 of 4; top friction point #1)" in md
    assert "cross-agency handoff: customer carries; top friction point #2)" in md
    assert "## Top friction points\n\n1. Appeal costs 100 minutes\n2. Papers carried by hand" in md
    assert "friction" not in to_text(sample_journey, scorecard=None)


def test_plain_text_uses_underlined_headings_and_no_markdown(sample_journey: Journey) -> None:
    text = to_text(sample_journey, markdown=False)
    lines = text.split("\n")
    title = "Journey map: Retiring from federal service (sample)"
    assert lines[:2] == [title, "=" * len(title)]
    assert "**" not in text
    assert "|" not in text
    assert "Enrol in Medicare Part B (CMS) → Ask for reconsideration" in text
