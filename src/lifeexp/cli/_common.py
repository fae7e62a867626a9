"""Plumbing shared by every ``lifeexp`` command.

Every command module builds on the same few pieces so that all commands behave alike:

* :func:`handle_errors` turns a :class:`~lifeexp.errors.LifeexpError` into located messages
  on stderr and exit code 1, an ``OSError`` (disk full, permission denied) into exit code 3,
  and any other exception into exit code 3 with a short "internal error, please report" line
  instead of a traceback.
* :func:`load_journeys_or_exit` loads and validates journeys through the public API, prints
  the error-level diagnostics to stderr and exits 1 when there are any.
* :func:`format_option`, :func:`catalog_option`, :func:`follow_symlinks_option`,
  :func:`max_file_size_option` and :func:`scoring_options` (with ``overlay_option`` in
  ``_overlay``) are the options several commands share, with one help text each.
* :func:`emit_diagnostics` prints diagnostics as text, JSON or GitHub Actions annotations,
  escaping every user-supplied string for the chosen format.

Exit codes: 0 ok, 1 problems found, 2 usage error (click's own), 3 internal or environment
failure. Nothing here imports networkx, numpy or rich at import time, so commands that do not
need them start fast.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, ParamSpec, TextIO, TypeVar

import click

from lifeexp.diagnostics import Diagnostic, Severity
from lifeexp.errors import DiagnosticError, LifeexpError
from lifeexp.escaping import json_text, printable
from lifeexp.formatting import counted

if TYPE_CHECKING:
    from lifeexp.checks import ValidationResult
    from lifeexp.model import Journey
    from lifeexp.project import ProjectConfig
    from lifeexp.scoring import ScoringOptions

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "catalog_option",
    "echo_json",
    "emit_diagnostics",
    "follow_symlinks_option",
    "format_diagnostic_text",
    "format_option",
    "handle_errors",
    "load_journeys_or_exit",
    "load_or_exit",
    "max_file_size_option",
    "project_or_exit",
    "safe_text",
    "scoring_options",
    "scoring_options_from",
]

EXIT_OK: Final = 0
"""Everything went well."""
EXIT_PROBLEMS: Final = 1
"""The input has problems (bad YAML, schema or check errors, a missing file)."""
EXIT_USAGE: Final = 2
"""The command line itself is wrong (click uses this code for usage errors)."""
EXIT_INTERNAL: Final = 3
"""lifeexp or its environment failed: a bug, a full disk, a missing system tool."""

P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])


def safe_text(text: str) -> str:
    """Make a user-supplied string safe to print on one terminal or CI-log line.

    Control characters (including newlines and ANSI escape sequences) are shown as ``\\xNN``
    escapes, bidirectional overrides as ``\\uXXXX``, and GitHub workflow commands are
    neutralised (see :mod:`lifeexp.escaping`, the one place for these rules).

    >>> safe_text("ok\\x1b[31mred\\nnext")
    'ok\\\\x1b[31mred\\\\x0anext'
    """
    return printable(text)


def format_diagnostic_text(diagnostic: Diagnostic) -> str:
    """``path:line:col: severity[CODE]: message (hint)`` with user strings made printable."""
    return safe_text(diagnostic.format())


def emit_diagnostics(
    diagnostics: Iterable[Diagnostic],
    fmt: str = "text",
    *,
    stream: TextIO | None = None,
) -> None:
    """Print diagnostics in ``text``, ``json`` or ``github`` form.

    Args:
        diagnostics: What to print, in the order given.
        fmt: ``text`` (one ``path:line:col: severity[CODE]: message`` per line), ``json`` (one
            JSON array) or ``github`` (workflow commands that annotate a pull request).
        stream: Where to print; stderr by default.
    """
    out = stream if stream is not None else sys.stderr
    items = list(diagnostics)
    if fmt == "json":
        out.write(json_text(json.dumps([d.to_dict() for d in items], indent=2)) + "\n")
        return
    for d in items:
        out.write((d.github_annotation() if fmt == "github" else format_diagnostic_text(d)) + "\n")
    out.flush()


def echo_json(data: Any, *, stream: TextIO | None = None) -> None:
    """Print JSON (two-space indent, UTF-8 kept readable) to stdout or ``stream``."""
    out = stream if stream is not None else sys.stdout
    out.write(json_text(json.dumps(data, indent=2, ensure_ascii=False, default=str)) + "\n")
    out.flush()


def _fail(message: str, code: int) -> click.exceptions.Exit:
    click.echo(safe_text(message), err=True)
    return click.exceptions.Exit(code)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate a click command callback so that no user error shows a traceback.

    * :class:`~lifeexp.errors.LifeexpError` → its located diagnostics (or its message) on
      stderr, exit 1.
    * ``OSError`` (cannot write the output, disk full) → ``error: …`` on stderr, exit 3.
    * Any other exception → ``internal error, please report: …`` on stderr, exit 3.

    click's own exceptions (usage errors, ``--help``, ``Exit``) pass through untouched.

    Place it *under* the ``@click.command`` decorator::

        @click.command()
        @handle_errors
        def score(...): ...
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except LifeexpError as exc:
            diagnostics = exc.diagnostics if isinstance(exc, DiagnosticError) else []
            if diagnostics:
                emit_diagnostics(sorted(diagnostics, key=Diagnostic.sort_key))
                raise click.exceptions.Exit(EXIT_PROBLEMS) from None
            raise _fail(f"error: {exc}", EXIT_PROBLEMS) from None
        except BrokenPipeError:
            # `lifeexp ... | head`: the reader went away; nothing left to say.
            # Point stdout at devnull so the interpreter's final flush does not fail again.
            with contextlib.suppress(Exception):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.exceptions.Exit(EXIT_OK) from None
        except OSError as exc:
            where = f" {exc.filename}" if exc.filename else ""
            raise _fail(f"error:{where}: {exc.strerror or exc}", EXIT_INTERNAL) from None
        except Exception as exc:
            raise _fail(
                f"internal error, please report it at "
                f"https://github.com/lifeexp/lifeexp/issues: {type(exc).__name__}: {exc}",
                EXIT_INTERNAL,
            ) from None

    return wrapper


def format_option(
    *choices: str,
    default: str | None = None,
    help: str | None = None,
) -> Callable[[F], F]:
    """The shared ``--format`` option; the value reaches the callback as ``fmt``.

    Args:
        *choices: Allowed formats, e.g. ``"text", "json", "github"``; defaults to text and json.
        default: The default format; the first choice when omitted.
        help: Help text; a generic one when omitted.
    """
    names = choices or ("text", "json")
    chosen = default or names[0]
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(names, case_sensitive=False),
        default=chosen,
        show_default=True,
        help=help or "Output format.",
    )


def catalog_option(func: F) -> F:
    """The shared repeatable ``--catalog PATH`` option; reaches the callback as ``catalogs``.

    Each path is a catalog YAML file or a folder of them; they extend the bundled catalogs.
    """
    return click.option(
        "--catalog",
        "catalogs",
        multiple=True,
        type=click.Path(path_type=Path),
        help="Extra catalog file or folder that extends the bundled catalogs (repeatable).",
    )(func)


def follow_symlinks_option(func: F) -> F:
    """The shared ``--follow-symlinks`` flag; reaches the callback as ``follow_symlinks``."""
    return click.option(
        "--follow-symlinks",
        is_flag=True,
        help="In folders, also read files that are symbolic links to files outside the folder "
        "(skipped by default, with a warning).",
    )(func)


def _file_size(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    # A callback, not a click.ParamType: the type is generic only from click 8.3 on, and
    # lifeexp supports 8.2.
    from lifeexp.formatting import parse_file_size

    if value is None:
        return None
    try:
        return parse_file_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


def max_file_size_option(func: F) -> F:
    """The shared ``--max-file-size SIZE`` option of the commands that read journeys; reaches
    the callback as ``max_file_size`` (bytes, or ``None`` for the project's or the default)."""
    return click.option(
        "--max-file-size",
        "max_file_size",
        callback=_file_size,
        metavar="SIZE",
        default=None,
        help="Read journey and catalog files up to this size, e.g. 64MiB (larger ones are "
        "refused before parsing, LX003).  [default: max_file_size in lifeexp.toml, else 8MiB]",
    )(func)


def scoring_options(func: F) -> F:
    """The shared ``--samples``, ``--seed`` and ``--wage-rate`` options of the commands that
    score; they reach the callback as ``samples``, ``seed`` and ``wage_rate`` (``None`` when
    not given) and :func:`scoring_options_from` makes them the library's options."""
    func = click.option(
        "--wage-rate",
        type=click.FloatRange(min=0, max=1e6),
        default=None,
        metavar="USD",
        help="Value annual burden hours at this hourly rate (USD).",
    )(func)
    func = click.option(
        "--samples",
        type=click.IntRange(0, 10_000_000),
        default=None,
        help="Monte Carlo runs behind the P50/P80/P95 figures (0 = exact expected values "
        "only).  [default: 10000]",
    )(func)
    return click.option(
        "--seed",
        type=click.IntRange(min=0),
        default=None,
        help="Monte Carlo seed; the same seed gives identical results.  [default: 14058]",
    )(func)


def scoring_options_from(
    *, samples: int | None, seed: int | None, wage_rate: float | None, **more: Any
) -> ScoringOptions:
    """The scoring options of a command line: the library's defaults for what is not given."""
    from lifeexp.scoring import ScoringOptions

    given = {"samples": samples, "seed": seed, "wage_rate": wage_rate, **more}
    return ScoringOptions(**{name: value for name, value in given.items() if value is not None})


def project_or_exit(
    paths: Sequence[str | os.PathLike[str]], config_file: str | os.PathLike[str] | None = None
) -> ProjectConfig:
    """The project configuration for ``paths``; a broken file is a usage error (exit 2)."""
    from lifeexp.project import ProjectConfigError, config_for

    try:
        return config_for(paths, config_file=config_file)
    except ProjectConfigError as exc:
        emit_diagnostics(exc.diagnostics)
        click.echo(safe_text(f"error: {exc}"), err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from None


def load_or_exit(
    paths: Sequence[str | os.PathLike[str]],
    *,
    catalog_paths: Sequence[str | os.PathLike[str]] = (),
    strict: bool = False,
    fmt: str = "text",
    show_warnings: bool = False,
    follow_symlinks: bool = False,
    max_file_size: int | None = None,
) -> ValidationResult:
    """Load and check journeys; print problems and exit 1 when any is an error.

    Args:
        paths: Journey files or folders.
        catalog_paths: Extra catalog files or folders (bundled catalogs are always included).
        strict: Treat warnings as errors.
        fmt: Diagnostic format for stderr (``text``, ``json`` or ``github``).
        show_warnings: Also print warnings and notes when the journeys are usable.
        follow_symlinks: Read links in folders that lead out of them too.
        max_file_size: ``--max-file-size``; ``None`` takes the project's, else 8 MiB.

    Returns:
        The :class:`~lifeexp.checks.ValidationResult` (journeys, catalog, diagnostics), with
        at least one journey: paths that hold none (only catalogs) are a usage error (exit 2),
        so a CI gate pointed at the wrong folder fails instead of passing on nothing.
    """
    from lifeexp.checks import CheckConfig, validate  # deferred: keeps `--help` fast
    from lifeexp.project import catalogs_for

    project = project_or_exit(paths)
    result = validate(
        list(paths),
        catalog_paths=catalogs_for(paths, catalog_paths, project),
        strict=strict,
        config=CheckConfig(
            select=project.select, ignore=project.ignore, severities=project.severities
        ),
        include_bundled=project.bundled_catalogs,
        follow_symlinks=follow_symlinks,
        max_file_size=max_file_size or project.max_file_size,
    )
    # A link skipped in a folder is said even when the rest is fine: the user may miss a file.
    skipped = [d for d in result.diagnostics if d.code == "LX014"]
    if skipped and result.ok and not show_warnings:
        emit_diagnostics(skipped, fmt)
    if not result.ok:
        blocking = {Severity.error, Severity.warning} if strict else {Severity.error}
        emit_diagnostics([d for d in result.diagnostics if d.severity in blocking], fmt)
        raise click.exceptions.Exit(EXIT_PROBLEMS)
    if show_warnings:
        emit_diagnostics([d for d in result.diagnostics if d.severity is not Severity.info], fmt)
    if not result.journeys:
        raise click.UsageError(_no_journey_message(paths))
    return result


def _no_journey_message(paths: Sequence[str | os.PathLike[str]]) -> str:
    """Say what the paths hold instead of journeys: a gate on the wrong folder must not pass."""
    from lifeexp.loading import expand_paths

    files, _ = expand_paths(list(paths))
    shown = ", ".join(safe_text(str(p)) for p in paths)
    names = [safe_text(f.name) for f in files]
    listed = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    found = f"{counted(len(names), 'catalog file')} ({listed})" if names else "no YAML files"
    return (
        f"no journey to work on: {shown} {'holds' if len(paths) == 1 else 'hold'} {found} "
        "and no journey; pass journey files or "
        "folders of them (catalogs go with --catalog)"
    )


def load_journeys_or_exit(
    paths: Sequence[str | os.PathLike[str]],
    *,
    catalog_paths: Sequence[str | os.PathLike[str]] = (),
    strict: bool = False,
    fmt: str = "text",
    follow_symlinks: bool = False,
    max_file_size: int | None = None,
) -> list[Journey]:
    """Load journeys for a command; on any error print located diagnostics and exit 1.

    The journeys are parsed, checked against the schema and run through the error-level
    semantic checks (unknown references, broken graphs, probabilities), so a command that gets
    them back can score or draw them safely.

    Args:
        paths: Journey files or folders.
        catalog_paths: Extra catalog files or folders.
        strict: Treat warnings as errors too.
        fmt: Diagnostic format for stderr.
        follow_symlinks: Read links in folders that lead out of them too.
        max_file_size: ``--max-file-size``; ``None`` takes the project's, else 8 MiB.

    Returns:
        The journeys, in the order their files were given (folders sorted by file name).
    """
    return load_or_exit(
        paths,
        catalog_paths=catalog_paths,
        strict=strict,
        fmt=fmt,
        follow_symlinks=follow_symlinks,
        max_file_size=max_file_size,
    ).journeys
