"""A commented skeleton journey to start from (``lifeexp new``).

The skeleton is a small but complete journey: the ``$schema`` modeline, three phases, steps
owned by the person and by two agencies, a branch with probabilities, a cross-agency
transition with its handoff type, figures that each carry a source or an estimate, and one
source. It passes ``lifeexp validate --strict`` and scores as written, so a team edits a
working file rather than filling in a form, and every comment says what to change.

>>> text = skeleton_text(life_experience="recovering-from-a-disaster")
>>> "agency: FEMA" in text and "handoff:" in text
True
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from lifeexp.model import LifeExperience

__all__ = ["SKELETON_AGENCIES", "schema_reference_for", "skeleton_text"]


@dataclass(frozen=True, slots=True)
class _Agencies:
    first: str
    first_name: str
    first_task: str
    second: str
    second_name: str
    second_task: str


SKELETON_AGENCIES: Final[dict[LifeExperience, _Agencies]] = {
    LifeExperience.approaching_retirement: _Agencies(
        "SSA", "Social Security", "Apply for retirement benefits", "CMS", "Medicare",
        "Sign up for Medicare Part B",
    ),
    LifeExperience.recovering_from_disaster: _Agencies(
        "FEMA", "FEMA", "Apply for disaster assistance", "SBA", "the SBA",
        "Apply for a disaster loan",
    ),
    LifeExperience.transition_to_civilian_life: _Agencies(
        "DOD", "your service", "Complete separation counseling", "VA", "VA",
        "Apply for VA health care",
    ),
    LifeExperience.birth_and_early_childhood: _Agencies(
        "STATE-VITAL-RECORDS", "the state vital records office", "Register the birth", "SSA",
        "Social Security", "Get the baby's Social Security number",
    ),
    LifeExperience.facing_financial_shock: _Agencies(
        "STATE-UI", "the state unemployment office", "Apply for unemployment insurance",
        "STATE-SNAP", "the state SNAP office", "Apply for SNAP",
    ),
    LifeExperience.other: _Agencies(
        "SSA", "Social Security", "Change the name on your Social Security record",
        "STATE-DMV", "the state DMV", "Update the name on your driver's license",
    ),
}  # fmt: skip
"""The two agencies of the skeleton for each life experience (codes from the bundled
catalog), with what the person does at each."""

_TEMPLATE: Final = """\
# yaml-language-server: $schema={schema}
#
# A skeleton journey written by `lifeexp new`. It validates and scores as written; replace
# each part with what people really go through, then check it with
#   lifeexp validate {file}
# Every field is described in the lifeexp repository's docs/reference/journey-yaml.md. Every
# figure needs `source:` (an id from `sources:` below, or a URL) or `estimate: "<why>"`.
id: {id}
title: {title}
life_experience: {life_experience}
state: current  # as people live it today; a designed target state is `future`
description: >-
  Where the journey starts and stops, and who it is about. Replace this text.
start: find-out  # the id of the first step

# Phases are the columns of the map, in the order a person lives them.
phases:
  - id: learn
    title: Find out what to do
  - id: apply
    title: Apply
  - id: outcome
    title: Get the result

# Steps are what happens, in the person's words. `agency` is a catalog agency code, or
# `person` for the person's own steps (deciding, waiting, gathering papers).
steps:
  - id: find-out
    title: Find out what is needed
    phase: learn
    agency: person
    kind: action  # action, decision, wait, automatic or end
    channel: online  # online, phone, in_person, mail or none
    burden:  # the person's minutes, by part of the work; [low, likely, high] or one number
      learning: [10, 20, 45]
      estimate: "Placeholder: reading the agencies' pages; replace with a sourced figure"
    sources: [eo-14058]

  - id: apply-first
    title: {first_task}
    phase: apply
    agency: {first}
    channel: online
    data_requested: [full-name, date-of-birth, mailing-address]  # catalog data element ids
    burden:
      completing: [15, 30, 60]
      estimate: "Placeholder: time to complete the application; replace with the PRA figure"
    wait:  # calendar days before the next step can start
      days: [5, 14, 30]
      estimate: "Placeholder: time to a decision; replace with the published standard"

  - id: decision
    title: {first_name} decides
    phase: apply
    agency: {first}
    kind: decision

  - id: apply-second
    title: {second_task}
    phase: apply
    agency: {second}
    channel: in_person
    data_requested: [phone-number]
    data_prefilled: [full-name]  # what the agency fills in from what government holds
    burden:
      completing: [10, 20, 40]
      travel: [20, 40, 90]
      waiting: [10, 30, 60]  # on hold or in line
      estimate: "Placeholder: an office visit; replace with a sourced figure"

  - id: done
    title: The change is complete
    phase: outcome
    kind: end  # an outcome; it has no transitions out

  - id: turned-down
    title: The application is turned down
    phase: outcome
    kind: end

