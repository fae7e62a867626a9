"""Value types shared by the journey and catalog models: estimates, provenance, identifiers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import WithJsonSchema

__all__ = ["Identifier", "Provenance", "Strict", "ThreePoint", "ThreePointInput"]


class Strict(BaseModel):
    """Base of every model read from YAML.

    Unknown keys are errors; attribute docstrings become the JSON Schema descriptions (see
    :mod:`lifeexp.schema`).
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        # Attribute docstrings document the fields; lifeexp.schema turns them into JSON Schema
        # descriptions. Letting pydantic read them here would parse the source of every model at
        # each start-up (about a tenth of `lifeexp validate`).
        use_attribute_docstrings=False,
        str_strip_whitespace=False,
        defer_build=True,
    )

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; with ``update`` the changed model is **validated again**.

        pydantic's own ``model_copy(update=...)`` skips validation, so
        ``step.model_copy(update={"channel": "online"})`` left a bare string where a
        :class:`Channel` belongs and scoring failed far away. Here the update goes through the
        model's validation like YAML does (an invalid value raises pydantic's
        ``ValidationError``). To derive a changed journey with located, plain-word errors and
        the catalog checks, use :func:`lifeexp.edit`.
        """
        if not update:
            return super().model_copy(deep=deep)
        data = self.model_dump(by_alias=True, exclude_unset=True, round_trip=True)
        fields = type(self).model_fields
        for name, value in update.items():
            field = fields.get(name)
            data[field.alias if field is not None and field.alias else name] = value
        return type(self).model_validate(data)


Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=80),
]
"""A stable id: letters, digits, ``_``, ``-`` and ``.``; starts with a letter or digit."""


class ThreePoint(BaseModel):
    """A three-point (PERT) estimate: low, most likely and high.

    A single number in YAML means low = likely = high. The PERT mean is
    (low + 4·likely + high) / 6 and the standard deviation (high − low) / 6.

    >>> ThreePoint.of(10).mean
    10.0
    >>> ThreePoint.of([5, 10, 30]).mean
    12.5
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    low: float = Field(ge=0)
    likely: float = Field(ge=0)
    high: float = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> ThreePoint:
        if not self.low <= self.likely <= self.high:
            msg = (
                "a three-point estimate lists low, likely and high in that order; got "
                f"[{self.low:g}, {self.likely:g}, {self.high:g}]"
            )
            raise ValueError(msg)
        return self

    @classmethod
    def of(cls, value: float | list[float] | tuple[float, float, float] | ThreePoint) -> ThreePoint:
        """Build a ThreePoint from a number, a ``[low, likely, high]`` list or a ThreePoint."""
        return cls.model_validate(_coerce_three_point(value))

    @property
    def mean(self) -> float:
        """PERT mean, (low + 4·likely + high) / 6."""
        return (self.low + 4 * self.likely + self.high) / 6

    @property
    def std(self) -> float:
        """PERT standard deviation, (high − low) / 6."""
        return (self.high - self.low) / 6

    @property
    def is_point(self) -> bool:
        """True when low, likely and high are equal (a single number in YAML)."""
        return self.low == self.likely == self.high


def _coerce_three_point(value: Any) -> Any:
    """Accept ``n`` or ``[low, likely, high]`` as written in YAML."""
    if isinstance(value, bool):
        return value  # let pydantic reject booleans with its own message
    if isinstance(value, int | float):
        return {"low": value, "likely": value, "high": value}
    if isinstance(value, list | tuple):
        if len(value) != 3:
            msg = f"a three-point estimate is [low, likely, high]; got a list of {len(value)}"
            raise ValueError(msg)
        return {"low": value[0], "likely": value[1], "high": value[2]}
    return value


_THREE_POINT_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "number", "minimum": 0},
        {
            "type": "array",
            "items": {"type": "number", "minimum": 0},
            "minItems": 3,
            "maxItems": 3,
            "description": "[low, likely, high]",
        },
    ],
}

ThreePointInput = Annotated[
    ThreePoint,
    BeforeValidator(_coerce_three_point),
    WithJsonSchema(_THREE_POINT_SCHEMA),
]
"""A ThreePoint written in YAML as one number or ``[low, likely, high]``."""


class Provenance(Strict):
    """Where a figure comes from: one or more sources, or an estimate with its reason.

    Every figure in a bundled journey or catalog carries one of the two; the validator reports
    figures with neither, and ``lifeexp validate --list-estimates`` lists every estimate.
    """

    source: str | list[str] | None = None
    """Source id(s) from the journey's ``sources`` list, or a URL."""
    estimate: str | None = None
    """Set when no public figure exists: a one-line rationale for the value used."""

    @property
    def source_ids(self) -> list[str]:
        """The sources as a list (empty when none)."""
        if self.source is None:
            return []
        return [self.source] if isinstance(self.source, str) else list(self.source)

    @property
    def has_provenance(self) -> bool:
        """True when the figure has a source or is marked as an estimate."""
        return bool(self.source_ids) or bool(self.estimate)
