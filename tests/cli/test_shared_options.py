"""Options several commands take are one shared decorator each: the same name, the same
help text, wherever they appear (a user who learns ``--samples`` on score knows it on report)."""

from __future__ import annotations

import importlib
from collections import defaultdict

import click
import pytest

from lifeexp.cli import _COMMANDS


def _options() -> dict[str, list[tuple[str, click.Option]]]:
    found: dict[str, list[tuple[str, click.Option]]] = defaultdict(list)

    def walk(command: click.Command, name: str) -> None:
        if isinstance(command, click.Group):
            for sub, child in command.commands.items():
                walk(child, f"{name} {sub}")
            return
        for param in command.params:
            if isinstance(param, click.Option):
                found[param.opts[-1]].append((name, param))

    for name, target in _COMMANDS.items():
        module, attr = target.split(":")
        walk(getattr(importlib.import_module(module), attr), name)
    return found


SHARED = {
    "--catalog": {"validate", "score", "compare", "render", "report", "calibrate"},
    "--follow-symlinks": {"validate", "score", "render", "report"},
    "--max-file-size": {
        "validate",
        "score",
        "compare",
        "render",
        "report",
        "calibrate",
        "simulate-log",
        "feedback import",
    },
    "--overlay": {"score", "compare", "render", "report"},
    "--samples": {"score", "compare", "report"},
    "--seed": {"score", "compare", "report"},
    "--wage-rate": {"score", "compare", "report"},
}


@pytest.mark.parametrize("option", sorted(SHARED))
def test_a_shared_option_reads_the_same_on_every_command(option: str) -> None:
    uses = [(name, p) for name, p in _options()[option] if name in SHARED[option]]
    assert {name for name, _ in uses} == SHARED[option]
    assert len({p.help for _, p in uses}) == 1, [(n, p.help) for n, p in uses]
    assert len({(p.name, p.default, p.metavar, repr(p.type.to_info_dict())) for _, p in uses}) == 1


def test_every_option_has_help() -> None:
    missing = [f"{n} {o}" for o, uses in _options().items() for n, p in uses if not p.help]
    # --help itself and click's own options aside
    assert [m for m in missing if not m.endswith(" --help")] == []
