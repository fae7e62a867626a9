"""``lifeexp schema``: print or write the JSON Schema of journey or catalog files."""

from __future__ import annotations

from pathlib import Path

import click

from lifeexp.cli._common import catalog_option, handle_errors, project_or_exit
from lifeexp.files import write_atomic
from lifeexp.schema import SCHEMA_KINDS, schema_text

__all__ = ["schema"]


@click.command()
@click.argument("kind", type=click.Choice(SCHEMA_KINDS), default="journey", required=False)
@catalog_option
@click.option(
    "--no-bundled-catalogs",
    is_flag=True,
    help="List only the ids of the catalogs given, not those of the bundled ones.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file (atomically) instead of standard output.",
)
@handle_errors
def schema(
    kind: str, catalogs: tuple[Path, ...], no_bundled_catalogs: bool, output: Path | None
) -> None:
    """Print the draft-07 JSON Schema of journey (default) or catalog files.

    Editors that understand the # yaml-language-server: $schema=... modeline use it for
    completion and inline documentation. The journey schema lists the agency, form, data
    element and document ids of the bundled catalogs, so an editor completes agency: and
    flags an unknown id. It lists a team's own ids too (a project schema) when they are
    given with --catalog or configured in the project's lifeexp.toml:
    lifeexp schema journey --catalog catalogs/ -o schema/journey.schema.json.

    The repository keeps generated copies in schema/; regenerate them with
    lifeexp schema journey -o schema/journey.schema.json and
    lifeexp schema catalog -o schema/catalog.schema.json.
    """
    from lifeexp.loading import load_catalog

    # The project's configured catalogs (lifeexp.toml above the output file or the working
    # folder) come first, so `lifeexp schema journey -o schema/journey.schema.json` in a team's
    # repository writes its project schema with no flags.
    project = project_or_exit([output.parent if output is not None else Path.cwd()])
    catalog = load_catalog(
        *project.catalogs,
        *catalogs,
        include_bundled=project.bundled_catalogs and not no_bundled_catalogs,
    )
    text = schema_text("journey" if kind == "journey" else "catalog", catalog=catalog)
    if output is None:
        click.echo(text, nl=False)
        return
    write_atomic(output, text)
    click.echo(f"Wrote {output}", err=True)
