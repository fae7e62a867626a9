"""The mapping file: which log activities are which journey steps, and which organisations
are which catalog agencies.

.. code-block:: yaml

    activities:
      "Application received": file-claim      # exact name
      "Claim review *": ssa-review            # a glob pattern (* and ?)
      "re:^Letter .* sent$": notify           # a regular expression after "re:"
      "Internal QA check": null               # ignored on purpose
    organisations:
      "SSA Field Office *": SSA

Several activities may map to one step (their consecutive events are one visit). An exact name
wins over a pattern; patterns are tried in file order and the first match wins. Activities
that match nothing are *unmapped*: left out and listed by event count in the conformance
section. Step ids are checked against the journey and agency ids against the catalog, each
unknown id a located error with a did-you-mean hint.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lifeexp.diagnostics import Diagnostic
from lifeexp.evidence._errors import EvidenceError
from lifeexp.evidence.logs import ActivityCount, Resolution
from lifeexp.loading import Locator, YamlProblem, did_you_mean, parse_yaml, read_text

__all__ = ["LogMapping", "identity_mapping", "load_mapping"]

_SECTIONS = ("activities", "organisations")


@dataclass(frozen=True, slots=True)
class _Rule:
    text: str
    target: str | None
    pattern: re.Pattern[str] | None  # None for an exact name


@dataclass(frozen=True, slots=True)
class LogMapping:
    """A mapping from log activities to step ids and log organisations to agency ids.

    Build one with :func:`load_mapping` (a file) or :meth:`from_dict` (Python).
    """

    activities: tuple[_Rule, ...] = ()
    organisations: tuple[_Rule, ...] = ()
    path: str | None = None
    sha256: str | None = None
    locator: Locator | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_dict(
        cls,
        activities: dict[str, str | None],
        organisations: dict[str, str] | None = None,
    ) -> LogMapping:
        """A mapping from Python dicts, with the same pattern rules as the file."""
        data = {"activities": activities, "organisations": organisations or {}}
        return _build(data, Locator(None), None, None)

    @property
    def targets(self) -> set[str]:
        """Every step id the mapping names."""
        return {r.target for r in self.activities if r.target is not None}

    def check(
        self,
        step_ids: Iterable[str],
        agency_ids: Iterable[str] | None,
        locator: Locator | None = None,
    ) -> list[Diagnostic]:
        """Unknown step and agency ids, located in the file."""
        loc = locator or self.locator or Locator(self.path)
        checks = [("activities", self.activities, set(step_ids), "LX921", "step of the journey")]
        if agency_ids is not None:
            checks.append(
                ("organisations", self.organisations, set(agency_ids), "LX922",
                 "agency of the catalog")
            )  # fmt: skip
        out: list[Diagnostic] = []
        for section, rules, known, code, what in checks:
            for rule in rules:
                if rule.target is None or rule.target in known:
                    continue
                message = f"{section}: {rule.text!r} maps to {rule.target!r}, which is not a {what}"
                hint = did_you_mean(rule.target, known)
                out.append(loc.diagnostic((section, rule.text), code, message, hint=hint))
        return out

    def resolve(self, activities: Sequence[ActivityCount], orgs: Sequence[str]) -> Resolution:
        """Apply the mapping to the log's distinct activities and organisations."""
        steps: dict[str, str] = {}
        ignored: set[str] = set()
        for a in activities:
            hit = _match(self.activities, a.activity)
            if hit is None:
                continue
            if hit.target is None:
                ignored.add(a.activity)
            else:
                steps[a.activity] = hit.target
        agency: dict[str, str] = {}
        for o in orgs:
            hit = _match(self.organisations, o)
            if hit is not None and hit.target is not None:
                agency[o] = hit.target
        return Resolution(steps, ignored, agency)


def identity_mapping(step_ids: Iterable[str]) -> LogMapping:
    """The mapping used when the log's activities already are step ids."""
    return LogMapping(activities=tuple(_Rule(s, s, None) for s in step_ids))


def _match(rules: Sequence[_Rule], name: str) -> _Rule | None:
    for r in rules:
        if r.pattern is None and r.text == name:
            return r
    for r in rules:
        if r.pattern is not None and r.pattern.fullmatch(name):
            return r
    return None


def load_mapping(path: str | Path) -> LogMapping:
    """Read and check a mapping file (its ids are checked against a journey by
    :meth:`LogMapping.check`).

    Raises:
        EvidenceError: The file cannot be read, is not valid YAML, or breaks the format.
    """
    from lifeexp.loading import display_path

    p = Path(path)
    shown = display_path(p)
    try:
        text = read_text(p, display=shown)
        parsed = parse_yaml(text, shown)
    except YamlProblem as exc:
        raise EvidenceError(f"cannot read the mapping file {shown}", [exc.diagnostic]) from None
    if parsed.diagnostics:
        raise EvidenceError(f"cannot read the mapping file {shown}", parsed.diagnostics)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _build(parsed.data, parsed.locator, shown, digest)


def _build(data: Any, loc: Locator, shown: str | None, digest: str | None) -> LogMapping:
    problems: list[Diagnostic] = []

    def problem(where: tuple[Any, ...], message: str, hint: str | None = None) -> None:
        problems.append(loc.diagnostic(where, "LX923", message, hint=hint, at_key=True))

    if not isinstance(data, dict):
        problem((), "a mapping file is a mapping with 'activities' (and 'organisations')")
        raise EvidenceError(f"the mapping file {shown or ''} is not valid".strip(), problems)
    for key in data:
        if key not in _SECTIONS:
            problem((key,), f"unknown section {key!r}", did_you_mean(key, _SECTIONS))
    sections: dict[str, tuple[_Rule, ...]] = {}
    for section in _SECTIONS:
        raw = data.get(section) or {}
        if not isinstance(raw, dict):
            problem((section,), f"{section} must map names to ids")
            continue
        rules: list[_Rule] = []
        for name, target in raw.items():
            if target is not None and not isinstance(target, str):
                problem((section, name), f"{section}: {name!r} must map to an id or null")
                continue
            if section == "organisations" and target is None:
                problem((section, name), f"organisations: {name!r} must map to an agency id")
                continue
            try:
                rules.append(_Rule(name, target, _pattern(name)))
            except re.error as exc:
                problem((section, name), f"{section}: {name!r} is not a valid pattern ({exc})")
        sections[section] = tuple(rules)
    if problems:
        raise EvidenceError(f"the mapping file {shown or ''} is not valid".strip(), problems)
    return LogMapping(
        activities=sections.get("activities", ()),
        organisations=sections.get("organisations", ()),
        path=shown,
        sha256=digest,
        locator=loc,
    )


def _pattern(text: str) -> re.Pattern[str] | None:
    if text.startswith("re:"):
        return re.compile(text[3:])
    if any(c in text for c in "*?["):
        return re.compile(fnmatch.translate(text))
    return None
