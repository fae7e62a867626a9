"""A report page's HTML, whole, against a golden file.

Normalised before comparing: the generation time and version, and the inline SVG map (its
bytes depend on the Graphviz build; the map has golden DOT files of its own in
tests/rendering). Refresh with ``pytest --update-golden`` and review ``git diff tests/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from lifeexp.report import write_report
from lifeexp.scoring import ScoringOptions
from lifeexp.testing import make_journey


def _normalised(html: str) -> str:
    html = re.sub(r"<svg\b.*?</svg>", "<svg><!-- map --></svg>", html, flags=re.S)
    html = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "YYYY-MM-DD HH:MM UTC", html)
    return re.sub(r"lifeexp \d+\.\d+[\w.+-]*", "lifeexp VERSION", html)


def test_journey_page_matches_the_golden_file(
    tmp_path: Path, golden: Callable[[str, str], None]
) -> None:
    journey = make_journey(
        {"start": ["apply"], "apply": ["appeal", "done"], "appeal": ["done"], "done": []},
        probabilities={("apply", "appeal"): 0.25},
        minutes={"start": 10, "apply": 150, "appeal": 45},
        agencies={"apply": "SSA", "appeal": "SSA", "done": "CMS"},
        journey_id="golden",
        apply={"data_requested": ["ssn"]},
        appeal={"data_requested": ["ssn"], "title": "Appeal <the> decision"},
    )
    write_report([journey], tmp_path / "r", options=ScoringOptions(samples=500, seed=7))
    page = (tmp_path / "r" / "journeys" / "golden.html").read_text(encoding="utf-8")
    golden("golden.journey.html", _normalised(page))
