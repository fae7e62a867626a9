"""The journey model: a life experience as a graph of steps across agencies.

A journey file holds one :class:`Journey`. Steps are nodes; transitions are directed edges with
branch probabilities. A step with no outgoing transition is an end of the journey. Every
figure (burden minutes, waits, probabilities, volumes) carries its provenance: a source id or
an explicit estimate with its reason.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from lifeexp.model._values import Identifier, Provenance, Strict, ThreePoint, ThreePointInput

__all__ = [
    "PERSON",
    "AnnualVolume",
    "Burden",
    "BurdenComponent",
    "Channel",
    "Deadline",
    "Goal",
    "HandoffType",
    "Journey",
    "JourneyState",
    "LifeExperience",
    "PainPoint",
    "Persona",
    "Phase",
    "SignIn",
    "Source",
    "Step",
    "StepKind",
    "Suppression",
    "Transition",
    "TransitionKind",
    "Wait",
]

PERSON = "person"
"""The reserved owner for steps the person does on their own (decisions, waits, gathering)."""


class LifeExperience(StrEnum):
    """The life experiences designated under Executive Order 14058 (and ``other``)."""

    approaching_retirement = "approaching-retirement"
    recovering_from_disaster = "recovering-from-a-disaster"
    transition_to_civilian_life = "transition-to-civilian-life"
    birth_and_early_childhood = "birth-and-early-childhood"
    facing_financial_shock = "facing-a-financial-shock"
    other = "other"


class JourneyState(StrEnum):
    """Whether a journey describes today's experience or a designed future one."""

    current = "current"
    future = "future"


class Channel(StrEnum):
    """How the person deals with the agency at a step."""

    online = "online"
    phone = "phone"
    in_person = "in_person"
    mail = "mail"
    none = "none"
    """No customer contact: an automatic or system step."""


class StepKind(StrEnum):
    """What a step is."""

    action = "action"
    """The person does something: applies, submits, attends, calls."""
    decision = "decision"
    """The person (or the rules) chooses between branches."""
    wait = "wait"
    """The person waits for an agency; calendar time passes."""
    automatic = "automatic"
    """Agencies act with no effort from the person (data sharing, auto-enrolment)."""
    end = "end"
    """An outcome; has no outgoing transitions."""


class SignIn(StrEnum):
    """What the person must do to prove who they are at a step."""

    none = "none"
    account = "account"
    """Sign in to an existing account."""
    identity_proofing = "identity_proofing"
    """Create an account and prove identity (e.g. Login.gov IAL2, ID.me, in-person proofing)."""


class TransitionKind(StrEnum):
    """The nature of a transition."""

    normal = "normal"
    rework = "rework"
    """Sent back: missing information, corrections, re-submission."""
    appeal = "appeal"
    """The person contests a decision."""
    referral = "referral"
    """One agency points the person (or their case) to another program."""


class HandoffType(StrEnum):
    """How a cross-agency transition carries the person's case, best to worst."""

    data_shared = "data_shared"
    """The agencies pass the data themselves; the person re-enters nothing."""
    warm_referral = "warm_referral"
    """The first agency connects the person to the next, but the person still applies."""
    customer_carries = "customer_carries"
    """The person carries documents or numbers from one agency to the other."""
    start_over = "start_over"
    """The person starts again from nothing at the next agency."""


class BurdenComponent(StrEnum):
    """The components of customer burden under the Paperwork Reduction Act (5 CFR 1320.3(b))
    and OMB M-22-10."""

    learning = "learning"
    gathering = "gathering"
    completing = "completing"
    submitting = "submitting"
    travel = "travel"
    waiting = "waiting"


class Source(Strict):
    """A public source that figures in the journey cite by id."""

    id: Identifier
    """Short id that figures cite in their ``source`` field."""
    title: str = Field(min_length=1)
    """Title of the page, report or record."""
    url: str | None = None
    """Address of the source."""
    publisher: str | None = None
    """Who published it (agency, GAO, OMB, ...)."""
    accessed: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    """When the source was read or the figure's as-of date: YYYY, YYYY-MM or YYYY-MM-DD."""
    secondary: bool = False
    """True for non-government sources (press, advocacy, copies of government pages)."""


class AnnualVolume(Provenance):
    """How many people go through the journey a year."""

    people: int = Field(gt=0)
    """People per year who go through this journey."""
    note: str | None = None
    """What the count covers and how it was derived."""


