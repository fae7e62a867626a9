"""Generated pages: the CLI reference from the click commands and the YAML field references
from the JSON Schemas.

mkdocs-gen-files runs this file during ``mkdocs build`` to write the CLI reference. The journey
and catalog field references are committed Markdown (so their links work on GitHub too);
``python docs/_gen/reference.py --write`` regenerates them and ``tests/test_docs.py`` fails when
they are stale. The functions are imported by the tests, so the tests check exactly what the
site shows. Nothing here is written by hand, so the reference cannot drift from the code.
"""

from __future__ import annotations

import json
from typing import Any

import click

__all__ = ["cli_reference", "schema_reference", "yaml_references"]


# ------------------------------------------------------------------------------------- CLI


def _commands() -> list[tuple[str, click.Command]]:
    from lifeexp.cli import _COMMANDS, main

    ctx = click.Context(main, info_name="lifeexp")
    found: list[tuple[str, click.Command]] = []
    for name in sorted(_COMMANDS):
        cmd = main.get_command(ctx, name)
        if cmd is not None:
            found.append((name, cmd))
    return found


def _help_text(name: str, cmd: click.Command, group: click.Command | None = None) -> str:
    from lifeexp.cli import main

    settings: dict[str, object] = {
        "terminal_width": 88,
        "max_content_width": 88,
        "help_option_names": ["-h", "--help"],  # as the lifeexp group sets for every command
    }
    ctx = click.Context(main, info_name="lifeexp", **settings)  # type: ignore[arg-type]
    if group is not None:
        ctx = click.Context(group, info_name=group.name, parent=ctx, **settings)  # type: ignore[arg-type]
    ctx = click.Context(cmd, info_name=name, parent=ctx, **settings)  # type: ignore[arg-type]
    return cmd.get_help(ctx)


def _escape_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _options_table(cmd: click.Command) -> list[str]:
    rows = ["| Option | Meaning |", "| --- | --- |"]
    for param in cmd.params:
        if isinstance(param, click.Argument):
            metavar = param.human_readable_name.upper()
            rows.append(f"| `{metavar}` | argument{' (repeatable)' if param.nargs == -1 else ''} |")
            continue
        if not isinstance(param, click.Option) or param.hidden:
            continue
        names = ", ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts])
        help_text = param.help or ""
        if isinstance(param.type, click.Choice):
            help_text += " One of: " + ", ".join(f"`{c}`" for c in param.type.choices) + "."
        if param.show_default and param.default not in (None, (), False):
            help_text += f" Default: `{param.default}`."
        rows.append(f"| {names} | {_escape_cell(help_text.strip())} |")
    rows.append("| `-h`, `--help` | Show the help and exit. |")
    return rows


def cli_reference() -> str:
    """The command-line reference page: every command's help text and options."""
    from lifeexp.cli import main

    lines = [
        "# Command line",
        "",
        "Generated from the commands themselves at build time; `lifeexp COMMAND --help` prints",
        "the same text.",
        "",
        "Exit codes are the same for every command: **0** ok, **1** problems found in the input,",
        "**2** usage error, **3** internal or environment failure "
        "(see [exit codes](exit-codes.md)).",
        "",
        "```text",
        main.get_help(click.Context(main, info_name="lifeexp")),
        "```",
        "",
    ]
    for name, cmd in _commands():
        lines += [
            f"## lifeexp {name}",
            "",
            (cmd.get_short_help_str(limit=200) or "").strip(),
            "",
            "```text",
            _help_text(name, cmd).rstrip(),
            "```",
            "",
            *_options_table(cmd),
            "",
        ]
        if isinstance(cmd, click.Group):
            for sub_name in cmd.list_commands(click.Context(cmd)):
                sub = cmd.get_command(click.Context(cmd), sub_name)
                if sub is None:
                    continue
                lines += [
                    f"### lifeexp {name} {sub_name}",
                    "",
                    (sub.get_short_help_str(limit=200) or "").strip(),
                    "",
                    "```text",
                    _help_text(sub_name, sub, group=cmd).rstrip(),
                    "```",
                    "",
                    *_options_table(sub),
                    "",
                ]
    return "\n".join(lines)


# ------------------------------------------------------------------------------- schema


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _anchor(name: str) -> str:
    return name.lower()


