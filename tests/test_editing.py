"""Deriving a changed journey in Python (issue 9, item 6): ``lifeexp.edit`` re-validates and
returns located errors, ``model_copy(update=...)`` is no longer a trap, and a wrong argument
is a plain ``TypeError``, never an ``AttributeError`` from inside the library."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import lifeexp
from lifeexp.model import Channel, Journey
from lifeexp.scoring import ScoringOptions
from lifeexp.testing import make_journey

EXACT = ScoringOptions(samples=0)


def worked_example() -> Journey:
    """A→B, B→C 0.3 / END 0.7, C→A; A takes 30 min, C 20 min: 36 / 0.7 min per person."""
    return make_journey(
        {"A": ["B"], "B": ["C", "END"], "C": ["A"]},
        probabilities={("B", "C"): 0.3},
        minutes={"A": 30, "C": 20},
    )


def mean_minutes(journey: Journey) -> float:
    return lifeexp.score(journey, EXACT).time_tax.mean_minutes


def test_the_worked_example_scores_as_computed_by_hand() -> None:
    # v_A = 1 / 0.7 visits, v_C = 0.3 / 0.7: 30 / 0.7 + 20 · 0.3 / 0.7 = 36 / 0.7
    assert mean_minutes(worked_example()) == pytest.approx(36 / 0.7)


def test_changing_a_steps_burden_rescores_and_leaves_the_original_alone() -> None:
    journey = worked_example()
    faster = lifeexp.edit(journey, steps={"A": {"burden": {"completing": 10}}})
    assert mean_minutes(faster) == pytest.approx((10 + 6) / 0.7)
    assert mean_minutes(journey) == pytest.approx(36 / 0.7)
    # a mapping changes only the keys it names: the estimate note stays
    assert faster.steps[0].burden is not None
    assert faster.steps[0].burden.estimate == "test value"


def test_changing_a_probability_and_its_sibling() -> None:
    changed = lifeexp.edit(
        worked_example(),
        transitions={("B", "C"): {"probability": 0.1}, ("B", "END"): {"probability": 0.9}},
    )
    assert mean_minutes(changed) == pytest.approx((30 + 20 * 0.1) / 0.9)


def test_changing_a_channel_gives_a_real_channel() -> None:
    changed = lifeexp.edit(worked_example(), steps={"A": {"channel": "online"}})
    assert changed.steps[0].channel is Channel.online
    lifeexp.score(changed, EXACT)  # scores, no AttributeError


def test_removing_a_step_routes_the_person_around_it() -> None:
    # B → C (0.3) and C → A (1.0) become B → A (0.3): C's 20 minutes are gone
    without_c = lifeexp.edit(worked_example(), remove_steps=["C"])
    assert [s.id for s in without_c.steps] == ["A", "B", "END"]
    assert {(t.from_, t.to): t.probability for t in without_c.transitions} == {
        ("A", "B"): 1.0,
        ("B", "A"): pytest.approx(0.3),
        ("B", "END"): pytest.approx(0.7),
    }
    assert mean_minutes(without_c) == pytest.approx(30 / 0.7)


def test_journey_level_fields_change_too() -> None:
    changed = lifeexp.edit(worked_example(), state="future", title="Faster")
    assert (changed.state.value, changed.title) == ("future", "Faster")


def _problem(**changes: Any) -> lifeexp.Diagnostic:
    with pytest.raises(lifeexp.JourneyValidationError) as info:
        lifeexp.edit(worked_example(), **changes)
    (problem,) = info.value.diagnostics
    assert problem.path == "<test-journey>"
    assert "Traceback" not in str(info.value)
    return problem


def test_an_invalid_value_is_a_located_plain_error() -> None:
    problem = _problem(steps={"A": {"channel": "onlin"}})
    assert problem.code == "LX103"
    assert problem.message.startswith("steps[A].channel: should be 'online'")
    assert problem.hint == "did you mean 'online'?"
    assert "pydantic" not in str(problem)
    assert str(problem).startswith("<test-journey>: error[LX103]: steps[A].channel:")


def test_an_unknown_agency_is_found_by_the_catalog_checks() -> None:
    problem = _problem(steps={"A": {"agency": "SAA"}})
    assert problem.code == "LX301"
    assert problem.message == "steps[A].agency: unknown agency 'SAA'"
    assert problem.hint == "did you mean 'SSA'?"


def test_probabilities_that_no_longer_add_up_are_an_error() -> None:
    problem = _problem(transitions={("B", "C"): {"probability": 0.5}})
    assert problem.severity is lifeexp.Severity.error
    assert problem.message.startswith("steps[B]")
    assert "1.2" in problem.message


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"steps": {"X": {"title": "x"}}}, "steps[X]: no step 'X' to change"),
        ({"transitions": {("A", "C"): {"probability": 1}}}, "transitions[A→C]: no such"),
        ({"remove_steps": ["A"]}, "the start step cannot be removed"),
        ({"remove_steps": ["END"]}, "an end step cannot be removed"),
        ({"remove_steps": ["Q"]}, "steps[Q]: no step 'Q' to remove"),
    ],
)
def test_changes_naming_what_is_not_there_are_refused(changes: dict[str, Any], said: str) -> None:
    assert said in _problem(**changes).message


def test_model_copy_validates_its_update() -> None:
    step = worked_example().steps[0]
    copied = step.model_copy(update={"channel": "online"})
    assert copied.channel is Channel.online  # an enum, not the bare string it used to be
    with pytest.raises(ValidationError):
        step.model_copy(update={"channel": "onlin"})
    journey = worked_example().model_copy(update={"title": "Copied"})
    assert journey.title == "Copied"
    assert mean_minutes(journey) == pytest.approx(36 / 0.7)


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (lambda: lifeexp.score("journeys/x.yaml"), "score() takes a Journey, not str"),  # type: ignore[arg-type]
        (lambda: lifeexp.to_dot({"id": "x"}), "render() takes a Journey, not dict"),  # type: ignore[arg-type]
        (lambda: lifeexp.edit(None), "edit() takes a Journey, not NoneType"),  # type: ignore[arg-type]
        (lambda: lifeexp.compare("a", "b"), "compare() takes a Journey, not str"),  # type: ignore[arg-type]
        (
            lambda: lifeexp.to_dot(worked_example(), options={"wrap": 30}),  # type: ignore[arg-type]
            "options must be a RenderOptions, not dict",
        ),
        (
            lambda: lifeexp.score(worked_example(), {"samples": 0}),  # type: ignore[arg-type]
            "options must be a ScoringOptions, not dict",
        ),
    ],
)
def test_wrong_arguments_are_a_plain_type_error(call: Any, said: str) -> None:
    with pytest.raises(TypeError) as info:
        call()
    assert said in str(info.value)
    if "score()" in said:
        assert "lifeexp.load_journey('journeys/x.yaml')" in str(info.value)


@given(
    channel=st.sampled_from(["online", "phone", "mail", "in_person", "none", "web", "", "ONLINE"]),
    minutes=st.one_of(st.floats(-5, 500), st.just(float("nan")), st.text(max_size=3)),
    p=st.floats(-0.5, 1.5),
)
def test_any_change_scores_or_is_a_located_error(channel: str, minutes: Any, p: float) -> None:
    problems: list[lifeexp.Diagnostic] = []
    try:
        changed = lifeexp.edit(
            worked_example(),
            steps={"A": {"channel": channel, "burden": {"completing": minutes}}},
            transitions={("B", "C"): {"probability": p}, ("B", "END"): {"probability": 1 - p}},
        )
    except lifeexp.JourneyValidationError as exc:
        problems = exc.diagnostics
    else:
        lifeexp.score(changed, EXACT)  # a journey that passed the checks always scores
    assert all(d.path == "<test-journey>" and d.message for d in problems)
