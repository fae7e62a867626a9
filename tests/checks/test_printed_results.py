"""What ``lifeexp validate`` prints comes from the library: the verdict line, the estimate
lines and the ``--severity`` parsing, each reusable from a notebook."""

from __future__ import annotations

import pytest

from lifeexp.checks import Estimate, ValidationResult, parse_severities
from lifeexp.diagnostics import Diagnostic, Severity
from lifeexp.model import Catalog


def _result(*severities: Severity, findings: int = 0, strict: bool = False) -> ValidationResult:
    diagnostics = [Diagnostic("LX101", s, "x", "j.yaml", 1, 1) for s in severities]
    found = [Diagnostic("LX601", Severity.info, "asked again", "j.yaml", 2, 1)] * findings
    return ValidationResult(diagnostics, [], Catalog(), strict=strict, files=1, findings=found)


def test_the_verdict_counts_each_kind_with_its_noun() -> None:
    assert _result().summary() == "All good: 1 file checked, no problems."
    assert _result(findings=2).summary() == (
        "All good: 1 file checked, no problems; 2 findings about the service (--findings)."
    )
    assert _result(findings=1).summary(findings_listed=True) == (
        "All good: 1 file checked, no problems; 1 finding about the service."
    )
    assert _result(Severity.error, Severity.warning, Severity.warning).summary() == (
        "Validation failed: 1 error, 2 warnings, 0 notes in 1 file."
    )
    assert _result(Severity.info).summary() == (
        "Validation passed: 0 errors, 0 warnings, 1 note in 1 file."
    )
    assert _result(Severity.warning, strict=True).summary() == (
        "Validation failed: 0 errors, 1 warning, 0 notes in 1 file (--strict: warnings fail)."
    )


def test_an_estimate_reads_on_one_line() -> None:
    estimate = Estimate(None, None, None, "j", "step 'a' wait", "10 days", "from\n the  desk")
    assert estimate.line_text() == "<input>: estimate: j: step 'a' wait = 10 days — from the desk"


def test_severity_overrides_parse_and_refuse_in_plain_words() -> None:
    assert parse_severities([" lx503 = ERROR ", "LX410=info"]) == {
        "LX503": Severity.error,
        "LX410": Severity.info,
    }
    for bad in ("LX503", "LX503=loud"):
        with pytest.raises(ValueError, match=r"expected CODE=LEVEL .*error, warning, info"):
            parse_severities([bad])
