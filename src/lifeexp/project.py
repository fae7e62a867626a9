"""The project configuration file: ``lifeexp.toml``, or ``[tool.lifeexp]`` in ``pyproject.toml``.

A team keeps its journeys, its own catalogs and its lint choices in one repository; the
configuration lets every ``lifeexp`` command there run with no flags, as ruff, mypy and
yamllint users expect. It is found by looking upward from the first file or folder being
checked (then from the working folder): in each folder ``lifeexp.toml`` wins over a
``pyproject.toml`` that has a ``[tool.lifeexp]`` table; the first folder with either is the
project root.

.. code-block:: toml

    # lifeexp.toml (or the same keys under [tool.lifeexp] in pyproject.toml)
    catalogs = ["catalogs", "../shared/catalogs"]  # relative to this file
    format = "github"        # validate's default output: text, json or github
    strict = true            # warnings fail validate
    select = ["LX"]          # codes or prefixes to report
    ignore = ["LX410"]
    bundled_catalogs = true  # resolve references against the bundled catalogs too
    max_file_size = "64 MiB" # largest journey or catalog file read (default 8 MiB)

    [severity]               # [tool.lifeexp.severity] in pyproject.toml
    LX503 = "error"

Without a ``catalogs`` setting, a folder named ``catalogs`` beside the journeys (next to a
journey file, or next to the folder that holds them) is used, so the common layout
``journeys/`` + ``catalogs/`` needs no configuration at all. Command-line flags add to the
configured catalogs and override the other settings.

>>> from lifeexp.project import ProjectConfig
>>> ProjectConfig().catalogs
()
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from lifeexp.checks import RULES, rules_matching
from lifeexp.diagnostics import Diagnostic, Severity
from lifeexp.errors import LifeexpError
from lifeexp.formatting import parse_file_size
from lifeexp.loading import did_you_mean, display_path

__all__ = [
    "CONFIG_FILE",
    "FORMATS",
    "ProjectConfig",
    "ProjectConfigError",
    "catalogs_beside",
    "catalogs_for",
    "config_for",
    "find_config_file",
    "load_config",
]

CONFIG_FILE: Final = "lifeexp.toml"
"""The name of lifeexp's own configuration file."""
FORMATS: Final = ("text", "json", "github")
"""The output formats ``format`` may name (those of ``lifeexp validate``)."""

_KEYS: Final = (
    "catalogs",
    "format",
    "strict",
    "select",
    "ignore",
    "severity",
    "bundled_catalogs",
    "max_file_size",
)

PathLike = str | os.PathLike[str]


class ProjectConfigError(LifeexpError):
    """The configuration file cannot be read or has a setting lifeexp does not understand.

    Carries located diagnostics (code ``LX013``) like the loading errors.
    """

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics: list[Diagnostic] = list(diagnostics)


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    """The settings of one project, as read from its configuration file.

    Attributes:
        path: The file the settings came from (``None``: no file was found; defaults).
        catalogs: Catalog files or folders, absolute (relative entries are read from the
            configuration file's folder).
        format: Default output format of ``lifeexp validate``; ``None`` keeps ``text``.
        strict: Warnings fail ``lifeexp validate``.
        select: Codes or prefixes to report; ``None`` reports all.
        ignore: Codes or prefixes never to report.
        severities: Severity per code.
        bundled_catalogs: Resolve references against the bundled catalogs too.
        max_file_size: Largest journey or catalog file read, in bytes; ``None`` keeps the
            default (8 MiB). ``--max-file-size`` overrides it.
    """

    path: Path | None = None
    catalogs: tuple[Path, ...] = ()
    format: str | None = None
    strict: bool = False
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severities: Mapping[str, Severity] = field(default_factory=dict)
    bundled_catalogs: bool = True
    max_file_size: int | None = None

    @property
    def root(self) -> Path | None:
        """The project root: the folder of the configuration file."""
        return self.path.parent if self.path is not None else None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\s*tool\s*\.\s*lifeexp\s*[.\]]", text, re.MULTILINE) is not None


