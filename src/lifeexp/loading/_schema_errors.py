"""Turn pydantic validation errors into located, readable diagnostics.

pydantic reports a location as a tuple of field names and list indices, sprinkled with the
names of union branches (``'str'``, ``'list[str]'``). This module strips the branch names,
finds the line and column in the YAML (the key for an unknown field, the parent mapping for a
missing one, the value otherwise), merges the errors of one union field into one message and
adds "did you mean" suggestions for misspelt fields and enum values.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from lifeexp.diagnostics import Diagnostic
from lifeexp.loading._plain_words import Explanation, explain_value, shown
from lifeexp.loading._yaml import Loc, Locator

__all__ = ["did_you_mean", "pydantic_diagnostics", "render_loc"]

_ENUM_VALUE = re.compile(r"'([^']*)'")


def did_you_mean(word: str, candidates: typing.Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """A ``did you mean 'x'?`` hint for the closest candidate, or ``None``.

    Case is ignored when comparing, so ``ssa`` suggests ``SSA``.

    >>> did_you_mean("SSA-l", ["SSA-1", "CMS-40B"])
    "did you mean 'SSA-1'?"
    """
    pool = {c.lower(): c for c in candidates}
    if not pool or not isinstance(word, str):
        return None
    if word.lower() in pool and pool[word.lower()] != word:
        return f"did you mean {pool[word.lower()]!r}?"
    close = difflib.get_close_matches(word.lower(), list(pool), n=1, cutoff=cutoff)
    return f"did you mean {pool[close[0]]!r}?" if close else None


def _child(current: Any, seg: Any) -> tuple[bool, Any]:
    """``(True, current[seg])`` when ``seg`` is a key or index of ``current``."""
    if isinstance(current, dict) and isinstance(seg, str) and seg in current:
        return True, current[seg]
    if isinstance(current, list) and isinstance(seg, int) and 0 <= seg < len(current):
        return True, current[seg]
    return False, None


def _clean_loc(loc: tuple[Any, ...], data: Any, error_type: str) -> tuple[Loc, Loc | None]:
    """Drop union-branch labels from a pydantic location.

    Returns the data path and, when a branch label was dropped, the path up to that label
    (where the errors of all branches of one union are grouped).
    """
    out: list[str | int] = []
    union_root: Loc | None = None
    current = data
    for i, seg in enumerate(loc):
        last = i == len(loc) - 1
        found, child = _child(current, seg)
        if found:
            out.append(seg)
            current = child
        elif last and error_type in {"missing", "extra_forbidden"}:
            out.append(seg)
        elif isinstance(seg, str) and union_root is None:
            union_root = tuple(out)  # a branch label such as 'str' or 'list[str]'
    return tuple(out), union_root


def render_loc(loc: Loc, data: Any) -> str:
    """A readable path such as ``steps[apply].burden.completing``.

    List items that have an ``id`` (or ``code``) are named by it; transitions by
    ``from→to``.
    """
    parts: list[str] = []
    current = data
    for seg in loc:
        if isinstance(seg, int):
            item = current[seg] if isinstance(current, list) and 0 <= seg < len(current) else None
            label = str(seg)
            if isinstance(item, dict):
                ident = item.get("id", item.get("code"))
                if isinstance(ident, str | int) and not isinstance(ident, bool):
                    label = str(ident)
                elif isinstance(item.get("from"), str) and isinstance(item.get("to"), str):
                    label = f"{item['from']}→{item['to']}"
            parts.append(f"[{label}]")
            current = item
        else:
            parts.append(f".{seg}" if parts else str(seg))
            current = current.get(seg) if isinstance(current, dict) else None
    return "".join(parts) or "top level"


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes an annotation can hold (through Optional, list, dict, Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [m for a in typing.get_args(annotation) for m in _unwrap(a)]
    if origin in (list, tuple, set, frozenset):
        return [m for a in typing.get_args(annotation) for m in _unwrap(a)]
    if origin is dict:
        return _unwrap(typing.get_args(annotation)[1])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class whose fields live at ``loc`` (indices skipped), if any."""
    model: type[BaseModel] | None = root
    for seg in loc:
        if isinstance(seg, int) or model is None:
            continue
        field = model.model_fields.get(seg)
        if field is None:
            field = next((f for f in model.model_fields.values() if f.alias == seg), None)
        if field is None:
            return None
        candidates = _unwrap(field.annotation)
        model = candidates[0] if candidates else None
    return model


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _detail(error: Any) -> str | None:
    """The sentence a model check gave (its own wording is already plain)."""
    if error["type"] != "value_error":
        return None
    return str(error["msg"]).removeprefix("Value error, ")


def _choices(error: Any) -> list[str]:
    return _ENUM_VALUE.findall(str(error.get("ctx", {}).get("expected", "")))


def _names(loc: Loc) -> tuple[str, str | None]:
    """The field name at ``loc`` (a list index as digits) and the name of its holder."""
    named = [str(seg) for seg in loc]
    field = named[-1] if named else ""
    parent = next((n for n in reversed(named[:-1]) if not n.isdigit()), None)
    return field, parent


def _explain(loc: Loc, errors: list[Any], data: Any) -> Explanation:
    field, parent = _names(loc)
    first = errors[0]
    choices = next((c for e in errors if (c := _choices(e))), None)
    return explain_value(
        field,
        parent,
        [str(e["type"]) for e in errors],
        first.get("input"),
        dict(first.get("ctx") or {}),
        choices=choices,
        detail=next((d for e in errors if (d := _detail(e))), None),
        top_level=len(loc) <= 2,
    )


