"""Building many small result models quickly and compactly.

A journey of 100,000 steps yields 100,000 ``StepScore`` and more ``FrictionPoint`` models.
Validating them one at a time from Python, or holding all their input dicts and all the models
at once, would dominate both run time and peak memory, so they are validated in chunks by
pydantic-core and each chunk's dicts are dropped as soon as its models exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter

__all__ = ["build_models"]

M = TypeVar("M", bound=BaseModel)

_CHUNK = 8192


def build_models(model: type[M], rows: Iterable[dict[str, Any]]) -> list[M]:
    """Validate ``rows`` into ``model`` instances, a chunk at a time.

    Every row must set every field (they are computed, not user input), so all instances
    share one "fields set" instead of carrying a copy each: pydantic keeps a set of the names
    of the fields given to each instance, which is more than half the memory of a small model.
    Sharing it is safe because the models are frozen and ``model_copy`` copies the set before
    changing it.
    """
    adapter = TypeAdapter(list[model])  # type: ignore[valid-type]
    shared = set(model.model_fields)
    out: list[M] = []
    it = iter(rows)
    while chunk := list(islice(it, _CHUNK)):
        models: list[M] = adapter.validate_python(chunk)
        del chunk
        for m in models:
            object.__setattr__(m, "__pydantic_fields_set__", shared)
        out.extend(models)
    return out
