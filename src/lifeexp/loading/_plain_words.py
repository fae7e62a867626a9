"""What a wrong value should have been, in the journey author's words.

pydantic describes a bad value in its own vocabulary ("should be a valid dictionary or instance
of ThreePoint", "String should match pattern '^[A-Za-z0-9]…'"). This module turns one bad value
into a sentence about the field and a corrected example built from what the author wrote:
``wait: {days: 4-6 weeks}`` becomes ``days: [28, 35, 42]``, ``burden: 30`` becomes
``burden: {completing: 30}``, ``id: update dmv`` becomes ``update-dmv`` and
``probability: 60%`` becomes ``0.6``.

Nothing here names a Python class, a regular expression or a pydantic error type: the corpus
test in ``tests/loading/test_plain_errors.py`` enforces that for every message the loader can
produce.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["Explanation", "explain_value", "suggest_id"]

ID_RULE: Final = "ids use letters, digits, '-', '_' and '.', and start with a letter or digit"

# Mapping-valued fields: what the mapping holds and a one-line example.
_MAPPINGS: Final[dict[str, tuple[str, str]]] = {
    "burden": ("a mapping of minutes by part of the work", "burden: {completing: 30}"),
    "wait": ("a mapping with the calendar days", "wait: {days: 30}"),
    "annual_volume": (
        "a mapping with the number of people a year",
        "annual_volume: {people: 1000, source: <source id>}",
    ),
    "choices": ("a mapping of step id to next step id", "choices: {decide: claim-at-62}"),
    "steps": ("a step", "- {id: apply, title: Apply, phase: apply, agency: SSA}"),
    "phases": ("a phase", "- {id: apply, title: Apply}"),
    "transitions": ("a transition", "- {from: apply, to: decision}"),
    "sources": ("a source", "- {id: ssa-2024, title: <title>, url: <address>}"),
    "personas": ("a persona", "- {id: early, name: Claims at 62}"),
    "pain_points": ("a pain point", '- {text: "<pain point>", source: <source id>}'),
    "deadlines": ("a deadline", '- {title: "<what by when>", source: <source id>}'),
    "goals": ("a goal", '- {text: "<goal>", source: <source id>}'),
    "suppress": ("a suppression", '- {code: LX603, reason: "<why it does not apply>"}'),
    "agencies": ("an agency", "- {code: SSA, name: Social Security Administration}"),
    "forms": ("a form", "- {id: SSA-1, title: <title>, agency: SSA}"),
    "data_elements": ("a data element", "- {id: ssn, title: Social Security number}"),
    "documents": ("a document", "- {id: birth-certificate, title: Birth certificate}"),
    "channels": ("a channel", "- {id: online, title: Online}"),
}

# Three-point fields and the unit their numbers are in.
_DAYS_FIELDS: Final = frozenset({"days"})
_MINUTE_FIELDS: Final = frozenset(
    {"learning", "gathering", "completing", "submitting", "travel", "waiting"}
)
_UNIT_DAYS: Final[dict[str, float]] = {
    "day": 1,
    "business day": 7 / 5,
    "working day": 7 / 5,
    "week": 7,
    "month": 30,
    "year": 365,
}
_UNIT_MINUTES: Final[dict[str, float]] = {
    "second": 1 / 60,
    "sec": 1 / 60,
    "minute": 1,
    "min": 1,
    "hour": 60,
    "hr": 60,
    "h": 60,
    "day": 60 * 24,
}
_AMOUNT: Final = re.compile(
    r"^\s*(?P<low>\d+(?:\.\d+)?)\s*(?:(?:-|–|to)\s*(?P<high>\d+(?:\.\d+)?))?\s*"
    r"(?P<unit>[a-z ]*?)s?\.?\s*$",
    re.IGNORECASE,
)
# Fields that are lists of catalog or source ids below the top level.
_ID_LISTS: Final = frozenset({"forms", "documents", "sources", "channels"})
_THREE: Final = frozenset({"low", "likely", "high"})
_US_DATE: Final = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


@dataclass(frozen=True, slots=True)
class Explanation:
    """A plain sentence about a bad value and, when one can be built, the corrected form."""

    message: str
    hint: str | None = None


def _num(x: float) -> str:
    return f"{x:g}" if not math.isclose(x, round(x)) else str(round(x))


def _flow(value: Any) -> str:
    """A value as the author would write it in YAML flow style."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return _num(float(value))
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    text = str(value)
    if not text or any(c in text for c in ":#[]{},&*!|>'\"%@`") or text != text.strip():
        return '"' + text.replace('"', '\\"') + '"'
    return text


