"""The DOT text: golden files, determinism and the layout rules the renderer owns."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lifeexp
from lifeexp.errors import RenderError
from lifeexp.model import Journey
from lifeexp.rendering import RenderOptions, to_dot
from lifeexp.rendering._layout import build_layout, persona_path
from lifeexp.testing import make_journey

from .conftest import FakeScorecard, load_sample

# --------------------------------------------------------------------------- golden files


@pytest.mark.parametrize(
    ("name", "options", "scored"),
    [
        ("sample.swimlane.dot", RenderOptions(), False),
        ("sample.swimlane.scored.dot", RenderOptions(top_friction=3), True),
        ("sample.handover.dot", RenderOptions(view="handover"), False),
        ("sample.persona-early.dot", RenderOptions(view="persona", persona="early"), True),
        (
            "sample.lanes-grayscale.dot",
            RenderOptions(lane_order=("CMS", "SSA"), theme="grayscale", legend=False),
            False,
        ),
    ],
)
def test_dot_matches_golden_file(
    name: str,
    options: RenderOptions,
    scored: bool,
    sample_journey: Journey,
    fake_scorecard: FakeScorecard,
    golden: Callable[[str, str], None],
) -> None:
    golden(
        name,
        to_dot(sample_journey, options=options, scorecard=fake_scorecard if scored else None),
    )


def test_dot_is_byte_identical_across_calls_and_reloads(fake_scorecard: FakeScorecard) -> None:
    first = to_dot(load_sample(), scorecard=fake_scorecard)
    second = to_dot(load_sample(), scorecard=fake_scorecard)
    assert first == second
    assert first.endswith("}\n")


@given(
    st.lists(st.integers(min_value=0, max_value=5), min_size=2, max_size=12),
    st.lists(st.sampled_from(["person", "SSA", "CMS", "IRS"]), min_size=12, max_size=12),
)
def test_random_journeys_give_deterministic_dot_with_every_step(
    targets: list[int], owners: list[str]
) -> None:
    # A chain with extra arrows (forward, back and to itself) between random steps.
    n = len(targets)
    edges: dict[str, list[str]] = {f"s{i}": [] for i in range(n)}
    for i, t in enumerate(targets[:-1]):
        edges[f"s{i}"].append(f"s{i + 1}")
        extra = f"s{t % n}"
        if extra != f"s{i + 1}":
            edges[f"s{i}"].append(extra)
    journey = make_journey(edges, agencies={f"s{i}": owners[i] for i in range(n)})
    dot = to_dot(journey)
    assert dot == to_dot(journey)
    for i in range(n):
        assert f'"s{i}" [label=' in dot
    # Every step is pinned to one column group, exactly once.
    pinned = re.findall(r'"s\d+"', " ".join(re.findall(r"\{rank=same;[^\[}]*", dot)))
    assert sorted(pinned) == sorted(f'"s{i}"' for i in range(n))


# --------------------------------------------------------------------------- layout rules


def _lane_headers(dot: str) -> list[str]:
    """Lane header labels in the order the header rank chains them (top to bottom)."""
    labels = dict(re.findall(r'"(lane:\d+)" \[label="([^"\\]*)', dot))
    chain = re.search(r'\{rank=same; "col:h" -> ([^\[]*)\[', dot)
    assert chain is not None
    ids = re.findall(r'"(lane:\d+)"', chain.group(1))
    return [labels[i] for i in ids]


def test_person_lane_first_then_agencies_in_first_appearance_order(sample_journey: Journey) -> None:
    assert _lane_headers(to_dot(sample_journey)) == ["Person", "OPM", "SSA", "CMS"]


def test_lane_order_option_moves_named_agencies_up(sample_journey: Journey) -> None:
    dot = to_dot(sample_journey, options=RenderOptions(lane_order=("CMS", "SSA", "NOT-THERE")))
    assert _lane_headers(dot) == ["Person", "CMS", "SSA", "OPM"]
    dot = to_dot(sample_journey, options=RenderOptions(lane_order=("CMS",), person_first=False))
    assert _lane_headers(dot) == ["CMS", "Person", "OPM", "SSA"]


def test_each_rank_is_chained_top_to_bottom_so_lane_order_is_a_hard_constraint(
    sample_journey: Journey,
) -> None:
    dot = to_dot(sample_journey, options=RenderOptions(compact=False))
    # In the rank of column 2 (apply-annuity, OPM lane): rails 0, 1 then the step, then rail 2.
    assert '"rail:0:4" -> "rail:1:4" -> "apply-annuity" -> "rail:2:4" -> ' in dot
    # Compact: column 2 starts a phase, so each lane's name comes first in its cell there.
    compact = to_dot(sample_journey)
    assert '"rail:0:4" -> "tag:0:4" -> "rail:1:4" -> "tag:1:4" -> "apply-annuity" -> ' in compact
    # The inner rails step into the phase with a light edge; the frame's rails do not.
    assert '"rail:1:3" -> "rail:1:4" [weight=1,' in compact
    assert '"rail:0:3" -> "rail:0:4"' in compact


def test_steps_sit_in_their_phase_columns(sample_journey: Journey) -> None:
    layout = build_layout(sample_journey)
    assert layout.columns == [
        ("prepare", 0),
        ("prepare", 1),
        ("apply", 0),
        ("apply", 1),
        ("enrol", 0),
        ("enrol", 1),
        ("enrol", 2),
    ]
    assert layout.column_of == {
        "decide": 0,
        "gather": 1,
        "apply-annuity": 2,
        "fix-application": 3,  # after the step that sends the person back: a loop, not a column
        "apply-ss": 3,
        "enrol-b": 4,
        "appeal": 5,
        "covered": 6,
    }
    dot = to_dot(sample_journey)
    assert '{rank=same; "col:0" -> "rail:0:0" -> "decide" -> "rail:1:0"' in dot
    assert '"col:8"' in dot
    assert 'label="Enrol in Medicare"' in dot


def test_phase_titles_label_the_first_column_of_each_phase(sample_journey: Journey) -> None:
    dot = to_dot(sample_journey)
    assert '"col:0" [label="Prepare"' in dot
    assert '"col:4" [label="Apply for benefits"' in dot
    assert '"col:8" [label="Enrol in Medicare"' in dot


def test_burden_minutes_and_wait_days_are_on_the_node(sample_journey: Journey) -> None:
    dot = to_dot(sample_journey)
    # decide: PERT mean of learning [60, 120, 300] = (60 + 480 + 300) / 6 = 140 min = 2.3 h.
    assert '"decide" [label="Decide when to retire\\n2.3 h"' in dot
    # apply-annuity: 120 min = 2 h; wait [30, 60, 120] → (30 + 240 + 120) / 6 = 65 days.
    assert "annuity (SF-3107)\\nmail · 2 h · wait 65 d" in dot
    # appeal: completing 60 + waiting 40 = 100 min.
    assert "phone · 100 min" in dot


def test_scorecard_figures_replace_the_journey_estimates(
    sample_journey: Journey, fake_scorecard: FakeScorecard
) -> None:
    from dataclasses import replace

    steps = [
        replace(s, burden_minutes=7.0) if s.step_id == "gather" else s for s in fake_scorecard.steps
    ]
    dot = to_dot(sample_journey, scorecard=replace(fake_scorecard, steps=steps))
    assert "and service records\\n7 min" in dot


def test_long_titles_wrap_at_the_configured_width(sample_journey: Journey) -> None:
    dot = to_dot(sample_journey, options=RenderOptions(wrap=12), scorecard=None)
    label = re.search(r'"apply-ss" \[label="([^"]*)"', dot)
    assert label is not None
    lines = label.group(1).split("\\n")
    figures = next(i for i, line in enumerate(lines) if line.startswith("online ·"))
    title_lines = lines[:figures]  # the figures follow the title
    assert " ".join(title_lines) == "Apply for Social Security retirement benefits"
    assert all(len(line) <= 12 for line in title_lines)


def test_branch_probabilities_are_on_the_arrows(sample_journey: Journey) -> None:
    dot = to_dot(sample_journey)
    assert 'label="retire now\\n80%"' in dot
    assert 'label="claim Social Security\\nonly\\n20%"' in dot


def test_rework_and_appeal_loops_are_labelled_dashed_and_have_their_own_arrowhead(
    sample_journey: Journey,
) -> None:
    dot = to_dot(sample_journey, scorecard=None)
    assert 'label="↺ rework\\ndocuments missing\\n25%"' in dot
    assert 'label="↺ appeal\\n10%\\nhandoff: start over"' in dot
    # The way back from the rework step is a loop too, though it has no label of its own.
    segment = re.search(r'"fix-application" -> "via:\d+:5" \[([^\]]*)\]', dot)
    assert segment is not None
    assert 'style="dashed"' in segment.group(1)
    last = re.search(r'"via:\d+:5" -> "apply-annuity" \[([^\]]*)\]', dot)
    assert last is not None
    assert 'arrowhead="veeodot"' in last.group(1)


def test_handoff_types_have_distinct_patterns_and_labels(sample_journey: Journey) -> None:
    dot = to_dot(sample_journey)
    # Transitions are numbered in file order: 4 = annuity→SSA, 6 = SSA→CMS, 8 = CMS→appeal.
    carries = re.search(r'"apply-annuity" -> "via:4:5" \[([^\]]*)\]', dot)
    assert carries is not None
    assert 'style="dashed"' in carries.group(1)
    assert "handoff: customer\\ncarries" in dot
    shared = re.search(r'"apply-ss" -> "via:6:7" \[([^\]]*)\]', dot)
    assert shared is not None
    assert "penwidth=2.4" in shared.group(1)
    assert 'label="handoff: data shared"' in dot
    start_over = re.search(r'"enrol-b" -> "via:8:9" \[([^\]]*)\]', dot)
    assert start_over is not None
    assert 'style="dotted"' in start_over.group(1)


def test_person_steps_are_never_cross_agency_handoffs(sample_journey: Journey) -> None:
    layout = build_layout(sample_journey)
    assert {(t.from_, t.to) for t in layout.handoffs} == {
        ("apply-annuity", "apply-ss"),
        ("apply-ss", "enrol-b"),
        ("enrol-b", "appeal"),
    }


def test_legend_names_every_handoff_pattern_and_shape(sample_journey: Journey) -> None:
    dot = to_dot(sample_journey)
    for text in (
        "handoff: data shared (solid line)",
        "handoff: warm referral (double line)",
        "handoff: customer carries (dashed line)",
        "handoff: start over (dotted line)",
        "hexagon = decision",
        "double border = outcome (end)",
    ):
        assert text in dot
    assert "Legend" not in to_dot(sample_journey, options=RenderOptions(legend=False))


def test_without_a_scorecard_nothing_is_shaded(sample_journey: Journey) -> None:
    dot = to_dot(sample_journey, scorecard=None)
    assert "friction" not in dot.split("// legend")[0]
    assert (
        '"decide" [label="Decide when to retire\\n2.3 h", shape="hexagon", style="filled"];' in dot
    )


def test_scorecard_shades_by_quarter_of_the_highest_score_and_numbers_top_points(
    sample_journey: Journey, fake_scorecard: FakeScorecard
) -> None:
    dot = to_dot(sample_journey, options=RenderOptions(top_friction=3), scorecard=fake_scorecard)
    # Scores 0, 10, ..., 70 (covered is highest): level = 1 + floor(4 · s / 70 · 0.999).
    # decide (0) unshaded; gather (10) level 1; apply-ss (40) level 3; covered (70) level 4.
    assert re.search(r'"decide" \[label="[^"]*", shape="hexagon", style="filled"\]', dot)
    assert re.search(r'"gather" \[label="[^"]*friction 1/4", fillcolor="#fef0d9"', dot)
    assert re.search(r'"apply-ss" \[label="[^"]*friction 3/4", fillcolor="#fc8d59"', dot)
    assert re.search(
        r'"covered" \[label="[^"]*friction 4/4", peripheries=2, '
        r'fillcolor="#d7301f", fontcolor="#ffffff"',
        dot,
    )
    # Top 3 points numbered: two on steps, one on the customer-carried handoff; #4 is not.
    assert '"appeal" [label="friction #1\\nAsk for' in dot
    assert '"apply-annuity" [label="friction #3\\nApply' in dot
    assert 'label="friction #2\\n75%\\nhandoff: customer\\ncarries"' in dot
    assert "#4" not in dot


def test_real_scorecard_shades_the_sample(sample_journey: Journey) -> None:
    card = lifeexp.score(sample_journey)
    dot = to_dot(sample_journey, scorecard=card)
    first = min(card.friction_points, key=lambda p: p.rank)
    assert "friction #1" in dot
    assert f'"{first.step_id}"' in dot
    assert re.search(r"friction [1-4]/4", dot)


# --------------------------------------------------------------------------- other views


def test_persona_view_highlights_and_numbers_the_chosen_path(sample_journey: Journey) -> None:
    early = sample_journey.personas[0]
    assert persona_path(sample_journey, early) == [
        "decide",
        "gather",  # 0.8: the most likely branch
        "apply-annuity",
        "apply-ss",  # 0.75 beats the 0.25 rework branch
        "enrol-b",
        "appeal",  # the persona's own choice, though only 10% take it
        "covered",
    ]
    dot = to_dot(sample_journey, options=RenderOptions(view="persona", persona="early"))
    assert '"decide" [label="▶ step 1\\nDecide when to retire' in dot
    assert '"covered" [label="▶ step 7\\nCovered by' in dot
    assert re.search(r'"fix-application" \[label="Send missing[^\]]*color="#9a9a9a"', dot)
    assert "path of Retiring at 62" in dot


def test_persona_choices_override_the_most_likely_branch(sample_journey: Journey) -> None:
    data = sample_journey.model_dump(by_alias=True)
    data["personas"][0]["choices"] = {"decide": "apply-ss"}
    journey = Journey.model_validate(data)
    assert persona_path(journey, journey.personas[0])[:2] == ["decide", "apply-ss"]
    # Without a persona the most likely branch is taken (0.8 to gather).
    assert persona_path(journey, None)[:2] == ["decide", "gather"]


def test_unknown_persona_is_a_render_error_naming_the_known_ones(sample_journey: Journey) -> None:
    with pytest.raises(RenderError, match=r"no persona 'nope' \(personas: early, late\)"):
        to_dot(sample_journey, options=RenderOptions(view="persona", persona="nope"))


def test_handover_view_weights_edges_by_expected_moves(sample_journey: Journey) -> None:
    dot = to_dot(sample_journey, options=RenderOptions(view="handover"))
    # Expected visits: decide 1, gather 0.8; apply-annuity is revisited after rework:
    # v = 0.8 / (1 − 0.25) = 1.0667. Moves person→OPM = gather→annuity (0.8) + fix→annuity
    # (0.25 · 1.0667 = 0.2667) = 1.0667; OPM→SSA = 0.75 · 1.0667 = 0.80.
    assert '"owner:person" -> "owner:OPM" [penwidth=' in dot
    assert 'label="1.07 per person"' in dot
    assert 'label="0.8 per person\\nhandoff: customer carries"' in dot
    assert 'label="0.1 per person\\nhandoff: start over"' in dot


def test_handover_view_uses_the_scorecard_matrix_and_skips_self_moves(
    sample_journey: Journey, fake_scorecard: FakeScorecard
) -> None:
    dot = to_dot(sample_journey, options=RenderOptions(view="handover"), scorecard=fake_scorecard)
    assert 'label="0.8 per person"' in dot
    assert '"owner:SSA" -> "owner:SSA"' not in dot


def test_handover_view_without_a_scorecard_reads_the_scored_matrix(
    sample_journey: Journey,
) -> None:
    from lifeexp.scoring import ScoringOptions, score

    card = score(sample_journey, ScoringOptions(samples=0))
    with_card = to_dot(sample_journey, options=RenderOptions(view="handover"), scorecard=card)
    assert to_dot(sample_journey, options=RenderOptions(view="handover")) == with_card


def test_handover_view_of_a_journey_that_never_ends_says_why() -> None:
    # b and c send the person to each other forever: expected moves are infinite. The view
    # used to print zeros from a singular dense solve; now it says so, as scoring does.
    journey = make_journey(
        {"a": ["b"], "b": ["c"], "c": ["b"]}, agencies={"a": "SSA", "b": "CMS", "c": "IRS"}
    )
    with pytest.raises(RenderError, match="handover view"):
        to_dot(journey, options=RenderOptions(view="handover"))


# --------------------------------------------------------------------------- scale


def test_long_journeys_build_without_recursion_and_stay_linear() -> None:
    n = 3000
    edges = {f"s{i}": [f"s{i + 1}"] for i in range(n)}
    edges["s1500"].append("s10")  # a long loop back
    journey = make_journey(edges, probabilities={("s1500", "s10"): 0.1})
    dot = to_dot(journey)
    assert dot.count(" -> ") > n


def test_options_reject_bad_values() -> None:
    with pytest.raises(ValueError, match="unknown view"):
        RenderOptions(view="map")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="wrap"):
        RenderOptions(wrap=3)
    with pytest.raises(ValueError, match="unknown theme"):
        RenderOptions(theme="neon")


def test_persona_view_names_the_persona_once_per_branch(sample_journey: Journey) -> None:
    dot = to_dot(sample_journey, options=RenderOptions(view="persona", persona="early"))
    # Early's path: decide (2 ways out) → gather → apply-annuity (2 ways out) → apply-ss →
    # enrol-b (2 ways out) → appeal → covered: one label per branching step, not per arrow.
    assert dot.count("▶ Retiring at 62") == 3
    assert dot.count("▶ step ") == 7  # every step on the path is still numbered