class Burden(Provenance):
    """Customer time spent on a step, in minutes, by PRA/M-22-10 component.

    Each component is one number or a three-point estimate ``[low, likely, high]``. Omitted
    components are zero.
    """

    learning: ThreePointInput | None = None
    """Finding out what to do: reading instructions, eligibility rules."""
    gathering: ThreePointInput | None = None
    """Searching for and obtaining records and documents."""
    completing: ThreePointInput | None = None
    """Filling in the form or going through the interview."""
    submitting: ThreePointInput | None = None
    """Sending, mailing, uploading, signing."""
    travel: ThreePointInput | None = None
    """Travel to and from an office."""
    waiting: ThreePointInput | None = None
    """Time on hold or in line (the person's time, not calendar waiting)."""
    form: Identifier | None = None
    """Catalog form whose published minutes per response these figures come from; the
    validator checks they agree."""

    def components(self) -> dict[BurdenComponent, ThreePoint]:
        """The components that are given, keyed by component."""
        out: dict[BurdenComponent, ThreePoint] = {}
        for comp in BurdenComponent:
            value = getattr(self, comp.value)
            if value is not None:
                out[comp] = value
        return out

    @property
    def mean(self) -> float:
        """Sum of the PERT means of all components, in minutes."""
        return sum(tp.mean for tp in self.components().values())


class Wait(Provenance):
    """Calendar time that passes after a step before the next one can start."""

    days: ThreePointInput
    """Calendar days, one number or ``[low, likely, high]``."""
    standard: str | None = None
    """The published processing standard or goal behind the figure, if any."""


class PainPoint(Provenance):
    """A published pain point at a step."""

    text: str = Field(min_length=1)
    """The pain point in plain words (quote or paraphrase)."""


class Deadline(Provenance):
    """A moment that matters: a deadline or window with a penalty for missing it."""

    title: str = Field(min_length=1)
    """What must happen by when, e.g. 'Enrol in Part B during the Initial Enrollment Period'."""
    window_days: float | None = Field(default=None, ge=0)
    """Length of the window in days, if it has one."""
    penalty: str | None = None
    """What happens when it is missed."""


class Suppression(Strict):
    """Silences one check at this place, with the reason recorded for reviewers."""

    code: str = Field(pattern=r"^LX\d{3}$")
    """The diagnostic code to silence, e.g. LX501."""
    reason: str = Field(min_length=3)
    """Why the finding does not apply here."""


class Phase(Strict):
    """A stage of the journey that a person would recognise; phases are the map's columns."""

    id: Identifier
    """Unique within the journey; steps name it in their ``phase`` field."""
    title: str = Field(min_length=1)
    """Column heading on the map, e.g. 'Plan', 'Apply', 'Wait for a decision'."""
    description: str | None = None
    """What happens in this phase, for reports."""


class Persona(Strict):
    """A kind of person who goes through the journey."""

    id: Identifier
    """Unique within the journey."""
    name: str = Field(min_length=1)
    """Short name, e.g. 'Federal employee retiring at 62'."""
    description: str | None = None
    """Who this persona is and what sets their path apart."""
    share: float | None = Field(default=None, ge=0, le=1)
    """Share of the people in the journey this persona stands for, if known."""
    choices: dict[Identifier, Identifier] = Field(default_factory=dict)
    """At branching steps, the next step this persona takes (``step id: next step id``);
    elsewhere the most likely branch is assumed."""
    sources: list[str] = Field(default_factory=list)
    """Source ids for the persona (research, statistics)."""


class Step(Strict):
    """One thing that happens in the journey: an action, decision, wait or automatic step."""

    id: Identifier
    """Unique within the journey; transitions refer to it."""
    title: str = Field(min_length=1)
    """What happens, in the person's words, e.g. 'Apply for retirement benefits'."""
    phase: Identifier
    """The id of the phase (map column) this step belongs to."""
    agency: str | None = None
    """Owning agency: a code from the agencies catalog, or ``person`` for the person's own
    steps."""
    channel: Channel = Channel.none
    """The channel most people use at this step."""
    other_channels: list[Channel] = Field(default_factory=list)
    """Other channels the step is also offered through."""
    kind: StepKind = StepKind.action
    """Action, decision, wait, automatic or end."""
    forms: list[Identifier] = Field(default_factory=list)
    """Forms from the forms catalog used at this step."""
    burden: Burden | None = None
    """Customer time this step takes, in minutes, by component."""
    wait: Wait | None = None
    """Calendar time before the next step can start."""
    data_requested: list[Identifier] = Field(default_factory=list)
    """Data elements (catalog ids) the person is asked to provide."""
    data_prefilled: list[Identifier] = Field(default_factory=list)
    """Data elements (catalog ids) the agency fills in from what government already holds."""
    documents: list[Identifier] = Field(default_factory=list)
    """Documents (catalog ids) the person must show or send."""
    sign_in: SignIn = SignIn.none
    """Sign-in or identity proofing the step requires."""
    psychological_cost: Annotated[int, Field(ge=0, le=3)] = 0
    """Stress, stigma or loss of autonomy, 0 (none) to 3 (severe); never converted to minutes."""
    emotion: Annotated[int, Field(ge=-2, le=2)] = 0
    """How the person tends to feel here, −2 (very negative) to +2 (very positive)."""
    pain_points: list[PainPoint] = Field(default_factory=list)
    """Published pain points at this step."""
    deadlines: list[Deadline] = Field(default_factory=list)
    """Deadlines and windows with penalties."""
    notes: str | None = None
    """Free notes for reviewers."""
    sources: list[str] = Field(default_factory=list)
    """Source ids (or URLs) that support the step as described."""
    suppress: list[Suppression] = Field(default_factory=list)
    """Checks silenced at this step, each with a reason."""

    @property
    def customer_facing(self) -> bool:
        """True when the person takes part in the step (not automatic, not an end)."""
        return self.kind not in {StepKind.automatic, StepKind.end}

    @property
    def online_available(self) -> bool:
        """True when the step can be done online."""
        return Channel.online in {self.channel, *self.other_channels}


