"""``lifeexp validate``: check journeys and catalogs against the schema and the lint rules.

This command sits on the start-up path that the speed benchmark measures, so it imports only
the loader and the checks (pydantic and PyYAML); networkx, numpy and rich stay unloaded.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from lifeexp.checks import CheckConfig, Estimate, ValidationResult
from lifeexp.checks import validate as run_validation
from lifeexp.cli._common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    catalog_option,
    echo_json,
    follow_symlinks_option,
    format_diagnostic_github,
    format_diagnostic_text,
    format_option,
    handle_errors,
    safe_text,
)
from lifeexp.diagnostics import Diagnostic, Severity

__all__ = ["validate"]

_STYLE = {Severity.error: "red", Severity.warning: "yellow", Severity.info: "cyan"}


def _split_codes(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def _parse_severities(values: tuple[str, ...]) -> dict[str, Severity]:
    out: dict[str, Severity] = {}
    for value in values:
        code, sep, level = value.partition("=")
        try:
            if not sep:
                raise ValueError
            out[code.strip().upper()] = Severity(level.strip().lower())
        except ValueError:
            msg = f"expected CODE=LEVEL with LEVEL one of error, warning, info; got {value!r}"
            raise click.BadParameter(msg, param_hint="'--severity'") from None
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary(result: ValidationResult) -> str:
    errors = result.count(Severity.error)
    warnings = result.count(Severity.warning)
    notes = result.count(Severity.info)
    files = _plural(result.files, "file")
    if not result.diagnostics:
        return f"All good: {files} checked, no problems."
    verdict = "failed" if not result.ok else "passed"
    strict = " (--strict: warnings fail)" if result.strict and warnings else ""
    return (
        f"Validation {verdict}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}, "
        f"{_plural(notes, 'note')} in {files}{strict}."
    )


def _estimate_line(estimate: Estimate) -> str:
    return safe_text(
        f"{estimate.location}: estimate: {estimate.subject}: {estimate.what} = {estimate.value}"
        f" — {' '.join(estimate.rationale.split())}"
    )


def _text_line(diagnostic: Diagnostic, colour: bool) -> str:
    line = format_diagnostic_text(diagnostic)
    if not colour:
        return line
    label = f"{diagnostic.severity.value}[{diagnostic.code}]"
    return line.replace(label, click.style(label, fg=_STYLE[diagnostic.severity], bold=True), 1)


@click.command()
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PATH..."
)
@catalog_option
@format_option(
    "text",
    "json",
    "github",
    help="text: path:line:col lines; json: one JSON document; github: Actions annotations.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@click.option(
    "--list-estimates",
    is_flag=True,
    help="Also list every figure marked as an estimate, with its value and rationale.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Report only these codes or prefixes (comma-separated, repeatable), e.g. LX3,LX601.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Never report these codes or prefixes (comma-separated, repeatable).",
)
@click.option(
    "--severity",
    "severities",
    multiple=True,
    metavar="CODE=LEVEL",
    help="Change a code's severity, e.g. LX603=error (repeatable).",
)
@click.option(
    "--no-bundled-catalogs",
    is_flag=True,
    help="Resolve references only against the catalogs given, not the bundled ones.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary line.")
@follow_symlinks_option
@handle_errors
def validate(
    paths: tuple[Path, ...],
    catalogs: tuple[Path, ...],
    fmt: str,
    strict: bool,
    list_estimates: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    severities: tuple[str, ...],
    no_bundled_catalogs: bool,
    quiet: bool,
    follow_symlinks: bool,
) -> None:
    """Check journey and catalog files (or folders of them) and report every problem.

    Each problem is printed as path:line:column: severity[CODE]: message; the codes are
    explained in the diagnostics reference. Catalog files given as PATH are checked too and
    extend the bundled catalogs, as do those given with --catalog.

    Exit codes: 0 no errors, 1 errors found (or warnings with --strict), 2 usage error,
    3 internal error.
    """
    try:
        config = CheckConfig(
            select=_split_codes(select) or None,
            ignore=_split_codes(ignore),
            severities=_parse_severities(severities),
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None

    result = run_validation(
        list(paths),
        catalog_paths=list(catalogs),
        strict=strict,
        config=config,
        include_bundled=not no_bundled_catalogs,
        follow_symlinks=follow_symlinks,
    )
    shown = [d for d in result.diagnostics if not quiet or d.severity is Severity.error]

    if fmt == "json":
        payload: dict[str, object] = {
            "ok": result.ok,
            "files": result.files,
            "journeys": [j.id for j in result.journeys],
            "counts": {s.value: result.count(s) for s in Severity},
            "diagnostics": [d.to_dict() for d in shown],
        }
        if list_estimates:
            payload["estimates"] = [e.to_dict() for e in result.estimates]
        echo_json(payload)
    else:
        colour = fmt == "text" and sys.stdout.isatty()
        for d in shown:
            click.echo(format_diagnostic_github(d) if fmt == "github" else _text_line(d, colour))
        if list_estimates:
            for e in result.estimates:
                click.echo(_estimate_line(e))
            click.echo(f"{_plural(len(result.estimates), 'estimate')} listed.")
        click.echo(_summary(result))
    raise click.exceptions.Exit(EXIT_OK if result.ok else EXIT_PROBLEMS)
