"""``lifeexp validate``: check journeys and catalogs against the schema and the lint rules.

This command sits on the start-up path that the speed benchmark measures, so it imports only
the loader and the checks (pydantic and PyYAML); networkx, numpy and rich stay unloaded.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from lifeexp.checks import CheckConfig, parse_severities
from lifeexp.checks import validate as run_validation
from lifeexp.cli._common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    catalog_option,
    echo_json,
    follow_symlinks_option,
    format_diagnostic_text,
    format_option,
    handle_errors,
    max_file_size_option,
    project_or_exit,
    safe_text,
)
from lifeexp.diagnostics import Diagnostic, Severity
from lifeexp.formatting import counted
from lifeexp.project import catalogs_for

__all__ = ["validate"]

_STYLE = {Severity.error: "red", Severity.warning: "yellow", Severity.info: "cyan"}


def _split_codes(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def _from_default(ctx: click.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source in (None, click.core.ParameterSource.DEFAULT)


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
    "--findings",
    "show_findings",
    is_flag=True,
    help="Also list the findings about the service (data asked for again, forms without an "
    "OMB number); they never fail validation.",
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
@click.option(
    "--volume-factor",
    type=click.FloatRange(min=1.0, max=1e6),
    default=1.25,
    show_default=True,
    metavar="FACTOR",
    help="LX510 warns when a step's implied volume (entry volume × reach) and its published "
    "program volume differ by more than this factor.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read settings from this file instead of the lifeexp.toml or pyproject.toml "
    "[tool.lifeexp] found above the first PATH.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary line.")
@follow_symlinks_option
@max_file_size_option
@click.pass_context
@handle_errors
def validate(
    ctx: click.Context,
    paths: tuple[Path, ...],
    catalogs: tuple[Path, ...],
    fmt: str,
    strict: bool,
    list_estimates: bool,
    show_findings: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    severities: tuple[str, ...],
    no_bundled_catalogs: bool,
    volume_factor: float,
    config_file: Path | None,
    quiet: bool,
    follow_symlinks: bool,
    max_file_size: int | None,
) -> None:
    """Check journey and catalog files (or folders of them) and report every problem.

    Each problem is printed as path:line:column: severity[CODE]: message; the codes are
    explained in the diagnostics reference. Catalog files given as PATH are checked too and
    extend the bundled catalogs, as do those given with --catalog.

    Findings about the service (a step asks again for data an earlier step collected, a
    federal form shows no OMB number) are facts a current-state journey records, not
    mistakes: they are counted in the summary, listed with --findings, scored by lifeexp
    score and shown in the report, and never fail validation.

    Settings come from the project's lifeexp.toml (or [tool.lifeexp] in pyproject.toml),
    found in the folder of the first PATH or a parent: catalog folders, format, strict,
    select, ignore, severities and max_file_size; flags add to or override them. Without configured
    catalogs, a catalogs/ folder beside the journeys is used.

    Exit codes: 0 no errors, 1 errors found (or warnings with --strict), 2 usage error
    (including a broken configuration file), 3 internal error.
    """
    project = project_or_exit(list(paths), config_file)
    try:
        try:
            given = parse_severities(severities)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="'--severity'") from None
        severity_overrides = {**project.severities, **given}
        config = CheckConfig(
            select=_split_codes(select) or project.select,
            ignore=(*project.ignore, *_split_codes(ignore)),
            severities=severity_overrides,
            volume_factor=volume_factor,
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if project.format is not None and _from_default(ctx, "fmt"):
        fmt = project.format
    strict = strict or project.strict

    result = run_validation(
        list(paths),
        catalog_paths=catalogs_for(paths, catalogs, project),
        strict=strict,
        config=config,
        include_bundled=project.bundled_catalogs and not no_bundled_catalogs,
        follow_symlinks=follow_symlinks,
        max_file_size=max_file_size or project.max_file_size,
    )
    shown = [d for d in result.diagnostics if not quiet or d.severity is Severity.error]

    if fmt == "json":
        payload: dict[str, object] = {
            "ok": result.ok,
            "files": result.files,
            "journeys": [j.id for j in result.journeys],
            "counts": {s.value: result.count(s) for s in Severity},
            "findings_count": len(result.findings),
            "diagnostics": [d.to_dict() for d in shown],
        }
        if list_estimates:
            payload["estimates"] = [e.to_dict() for e in result.estimates]
        if show_findings:
            payload["findings"] = [d.to_dict() for d in result.findings]
        echo_json(payload)
    else:
        colour = fmt == "text" and sys.stdout.isatty()
        for d in shown:
            click.echo(d.github_annotation() if fmt == "github" else _text_line(d, colour))
        if show_findings and result.findings:
            if fmt != "github":
                click.echo("Findings about the service (not problems in the file):")
            for d in result.findings:
                click.echo(d.github_annotation() if fmt == "github" else _text_line(d, colour))
        if list_estimates:
            for e in result.estimates:
                click.echo(safe_text(e.line_text()))
            click.echo(f"{counted(len(result.estimates), 'estimate')} listed.")
        click.echo(result.summary(findings_listed=show_findings))
    raise click.exceptions.Exit(EXIT_OK if result.ok else EXIT_PROBLEMS)