class Transition(Provenance):
    """A directed move from one step to the next, with its probability."""

    from_: Identifier = Field(alias="from")
    """Id of the step the transition leaves."""
    to: Identifier
    """Id of the step the transition enters."""
    probability: float = Field(default=1.0, gt=0, le=1)
    """Probability of taking this transition when leaving ``from``; the outgoing
    probabilities of a step sum to 1."""
    label: str | None = None
    """Condition or outcome shown on the arrow, e.g. 'approved', 'claims at 62'."""
    kind: TransitionKind = TransitionKind.normal
    """Normal, rework (sent back), appeal or referral."""
    handoff: HandoffType | None = None
    """Required when the two steps belong to different agencies: how the case moves."""
    data_passed: list[Identifier] = Field(default_factory=list)
    """Data elements the sending agency passes to the receiving one."""
    suppress: list[Suppression] = Field(default_factory=list)
    """Checks silenced on this transition, each with a reason."""

    model_config = Strict.model_config | {"populate_by_name": True}


class Goal(Provenance):
    """A published outcome goal that a future-state journey models."""

    text: str = Field(min_length=1)
    """The goal in plain words, e.g. 'Medicare enrolment without a separate application'."""


class Journey(Strict):
    """A life experience as a graph of steps across agencies."""

    id: Identifier
    """Unique id, e.g. ``approaching-retirement`` or ``approaching-retirement.future``."""
    title: str = Field(min_length=1)
    """Human-readable title shown on maps and reports."""
    life_experience: LifeExperience
    """Which designated life experience this journey belongs to."""
    state: JourneyState = JourneyState.current
    """``current`` (as people live it today) or ``future`` (a designed target state)."""
    compares_to: Identifier | None = None
    """For a future state: the id of the current-state journey it improves on."""
    description: str | None = None
    """What the journey covers and where it stops."""
    annual_volume: AnnualVolume | None = None
    """How many people go through the journey a year, with its source."""
    start: Identifier
    """Id of the first step."""
    personas: list[Persona] = Field(default_factory=list)
    """Kinds of people who go through the journey, with the branches they take."""
    phases: list[Phase] = Field(min_length=1)
    """Phases in the order a person lives them; the map's columns."""
    steps: list[Step] = Field(min_length=1)
    """The steps of the journey; a step with no outgoing transition is an end."""
    transitions: list[Transition] = Field(default_factory=list)
    """Directed moves between steps with their probabilities."""
    goals: list[Goal] = Field(default_factory=list)
    """Published outcome goals (mostly for future states)."""
    sources: list[Source] = Field(default_factory=list)
    """Every source that figures in the journey cite."""
    suppress: list[Suppression] = Field(default_factory=list)
    """Checks silenced for the whole journey, each with a reason."""

    @model_validator(mode="after")
    def _future_names_current(self) -> Journey:
        if self.state is JourneyState.current and self.compares_to is not None:
            msg = "compares_to is only for future-state journeys (state: future)"
            raise ValueError(msg)
        return self

    def step(self, step_id: str) -> Step:
        """The step with this id; ``KeyError`` when there is none."""
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    @property
    def step_ids(self) -> list[str]:
        """Step ids in file order."""
        return [s.id for s in self.steps]

    def outgoing(self, step_id: str) -> list[Transition]:
        """Transitions leaving a step, in file order."""
        return [t for t in self.transitions if t.from_ == step_id]

    @property
    def agencies(self) -> list[str]:
        """Agency codes that own at least one step, in first-appearance order (``person``
        excluded)."""
        seen: dict[str, None] = {}
        for s in self.steps:
            if s.agency and s.agency != PERSON:
                seen.setdefault(s.agency, None)
        return list(seen)