def pydantic_diagnostics(
    exc: ValidationError,
    data: Any,
    locator: Locator,
    model: type[BaseModel],
) -> list[Diagnostic]:
    """Located, plain-word diagnostics for every error in ``exc``.

    Args:
        exc: The pydantic error raised when validating ``data`` against ``model``.
        data: The parsed YAML document.
        locator: Where each value and key of ``data`` is.
        model: The model validated (used to suggest field names).

    Codes: ``LX101`` unknown field, ``LX102`` missing field, ``LX103`` invalid value. The
    messages never quote pydantic: each says what the field holds and, where one can be built
    from what was written, the corrected form (see :mod:`lifeexp.loading._plain_words`).
    """
    by_place: dict[Loc, list[Any]] = {}
    singles: list[tuple[Loc, Any]] = []
    for error in exc.errors(include_url=False):
        loc, union_root = _clean_loc(tuple(error["loc"]), data, error["type"])
        if error["type"] in {"missing", "extra_forbidden"}:
            singles.append((loc, error))
        else:
            by_place.setdefault(union_root if union_root is not None else loc, []).append(error)

    # A misspelt required key gives pydantic two errors, "unknown field 'strat'" and "missing
    # 'start'"; report only the first, suggesting the missing name.
    missing = {(loc[:-1], str(loc[-1])) for loc, e in singles if e["type"] == "missing"}
    explained: set[tuple[Loc, str]] = set()
    for loc, error in singles:
        if error["type"] == "extra_forbidden":
            wanted = [name for parent, name in missing if parent == loc[:-1]]
            close = difflib.get_close_matches(str(loc[-1]).lower(), wanted, n=1, cutoff=0.6)
            if close:
                explained.add((loc[:-1], close[0]))
                error["ctx"] = {**(error.get("ctx") or {}), "missing": close[0]}
    singles = [
        (loc, e)
        for loc, e in singles
        if not (e["type"] == "missing" and (loc[:-1], str(loc[-1])) in explained)
    ]
    out: list[Diagnostic] = [_one(loc, error, data, locator, model) for loc, error in singles]
    for place, errors in by_place.items():
        where = render_loc(place, data)
        value = errors[0].get("input")
        why = _explain(place, errors, data)
        hint = why.hint
        if "enum" in {e["type"] for e in errors}:
            allowed = next((c for e in errors if (c := _choices(e))), [])
            hint = did_you_mean(str(value), allowed) or hint
        got = "" if isinstance(value, dict | list) and len(shown(value)) > 40 else shown(value)
        if any(e["type"] == "value_error" for e in errors):
            got = ""  # the model's own sentence already shows the value
        field = _names(place)[0]
        if why.message.startswith(f"{field} ") and where.endswith(field):
            # "steps[renew].title is text", not "steps[renew].title: title is text"
            message = f"{where}{why.message[len(field) :]}"
        else:
            message = f"{where}: {why.message}"
        message += f" (got {got})" if got else ""
        out.append(locator.diagnostic(place, "LX103", message, hint=hint))
    return out


def _belongs_elsewhere(name: str, owner: type[BaseModel] | None) -> str | None:
    """``"put it inside wait: {days: ...}"`` when ``name`` is a field of a nested model."""
    if owner is None:
        return None
    for field_name, info in owner.model_fields.items():
        for inner in _unwrap(info.annotation):
            if name in _field_names(inner):
                return f"{name!r} belongs inside {info.alias or field_name}: {{{name}: ...}}"
    return None


def _one(loc: Loc, error: Any, data: Any, locator: Locator, model: type[BaseModel]) -> Diagnostic:
    kind = error["type"]
    if kind == "extra_forbidden":
        parent, name = loc[:-1], str(loc[-1])
        owner = _model_at(model, parent)
        meant = (error.get("ctx") or {}).get("missing")
        hint = f"did you mean {meant!r}?" if meant else None
        hint = hint or (did_you_mean(name, _field_names(owner)) if owner else None)
        hint = hint or _belongs_elsewhere(name, owner)
        if hint is None and owner is not None:
            hint = "known fields here: " + ", ".join(_field_names(owner))
        where = render_loc(parent, data)
        return locator.diagnostic(
            loc, "LX101", f"{where}: unknown field {name!r}", hint=hint, at_key=True
        )
    parent, name = loc[:-1], str(loc[-1])
    where = render_loc(parent, data)
    return locator.diagnostic(
        parent,
        "LX102",
        f"{where}: missing required field {name!r}",
        hint=_MISSING_EXAMPLES.get(name, f"add {name}: <value>"),
    )


_MISSING_EXAMPLES: dict[str, str] = {
    "id": "add id: <letters, digits, '-', '_' or '.'>",
    "title": 'add title: "<a title in plain words>"',
    "phase": "add phase: <one of the journey's phase ids>",
    "start": "add start: <id of the first step>",
    "life_experience": "add life_experience: approaching-retirement (or another of the five, "
    "or other)",
    "phases": "add phases: [{id: apply, title: Apply}]",
    "steps": "add steps: [{id: apply, title: Apply, phase: apply}]",
    "from": "add from: <id of the step the transition leaves>",
    "to": "add to: <id of the step the transition enters>",
    "days": "add days: <calendar days, or [low, likely, high]>",
    "people": "add people: <people a year>",
    "text": 'add text: "<in plain words>"',
    "code": "add code: LX603",
    "reason": 'add reason: "<why the check does not apply here>"',
    "name": 'add name: "<a short name>"',
}
