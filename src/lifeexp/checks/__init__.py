"""Validate journeys and catalogs: the schema plus a lint layer of semantic checks.

>>> import lifeexp
>>> result = lifeexp.validate(["journeys/", "catalogs/"])  # doctest: +SKIP
>>> result.ok, len(result.diagnostics)  # doctest: +SKIP
(True, 0)

Every problem is a :class:`~lifeexp.diagnostics.Diagnostic` with a stable code from
:data:`RULES` (documented in ``docs/reference/diagnostics.md``). Severities can be changed and
checks selected or ignored with :class:`CheckConfig`; a YAML author can silence a check at one
step or transition (or the whole journey) with a ``suppress`` entry that records the reason::

    suppress:
      - code: LX603
        reason: SSA must re-verify the SSN at the interview by law.

:func:`validate` never raises for a problem in the input: it returns a
:class:`ValidationResult` holding the diagnostics, the journeys that loaded, the merged
catalog and every ``estimate`` marker.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lifeexp.checks._catalog import check_catalog_file
from lifeexp.checks._estimates import Estimate, catalog_estimates, journey_estimates
from lifeexp.checks._feedback import check_feedback
from lifeexp.checks._findings import Finding
from lifeexp.checks._honest import DEFAULT_VOLUME_FACTOR
from lifeexp.checks._journey import check_journey as _check_journey
from lifeexp.checks._registry import (
    FINDING_CODES,
    RULES,
    Rule,
    RuleKind,
    get_rule,
    rules_matching,
)
from lifeexp.diagnostics import Diagnostic, Severity
from lifeexp.formatting import counted
from lifeexp.loading import (
    DEFAULT_LIMITS,
    CatalogBuild,
    DocumentKind,
    LoadedFile,
    Locator,
    bundled_catalog,
    bundled_catalog_files,
    display_path,
    expand_paths,
    in_memory_name,
    limits_for,
    load_catalog,
    locator_of,
    merge_catalog_files,
    raise_on_errors,
    read_document,
    render_loc,
    unique_catalog_files,
)
from lifeexp.loading import load_journey as _load_journey_file
from lifeexp.loading import load_journeys as _load_journey_files
from lifeexp.model import Catalog, CatalogFile, Journey, JourneyState, Suppression

__all__ = [
    "RULES",
    "CheckConfig",
    "Estimate",
    "Rule",
    "RuleKind",
    "ValidationResult",
    "check_journeys",
    "get_rule",
    "load_journey",
    "load_journeys",
    "parse_severities",
    "rules_markdown",
    "rules_matching",
    "validate",
]

PathLike = str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """Which checks run and how serious they are.

    Attributes:
        select: Codes or prefixes to report (``["LX3", "LX601"]``); ``None`` means all.
        ignore: Codes or prefixes never to report.
        severities: Severity overrides per code, e.g. ``{"LX603": Severity.error}``.
        volume_factor: LX510 warns when a step's implied volume (entry volume × reach) and
            its published program volume differ by more than this factor.

    Reading and schema codes (LX0xx, LX1xx, LX201) are always reported at their default
    severity: a file that cannot be read cannot be checked further.

    Raises:
        ValueError: a code or prefix matches no rule.
    """

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severities: Mapping[str, Severity] = field(default_factory=dict)
    volume_factor: float = DEFAULT_VOLUME_FACTOR

    def __post_init__(self) -> None:
        if not self.volume_factor >= 1.0:
            msg = f"the volume factor must be a number of at least 1, got {self.volume_factor!r}"
            raise ValueError(msg)
        # Validate eagerly so a typo in a code is a usage error, not a silent no-op.
        if self.select is not None:
            rules_matching(self.select)
        rules_matching(self.ignore)
        for code in self.severities:
            if code not in RULES:
                msg = f"{code!r} is not a diagnostic code"
                raise ValueError(msg)

    def enabled(self, code: str) -> bool:
        """Whether findings with this code are reported."""
        rule = RULES.get(code)
        if rule is None or not rule.configurable:
            return True
        if self.select is not None and code not in rules_matching(self.select):
            return False
        return code not in rules_matching(self.ignore)

    def is_finding(self, code: str) -> bool:
        """Whether diagnostics with this code are findings about the service, kept out of the
        lint stream; a finding whose severity the team overrides is gated on like a problem."""
        return code in FINDING_CODES and code not in self.severities

    def severity(self, code: str) -> Severity:
        """The severity findings with this code are reported at."""
        rule = RULES.get(code)
        if rule is None:
            return Severity.error
        if rule.configurable and code in self.severities:
            return Severity(self.severities[code])
        return rule.severity


def parse_severities(values: Iterable[str]) -> dict[str, Severity]:
    """Severity overrides written ``CODE=LEVEL`` (``--severity LX603=error``).

    >>> parse_severities(["lx603=Error", "LX410 = info"])
    {'LX603': <Severity.error: 'error'>, 'LX410': <Severity.info: 'info'>}

    Raises:
        ValueError: an entry is not ``CODE=LEVEL`` with a known level; the message says so.
    """
    out: dict[str, Severity] = {}
    for value in values:
        code, sep, level = value.partition("=")
        try:
            if not sep:
                raise ValueError
            out[code.strip().upper()] = Severity(level.strip().lower())
        except ValueError:
            msg = f"expected CODE=LEVEL with LEVEL one of error, warning, info; got {value!r}"
            raise ValueError(msg) from None
    return out


@dataclass(slots=True)
class ValidationResult:
    """What :func:`validate` found.

    Attributes:
        diagnostics: Every problem in the files, sorted by file, line, column and code. These
            decide :attr:`ok`.
        findings: Findings about the service (asks again for data the government holds, a
            form without an OMB number; see :class:`RuleKind`), sorted the same way. They
            never decide :attr:`ok`.
        journeys: The journeys that loaded (schema-valid), in input order.
        catalog: The merged catalog (bundled plus any given).
        estimates: Every ``estimate`` marker in the journeys and in the catalog files given.
        strict: Whether warnings count as failures.
        files: Number of files read (journeys and catalogs given, not the bundled catalogs).
    """

    diagnostics: list[Diagnostic]
    journeys: list[Journey]
    catalog: Catalog
    estimates: list[Estimate] = field(default_factory=list)
    strict: bool = False
    files: int = 0
    findings: list[Diagnostic] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        """Number of diagnostics of one severity."""
        return sum(1 for d in self.diagnostics if d.severity is severity)

    @property
    def errors(self) -> list[Diagnostic]:
        """The error diagnostics."""
        return [d for d in self.diagnostics if d.severity is Severity.error]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The warning diagnostics."""
        return [d for d in self.diagnostics if d.severity is Severity.warning]

    @property
    def ok(self) -> bool:
        """No errors (and, when strict, no warnings)."""
        failing = {Severity.error, Severity.warning} if self.strict else {Severity.error}
        return not any(d.severity in failing for d in self.diagnostics)

    def summary(self, *, findings_listed: bool = False) -> str:
        """The one-line verdict ``lifeexp validate`` ends with.

        Args:
            findings_listed: The findings were listed above (``--findings``); otherwise the
                sentence says how to list them.

        >>> from lifeexp.model import Catalog
        >>> ValidationResult([], [], Catalog(), files=2).summary()
        'All good: 2 files checked, no problems.'
        """
        errors = self.count(Severity.error)
        warnings = self.count(Severity.warning)
        notes = self.count(Severity.info)
        files = counted(self.files, "file")
        found = len(self.findings)
        how = "" if findings_listed else " (--findings)"
        about = f"; {counted(found, 'finding')} about the service{how}" if found else ""
        if not self.diagnostics:
            return f"All good: {files} checked, no problems{about}."
        verdict = "failed" if not self.ok else "passed"
        strict = " (--strict: warnings fail)" if self.strict and warnings else ""
        return (
            f"Validation {verdict}: {counted(errors, 'error')}, {counted(warnings, 'warning')}, "
            f"{counted(notes, 'note')} in {files}{strict}{about}."
        )