# Transitions are the moves between steps. A step's outgoing probabilities are shares of
# people and add up to 1; a transition without one is certain (probability 1).
transitions:
  - from: find-out
    to: apply-first
  - from: apply-first
    to: decision
  - from: decision
    to: apply-second
    label: approved
    probability: 0.9
    estimate: "Placeholder: share approved; replace with the agency's published rate"
    # Between two agencies, say how the case moves: data_shared, warm_referral,
    # customer_carries (the person carries papers or numbers) or start_over.
    handoff: customer_carries
  - from: decision
    to: turned-down
    label: turned down
    probability: 0.1
    estimate: "Placeholder: share turned down; replace with the agency's published rate"
  - from: apply-second
    to: done

# The public sources the figures cite by id. Add one for each page or report you use.
sources:
  - id: eo-14058
    title: >-
      Executive Order 14058, Transforming Federal Customer Experience and Service Delivery
      To Rebuild Trust in Government
    url: https://www.federalregister.gov/documents/2021/12/16/2021-27380/transforming-federal-customer-experience-and-service-delivery-to-rebuild-trust-in-government
    publisher: Federal Register
    accessed: 2021-12-16
"""

_ID: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def schema_reference_for(target: Path, *, start: Path | None = None) -> str:
    """The modeline path from ``target`` to the nearest ``schema/journey.schema.json`` above
    it (relative, so it survives copying the repository), or the bare file name to write
    next to it when there is none."""
    folder = (start or target.parent).resolve()
    for candidate in (folder, *folder.parents):
        schema = candidate / "schema" / "journey.schema.json"
        if schema.is_file():
            return Path(os.path.relpath(schema, target.parent.resolve())).as_posix()
    return "journey.schema.json"


def skeleton_text(
    *,
    life_experience: str | LifeExperience = LifeExperience.other,
    journey_id: str = "my-journey",
    title: str | None = None,
    schema: str = "journey.schema.json",
    file: str = "my-journey.yaml",
) -> str:
    """The skeleton journey as YAML text.

    Args:
        life_experience: One of :class:`~lifeexp.model.LifeExperience`; picks the two
            agencies (see :data:`SKELETON_AGENCIES`).
        journey_id: The journey's ``id`` (letters, digits, ``-``, ``_`` and ``.``).
        title: The journey's title; a placeholder naming the life experience by default.
        schema: What the ``$schema`` modeline points at.
        file: The file name the header tells the reader to validate.

    Raises:
        ValueError: an unknown life experience or an id that is not a valid id.
    """
    experience = LifeExperience(life_experience)
    if not _ID.match(journey_id) or len(journey_id) > 80:
        msg = (
            f"{journey_id!r} is not a valid journey id: ids use letters, digits, '-', '_' and "
            "'.', and start with a letter or digit"
        )
        raise ValueError(msg)
    agencies = SKELETON_AGENCIES[experience]
    shown_title = title or (
        "A new journey"
        if experience is LifeExperience.other
        else f"{experience.value.replace('-', ' ').capitalize()}: a new journey"
    )
    return _TEMPLATE.format(
        schema=schema,
        file=file,
        id=journey_id,
        title=_yaml_text(shown_title),
        life_experience=experience.value,
        first=agencies.first,
        first_name=agencies.first_name[:1].upper() + agencies.first_name[1:],
        first_task=agencies.first_task,
        second=agencies.second,
        second_task=agencies.second_task,
    )


def _yaml_text(text: str) -> str:
    """``text`` as a YAML scalar that reads back as the same string."""
    plain = re.fullmatch(r"[A-Za-z][A-Za-z0-9 ,.()'/-]*", text) and ": " not in text
    return text if plain else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
