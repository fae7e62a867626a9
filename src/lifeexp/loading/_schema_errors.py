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

from lifeexp.diagnostics import Diagnostic, Severity
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


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _message(error: Any) -> str:
    msg = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    if msg.startswith("Input should"):
        msg = "should" + msg[len("Input should") :]
    return msg


def pydantic_diagnostics(
    exc: ValidationError,
    data: Any,
    locator: Locator,
    model: type[BaseModel],
) -> list[Diagnostic]:
    """Located diagnostics for every error in ``exc``.

    Args:
        exc: The pydantic error raised when validating ``data`` against ``model``.
        data: The parsed YAML document.
        locator: Where each value and key of ``data`` is.
        model: The model validated (used to suggest field names).

    Codes: ``LX101`` unknown field, ``LX102`` missing field, ``LX103`` invalid value.
    """
    groups: dict[Loc, list[tuple[Loc, Any]]] = {}
    singles: list[tuple[Loc, Any]] = []
    for error in exc.errors(include_url=False):
        loc, union_root = _clean_loc(tuple(error["loc"]), data, error["type"])
        if union_root is not None and error["type"] not in {"missing", "extra_forbidden"}:
            groups.setdefault(union_root, []).append((loc, error))
        else:
            singles.append((loc, error))

    out: list[Diagnostic] = []
    for loc, error in singles:
        out.append(_one(loc, error, data, locator, model))
    for root, errors in groups.items():
        if len(errors) == 1:
            out.append(_one(errors[0][0], errors[0][1], data, locator, model))
            continue
        where = render_loc(root, data)
        value = errors[0][1].get("input")
        reasons = sorted({_message(e) for _, e in errors})
        out.append(
            locator.diagnostic(
                root,
                "LX103",
                f"{where}: {_short(value)} is not valid: {'; or '.join(reasons)}",
            )
        )
    return out


def _one(loc: Loc, error: Any, data: Any, locator: Locator, model: type[BaseModel]) -> Diagnostic:
    kind = error["type"]
    if kind == "extra_forbidden":
        parent, name = loc[:-1], str(loc[-1])
        owner = _model_at(model, parent)
        hint = did_you_mean(name, _field_names(owner)) if owner else None
        where = render_loc(parent, data)
        return locator.diagnostic(
            loc, "LX101", f"{where}: unknown field {name!r}", hint=hint, at_key=True
        )
    if kind == "missing":
        parent, name = loc[:-1], str(loc[-1])
        where = render_loc(parent, data)
        return locator.diagnostic(parent, "LX102", f"{where}: missing required field {name!r}")
    where = render_loc(loc, data)
    hint = None
    if kind == "enum":
        allowed = _ENUM_VALUE.findall(str(error.get("ctx", {}).get("expected", "")))
        hint = did_you_mean(str(error.get("input")), allowed)
    value = error.get("input")
    shown = "" if isinstance(value, dict | list) else f" (got {_short(value)})"
    if kind == "model_type" or kind == "model_attributes_type":
        shown = f" (got {type(value).__name__})"
    return locator.diagnostic(
        loc, "LX103", f"{where}: {_message(error)}{shown}", severity=Severity.error, hint=hint
    )
