"""One mistake, one message: the root cause first, its consequences folded into it."""

from __future__ import annotations

import itertools
from pathlib import Path

from lifeexp.checks import validate
from lifeexp.diagnostics import Severity


def _chain_into_a_loop(n_before: int) -> str:
    ids = [f"s{i}" for i in range(n_before)]
    steps = "".join(
        f"  - {{id: {sid}, title: Step {sid}, phase: p, agency: person, kind: wait}}\n"
        for sid in [*ids, "submit", "review"]
    )
    chain = [*ids, "submit"]
    transitions = "".join(f"  - {{from: {a}, to: {b}}}\n" for a, b in itertools.pairwise(chain))
    transitions += "  - {from: submit, to: review}\n  - {from: review, to: submit}\n"
    return (
        "id: loop\ntitle: Loop\nlife_experience: other\nstart: s0\n"
        "phases: [{id: p, title: P}]\n"
        f"steps:\n{steps}transitions:\n{transitions}"
    )


def test_a_loop_with_no_way_out_is_one_message_naming_the_steps_before_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text(_chain_into_a_loop(8), encoding="utf-8")
    result = validate([path], include_bundled=False)
    errors = result.errors
    assert [d.code for d in errors] == ["LX407"]  # not 8 × LX405 and then the cause
    (loop,) = errors
    assert loop.message == (
        "loop with no way out: 'submit' → 'review' → …, so 8 earlier steps cannot finish: "
        "s0, s1, s2, s3, s4, s5, s6, s7"
    )
    assert loop.line == 15  # the loop's first step
    assert loop.hint == "add a transition that leaves the loop"


def test_many_steps_before_a_loop_are_counted_and_the_list_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text(_chain_into_a_loop(12), encoding="utf-8")
    (loop,) = validate([path], include_bundled=False).errors
    assert "so 12 earlier steps cannot finish: s0, s1, s2, s3, s4, s5, s6, s7, …" in loop.message


BRANCH = """\
id: branch
title: Branch
life_experience: other
start: decide
phases: [{id: p, title: P}]
steps:
  - {id: decide, title: Decide, phase: p, agency: person, kind: decision}
  - {id: yes, title: Yes, phase: p, agency: person, kind: end}
  - {id: no, title: No, phase: p, agency: person, kind: end}
transitions:
  - from: decide
    to: yes
    probability: 0.4
    estimate: a guess
  - from: decide
    to: no
"""


def test_probabilities_that_do_not_sum_point_at_the_transition_without_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "branch.yaml"
    path.write_text(BRANCH, encoding="utf-8")
    (d,) = validate([path], include_bundled=False).errors
    assert d.code == "LX406"
    assert (d.line, d.column) == (15, 5)  # `- from: decide` of the transition to 'no'
    assert "sum to 1.4, not 1 (0.4 to 'yes' + 1 to 'no'*)" in d.message
    assert "a missing probability is read as 1" in d.message
    assert d.hint == "give it probability: 0.6 so the branches add up to 1"


def test_probabilities_all_given_point_at_the_first_branch(tmp_path: Path) -> None:
    path = tmp_path / "branch.yaml"
    path.write_text(BRANCH + "    probability: 0.5\n    estimate: a guess\n", encoding="utf-8")
    (d,) = validate([path], include_bundled=False).errors
    assert d.code == "LX406"
    assert (d.line, d.column) == (13, 18)  # the first branch's probability
    assert "sum to 0.9, not 1 (0.4 to 'yes' + 0.5 to 'no')" in d.message


def test_a_step_unreachable_from_the_start_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "branch.yaml"
    text = BRANCH.replace(
        "transitions:", "  - {id: orphan, title: Orphan, phase: p, agency: person}\ntransitions:"
    )
    path.write_text(text + "    probability: 0.6\n    estimate: a guess\n", encoding="utf-8")
    result = validate([path], include_bundled=False)
    (d,) = result.errors
    assert (d.code, d.severity, d.line) == ("LX404", Severity.error, 10)
    assert not result.ok


def test_a_misspelt_step_id_is_not_followed_by_reachability_noise(tmp_path: Path) -> None:
    path = tmp_path / "branch.yaml"
    text = BRANCH.replace("    to: no\n", "    to: noo\n")
    path.write_text(text + "    probability: 0.6\n    estimate: a guess\n", encoding="utf-8")
    result = validate([path], include_bundled=False)
    # 'no' is unreachable only because of the typo: one message, with the fix.
    assert [(d.code, d.hint) for d in result.errors] == [("LX402", "did you mean 'no'?")]


def test_a_misspelt_phase_used_by_several_steps_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "branch.yaml"
    text = BRANCH.replace("phases: [{id: p, title: P}]", "phases: [{id: q, title: P}]")
    path.write_text(text + "    probability: 0.6\n    estimate: a guess\n", encoding="utf-8")
    (d,) = validate([path], include_bundled=False).errors
    assert d.code == "LX305"
    assert d.message == "unknown phase 'p', used at 3 places"
    assert d.line == 7  # the first step that uses it
