"""Render the diagnostics reference page from the rule registry.

``python -m lifeexp.checks._docs > docs/reference/diagnostics.md`` regenerates the page; a test
fails when the committed page is stale.
"""

from __future__ import annotations

import sys
from itertools import groupby

from lifeexp.checks._registry import RULES, Rule, RuleKind

__all__ = ["render_rules"]

_GROUPS = {
    "LX0": "Reading files",
    "LX1": "Schema",
    "LX2": "Catalogs",
    "LX3": "References",
    "LX4": "Journey graph",
    "LX5": "Burden and provenance",
    "LX6": "Handoffs and tell-us-once",
    "LX7": "Suppressions",
}

_HEADER = """\
# Diagnostic codes

<!-- Generated from lifeexp.checks._registry by `python -m lifeexp.checks._docs`; do not edit.
     A test fails when this page is out of date. -->

`lifeexp validate` reports every problem as

```text
path:line:column: severity[CODE]: message (hint)
```

Each code below is stable: it keeps its meaning across releases and a retired code is never
reused. The **default severity** can be changed per code (`--severity LX603=error`), codes can
be selected or ignored (`--select LX3 --ignore LX404`, prefixes allowed), and a YAML author can
silence a check at one step or transition, or for the whole journey, with a reason that
reviewers can read:

```yaml
steps:
  - id: interview
    # ...
    suppress:
      - code: LX603
        reason: SSA must re-verify the SSN at the interview by law.
```

Reading and schema problems (LX0xx, LX1xx, LX201) cannot be ignored, re-graded or suppressed: a
file that cannot be read cannot be checked further. Errors make `lifeexp validate` exit with 1;
warnings do too with `--strict`; notes (info) never do.

A few codes are **findings about the service**, not problems in the file: facts about today's
government process that a current-state journey is right to record (a step asks again for
data an earlier step collected; a federal form shows no OMB control number). They are marked
below. `lifeexp validate` counts them in its summary and lists them with `--findings`; they
never fail it, `--strict` included, unless a team re-grades one (`--severity LX603=error`, or
`[severity]` in `lifeexp.toml`) to gate on it. Scoring counts the data asked for again
(repeated data entries, and the friction they add).

When one mistake has consequences, the root cause is reported once with the consequences
folded into its message: a loop with no way out names the earlier steps that cannot finish
(LX407), many unknown catalog ids are one "a catalog may be missing" (LX310), and a misspelt
step id is not followed by reachability errors.
"""


def _rule(rule: Rule) -> str:
    lines = [
        f"### {rule.code} {rule.name}",
        "",
        f"**{rule.title}** Default severity: *{rule.severity.value}*"
        + ("" if rule.configurable else " (not configurable)")
        + "."
        + (" A finding about the service." if rule.kind is RuleKind.finding else ""),
        "",
        rule.explanation,
        "",
    ]
    if rule.example:
        lines += ["Example that triggers it:", "", "```yaml", rule.example.rstrip("\n"), "```", ""]
    if rule.sample:
        line = f"path:line:column: {rule.severity.value}[{rule.code}]: {rule.sample}"
        lines += ["What it looks like:", "", "```text", line, "```", ""]
    return "\n".join(lines)


def render_rules() -> str:
    """The whole reference page as Markdown."""
    parts = [_HEADER]
    for prefix, rules in groupby(RULES.values(), key=lambda r: r.code[:3]):
        parts.append(f"## {prefix}xx: {_GROUPS.get(prefix, 'Other')}\n")
        parts.extend(_rule(r) for r in rules)
    return "\n".join(parts).rstrip("\n") + "\n"


if __name__ == "__main__":  # pragma: no cover - a developer tool
    sys.stdout.write(render_rules())
