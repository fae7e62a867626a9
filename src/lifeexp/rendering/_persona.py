"""The per-persona path view: the swimlane map with one persona's likely path highlighted.

A persona's ``choices`` name the branch it takes at some steps; everywhere else the path
follows the most likely branch. The path's steps are numbered in order and drawn with a thick
border, its arrows thick, and the arrow it takes at each branch labelled ``▶ <persona>`` once;
everything else is greyed, so the path reads without colour too.
"""

from __future__ import annotations

import itertools

from lifeexp.errors import RenderError
from lifeexp.model import Journey, Persona
from lifeexp.rendering._layout import FrictionInfo, Layout, persona_path
from lifeexp.rendering._options import RenderOptions
from lifeexp.rendering._swimlane import Highlight, swimlane_dot

__all__ = ["find_persona", "persona_dot"]


def find_persona(journey: Journey, persona_id: str | None) -> Persona | None:
    """The journey's persona with this id (``None`` for the most likely path).

    Raises:
        RenderError: No persona has the id; the message lists the ids there are.
    """
    if persona_id is None:
        return None
    try:
        return journey.persona(persona_id)
    except KeyError as exc:
        raise RenderError(exc.args[0]) from None


def persona_dot(
    journey: Journey, layout: Layout, options: RenderOptions, friction: FrictionInfo
) -> str:
    """DOT for the persona view of ``options.persona`` (or the most likely path)."""
    persona = find_persona(journey, options.persona)
    name = persona.name if persona else "the most likely path"
    path = persona_path(journey, persona)
    fanout: dict[str, int] = {}
    for t in layout.transitions:
        fanout[t.from_] = fanout.get(t.from_, 0) + 1
    pairs = list(itertools.pairwise(path))
    # The persona's name goes on the arrow it takes at each branch, once per branch; a path
    # with no branch names it on its first arrow.
    labelled = frozenset(p for p in pairs if fanout.get(p[0], 0) > 1) or frozenset(pairs[:1])
    return swimlane_dot(
        journey, layout, options, friction, highlight=Highlight(path, name, labelled)
    )
