"""JSON Schemas (draft-07) of the journey and catalog formats, for editors and other tools.

The schemas are generated from the pydantic models, and every field's attribute docstring
becomes its ``description`` (read from the source here, with :mod:`ast`, rather than by pydantic
at import time, which would slow every ``lifeexp`` start-up for a feature only this module
needs), so editors that speak the ``yaml-language-server`` modeline offer completion
and inline help::

    # yaml-language-server: $schema=../schema/journey.schema.json

pydantic emits JSON Schema 2020-12; editors and most validators default to draft-07, so the
output is converted: ``$defs`` become ``definitions`` and tuple ``prefixItems`` become an
``items`` array with ``additionalItems: false``. Copies are committed in ``schema/`` and a test
fails when they are stale (regenerate with ``lifeexp schema journey -o
schema/journey.schema.json`` and ``lifeexp schema catalog -o schema/catalog.schema.json``).
"""

from __future__ import annotations

import ast
import functools
import inspect
import itertools
import json
import textwrap
from typing import Any, Final, Literal

from pydantic import BaseModel

from lifeexp.model import CatalogFile, FeedbackFile, Journey

__all__ = ["SCHEMA_KINDS", "catalog_schema", "journey_schema", "schema_for", "schema_text"]

DRAFT_07: Final = "http://json-schema.org/draft-07/schema#"
_BASE_ID: Final = "https://lifeexp.readthedocs.io/schema/"

SchemaKind = Literal["journey", "catalog", "feedback"]
SCHEMA_KINDS: Final[tuple[SchemaKind, ...]] = ("journey", "catalog", "feedback")

_MODELS: Final[dict[str, tuple[type[BaseModel], str, str]]] = {
    "journey": (
        Journey,
        "lifeexp journey",
        "A federal life experience as a graph of steps across agencies (lifeexp journey file).",
    ),
    "catalog": (
        CatalogFile,
        "lifeexp catalog",
        "Shared reference data for lifeexp journeys: agencies, forms, data elements, documents "
        "and channels.",
    ),
    "feedback": (
        FeedbackFile,
        "lifeexp feedback file",
        "Post-transaction feedback counts (OMB Circular A-11 section 280) that a journey's "
        "feedback_sources reference (written by lifeexp feedback import).",
    ),
}


def _to_draft07(node: Any) -> Any:
    """Rewrite the 2020-12 constructs pydantic emits into their draft-07 equivalents."""
    if isinstance(node, list):
        return [_to_draft07(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$defs":
            out["definitions"] = _to_draft07(value)
        elif key == "$ref" and isinstance(value, str):
            out["$ref"] = value.replace("#/$defs/", "#/definitions/")
        elif key == "prefixItems":
            out["items"] = _to_draft07(value)
            out["additionalItems"] = False
        else:
            out[key] = _to_draft07(value)
    # A tuple schema's `items: false` (2020-12) is expressed by additionalItems above.
    if "prefixItems" in node and node.get("items") is False:
        out["items"] = _to_draft07(node["prefixItems"])
    return out


@functools.cache
def _attribute_docstrings(cls: type[BaseModel]) -> dict[str, str]:
    """Field name -> the docstring written under it, for ``cls`` and its model bases."""
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if not issubclass(klass, BaseModel) or klass is BaseModel:
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        except (OSError, TypeError):  # no source (e.g. a class built at run time)
            continue
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
        for node, after in itertools.pairwise(body):
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                found[node.target.id] = inspect.cleandoc(after.value.value)
    return found


def _models_of(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model class reachable from ``root`` through its fields, by class name."""
    seen: dict[str, type[BaseModel]] = {}
    todo: list[Any] = [root]
    while todo:
        item = todo.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            if item.__name__ in seen:
                continue
            seen[item.__name__] = item
            todo.extend(field.annotation for field in item.model_fields.values())
        else:
            todo.extend(getattr(item, "__args__", ()))
            todo.extend(getattr(item, "__origin__", ()) and [item.__origin__])
    return seen


def _describe_fields(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Give every property that lacks one the field's attribute docstring as description."""
    models = _models_of(model)
    targets = [(schema, model), *((schema.get("$defs", {}).get(n), m) for n, m in models.items())]
    for node, cls in targets:
        if not node or "properties" not in node:
            continue
        docs = _attribute_docstrings(cls)
        for name, field in cls.model_fields.items():
            prop = node["properties"].get(field.alias or name)
            text = docs.get(name)
            if prop is None or text is None or "description" in prop:
                continue
            # pydantic sorts the keywords of a property; keep its order so the output is the
            # same as when pydantic fills descriptions itself.
            node["properties"][field.alias or name] = dict(
                sorted({**prop, "description": text}.items())
            )


def schema_for(kind: SchemaKind) -> dict[str, Any]:
    """The draft-07 JSON Schema of ``"journey"`` or ``"catalog"`` files.

    Raises:
        ValueError: ``kind`` is neither.
    """
    if kind not in _MODELS:
        msg = f"unknown schema {kind!r}; expected one of {', '.join(SCHEMA_KINDS)}"
        raise ValueError(msg)
    model, title, description = _MODELS[kind]
    generated = model.model_json_schema(
        by_alias=True, ref_template="#/definitions/{model}", mode="validation"
    )
    _describe_fields(generated, model)
    body = _to_draft07(generated)
    body.pop("title", None)
    body.pop("description", None)
    return {
        "$schema": DRAFT_07,
        "$id": f"{_BASE_ID}{kind}.schema.json",
        "title": title,
        "description": description,
        **body,
    }


def journey_schema() -> dict[str, Any]:
    """The draft-07 JSON Schema of a journey file."""
    return schema_for("journey")


def catalog_schema() -> dict[str, Any]:
    """The draft-07 JSON Schema of a catalog file."""
    return schema_for("catalog")


def schema_text(kind: SchemaKind) -> str:
    """The schema as committed in ``schema/<kind>.schema.json`` (2-space JSON, final newline)."""
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"