def find_config_file(start: PathLike) -> Path | None:
    """The configuration file that applies to ``start`` (a file or folder), or ``None``.

    Looks in ``start``'s folder and each parent in turn; in each folder ``lifeexp.toml`` wins
    over a ``pyproject.toml`` with a ``[tool.lifeexp]`` table.
    """
    here = Path(start).resolve()
    folder = here if here.is_dir() else here.parent
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _line_of(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _strings(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def load_config(path: PathLike) -> ProjectConfig:
    """Read one configuration file (``lifeexp.toml`` or a ``pyproject.toml``).

    Raises:
        ProjectConfigError: the file is not valid TOML or a setting is unknown or has the
            wrong kind of value; every problem is reported, each with its line.
    """
    file = Path(path)
    shown = display_path(file.resolve())
    problems: list[Diagnostic] = []

    def problem(message: str, key: str | None = None, hint: str | None = None) -> None:
        line = _line_of(text, key) if key else None
        problems.append(Diagnostic("LX013", Severity.error, message, shown, line, None, hint))

    try:
        text = file.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        text = ""
        problem(f"cannot read the configuration file: {exc.strerror or exc}")
        raise ProjectConfigError("the configuration file cannot be read", problems) from None
    except UnicodeDecodeError:
        text = ""
        problem("the configuration file is not UTF-8 text; save it as UTF-8")
        raise ProjectConfigError("the configuration file cannot be read", problems) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        problems.append(
            Diagnostic(
                "LX013",
                Severity.error,
                f"the configuration file is not valid TOML: {str(exc).split(' (at')[0]}",
                shown,
                int(match.group(1)) if match else None,
            )
        )
        raise ProjectConfigError("the configuration file is not valid TOML", problems) from None

    if file.name == "pyproject.toml":
        tool = data.get("tool", {})
        settings = tool.get("lifeexp", {}) if isinstance(tool, dict) else {}
    else:
        settings = data
    if not isinstance(settings, dict):
        settings = {}

    for key in settings:
        if key not in _KEYS:
            problem(
                f"unknown setting {key!r}",
                key,
                did_you_mean(key, _KEYS) or "settings: " + ", ".join(_KEYS),
            )

    catalogs: list[Path] = []
    raw_catalogs = settings.get("catalogs", [])
    entries = _strings(raw_catalogs)
    if entries is None:
        problem(
            "catalogs is a list of catalog files or folders", "catalogs", 'catalogs = ["catalogs"]'
        )
    else:
        for entry in entries:
            where = (file.parent / entry).resolve()
            if not where.exists():
                problem(
                    f"catalog path {entry!r} does not exist (relative to {file.name})", "catalogs"
                )
            catalogs.append(where)

    fmt = settings.get("format")
    if fmt is not None and fmt not in FORMATS:
        problem(
            f"format must be one of {', '.join(FORMATS)}, not {fmt!r}",
            "format",
            did_you_mean(str(fmt), FORMATS),
        )

    flags: dict[str, bool] = {}
    for key, default in (("strict", False), ("bundled_catalogs", True)):
        value = settings.get(key, default)
        if not isinstance(value, bool):
            problem(f"{key} is true or false", key, f"{key} = {'true' if default else 'false'}")
            value = default
        flags[key] = value

    codes: dict[str, tuple[str, ...] | None] = {}
    for key in ("select", "ignore"):
        if key not in settings:
            codes[key] = None
            continue
        listed = _strings(settings[key])
        if listed is None:
            problem(f"{key} is a list of codes or prefixes", key, f'{key} = ["LX6", "LX503"]')
            codes[key] = None
            continue
        try:
            rules_matching(listed)
        except ValueError as exc:
            problem(str(exc), key)
        codes[key] = listed

    severities: dict[str, Severity] = {}
    table = settings.get("severity", {})
    if not isinstance(table, dict):
        problem("severity is a table of code = level", "severity", '[severity]\nLX503 = "error"')
        table = {}
    for code, level in table.items():
        if code.upper() not in RULES:
            problem(f"{code!r} is not a diagnostic code", code, did_you_mean(code, RULES))
            continue
        try:
            severities[code.upper()] = Severity(str(level).lower())
        except ValueError:
            problem(
                f"severity of {code} must be error, warning or info, not {level!r}",
                code,
                did_you_mean(str(level), [s.value for s in Severity]),
            )

    max_file_size: int | None = None
    if "max_file_size" in settings:
        try:
            max_file_size = parse_file_size(settings["max_file_size"])
        except ValueError as exc:
            problem(f"max_file_size: {exc}", "max_file_size", 'max_file_size = "64 MiB"')

    if problems:
        count = len(problems)
        raise ProjectConfigError(
            f"{count} problem{'s' if count != 1 else ''} in the configuration file {shown}",
            problems,
        )
    return ProjectConfig(
        path=file,
        catalogs=tuple(catalogs),
        format=fmt,
        strict=flags["strict"],
        select=codes["select"],
        ignore=codes["ignore"] or (),
        severities=severities,
        bundled_catalogs=flags["bundled_catalogs"],
        max_file_size=max_file_size,
    )


def config_for(paths: Iterable[PathLike], *, config_file: PathLike | None = None) -> ProjectConfig:
    """The configuration that applies to a run over ``paths``.

    Args:
        paths: The files and folders the command works on; the search starts at the first
            (then at the working folder when there are none).
        config_file: Use this file instead of searching.

    Raises:
        ProjectConfigError: the file found (or given) is broken.
    """
    if config_file is not None:
        return load_config(config_file)
    items = list(paths)
    found = find_config_file(items[0] if items else Path.cwd())
    return load_config(found) if found is not None else ProjectConfig()


def catalogs_beside(paths: Iterable[PathLike]) -> list[Path]:
    """Folders named ``catalogs`` beside the journeys: next to each journey file, inside a
    folder of journeys, or next to that folder. Each folder is listed once, in order."""
    found: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        folder = path if path.is_dir() else path.parent
        if folder.name == "catalogs":
            continue  # the catalogs themselves, named as a path to check
        for candidate in (folder / "catalogs", folder.parent / "catalogs"):
            if candidate.is_dir() and any(candidate.glob("*.y*ml")):
                found.setdefault(candidate, None)
    return list(found)


def catalogs_for(
    paths: Iterable[PathLike], given: Iterable[PathLike], config: ProjectConfig
) -> list[Path]:
    """The catalog files and folders a run over ``paths`` uses: the configured ones (or, when
    none are configured, a ``catalogs`` folder beside the journeys), then those ``given``
    (``--catalog``). A folder that is itself among ``paths`` is not listed again."""
    items = [Path(p) for p in paths]
    journeys = [p for p in items if p.name != "catalogs"]
    configured = list(config.catalogs) if config.catalogs else catalogs_beside(journeys)
    named = {p.resolve() for p in items}
    return [*(p for p in configured if p.resolve() not in named), *(Path(p) for p in given)]