def shown(value: Any, limit: int = 60) -> str:
    """A value quoted for a message, cut to ``limit`` characters."""
    text = _flow(value) if isinstance(value, dict | list) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def suggest_id(value: str) -> str | None:
    """A valid id close to ``value``: runs of other characters become ``-``.

    >>> suggest_id("update dmv")
    'update-dmv'
    >>> suggest_id("  Form #12 (2024)")
    'Form-12-2024'
    """
    cleaned = re.sub(r"[^A-Za-z0-9_.\-]+", "-", value).strip("-_.")
    return cleaned[:80] or None


def _amount(text: str, units: dict[str, float]) -> list[float] | None:
    """``"4-6 weeks"`` → ``[28, 35, 42]`` in the units' base (days or minutes)."""
    match = _AMOUNT.match(text)
    if match is None:
        return None
    unit = match.group("unit").strip().lower().rstrip("s")
    factor = units.get(unit) if unit else 1.0
    if factor is None:
        return None
    low = float(match.group("low")) * factor
    high = float(match.group("high")) * factor if match.group("high") else low
    if high < low:
        low, high = high, low
    return [round(low, 2), round((low + high) / 2, 2), round(high, 2)]


def _three_point(field: str, value: Any) -> Explanation:
    if field in _DAYS_FIELDS:
        unit, units, example = "calendar days", _UNIT_DAYS, "[28, 35, 42]"
    else:
        unit, units, example = "minutes", _UNIT_MINUTES, "[20, 30, 45]"
    what = f"{field} is a number of {unit}, or [low, likely, high]"
    if isinstance(value, str):
        parsed = _amount(value, units)
        if parsed is not None:
            if parsed[0] == parsed[2]:
                return Explanation(f"{what}, not text", f"write {field}: {_num(parsed[1])}")
            fixed = "[" + ", ".join(_num(x) for x in parsed) + "]"
            return Explanation(
                f"{what}, not text",
                f"write {field}: {fixed} ({unit}: low, likely, high)",
            )
        return Explanation(f"{what}, not text", f"e.g. {field}: {example}")
    if isinstance(value, dict):
        return Explanation(f"{what}, not a mapping", f"e.g. {field}: {example}")
    return Explanation(f"{what}", f"e.g. {field}: {example}")


def _mapping(field: str, value: Any, parent_field: str | None) -> Explanation:
    name = (parent_field or "") if field.isdigit() or field == "" else field
    holds, example = _MAPPINGS.get(name, ("a mapping of fields", ""))
    is_item = field.isdigit() or field == ""
    subject = f"each item of {name}" if is_item else name
    if is_item:
        got = "a list" if isinstance(value, list) else "a single value"
        return Explanation(
            f"{subject} is {holds} (a mapping of fields), not {got}",
            f"write it as {example}" if example else None,
        )
    got = "a list" if isinstance(value, list) else "a single value"
    if name == "burden" and isinstance(value, int | float) and not isinstance(value, bool):
        return Explanation(
            f"burden is {holds}, not a single number",
            f"write burden: {{completing: {_num(float(value))}}}",
        )
    if name == "wait" and isinstance(value, int | float) and not isinstance(value, bool):
        return Explanation(
            f"wait is {holds}, not a single number",
            f"write wait: {{days: {_num(float(value))}}}",
        )
    if name == "annual_volume" and isinstance(value, int) and not isinstance(value, bool):
        return Explanation(
            f"annual_volume is {holds}, not a single number",
            f"write annual_volume: {{people: {value}, source: <source id>}}",
        )
    if name == "wait" and isinstance(value, str):
        parsed = _amount(value, _UNIT_DAYS)
        if parsed is not None:
            days = (
                _num(parsed[1])
                if parsed[0] == parsed[2]
                else "[" + ", ".join(_num(x) for x in parsed) + "]"
            )
            return Explanation(f"wait is {holds}, not text", f"write wait: {{days: {days}}}")
    return Explanation(f"{name} is {holds}, not {got}", f"e.g. {example}" if example else None)


