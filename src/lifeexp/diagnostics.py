"""Located problems: what the loader and the checks report.

A :class:`Diagnostic` names a file, a 1-based line and column, a severity, a stable code and a
message. It formats as ``path:line:column: severity[CODE]: message`` so editors and CI logs can
jump to the spot.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any, Final

from lifeexp.escaping import github_command_data, github_command_property, printable

__all__ = ["Diagnostic", "Severity"]


class Severity(StrEnum):
    """How serious a diagnostic is. Errors fail ``lifeexp validate``; warnings do not (unless
    ``--strict``)."""

    error = "error"
    warning = "warning"
    info = "info"


_GITHUB_LEVEL: Final = {"error": "error", "warning": "warning", "info": "notice"}
"""The workflow command of each severity (GitHub has no "info")."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in one place.

    Attributes:
        code: Stable code such as ``LX201``; documented in the diagnostic codes reference.
        severity: error, warning or info.
        message: What is wrong, in plain words, naming the offending value.
        path: File the problem is in (``None`` for problems that belong to no file).
        line: 1-based line, or ``None`` when unknown.
        column: 1-based column, or ``None`` when unknown.
        hint: Optional suggestion, e.g. "did you mean 'SSA-1'?".
    """

    code: str
    severity: Severity
    message: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    @property
    def location(self) -> str:
        """``path:line:column`` with whatever parts are known."""
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        """``path:line:column: severity[CODE]: message`` (plus `` (hint)`` when there is one)."""
        text = f"{self.location}: {self.severity.value}[{self.code}]: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def __str__(self) -> str:
        """The same line the command line prints (see :meth:`format`)."""
        return self.format()

    def github_annotation(self) -> str:
        """A GitHub Actions workflow command that annotates the pull request
        (``::error file=…,line=…,col=…,title=CODE::message``), as ``--format github`` prints.

        Every user part is made printable first (no ``##[`` or ``::`` survives in it); the
        line itself starts with the one ``::`` command lifeexp means to send.

        >>> Diagnostic("LX308", Severity.info, "note").github_annotation()
        '::notice title=LX308::note'
        """
        props: list[str] = []
        if self.path:
            props.append(f"file={github_command_property(printable(self.path))}")
        if self.line is not None:
            props.append(f"line={self.line}")
            if self.column is not None:
                props.append(f"col={self.column}")
        props.append(f"title={github_command_property(printable(self.code))}")
        message = self.message + (f" ({self.hint})" if self.hint else "")
        level = _GITHUB_LEVEL[self.severity.value]
        return f"::{level} {','.join(props)}::{github_command_data(printable(message))}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order by file, line, column, code."""
        return (self.path or "", self.line or 0, self.column or 0, self.code)