def _type_of(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = _ref_name(prop["$ref"])
        return f"[{name}](#{_anchor(name)})"
    if "enum" in prop and "markdownEnumDescriptions" in prop and len(prop["enum"]) > 8:
        # A catalog id: listing every id would drown the table; the catalogs list them.
        shown = ", ".join(f"`{v}`" for v in prop["enum"][:2])
        return f"catalog id ({len(prop['enum'])} known, e.g. {shown})"
    if "enum" in prop:
        return " \\| ".join(f"`{json.dumps(v)}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{json.dumps(prop['const'])}`"
    if "anyOf" in prop or "oneOf" in prop:
        options = [p for p in prop.get("anyOf", prop.get("oneOf", [])) if p.get("type") != "null"]
        if len(options) == 2 and {o.get("type") for o in options} == {"number", "array"}:
            return "number or `[low, likely, high]`"
        return " or ".join(_type_of(o) for o in options) or "null"
    kind = prop.get("type")
    if kind == "array":
        return f"list of {_type_of(prop.get('items', {}))}"
    if kind == "object":
        extra = prop.get("additionalProperties")
        if isinstance(extra, dict):
            return f"mapping to {_type_of(extra)}"
        return "mapping"
    if isinstance(kind, list):
        return " or ".join(str(k) for k in kind if k != "null")
    return str(kind or "any")


_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
_PATTERNS = {
    r"^\d{4}(-\d{2}(-\d{2})?)?$": "a date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`",
    r"^\d{4}-\d{4}$": "`NNNN-NNNN`",
    r"^LX\d{3}$": "a diagnostic code such as `LX603`",
}


def _constraints(prop: dict[str, Any]) -> str:
    parts = []
    for key, label in (
        ("minimum", "≥"),
        ("exclusiveMinimum", ">"),
        ("maximum", "≤"),
        ("exclusiveMaximum", "<"),
    ):
        if key in prop:
            parts.append(f"{label} {prop[key]}")
    if prop.get("pattern") == _ID_PATTERN:
        parts.append("an id: letters, digits, `-`, `_` and `.`, starting with a letter or digit")
    elif "pattern" in prop:
        parts.append(_PATTERNS.get(prop["pattern"], f"pattern `{prop['pattern']}`"))
    if "minItems" in prop:
        parts.append(f"at least {prop['minItems']} item(s)")
    if "default" in prop and prop["default"] not in (None, [], {}):
        parts.append(f"default `{json.dumps(prop['default'])}`")
    return "; ".join(parts)


def _model_section(name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"### {name}", ""]
    if schema.get("description"):
        lines += [schema["description"].strip(), ""]
    if "enum" in schema:
        lines += ["One of: " + ", ".join(f"`{v}`" for v in schema["enum"]) + ".", ""]
        return lines
    props: dict[str, Any] = schema.get("properties", {})
    if not props:
        return lines
    required = set(schema.get("required", []))
    lines += ["| Field | Type | Required | Meaning |", "| --- | --- | --- | --- |"]
    for field, prop in props.items():
        meaning = (prop.get("description") or "").strip()
        extra = _constraints(prop)
        if extra:
            meaning = f"{meaning} ({extra})" if meaning else extra
        lines.append(
            f"| `{field}` | {_type_of(prop)} | {'yes' if field in required else ''} | "
            f"{_escape_cell(meaning)} |"
        )
    lines.append("")
    return lines


def _definitions(schema: dict[str, Any]) -> dict[str, Any]:
    """Sub-schemas by name, from ``$defs`` (2019-09+) or ``definitions`` (draft-07)."""
    found: dict[str, Any] = schema.get("$defs") or schema.get("definitions") or {}
    return found


def schema_reference(schema: dict[str, Any], *, title: str, intro: str) -> str:
    """A Markdown page describing every object of a JSON Schema, top object first."""
    root_name = schema.get("title", "Root")
    lines = [f"# {title}", "", intro, ""]
    lines += ["## Objects", ""]
    lines += _model_section(root_name, schema)
    for name, sub in _definitions(schema).items():
        if name == root_name:
            continue
        lines += _model_section(name, sub)
    return "\n".join(lines)


def _journey_schema() -> dict[str, Any]:
    from lifeexp.loading import bundled_catalog
    from lifeexp.schema import journey_schema

    return journey_schema(bundled_catalog())


def _catalog_schema() -> dict[str, Any]:
    from lifeexp.schema import catalog_schema

    return catalog_schema()


JOURNEY_INTRO = (
    "Every field a journey file may hold, generated from the JSON Schema that "
    "`lifeexp schema journey` prints (the same schema your editor uses, see "
    "[Set up your editor](../how-to/editor.md)). Unknown fields are errors. Figures are in "
    "minutes (burden) or days (waits); a figure written as `[low, likely, high]` is a "
    "three-point estimate. Every figure needs a `source` or an `estimate` reason."
)
CATALOG_INTRO = (
    "Every field of a catalog file (agencies, forms, data elements, documents, channels), "
    "generated from the JSON Schema that `lifeexp schema catalog` prints. See "
    "[Add an agency catalog](../how-to/catalog.md)."
)


_GENERATED_NOTE = (
    "<!-- Generated from the JSON Schema by `python docs/_gen/reference.py --write`; do not "
    "edit. A test fails when this page is out of date. -->"
)


def yaml_references() -> dict[str, str]:
    """The committed field reference pages (``docs/<path>`` → Markdown).

    They are kept in the repository, not only built into the site, so their links work when
    the documentation is read on GitHub; ``tests/test_docs.py`` fails when one is stale.
    """
    journey = schema_reference(_journey_schema(), title="Journey YAML fields", intro=JOURNEY_INTRO)
    catalog = schema_reference(_catalog_schema(), title="Catalog YAML fields", intro=CATALOG_INTRO)
    return {
        "reference/journey-yaml.md": _with_note(journey),
        "reference/catalog-yaml.md": _with_note(catalog),
    }


def _with_note(page: str) -> str:
    title, _, rest = page.partition("\n")
    return f"{title}\n\n{_GENERATED_NOTE}\n{rest.rstrip()}\n"


def _write_pages() -> None:
    import mkdocs_gen_files

    with mkdocs_gen_files.open("reference/cli.md", "w") as fh:
        fh.write(cli_reference())


if __name__ in {"__main__", "<run_path>"}:
    import sys
    from pathlib import Path

    if sys.argv[1:] == ["--write"]:  # regenerate the committed references
        docs = Path(__file__).resolve().parents[1]
        for name, text in yaml_references().items():
            (docs / name).write_text(text, encoding="utf-8")
    else:
        _write_pages()
