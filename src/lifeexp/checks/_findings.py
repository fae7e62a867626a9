"""The raw result of a check before severities, selection and suppressions are applied."""

from __future__ import annotations

from dataclasses import dataclass, field

from lifeexp.model import Step, Suppression, Transition

__all__ = ["Finding"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a check found.

    Attributes:
        code: The rule code.
        message: What is wrong.
        loc: Path into the YAML document (``("steps", 3, "agency")``) used to find the line.
        hint: Optional "did you mean" or fix suggestion.
        at_key: Point at the key rather than the value.
        owner: The step or transition whose ``suppress`` list may silence the finding (the
            journey's own list always can).
    """

    code: str
    message: str
    loc: tuple[str | int, ...] = ()
    hint: str | None = None
    at_key: bool = False
    owner: Step | Transition | None = field(default=None, compare=False)

    @property
    def suppressions(self) -> list[Suppression]:
        """The owner's inline suppressions."""
        return list(self.owner.suppress) if self.owner is not None else []
