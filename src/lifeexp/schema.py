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

**Completion of catalog ids.** Given a catalog, the journey schema lists its agency, form, data
element and document ids (and describes each channel): ``lifeexp schema journey`` uses the
bundled catalogs, or a team's merged catalogs with ``--catalog catalogs/``, so an editor completes
``agency:`` with the codes and their names and underlines an unknown one. Each choice carries
its name in ``markdownEnumDescriptions``, the keyword the YAML language server and VS Code show.

**Hover text is Markdown**: attribute docstrings are unwrapped and their reStructuredText
literals (````id````) become Markdown code (```id```), in ``description`` and
``markdownDescription``. The schema carries no ``$id``: it is meant to be referenced by a
relative path from the journey files (the modeline), and a URL that does not resolve would
mislead tools that fetch it.
"""

from __future__ import annotations

import ast
import functools
import inspect
import itertools
import json
import re
import textwrap
from typing import Any, Final, Literal

from pydantic import BaseModel

from lifeexp.model import PERSON, Catalog, CatalogFile, Journey

__all__ = ["SCHEMA_KINDS", "catalog_schema", "journey_schema", "schema_for", "schema_text"]

DRAFT_07: Final = "http://json-schema.org/draft-07/schema#"

SchemaKind = Literal["journey", "catalog"]
SCHEMA_KINDS: Final[tuple[SchemaKind, ...]] = ("journey", "catalog")

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


_RST_LITERAL: Final = re.compile(r"``([^`]+)``")


def markdown(text: str) -> str:
    """A docstring as one Markdown paragraph per blank-line-separated block.

    >>> markdown("Owning agency, or ``person`` for the   person's own steps.")
    "Owning agency, or `person` for the person's own steps."
    """
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]
    return _RST_LITERAL.sub(r"`\1`", "\n\n".join(p for p in paragraphs if p))


def _markdown_everywhere(node: Any) -> None:
    """Give every described node Markdown ``description`` and ``markdownDescription``."""
    if isinstance(node, list):
        for item in node:
            _markdown_everywhere(item)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _markdown_everywhere(value)
    if isinstance(node.get("description"), str):
        node["description"] = markdown(node["description"])
        node["markdownDescription"] = node["description"]


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


def _choices(entries: dict[str, str]) -> dict[str, Any]:
    """A string that must be one of ``entries`` (id → Markdown description)."""
    ids = sorted(entries, key=str.lower)
    return {
        "type": "string",
        "enum": ids,
        "markdownEnumDescriptions": [entries[i] for i in ids],
    }


def _catalog_ids(definitions: dict[str, Any], catalog: Catalog) -> None:
    """List the catalog's ids where a journey refers to them (completion in editors)."""
    agencies = {code: f"**{a.name}** ({a.kind.value})" for code, a in catalog.agencies.items()}
    agencies[PERSON] = "The person's own steps (decisions, waiting, gathering papers)."
    forms = {i: f"**{f.title}** ({f.agency})" for i, f in catalog.forms.items()}
    data = {i: f"**{d.title}**" for i, d in catalog.data_elements.items()}
    documents = {i: f"**{d.title}**" for i, d in catalog.documents.items()}
    step = definitions["Step"]["properties"]
    step["agency"]["anyOf"][0] = _choices(agencies)
    step["forms"]["items"] = _choices(forms)
    for field in ("data_requested", "data_prefilled"):
        step[field]["items"] = _choices(data)
    step["documents"]["items"] = _choices(documents)
    definitions["Burden"]["properties"]["form"]["anyOf"][0] = _choices(forms)
    definitions["Transition"]["properties"]["data_passed"]["items"] = _choices(data)
    channel = definitions["Channel"]
    described = {c.value: info for c, info in ((i.id, i) for i in catalog.channels.values())}
    channel["markdownEnumDescriptions"] = [
        f"**{described[v].title}**"
        + (f": {described[v].description}" if described[v].description else "")
        if v in described
        else v
        for v in channel["enum"]
    ]


def schema_for(kind: SchemaKind, *, catalog: Catalog | None = None) -> dict[str, Any]:
    """The draft-07 JSON Schema of ``"journey"`` or ``"catalog"`` files.

    Args:
        kind: Which file format.
        catalog: For the journey schema, the catalog whose ids it lists for completion
            (``lifeexp.bundled_catalog()`` for the committed schema); none are listed when
            omitted. (The catalog schema lists none: a team's catalog files define new ids.)

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
    if kind == "journey" and catalog is not None:
        _catalog_ids(body["definitions"], catalog)
    _markdown_everywhere(body)
    return {
        "$schema": DRAFT_07,
        "title": title,
        "description": description,
        **body,
    }


def journey_schema(catalog: Catalog | None = None) -> dict[str, Any]:
    """The draft-07 JSON Schema of a journey file, listing ``catalog``'s ids when given (pass
    ``lifeexp.bundled_catalog()`` for the schema committed in ``schema/``)."""
    return schema_for("journey", catalog=catalog)


def catalog_schema() -> dict[str, Any]:
    """The draft-07 JSON Schema of a catalog file."""
    return schema_for("catalog")


def schema_text(kind: SchemaKind, *, catalog: Catalog | None = None) -> str:
    """The schema as committed in ``schema/<kind>.schema.json`` (2-space JSON, final newline)."""
    return json.dumps(schema_for(kind, catalog=catalog), indent=2, ensure_ascii=False) + "\n"