def _probability(value: Any, kind: str) -> Explanation:
    share = "a probability is a share of people between 0 and 1"
    if isinstance(value, str):
        text = value.strip()
        pct = text.endswith("%")
        number = text.rstrip("%").strip()
        try:
            amount = float(number)
        except ValueError:
            return Explanation(f"{share}, not text", "e.g. probability: 0.6")
        if pct or amount > 1:
            return Explanation(f"{share}, not a percentage", f"write {_num(amount / 100)}")
        return Explanation(f"{share}; write it without quotes", f"write {_num(amount)}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value > 1:
            fixed = _num(value / 100) if value <= 100 else None
            return Explanation(
                f"{share}, so {_num(float(value))} is too large",
                f"write {fixed} for {_num(float(value))}%" if fixed else "write e.g. 0.6",
            )
        if value <= 0:
            return Explanation(
                f"{share} and must be above 0",
                "remove a transition that nobody takes",
            )
    return Explanation(share, "e.g. probability: 0.6")


def _bounds(ctx: dict[str, Any]) -> str:
    parts = []
    if "ge" in ctx:
        parts.append(f"at least {_num(float(ctx['ge']))}")
    if "gt" in ctx:
        parts.append(f"above {_num(float(ctx['gt']))}")
    if "le" in ctx:
        parts.append(f"at most {_num(float(ctx['le']))}")
    if "lt" in ctx:
        parts.append(f"below {_num(float(ctx['lt']))}")
    return " and ".join(parts)


_UNITS_OF: Final[dict[str, dict[str, float]]] = {
    "window_days": _UNIT_DAYS,
    "minutes_per_response": _UNIT_MINUTES,
}

_EXAMPLES: Final[dict[str, str]] = {"emotion": "-1", "psychological_cost": "1", "people": "1000"}

_RANGES: Final[dict[str, str]] = {
    "emotion": "a whole number from -2 (very negative) to 2 (very positive)",
    "psychological_cost": "a whole number from 0 (none) to 3 (severe)",
    "share": "a share between 0 and 1",
    "people": "a whole number of people above 0",
    "window_days": "a number of days, 0 or more",
    "minutes_per_response": "a number of minutes, 0 or more",
}


def explain_value(
    field: str,
    parent_field: str | None,
    error_types: list[str],
    value: Any,
    ctx: dict[str, Any],
    *,
    choices: list[str] | None = None,
    detail: str | None = None,
    top_level: bool = False,
) -> Explanation:
    """A plain explanation of why ``value`` does not fit ``field``.

    Args:
        field: The field's name as written in YAML (a list index as digits).
        parent_field: The name of the field that holds it (for list items and nested values).
        error_types: The kinds of failure found for this one value (pydantic's codes; never
            shown).
        value: The value as written.
        ctx: Bounds and other details of the failure.
        choices: The allowed words when the field takes one of a fixed set.
        detail: A sentence the model gave for the failure (value checks), already plain.
        top_level: Whether the value is a top-level section or one of its items (``sources``
            there is a list of mappings; on a step it is a list of ids).
    """
    kinds = set(error_types)
    if field == "source" and kinds & {"string_type", "list_type"}:
        return Explanation(
            "source is a source id from the journey's sources, a URL, or a list of them",
            "e.g. source: ssa-2024, or source: [ssa-2024, gao-23-105]",
        )
    if field == "probability":
        return _probability(value, next(iter(kinds), ""))
    ranges = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}
    is_estimate = field in _DAYS_FIELDS or field in _MINUTE_FIELDS
    if is_estimate and not kinds & ranges and ("value_error" not in kinds or not detail):
        return _three_point(field, value)
    if kinds & {"model_type", "model_attributes_type", "dict_type"}:
        return _mapping(field, value, parent_field)
    if "value_error" in kinds and detail:
        if isinstance(value, dict) and set(value) == _THREE:
            ordered = sorted(float(v) for v in value.values() if isinstance(v, int | float))
            if len(ordered) == len(_THREE):
                return Explanation(detail, "write [" + ", ".join(_num(x) for x in ordered) + "]")
        return Explanation(detail, None)
    if "enum" in kinds and choices:
        return Explanation(
            f"{field} must be one of: {', '.join(choices)}",
            None,
        )
    if "string_pattern_mismatch" in kinds:
        if field == "accessed":
            match = _US_DATE.match(str(value))
            fixed = (
                f"write {match.group(3)}-{int(match.group(1)):02d}-{int(match.group(2)):02d}"
                if match
                else "e.g. accessed: 2024-05-01"
            )
            return Explanation("a date is written YYYY, YYYY-MM or YYYY-MM-DD", fixed)
        if field == "code":
            return Explanation(
                "a diagnostic code is LX and three digits",
                "e.g. code: LX603",
            )
        if field == "omb_control_number":
            return Explanation(
                "an OMB control number is four digits, a hyphen and four digits",
                "e.g. omb_control_number: 0960-0618",
            )
        suggestion = suggest_id(str(value))
        return Explanation(ID_RULE, f"try {suggestion!r}" if suggestion else None)
    if "string_too_long" in kinds:
        return Explanation(
            f"{field} is longer than {ctx.get('max_length', 'the limit')} characters",
            "shorten it",
        )
    if kinds & {"string_too_short", "too_short"}:
        if isinstance(value, list):
            return Explanation(f"{field} needs at least one item", None)
        return Explanation(f"{field} must not be empty", None)
    if kinds & {"too_long"}:
        return Explanation(f"{field} has too many items", None)
    if "string_type" in kinds:
        if isinstance(value, dict | list):
            got = "a mapping" if isinstance(value, dict) else "a list"
            return Explanation(
                f"{field} is text, not {got}",
                "if the text holds ': ' or starts with '[' or '{', put it in quotes",
            )
        return Explanation(f"{field} is text", f'write {field}: "{_flow(value)}"')
    if "list_type" in kinds:
        holds = _MAPPINGS.get(field) if top_level or field not in _ID_LISTS else None
        if isinstance(value, dict):
            example = holds[1] if holds else f"{field}: [<item>, <item>]"
            return Explanation(
                f"{field} is a list, not a mapping: start each item with '- '",
                f"e.g. {example}" if holds else example,
            )
        if holds:
            return Explanation(f"{field} is a list of items like {holds[1][2:]}", None)
        return Explanation(f"{field} is a list", f"write {field}: [{_flow(value)}]")
    if kinds & {"int_from_float"}:
        described = _RANGES.get(field, "a whole number")
        return Explanation(f"{field} is {described}", f"write {field}: {round(float(value))}")
    if kinds & {"int_parsing", "int_type", "float_parsing", "float_type"}:
        described = _RANGES.get(field, "a number")
        if isinstance(value, str):
            units = _UNITS_OF.get(field, {})
            parsed = _amount(value, units)
            hint = (
                f"write {field}: {_num(parsed[1])}"
                if parsed and parsed[0] == parsed[2]
                else "write the number without quotes or units, e.g. "
                f"{field}: {_EXAMPLES.get(field, '3')}"
            )
            return Explanation(f"{field} is {described}, not text", hint)
        return Explanation(f"{field} is {described}", None)
    if kinds & {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        three_point = _DAYS_FIELDS | _MINUTE_FIELDS
        if field in three_point or parent_field in three_point or field in _THREE:
            name = field if field in three_point else (parent_field or field)
            return Explanation(f"{name} cannot be negative", f"write {name} as 0 or more")
        described = _RANGES.get(field) or f"a number {_bounds(ctx)}"
        return Explanation(f"{field} is {described}", None)
    if kinds & {"bool_type", "bool_parsing"}:
        return Explanation(f"{field} is true or false", f"write {field}: true")
    if kinds & {"missing"}:
        return Explanation(f"{field} is required", None)
    return Explanation(f"{field} has a value that does not fit", None)
