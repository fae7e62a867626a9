"""Catalog models: the shared reference data journeys point at.

A catalog file may hold any of the sections ``agencies``, ``forms``, ``data_elements``,
``documents`` and ``channels``. The bundled catalogs and a team's own files are merged into one
:class:`Catalog`; the same id defined in two files is an error naming both.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from lifeexp.model._journey import Channel
from lifeexp.model._values import Identifier, Strict

__all__ = [
    "Agency",
    "AgencyKind",
    "Catalog",
    "CatalogFile",
    "ChannelInfo",
    "DataElement",
    "Document",
    "Form",
    "FormPart",
    "MinutesBasis",
    "Sensitivity",
]


class AgencyKind(StrEnum):
    """The level of government or sector an organisation belongs to."""

    federal = "federal"
    state = "state"
    local = "local"
    tribal = "tribal"
    private = "private"
    nonprofit = "nonprofit"


class Agency(Strict):
    """An agency or other organisation that owns steps."""

    code: Identifier
    """Short code that journeys use, e.g. SSA, CMS, STATE-MEDICAID."""
    name: str = Field(min_length=1)
    """Full name, e.g. 'Social Security Administration'."""
    department: str | None = None
    """Parent department, e.g. 'Department of Health and Human Services'."""
    kind: AgencyKind = AgencyKind.federal
    """Level of government or sector: federal, state, local, tribal, private or nonprofit."""
    hisp: bool = False
    """Designated a High Impact Service Provider under OMB Circular A-11 §280."""
    website: str | None = None
    """The agency's home page."""
    source: str | None = None
    """Address that supports the entry (e.g. the HISP list)."""
    note: str | None = None
    """Free notes for reviewers."""


class MinutesBasis(StrEnum):
    """How a form's minutes per response were obtained."""

    published = "published"
    """Stated by the agency per response (on the form, in the ICR, on the website)."""
    derived = "derived"
    """Computed as annual burden hours × 60 ÷ annual responses from the OMB inventory."""
    estimate = "estimate"
    """No public figure; an estimate with its reason in ``minutes_note``."""
    not_found = "not_found"
    """No figure found; journeys must give their own (marked) estimate."""


# --- issue 12: form parts (incremental burden) ----------------------------------------------


class FormPart(Strict):
    """A schedule or attachment of a form, with its own published minutes.

    A step that only adds this part to a form the person files anyway charges the part's
    minutes (``burden: {form: IRS-1040, form_part: SCHEDULE-8812}``), not the whole form's.
    """

    id: Identifier
    """Part id as people know it, e.g. SCHEDULE-8812, SCHEDULE-EIC."""
    title: str = Field(min_length=1)
    """The part's official title."""
    minutes_per_response: float | None = Field(default=None, ge=0)
    """Published or derived burden minutes of this part alone."""
    minutes_basis: MinutesBasis = MinutesBasis.not_found
    """How the minutes were obtained: published, derived, estimate or not_found."""
    minutes_note: str | None = None
    """How the figure was obtained (the PRA notice or instructions that state it)."""
    source: str | None = None
    """Address of the notice or instructions the figure comes from."""


# --- end issue 12 ---------------------------------------------------------------------------


