"""The diagnostic code registry: every code used is registered, documented and stable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lifeexp.checks import RULES, get_rule, rules_markdown
from lifeexp.checks._registry import rules_matching
from lifeexp.diagnostics import Severity
from lifeexp.loading._yaml import YamlProblem, parse_yaml

SRC = Path(__file__).resolve().parents[2] / "src" / "lifeexp"
CODE = re.compile(r"\"(LX\d{3})\"")


def test_codes_are_well_formed_and_ordered() -> None:
    assert all(re.fullmatch(r"LX\d{3}", code) for code in RULES)
    assert list(RULES) == sorted(RULES)
    names = [r.name for r in RULES.values()]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", n) for n in names)


def test_every_code_used_in_the_source_is_registered() -> None:
    used: set[str] = set()
    for path in (SRC / "loading").glob("*.py"):
        used |= set(CODE.findall(path.read_text(encoding="utf-8")))
    # Every checks module, whatever its name: a rule in a new module is scanned too.
    for path in (SRC / "checks").glob("*.py"):
        if path.name != "_registry.py":  # the registry itself defines them all
            used |= set(CODE.findall(path.read_text(encoding="utf-8")))
    assert used, "no codes found: the scan is broken"
    assert used <= set(RULES), sorted(used - set(RULES))


def test_every_rule_is_explained_with_an_example() -> None:
    for rule in RULES.values():
        assert rule.title.endswith("."), rule.code
        assert len(rule.explanation) > 40, rule.code
        assert rule.example or rule.sample, rule.code
        assert rule.sample, rule.code


def test_reading_and_schema_codes_are_not_configurable() -> None:
    fixed = {c for c, r in RULES.items() if not r.configurable}
    # LX801–LX806: reading a feedback export, which like reading a file cannot be silenced.
    feedback_reading = {c for c in RULES if "LX801" <= c <= "LX806"}
    # LX9xx: said by `lifeexp calibrate` about an event log, never by the journey checks.
    event_logs = {c for c in RULES if c >= "LX900"}
    assert fixed == {c for c in RULES if c < "LX200"} | {"LX201"} | feedback_reading | event_logs
    # A link skipped in a folder scan (LX014) is said as a warning: nothing is broken, a
    # file was left out on purpose; --strict turns it into a failure. So are the event-log
    # corrections LX911–LX915: counted, the figures still stand.
    corrected = {c for c in RULES if "LX911" <= c <= "LX915"}
    assert all(RULES[c].severity is Severity.error for c in fixed - {"LX014"} - corrected)
    assert {RULES[c].severity for c in {"LX014", *corrected}} == {Severity.warning}


def test_reference_page_documents_every_code_and_is_current(repo_root: Path) -> None:
    page = repo_root / "docs" / "reference" / "diagnostics.md"
    text = page.read_text(encoding="utf-8")
    for code, rule in RULES.items():
        assert f"### {code} {rule.name}" in text
    assert text == rules_markdown(), (
        "docs/reference/diagnostics.md is stale, run "
        "`python -m lifeexp.checks._docs > docs/reference/diagnostics.md`"
    )


def test_exit_codes_page_lists_all_four(repo_root: Path) -> None:
    text = (repo_root / "docs" / "reference" / "exit-codes.md").read_text(encoding="utf-8")
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |"):
        assert code in text


@pytest.mark.parametrize("code", [c for c, r in RULES.items() if r.example])
def test_examples_are_yaml_that_shows_the_problem(code: str) -> None:
    example = get_rule(code).example
    if code in {"LX004", "LX009"}:
        with pytest.raises(YamlProblem) as info:
            parse_yaml(example)
        assert info.value.diagnostic.code == code
        return
    parsed = parse_yaml(example)
    if code in {"LX005", "LX006"}:
        assert [d.code for d in parsed.diagnostics][:1] == [code]
    else:
        assert parsed.diagnostics == []


def test_prefix_matching() -> None:
    assert rules_matching(["LX60"]) == {"LX601", "LX602", "LX603", "LX604", "LX605"}
    assert rules_matching(["lx603"]) == {"LX603"}
    assert rules_matching(["ALL"]) == set(RULES)
    with pytest.raises(ValueError, match="matches no diagnostic code"):
        rules_matching(["LX99"])
