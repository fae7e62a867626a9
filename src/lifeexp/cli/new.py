"""``lifeexp new``: write a commented skeleton journey that validates and scores as written."""

from __future__ import annotations

from pathlib import Path

import click

from lifeexp.cli._common import EXIT_USAGE, handle_errors, safe_text
from lifeexp.files import write_atomic
from lifeexp.model import LifeExperience
from lifeexp.skeleton import schema_reference_for, skeleton_text

__all__ = ["new"]


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-e",
    "--life-experience",
    type=click.Choice([e.value for e in LifeExperience]),
    default=LifeExperience.other.value,
    show_default=True,
    help="The life experience; picks two agencies that take part in it.",
)
@click.option("--id", "journey_id", help="The journey id (default: the file name without .yaml).")
@click.option("--title", help="The journey title (default: a placeholder).")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@handle_errors
def new(
    path: Path, life_experience: str, journey_id: str | None, title: str | None, force: bool
) -> None:
    """Write a skeleton journey to PATH: modeline, phases, steps across two agencies, a
    branch, a cross-agency transition with its handoff type and a source, every part
    commented. It passes lifeexp validate --strict and lifeexp score as written; edit it
    from there.

    The $schema modeline points at the nearest schema/journey.schema.json above PATH (a
    relative path, so it survives copying the repository).
    """
    if path.exists() and not force:
        click.echo(safe_text(f"error: {path} exists; pass --force to overwrite it"), err=True)
        raise click.exceptions.Exit(EXIT_USAGE)
    stem = path.name.removesuffix(".yaml").removesuffix(".yml")
    schema = schema_reference_for(path)
    try:
        text = skeleton_text(
            life_experience=life_experience,
            journey_id=journey_id or stem,
            title=title,
            schema=schema,
            file=str(path),
        )
    except ValueError as exc:
        raise click.BadParameter(f"{exc}; pass --id with a valid id", param_hint="'--id'") from None
    write_atomic(path, text)
    click.echo(safe_text(f"Wrote {path}. Check it with: lifeexp validate {path}"), err=True)
    if schema == "journey.schema.json" and not (path.parent / schema).exists():
        click.echo(
            safe_text(
                "For completion in your editor, write the schema beside it: "
                f"lifeexp schema journey -o {path.parent / schema}"
            ),
            err=True,
        )