class Form(Strict):
    """A government form or information collection."""

    id: Identifier
    """Form number as people know it, e.g. SSA-1, CMS-40B, VA-21-526EZ."""
    title: str = Field(min_length=1)
    """The form's official title."""
    agency: Identifier
    """Agency code of the owner."""
    omb_control_number: str | None = Field(default=None, pattern=r"^\d{4}-\d{4}$")
    """OMB control number under the Paperwork Reduction Act, e.g. 0960-0618."""
    pra_exempt: str | None = Field(default=None, min_length=3)
    """Why the Paperwork Reduction Act does not apply, so no OMB control number is expected
    (e.g. completed by service members on duty: a collection of information is addressed to
    persons "other than agencies, instrumentalities, or employees of the United States", 44
    U.S.C. 3502(3)(A)(i))."""
    minutes_per_response: float | None = Field(default=None, ge=0)
    """Published or derived burden minutes per response."""
    minutes_basis: MinutesBasis = MinutesBasis.not_found
    """How the minutes were obtained: published, derived, estimate or not_found."""
    minutes_note: str | None = None
    """How the figure was obtained, e.g. '1,443,157 h / 6,167,621 responses (ICR
    202502-0960-015)'."""
    source: str | None = None
    """Address of the PRA record or page the figure comes from."""
    as_of: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    """Date of the figure: YYYY, YYYY-MM or YYYY-MM-DD."""
    url: str | None = None
    """Where people find the form."""
    # --- issue 12: form parts -------------------------------------------------------------
    parts: list[FormPart] = Field(default_factory=list)
    """Schedules and attachments with their own published minutes, for steps that add only a
    part of the form."""
    # --- end issue 12 ---------------------------------------------------------------------

    def part(self, part_id: str) -> FormPart | None:
        """The part with this id, or ``None``."""
        return next((p for p in self.parts if p.id == part_id), None)


class Sensitivity(StrEnum):
    """Sensitivity tags for data elements."""

    public = "public"
    pii = "pii"
    sensitive_pii = "sensitive_pii"
    financial = "financial"
    health = "health"
    tax = "tax"


class DataElement(Strict):
    """A piece of information agencies ask people for."""

    id: Identifier
    """Lower-kebab id that journeys use, e.g. ssn, date-of-birth, bank-account."""
    title: str = Field(min_length=1)
    """What the data is, e.g. 'Social Security number'."""
    sensitivity: list[Sensitivity] = Field(default_factory=list)
    """Sensitivity tags: public, pii, sensitive_pii, financial, health, tax."""
    description: str | None = None
    """Notes on what exactly is asked."""
    authoritative_source: str | None = None
    """Agency code that holds the authoritative copy (e.g. SSA for SSN, IRS for AGI)."""


class Document(Strict):
    """A document people must show or send."""

    id: Identifier
    """Lower-kebab id that journeys use, e.g. birth-certificate, dd-214."""
    title: str = Field(min_length=1)
    """What the document is, e.g. 'Certified birth certificate'."""
    issuer: str | None = None
    """Who issues it: an agency code or a description (e.g. 'employer', 'county vital records')."""
    description: str | None = None
    """Notes on the document and how people get it."""
    source: str | None = None
    """Address that describes the document."""


class ChannelInfo(Strict):
    """What a channel means, for reports and docs."""

    id: Channel
    """The channel value used in journeys' ``channel`` field."""
    title: str = Field(min_length=1)
    """Display name, e.g. 'In person'."""
    description: str | None = None
    """What the channel covers."""
    digital: bool = False
    """True for digital self-service channels."""


class CatalogFile(Strict):
    """The content of one catalog YAML file; every section is optional."""

    agencies: list[Agency] = Field(default_factory=list)
    """Agencies and other organisations that own steps."""
    forms: list[Form] = Field(default_factory=list)
    """Forms and information collections, with their published burden."""
    data_elements: list[DataElement] = Field(default_factory=list)
    """Pieces of information agencies ask people for."""
    documents: list[Document] = Field(default_factory=list)
    """Documents people must show or send."""
    channels: list[ChannelInfo] = Field(default_factory=list)
    """What each channel means."""


class Catalog(Strict):
    """All catalog entries merged, keyed by id."""

    agencies: dict[str, Agency] = Field(default_factory=dict)
    forms: dict[str, Form] = Field(default_factory=dict)
    data_elements: dict[str, DataElement] = Field(default_factory=dict)
    documents: dict[str, Document] = Field(default_factory=dict)
    channels: dict[str, ChannelInfo] = Field(default_factory=dict)
