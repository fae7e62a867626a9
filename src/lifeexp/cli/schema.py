"""``lifeexp schema``: print or write the JSON Schema of journey or catalog files."""

from __future__ import annotations

from pathlib import Path

import click

from lifeexp.cli._common import handle_errors
from lifeexp.files import write_atomic
from lifeexp.schema import SCHEMA_KINDS, schema_text

__all__ = ["schema"]


@click.command()
@click.argument("kind", type=click.Choice(SCHEMA_KINDS), default="journey", required=False)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file (atomically) instead of standard output.",
)
@handle_errors
def schema(kind: str, output: Path | None) -> None:
    """Print the draft-07 JSON Schema of journey (default) or catalog files.

    Editors that understand the # yaml-language-server: $schema=... modeline use it for
    completion and inline documentation. The repository keeps generated copies in
    schema/; regenerate them with
    lifeexp schema journey -o schema/journey.schema.json and
    lifeexp schema catalog -o schema/catalog.schema.json.
    """
    text = schema_text("journey" if kind == "journey" else "catalog")
    if output is None:
        click.echo(text, nl=False)
        return
    write_atomic(output, text)
    click.echo(f"Wrote {output}", err=True)
