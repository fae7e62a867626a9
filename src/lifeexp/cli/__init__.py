"""The ``lifeexp`` command line: a thin layer over the public library API.

Each command lives in its own module and is imported only when it runs, so ``lifeexp
validate`` never pays for numpy, networkx or the renderers unless it needs them.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

__all__ = ["main"]

# command name -> "module:attribute"; modules are imported on first use.
_COMMANDS: dict[str, str] = {
    "validate": "lifeexp.cli.validate:validate",
    "schema": "lifeexp.cli.schema:schema",
    "catalog": "lifeexp.cli.catalog:catalog",
    "score": "lifeexp.cli.score:score",
    "compare": "lifeexp.cli.score:compare",
    "render": "lifeexp.cli.render:render",
    "report": "lifeexp.cli.report:report",
    "new": "lifeexp.cli.new:new",
}


class _LazyGroup(click.Group):
    """A click group whose subcommands are imported when they are looked up."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:  # a command whose module is not written yet
            if exc.name != module_name:
                raise
            return None
        command: Any = getattr(module, attr)
        return command  # type: ignore[no-any-return]


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lifeexp", prog_name="lifeexp")
def main() -> None:
    """Validate, score, map and report federal life-experience journeys written in YAML.

    Exit codes: 0 ok, 1 problems found, 2 usage error, 3 internal or environment failure.
    """
