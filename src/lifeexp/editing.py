"""Deriving a changed journey in Python, validated like a journey file.

Journeys are frozen models, which is what lets a scorecard, a map and a comparison all be
made from the same object safely. A what-if ("what if this form were online?", "what if
the reconsideration step were not needed?") is a *new* journey derived from the old one with
:func:`edit`: the changes are applied to the journey's data, the result is validated against
the schema and run through the error-level checks against the catalogs, exactly as
``lifeexp validate`` would check the YAML, and every problem comes back located by its path in
the document (``<journey-id>: error[LX103]: steps[apply].channel: should be 'online', ...``)::

    import lifeexp

    journey = lifeexp.load_journey("journeys/approaching-retirement.yaml")
    online = lifeexp.edit(journey, steps={"apply-annuity": {"channel": "online"}})
    print(lifeexp.compare(journey, online).hours_saved)

Values are written as in the YAML (``"online"``, ``{"completing": 20}``, ``0.3``); a mapping
changes only the keys it names (``{"burden": {"completing": 20}}`` keeps the other burden
components), anything else replaces the old value.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from lifeexp.checks import check_journeys
from lifeexp.diagnostics import Diagnostic, Severity
from lifeexp.errors import JourneyValidationError
from lifeexp.loading import (
    Locator,
    bundled_catalog,
    did_you_mean,
    in_memory_name,
    pydantic_diagnostics,
)
from lifeexp.model import Catalog, Journey, require_journey

__all__ = ["edit"]


def raise_for_errors(diagnostics: list[Diagnostic], what: str) -> None:
    """Raise :class:`~lifeexp.errors.JourneyValidationError` when any diagnostic is an error
    (warnings never stop an edit, as they never fail ``lifeexp score``)."""
    errors = [d for d in diagnostics if d.severity is Severity.error]
    if errors:
        s = "s" if len(errors) != 1 else ""
        raise JourneyValidationError(f"{len(errors)} problem{s} in {what}", errors)


TransitionKey = tuple[str, str] | int
"""A transition named by ``(from, to)`` or by its 0-based position in ``transitions``."""


def _merge(old: Any, new: Any) -> Any:
    """``new`` over ``old``: mappings key by key (recursively), anything else replaced."""
    if isinstance(old, dict) and isinstance(new, Mapping):
        merged = dict(old)
        for key, value in new.items():
            merged[key] = _merge(old.get(key), value)
        return merged
    return copy.deepcopy(new)


class _Problems:
    """Located problems with the requested changes themselves (unknown step ids...)."""

    def __init__(self, journey: Journey) -> None:
        self.path = in_memory_name(journey)
        self.found: list[Diagnostic] = []

    def add(self, where: str, message: str, hint: str | None = None) -> None:
        self.found.append(
            Diagnostic("LX103", Severity.error, f"{where}: {message}", self.path, None, None, hint)
        )


def _edit_steps(
    data: dict[str, Any], changes: Mapping[str, Mapping[str, Any]], problems: _Problems
) -> None:
    index = {step["id"]: i for i, step in enumerate(data["steps"])}
    for step_id, fields in changes.items():
        i = index.get(step_id)
        if i is None:
            problems.add(
                f"steps[{step_id}]", f"no step {step_id!r} to change", did_you_mean(step_id, index)
            )
            continue
        if not isinstance(fields, Mapping):
            problems.add(f"steps[{step_id}]", "changes must be a mapping of field to new value")
            continue
        data["steps"][i] = _merge(data["steps"][i], fields)


def _edit_transitions(
    data: dict[str, Any],
    changes: Mapping[TransitionKey, Mapping[str, Any]],
    problems: _Problems,
) -> None:
    transitions: list[dict[str, Any]] = data["transitions"]
    for key, fields in changes.items():
        if isinstance(key, int):
            where = f"transitions[{key}]"
            matches = [key] if 0 <= key < len(transitions) else []
        else:
            source, target = key
            where = f"transitions[{source}→{target}]"
            matches = [
                i for i, t in enumerate(transitions) if (t["from"], t["to"]) == (source, target)
            ]
        if not matches:
            problems.add(where, "no such transition to change")
            continue
        if len(matches) > 1:
            places = ", ".join(str(i) for i in matches)
            problems.add(
                where,
                f"{len(matches)} transitions join these steps (positions {places}); "
                "name the one to change by its position",
            )
            continue
        transitions[matches[0]] = _merge(transitions[matches[0]], fields)


def _remove_steps(data: dict[str, Any], removed: Iterable[str], problems: _Problems) -> None:
    """Remove steps and route the person around each: ``a → x (p)`` and ``x → b (q)`` become
    ``a → b (p · q / (1 − s))``, ``s`` being x's probability of repeating itself."""
    ids = [step["id"] for step in data["steps"]]
    for step_id in removed:
        if step_id not in ids:
            problems.add(
                f"steps[{step_id}]", f"no step {step_id!r} to remove", did_you_mean(step_id, ids)
            )
            continue
        if step_id == data["start"]:
            problems.add(
                f"steps[{step_id}]",
                "the start step cannot be removed; change `start` to another step first",
            )
            continue
        transitions: list[dict[str, Any]] = data["transitions"]
        out = [t for t in transitions if t["from"] == step_id and t["to"] != step_id]
        repeat = sum(t["probability"] for t in transitions if t["from"] == t["to"] == step_id)
        if not out and any(t["to"] == step_id for t in transitions):
            problems.add(
                f"steps[{step_id}]",
                "an end step cannot be removed: the transitions into it would lead nowhere",
            )
            continue
        kept: list[dict[str, Any]] = []
        for t in transitions:
            if t["from"] == step_id:
                continue
            if t["to"] != step_id:
                kept.append(t)
                continue
            for onward in out:  # the person now goes where the removed step led
                bypass = dict(t)
                bypass["to"] = onward["to"]
                bypass["probability"] = t["probability"] * onward["probability"] / (1 - repeat)
                kept.append(bypass)
        data["transitions"] = kept
        data["steps"] = [s for s in data["steps"] if s["id"] != step_id]
        ids.remove(step_id)
        for persona in data.get("personas", []):
            choices = persona.get("choices") or {}
            persona["choices"] = {k: v for k, v in choices.items() if step_id not in (k, v)}