# --- applying configuration and suppressions ----------------------------------------------


@dataclass(slots=True)
class _Context:
    """One journey's file and suppression bookkeeping while its findings are turned into
    diagnostics."""

    locator: Locator
    journey_suppress: list[Suppression]
    used: set[int] = field(default_factory=set)
    document: Any = None
    """The journey as data, for a journey that has no file (its places are named by path)."""


def _to_diagnostics(
    findings: Iterable[Finding],
    ctx: _Context,
    config: CheckConfig,
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for finding in findings:
        if not config.enabled(finding.code):
            continue
        rule = RULES[finding.code]
        if rule.configurable:
            silencers = [
                s for s in (*finding.suppressions, *ctx.journey_suppress) if s.code == finding.code
            ]
            if silencers:
                ctx.used.update(id(s) for s in silencers)
                continue
        message = finding.message
        if ctx.document is not None:
            # A journey built or changed in Python has no file positions: name the place in
            # the document instead (`steps[apply].agency: unknown agency 'SAA'`).
            loc = finding.loc[:-1] if finding.loc[-1:] == ("id",) else finding.loc
            message = f"{render_loc(loc, ctx.document)}: {message}"
        out.append(
            ctx.locator.diagnostic(
                finding.loc,
                finding.code,
                message,
                severity=config.severity(finding.code),
                hint=finding.hint,
                at_key=finding.at_key,
            )
        )
    return out


def _suppression_findings(journey: Journey, used: set[int]) -> list[Finding]:
    places: list[tuple[tuple[str | int, ...], list[Suppression]]] = [
        (("suppress",), journey.suppress)
    ]
    places += [(("steps", i, "suppress"), s.suppress) for i, s in enumerate(journey.steps)]
    places += [
        (("transitions", j, "suppress"), t.suppress) for j, t in enumerate(journey.transitions)
    ]
    out: list[Finding] = []
    for loc, entries in places:
        for k, entry in enumerate(entries):
            rule = RULES.get(entry.code)
            here = (*loc, k, "code")
            if rule is None or not rule.configurable:
                why = "does not exist" if rule is None else "cannot be suppressed"
                out.append(Finding("LX701", f"suppressed code {entry.code} {why}", here))
            elif id(entry) not in used:
                out.append(
                    Finding("LX702", f"suppression of {entry.code} silences nothing here", here)
                )
    return out


def _check_one(journey: Journey, catalog: Catalog, config: CheckConfig) -> list[Diagnostic]:
    locator = locator_of(journey)
    ctx = _Context(locator, list(journey.suppress))
    if locator.path is None:
        ctx.locator = Locator(in_memory_name(journey))
        ctx.document = journey.model_dump(mode="json", by_alias=True)
    findings = _check_journey(journey, catalog, volume_factor=config.volume_factor)
    diagnostics = _to_diagnostics(findings, ctx, config)
    feedback_findings, export_problems = check_feedback(journey)
    diagnostics += _to_diagnostics(feedback_findings, ctx, config)
    diagnostics += export_problems  # located in the export files; never configurable
    diagnostics += _to_diagnostics(_suppression_findings(journey, ctx.used), ctx, config)
    return diagnostics


def _cross_journey(journeys: list[Journey], config: CheckConfig) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    first: dict[str, Journey] = {}
    ids = {j.id for j in journeys}
    for journey in journeys:
        ctx = _Context(locator_of(journey), list(journey.suppress))
        findings: list[Finding] = []
        if journey.id in first:
            other = locator_of(first[journey.id]).path or "another journey"
            findings.append(
                Finding("LX307", f"journey id {journey.id!r} is also used by {other}", ("id",))
            )
        else:
            first[journey.id] = journey
        if journey.compares_to is not None and journey.compares_to == journey.id:
            findings.append(
                Finding(
                    "LX312",
                    f"compares_to names this journey itself ({journey.id!r}); name the "
                    "current-state journey it improves on",
                    ("compares_to",),
                )
            )
        elif (
            journey.state is JourneyState.future
            and journey.compares_to is not None
            and journey.compares_to not in ids
        ):
            findings.append(
                Finding(
                    "LX308",
                    f"compares_to {journey.compares_to!r} is not among the journeys loaded",
                    ("compares_to",),
                    hint="validate the current-state journey together with this one",
                )
            )
        out += _to_diagnostics(findings, ctx, config)
    return out


def check_journeys(
    journeys: Sequence[Journey],
    catalog: Catalog,
    *,
    config: CheckConfig | None = None,
) -> list[Diagnostic]:
    """Run the semantic checks on journeys that are already loaded.

    Args:
        journeys: The journeys (from files or built in Python).
        catalog: The catalog to resolve references against.
        config: Selection and severities; all checks at default severity when omitted.

    Returns:
        The diagnostics, sorted: problems and findings about the service alike (use
        :meth:`CheckConfig.is_finding` to tell them apart).
    """
    cfg = config or CheckConfig()
    diagnostics: list[Diagnostic] = []
    for journey in journeys:
        diagnostics += _check_one(journey, catalog, cfg)
    diagnostics += _cross_journey(list(journeys), cfg)
    return sorted(diagnostics, key=Diagnostic.sort_key)


def _catalog_for(catalog: Catalog | None, catalogs: Iterable[PathLike]) -> Catalog:
    if catalog is not None:
        return catalog
    extra = list(catalogs)
    # the bundled catalogs (read once per process) plus the given ones
    return load_catalog(*extra) if extra else bundled_catalog()


def load_journey(
    path: PathLike,
    *,
    catalogs: Iterable[PathLike] = (),
    catalog: Catalog | None = None,
    check: bool = True,
    max_file_size: int | None = None,
) -> Journey:
    """Load one journey file and check it as ``lifeexp validate`` and ``lifeexp score`` do
    (``lifeexp.load_journey``).

    A journey with ``agency: SAA`` used to load and score silently from Python while the
    commands rejected it; by default both now check the references against the bundled
    catalogs (plus ``catalogs``) and stop on an error.

    Args:
        path: The journey YAML file.
        catalogs: Extra catalog files or folders; they extend the bundled catalogs (like
            ``--catalog``).
        catalog: A catalog already loaded, used instead of the bundled plus ``catalogs``.
        check: ``False`` returns the raw model, checked against the schema only (no catalog
            references, no graph checks), for tools that check it themselves.
        max_file_size: Largest file read, in bytes (default 8 MiB, ``LX003`` above it), like
            ``--max-file-size``.

    Raises:
        JourneyLoadError: The file is missing, unreadable or not well-formed YAML.
        JourneyValidationError: The file breaks the schema, or (unless ``check=False``) an
            error-level check: an unknown agency, form or step, probabilities that do not sum
            to 1, a loop with no way out... Every problem is in ``.diagnostics``, located.
        CatalogError: A given catalog cannot be loaded.
    """
    journey = _load_journey_file(path, max_file_size=max_file_size)
    if check:
        found = check_journeys([journey], _catalog_for(catalog, catalogs))
        raise_on_errors(found, "a journey")
    return journey


def load_journeys(
    paths: PathLike | Iterable[PathLike],
    *,
    catalogs: Iterable[PathLike] = (),
    catalog: Catalog | None = None,
    check: bool = True,
    max_file_size: int | None = None,
) -> list[Journey]:
    """Load journey files and folders (recursively), checked as :func:`load_journey` does
    (``lifeexp.load_journeys``).

    A folder contributes its ``*.yaml``/``*.yml`` files and those of its sub-folders, sorted
    by path; catalog files found in a folder are skipped. Files named explicitly are always
    read as journeys.

    Args:
        paths: Files and folders (one path or several).
        catalogs: As for :func:`load_journey`.
        catalog: As for :func:`load_journey`.
        check: As for :func:`load_journey`.
        max_file_size: As for :func:`load_journey`.

    Raises:
        JourneyLoadError: a path is missing, a folder has no journeys, or a file cannot be
            parsed; carries the diagnostics of every file.
        JourneyValidationError: files parse but break the schema or (unless
            ``check=False``) an error-level check.
        CatalogError: A given catalog cannot be loaded.
    """
    journeys = _load_journey_files(paths, max_file_size=max_file_size)
    if check:
        raise_on_errors(check_journeys(journeys, _catalog_for(catalog, catalogs)), "journeys")
    return journeys


def _check_catalog_files(
    build: CatalogBuild, explicit: set[Path], config: CheckConfig
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for loaded in build.files:
        if loaded.path.resolve() not in explicit or not isinstance(loaded.model, CatalogFile):
            continue
        ctx = _Context(loaded.locator, [])
        out += _to_diagnostics(check_catalog_file(loaded.model, build.catalog), ctx, config)
    return out


def validate(
    paths: Iterable[PathLike | Journey],
    *,
    catalog_paths: Iterable[PathLike] = (),
    strict: bool = False,
    config: CheckConfig | None = None,
    include_bundled: bool = True,
    follow_symlinks: bool = False,
    max_file_size: int | None = None,
) -> ValidationResult:
    """Load journeys and catalogs, check them, and collect every problem.

    Args:
        paths: Journey files, catalog files and folders of either (a file's kind is read from
            its ``$schema`` modeline or its top-level keys). Catalog files given here extend
            the catalog and are checked themselves. :class:`~lifeexp.model.Journey` objects
            may be mixed in.
        catalog_paths: Extra catalog files or folders (always read as catalogs).
        strict: Count warnings as failures in :attr:`ValidationResult.ok`.
        config: Selection and severity overrides.
        include_bundled: Resolve references against the bundled catalogs too (default).
        follow_symlinks: Also read files in the folders given that are symbolic links to
            files outside the folder (by default they are skipped with an ``LX014`` warning).
        max_file_size: Largest journey or catalog file read, in bytes (default 8 MiB); a
            larger one is refused before parsing with ``LX003``.

    Returns:
        The :class:`ValidationResult`; never raises for problems in the input.
    """
    cfg = config or CheckConfig()
    items = list(paths)
    given_journeys = [p for p in items if isinstance(p, Journey)]
    path_items = [p for p in items if not isinstance(p, Journey)]
    diagnostics: list[Diagnostic] = []

    files, problems = expand_paths(path_items, follow_symlinks=follow_symlinks)
    diagnostics += problems
    limits = limits_for(max_file_size)
    read: dict[Path, LoadedFile] = {}
    journey_files: list[LoadedFile] = []
    catalog_files: list[Path] = []
    for file in files:
        loaded = read_document(file, limits=limits)
        read[file.resolve()] = loaded
        if loaded.kind is DocumentKind.catalog:
            catalog_files.append(file)
        else:
            journey_files.append(loaded)

    extra, problems = expand_paths(list(catalog_paths), follow_symlinks=follow_symlinks)
    diagnostics += problems
    for file in extra:
        key = file.resolve()
        if key in read and read[key].kind is DocumentKind.journey:
            diagnostics.append(
                Diagnostic(
                    "LX012",
                    Severity.error,
                    "expected a catalog file but this is a journey",
                    display_path(file),
                    1,
                    1,
                    "pass journeys as PATH arguments, catalogs with --catalog",
                )
            )
            continue
        if key not in read:
            read[key] = read_document(file, kind=DocumentKind.catalog, limits=limits)
        if file not in catalog_files:
            catalog_files.append(file)

    ordered = unique_catalog_files(catalog_files, include_bundled=include_bundled)
    # The bundled catalogs ship with lifeexp: a lowered limit is for the user's files.
    shipped = {p.resolve() for p in bundled_catalog_files()}
    loaded_catalogs = [
        read.get(p.resolve())
        or read_document(
            p,
            kind=DocumentKind.catalog,
            limits=DEFAULT_LIMITS if p.resolve() in shipped else limits,
        )
        for p in ordered
    ]
    build = merge_catalog_files(loaded_catalogs)
    diagnostics += build.diagnostics
    explicit_catalogs = {p.resolve() for p in catalog_files}
    diagnostics += _check_catalog_files(build, explicit_catalogs, cfg)

    journeys: list[Journey] = []
    for loaded in journey_files:
        diagnostics += loaded.diagnostics
        if isinstance(loaded.model, Journey):
            journeys.append(loaded.model)
    journeys += given_journeys
    diagnostics += check_journeys(journeys, build.catalog, config=cfg)

    estimates = [e for j in journeys for e in journey_estimates(j, locator_of(j))]
    explicit_build = CatalogBuild(
        build.catalog, [f for f in build.files if f.path.resolve() in explicit_catalogs]
    )
    estimates += list(catalog_estimates(explicit_build))

    unique = list(dict.fromkeys(diagnostics))  # a file's problems are collected once
    findings = [d for d in unique if cfg.is_finding(d.code)]
    problems = [d for d in unique if not cfg.is_finding(d.code)]
    return ValidationResult(
        diagnostics=sorted(problems, key=Diagnostic.sort_key),
        findings=sorted(findings, key=Diagnostic.sort_key),
        journeys=journeys,
        catalog=build.catalog,
        estimates=estimates,
        strict=strict,
        files=len({f.resolve() for f in (*files, *extra)}),
    )


def rules_markdown() -> str:
    """The diagnostics reference page (``docs/reference/diagnostics.md``) as Markdown."""
    from lifeexp.checks._docs import render_rules

    return render_rules()