def edit(
    journey: Journey,
    *,
    steps: Mapping[str, Mapping[str, Any]] | None = None,
    transitions: Mapping[TransitionKey, Mapping[str, Any]] | None = None,
    remove_steps: Iterable[str] = (),
    catalog: Catalog | None = None,
    check: bool = True,
    **fields: Any,
) -> Journey:
    """A new journey with some changes, validated as a journey file would be.

    Args:
        journey: The journey to start from (it is not changed).
        steps: Changes per step id, e.g. ``{"apply": {"channel": "online"}}`` or
            ``{"apply": {"burden": {"completing": 20}}}``.
        transitions: Changes per transition, named by ``(from, to)`` or by position, e.g.
            ``{("decide", "appeal"): {"probability": 0.05}}``. Changing one probability
            usually means changing its sibling too, so the step's branches still add up to 1.
        remove_steps: Step ids to take out of the journey. The person is routed around each:
            the transitions into it lead where it led, with the probabilities multiplied.
            Persona choices naming it are dropped. The start and the end steps cannot be
            removed.
        catalog: The catalog the references are checked against (default: the bundled one).
        check: Also run the error-level checks (unknown agency, probabilities that do not
            sum to 1...); ``False`` checks the schema only.
        **fields: Journey-level fields to replace, e.g. ``state="future"``,
            ``title="Online annuity claims"``.

    Returns:
        The changed journey (a new object; the original is untouched).

    Raises:
        JourneyValidationError: The changes name steps or transitions that do not exist, or
            the changed journey breaks the schema or an error-level check. ``.diagnostics``
            holds every problem, each naming its place (``steps[apply].channel``).
    """
    require_journey(journey, "edit")
    data: dict[str, Any] = journey.model_dump(mode="json", by_alias=True)
    data.setdefault("transitions", [])
    data.setdefault("steps", [])
    problems = _Problems(journey)
    for name, value in fields.items():
        data[name] = _merge(data.get(name), value)
    _edit_steps(data, steps or {}, problems)
    _edit_transitions(data, transitions or {}, problems)
    _remove_steps(data, list(remove_steps), problems)
    raise_for_errors(problems.found, f"the changes to {journey.id!r}")
    try:
        changed = Journey.model_validate(data)
    except ValidationError as exc:
        found = pydantic_diagnostics(exc, data, Locator(in_memory_name(journey)), Journey)
        s = "s" if len(found) != 1 else ""
        msg = f"{len(found)} problem{s} in the changed journey {journey.id!r}"
        raise JourneyValidationError(msg, found) from None
    if check:
        found = check_journeys([changed], catalog if catalog is not None else bundled_catalog())
        raise_for_errors(found, f"the changed journey {journey.id!r}")
    return changed
