"""The registry of diagnostic codes: one :class:`Rule` per stable ``LXnnn`` code.

Code ranges:

* ``LX0xx`` reading files: missing, not UTF-8, too large, malformed YAML, tags, aliases.
* ``LX1xx`` the schema: unknown fields, missing fields, invalid values.
* ``LX2xx`` catalogs: clashing ids, forms without an OMB number or a source.
* ``LX3xx`` references from journeys: agencies, forms, data, documents, phases, sources.
* ``LX4xx`` the journey graph: steps, transitions, reachability, probabilities, loops.
* ``LX5xx`` burden and provenance: owners, burden estimates, figures with no source.
* ``LX6xx`` handoffs and "tell us once".
* ``LX7xx`` suppressions themselves.
* ``LX8xx`` post-transaction feedback (A-11 §280): reading exports, matching them to steps.
* ``LX9xx`` agency event logs (``lifeexp calibrate``): reading logs (LX90x), what was corrected
  and counted (LX91x) and mapping files (LX92x).

Codes never change meaning once released; a retired code is never reused. The reference page
``docs/reference/diagnostics.md`` is generated from this registry (see
:func:`lifeexp.checks.rules_markdown`) and a test keeps it current.
"""

from __future__ import annotations

from dataclasses import asdict as _asdict
from dataclasses import dataclass
from enum import StrEnum

from lifeexp.diagnostics import Severity

__all__ = ["FINDING_CODES", "RULES", "Rule", "RuleKind", "get_rule", "rules_matching"]


class RuleKind(StrEnum):
    """Whether a code reports a problem in the file or a finding about the service.

    A *problem* is something the author should fix (a broken reference, a figure without a
    source); ``lifeexp validate`` reports it and ``--strict`` fails on its warnings. A *finding*
    is a fact about today's government process that a current-state journey is right to
    record (a form asks again for data the government already holds; a form shows no OMB
    number). Findings belong to scoring, friction and the report; ``lifeexp validate`` shows
    them only with ``--findings`` and they never fail it, unless a team re-grades one with a
    severity override to gate on it.
    """

    problem = "problem"
    finding = "finding"


E, W, I = Severity.error, Severity.warning, Severity.info  # noqa: E741 - short table columns


@dataclass(frozen=True, slots=True)
class Rule:
    """A diagnostic code and what it means.

    Attributes:
        code: The stable code, e.g. ``LX301``.
        name: A short kebab-case name, e.g. ``unknown-agency``.
        severity: Default severity.
        title: One line saying what the code reports.
        explanation: Why it matters and how to fix it (Markdown).
        example: A YAML fragment that triggers it (or an empty string).
        sample: What the diagnostic looks like (the message part after ``[CODE]: ``).
        configurable: Whether ``--ignore``/``--select``, severity overrides and inline
            suppressions apply. Reading and schema problems are not configurable: a file
            that cannot be read cannot be checked further.
        kind: A problem in the file (the default) or a finding about the service (see
            :class:`RuleKind`).
    """

    code: str
    name: str
    severity: Severity
    title: str
    explanation: str
    example: str = ""
    configurable: bool = True
    sample: str = ""
    kind: RuleKind = RuleKind.problem


_RULES: tuple[Rule, ...] = (
    # --- LX0xx: reading files ------------------------------------------------------------
    Rule(
        "LX001",
        "file-unreadable",
        E,
        "The file or folder does not exist or cannot be read.",
        "The path is missing, is a folder where a file was expected, is not a regular file "
        "(a named pipe, a device such as `/dev/zero`, a socket: refused without reading, "
        "since reading one can block forever), or cannot be opened (permissions). Check the "
        "spelling of the path.",
        configurable=False,
    ),
    Rule(
        "LX002",
        "not-utf8",
        E,
        "The file is not UTF-8 text.",
        "Journey and catalog files must be saved as UTF-8 (without a BOM or with one). The "
        "diagnostic points at the first byte that is not valid UTF-8; re-save the file as "
        "UTF-8 in your editor.",
        configurable=False,
    ),
    Rule(
        "LX003",
        "file-too-large",
        E,
        "The file is larger than the size limit.",
        "Files over 8 MiB are refused before parsing, to protect reviewers and CI from "
        "accidental or hostile input. A journey is normally a few dozen KiB; split a larger "
        "file, or raise the limit: `--max-file-size 64MiB` on any command that reads "
        'journeys, `max_file_size = "64 MiB"` in `lifeexp.toml` (or `[tool.lifeexp]`), or '
        "`max_file_size=` of `lifeexp.validate` and `lifeexp.load_journey`.",
        configurable=False,
    ),
    Rule(
        "LX004",
        "malformed-yaml",
        E,
        "The file is not well-formed YAML.",
        "The file cannot be read as YAML. The message names the everyday cause and the line "
        "that is wrong: a tab in the indentation (YAML indents with spaces), a key whose "
        "indentation lines up with nothing above it, a value holding `: ` that needs quotes, "
        "a missing colon, an unclosed bracket or quote. Mapping keys must be plain text (not "
        "lists or mappings), and a merge key `<<` takes a mapping.",
        "steps:\n  - id: apply\n    title: Passport: after a name change\n",
        configurable=False,
    ),
    Rule(
        "LX005",
        "duplicate-key",
        E,
        "A mapping has the same key twice.",
        "YAML parsers disagree about duplicate keys (most silently keep the last one), so "
        "lifeexp rejects them. Every duplicate is reported with the line of the first "
        "definition; merge the two entries.",
        "- id: apply\n  title: Apply\n  title: Apply online\n",
        configurable=False,
    ),
    Rule(
        "LX006",
        "forbidden-tag",
        E,
        "A YAML tag other than the standard data tags is used.",
        "Tags such as `!!python/object` ask a YAML loader to build program objects and can run "
        "code. lifeexp never constructs objects from tags: only `!!str`, `!!int`, `!!float`, "
        "`!!bool`, `!!null`, `!!seq` and `!!map` are accepted (and must fit their value). "
        "Remove the tag.",
        "title: !!python/object/apply:os.system ['echo hi']\n",
        configurable=False,
    ),
    Rule(
        "LX007",
        "alias-abuse",
        E,
        "Aliases are recursive, undefined, or expand beyond the limit.",
        "Anchors (`&name`) and aliases (`*name`) are allowed for sharing small blocks, but a "
        "document whose aliases would expand to more than 100,000 nodes (a 'billion laughs' "
        "attack) is refused without expanding it. An alias must come after its anchor and may "
        "not refer to the block it is in.",
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "# ... and so on, each level nine times the last\n",
        configurable=False,
    ),
    Rule(
        "LX008",
        "empty-or-not-a-mapping",
        E,
        "The file is empty, or its top level is not a mapping.",
        "A journey or catalog file holds one mapping of fields (`id: ...`, `steps: ...` or "
        "`agencies: ...`). An empty file, a file of comments only, or a top-level list or "
        "scalar cannot be a journey or a catalog.",
        "- just\n- a list\n",
        configurable=False,
    ),
    Rule(
        "LX009",
        "multiple-documents",
        E,
        "The file holds more than one YAML document.",
        "Put one journey or one catalog in each file; a `---` separator after the first "
        "document starts a second one.",
        "id: one\n---\nid: two\n",
        configurable=False,
    ),
    Rule(
        "LX010",
        "nesting-too-deep",
        E,
        "Mappings and lists nest deeper than the limit (64 levels).",
        "No journey needs more than a handful of levels; very deep nesting is refused because "
        "it is either a mistake or an attempt to exhaust the parser.",
        configurable=False,
    ),
    Rule(
        "LX011",
        "no-files",
        E,
        "A folder holds no journey or catalog files.",
        "`lifeexp validate FOLDER` reads the `*.yaml` and `*.yml` files in the folder and in "
        "its sub-folders (hidden ones such as `.git` skipped). Check that you named the right "
        "folder.",
        configurable=False,
    ),
    Rule(
        "LX012",
        "wrong-document-kind",
        E,
        "A journey file was given where a catalog was expected.",
        "Files passed with `--catalog` must be catalog files (sections `agencies`, `forms`, "
        "`data_elements`, `documents`, `channels`).",
        configurable=False,
    ),
    Rule(
        "LX013",
        "bad-project-config",
        E,
        "The project configuration file has a setting lifeexp does not understand.",
        "`lifeexp.toml` (or `[tool.lifeexp]` in `pyproject.toml`) is read from the folder of the "
        "files being checked or the nearest parent folder. Its settings are `catalogs`, "
        "`format`, `strict`, `select`, `ignore`, `bundled_catalogs`, `max_file_size` and the "
        "`severity` table; "
        "see the CI how-to. The command stops (exit code 2) rather than run with settings "
        "other than the ones the team wrote.",
        'selct = ["LX3"]\n',
        configurable=False,
    ),
    Rule(
        "LX014",
        "symlink-leaves-folder",
        W,
        "A file in a scanned folder is a symbolic link to a file outside that folder.",
        "Folder scans do not follow links that leave the folder, so a journey folder in a pull "
        "request cannot make a CI run read (and quote in its diagnostics) a file from "
        "elsewhere on the machine. The link's target and content are not shown. Name the file "
        "itself, or pass `--follow-symlinks` when you trust the folder.",
        configurable=False,
    ),
    # --- LX1xx: schema -------------------------------------------------------------------
    Rule(
        "LX101",
        "unknown-field",
        E,
        "A mapping has a field the schema does not know.",
        "Every model forbids unknown fields so that a misspelt field is caught instead of "
        "silently ignored. The diagnostic points at the key and suggests the closest known "
        "field.",
        "steps:\n  - id: apply\n    title: Apply\n    phase: apply\n    agnecy: SSA\n",
        configurable=False,
    ),
    Rule(
        "LX102",
        "missing-field",
        E,
        "A required field is missing.",
        "The diagnostic points at the mapping that lacks the field. Journeys need `id`, "
        "`title`, `life_experience`, `start`, `phases` and `steps`; steps need `id`, `title` "
        "and `phase`; transitions need `from` and `to`.",
        "steps:\n  - id: apply\n    phase: apply\n",
        configurable=False,
    ),
    Rule(
        "LX103",
        "invalid-value",
        E,
        "A value has the wrong type or is out of range.",
        "The value does not fit the field: text where a number is expected, a probability "
        "written as a percentage, an emotion outside −2..+2, a channel or other choice that "
        "does not exist (with a suggestion), a three-point estimate out of order. The message "
        "says what the field holds and shows the corrected form built from what you wrote "
        "(`wait: {days: 4-6 weeks}` → `days: [28, 35, 42]`, `burden: 30` → "
        "`burden: {completing: 30}`, `id: update dmv` → `update-dmv`).",
        "transitions:\n  - from: apply\n    to: decision\n    probability: 60%\n",
        configurable=False,
    ),
    # --- LX2xx: catalogs -----------------------------------------------------------------
    Rule(
        "LX201",
        "duplicate-catalog-id",
        E,
        "Two catalog entries (in the same or different files) have the same id.",
        "Catalog ids are unique across the bundled catalogs and your own catalog files, so a "
        "journey reference always means one thing. The diagnostic names both places; rename "
        "your entry or remove the copy.",
        "agencies:\n  - code: SSA\n    name: Social Security Administration\n"
        "  - code: SSA\n    name: Social Security\n",
        configurable=False,
    ),
    Rule(
        "LX202",
        "form-without-omb-number",
        W,
        "A form has no OMB control number.",
        "Under the Paperwork Reduction Act a federal information collection displays an OMB "
        "control number, and that number is how its published burden is found. Add "
        "`omb_control_number` (e.g. `0960-0618`). Forms of state, local, tribal and private "
        "organisations are not checked. A federal form the Act does not cover (e.g. one "
        "completed by service members on duty) says why with `pra_exempt: <reason>`.",
        "forms:\n  - id: SSA-1\n    title: Application for Retirement Insurance Benefits\n"
        "    agency: SSA\n",
        kind=RuleKind.finding,
    ),
    Rule(
        "LX203",
        "form-minutes-without-source",
        W,
        "A form gives minutes per response but no source for them.",
        "Every figure needs provenance: give `source` (the PRA record or page the minutes come "
        "from) and, for derived figures, how they were computed in `minutes_note`.",
        "forms:\n  - id: SSA-1\n    title: Application\n    agency: SSA\n"
        "    omb_control_number: 0960-0618\n    minutes_per_response: 14.04\n"
        "    minutes_basis: derived\n",
    ),
    Rule(
        "LX204",
        "form-unknown-agency",
        E,
        "A form names an agency that is not in the agencies catalog.",
        "`agency` on a form must be the `code` of a catalog agency.",
        "forms:\n  - id: SSA-1\n    title: Application\n    agency: SAA\n",
    ),
    Rule(
        "LX205",
        "unknown-authoritative-source",
        W,
        "A data element's authoritative source is not a catalog agency.",
        "`authoritative_source` names the agency that holds the authoritative copy of the data "
        "(SSA for the SSN, IRS for adjusted gross income); use an agency code.",
        "data_elements:\n  - id: ssn\n    title: Social Security number\n"
        "    authoritative_source: SAA\n",
    ),
    Rule(
        "LX206",
        "form-minutes-basis-mismatch",
        W,
        "A form's `minutes_basis` does not fit its `minutes_per_response`.",
        "`published`, `derived` and `estimate` need a `minutes_per_response`; `not_found` "
        "means there is none, so no minutes may be given. An `estimate` also needs its reason "
        "in `minutes_note`.",
        "forms:\n  - id: SSA-1\n    title: Application\n    agency: SSA\n"
        "    minutes_basis: published\n",
    ),
    # --- LX3xx: references ---------------------------------------------------------------
    Rule(
        "LX301",
        "unknown-agency",
        E,
        "A step names an agency that is not in the catalogs.",
        "`agency` must be a catalog agency code or `person`. Add the agency to a catalog file "
        "of your own (passed with `--catalog`) if it is missing.",
        "steps:\n  - id: apply\n    title: Apply\n    phase: apply\n    agency: SAA\n",
    ),
    Rule(
        "LX302",
        "unknown-form",
        E,
        "A step (or its `burden.form`) names a form that is not in the catalogs.",
        "Forms are referenced by the id people know them by (`SSA-1`, `CMS-40B`).",
        "steps:\n  - id: apply\n    title: Apply\n    phase: apply\n    forms: [SSA-l]\n",
    ),
    Rule(
        "LX303",
        "unknown-data-element",
        E,
        "A data element id is not in the catalogs.",
        "`data_requested`, `data_prefilled` and a transition's `data_passed` list data element "
        "ids such as `ssn`, `date-of-birth` or `bank-account`.",
        "steps:\n  - id: apply\n    title: Apply\n    phase: apply\n    data_requested: [snn]\n",
    ),
    Rule(
        "LX304",
        "unknown-document",
        E,
        "A document id is not in the catalogs.",
        "`documents` lists document ids such as `birth-certificate`.",
        "steps:\n  - id: apply\n    title: Apply\n    phase: apply\n"
        "    documents: [birth-certificat]\n",
    ),
    Rule(
        "LX305",
        "unknown-phase",
        E,
        "A step's phase is not one of the journey's phases.",
        "Phases are the columns of the map; a step must name one of the ids in `phases`.",
        "phases:\n  - {id: apply, title: Apply}\nsteps:\n  - id: apply\n    title: Apply\n"
        "    phase: aply\n",
    ),
    Rule(
        "LX306",
        "undefined-source",
        E,
        "A figure cites a source id that the journey's `sources` list does not define.",
        "`source:` takes ids from the journey's `sources:` list (or a full URL). Define the "
        "source or fix the id.",
        "annual_volume:\n  people: 4000000\n  source: ssa-stats-2024\nsources:\n"
        "  - id: ssa-stats-2023\n    title: Annual Statistical Supplement\n",
    ),
    Rule(
        "LX307",
        "duplicate-journey-id",
        E,
        "Two loaded journeys have the same id.",
        "Journey ids identify journeys in reports and comparisons; by convention the id is the "
        "file name without `.yaml`.",
    ),
    Rule(
        "LX308",
        "comparison-not-loaded",
        I,
        "A future-state journey compares to a journey that was not loaded.",
        "`compares_to` names the current-state journey the future state improves on. Validate "
        "both together (e.g. `lifeexp validate journeys/`) so the comparison can be made.",
        "state: future\ncompares_to: approaching-retirement\n",
    ),
    Rule(
        "LX309",
        "duplicate-id",
        E,
        "Two phases, personas or sources of one journey have the same id.",
        "Ids within each list must be unique so references are unambiguous.",
        "phases:\n  - {id: apply, title: Apply}\n  - {id: apply, title: Apply again}\n",
    ),
    Rule(
        "LX310",
        "catalog-may-be-missing",
        E,
        "Many catalog ids used by a journey are in none of the catalogs loaded.",
        "When three or more different agency, form, data element or document ids are unknown, "
        "the likely cause is one catalog that was not given, not several typos: lifeexp says "
        "so once, lists the ids, and makes no 'did you mean' guesses from the wrong catalogs. "
        "Pass the team's catalog folder with `--catalog`, list it under `catalogs` in "
        "`lifeexp.toml`, or keep it in a `catalogs/` folder beside the journeys. Fewer unknown "
        "ids are reported one by one (LX301–LX304).",
        "steps:\n  - {id: a, title: A, phase: p, agency: DOS-CA, forms: [DS-82, DS-11]}\n",
    ),
    Rule(
        "LX311",
        "unknown-form-part",
        E,
        "A burden names a form part the catalog form does not list.",
        "`burden.form_part` names a schedule or attachment listed under the form's `parts` in "
        "the catalog, with its own published minutes. Check the spelling, or add the part to "
        "the catalog with its source.",
        "burden:\n  form: IRS-1040\n  form_part: SCHEDULE-881\n  completing: 45\n",
    ),
    Rule(
        "LX312",
        "compares-to-itself",
        E,
        "A journey's `compares_to` names the journey itself.",
        "`compares_to` names the *other* journey (the current state a future state improves "
        "on); a journey compared with itself would report no change at all. Name the "
        "current-state journey's id, or remove `compares_to`.",
        "id: retirement.future\nstate: future\ncompares_to: retirement.future\n",
    ),
    # --- LX4xx: graph --------------------------------------------------------------------
    Rule(
        "LX401",
        "duplicate-step-id",
        E,
        "Two steps have the same id.",
        "Transitions name steps by id, so ids must be unique within a journey.",
        "steps:\n  - {id: apply, title: Apply, phase: apply}\n"
        "  - {id: apply, title: Apply again, phase: apply}\n",
    ),
    Rule(
        "LX402",
        "unknown-step",
        E,
        "A transition (or a persona choice) names a step that does not exist.",
        "`from` and `to` must be step ids; the diagnostic suggests the closest id.",
        "transitions:\n  - from: apply\n    to: decison\n",
    ),
    Rule(
        "LX403",
        "unknown-start",
        E,
        "The journey's `start` is not a step id.",
        "`start` names the first step of the journey.",
        "start: begin\nsteps:\n  - {id: start, title: Start, phase: apply}\n",
    ),
    Rule(
        "LX404",
        "unreachable-step",
        E,
        "A step cannot be reached from the start.",
        "No chain of transitions leads from `start` to this step, so nobody ever gets there "
        "and the scores silently leave it out: the journey's numbers would not describe the "
        "steps in the file. Add the missing transition or remove the step. (A draft may "
        "re-grade it with `--severity LX404=warning` or in the project configuration.)",
        "start: a\nsteps:\n  - {id: a, title: A, phase: p}\n  - {id: b, title: B, phase: p}\n"
        "  - {id: orphan, title: Orphan, phase: p}\ntransitions:\n  - {from: a, to: b}\n",
    ),
    Rule(
        "LX405",
        "cannot-reach-end",
        E,
        "A step cannot reach any end of the journey.",
        "Every path must be able to finish: an end is a step with no outgoing transitions. A "
        "step that only leads into a loop with no way out (see LX407) would make the person "
        "go round for ever, and scoring cannot compute expected time.",
    ),
    Rule(
        "LX406",
        "probabilities-do-not-sum-to-one",
        E,
        "The outgoing probabilities of a step do not sum to 1.",
        "When a step has several outgoing transitions, their probabilities are the shares of "
        "people taking each branch and must add up to 1 (within 1e-6). A transition with no "
        "`probability` counts as 1.",
        "transitions:\n  - {from: decide, to: approved, probability: 0.8}\n"
        "  - {from: decide, to: denied, probability: 0.1}\n",
    ),
    Rule(
        "LX407",
        "loop-without-exit",
        E,
        "A loop of steps has no transition out of it.",
        "Rework and appeal loops are fine as long as some branch leaves the loop; a loop with "
        "no exit never ends. Add the transition that leaves it (e.g. 'approved').",
        "transitions:\n  - {from: submit, to: review}\n  - {from: review, to: submit}\n",
    ),
    Rule(
        "LX408",
        "end-with-transitions",
        E,
        "A step marked `kind: end` has outgoing transitions.",
        "`kind: end` marks an outcome; outcomes end the journey. Remove the transitions or "
        "change the kind.",
        "steps:\n  - {id: done, title: Done, phase: p, kind: end}\ntransitions:\n"
        "  - {from: done, to: apply}\n",
    ),
    Rule(
        "LX409",
        "persona-choice-invalid",
        E,
        "A persona's choice names a transition that does not exist.",
        "`choices: {step: next}` says which branch a persona takes at a step; there must be a "
        "transition from `step` to `next`.",
        "personas:\n  - id: early\n    name: Claims at 62\n    choices: {decide: claim-at-62}\n",
    ),
    Rule(
        "LX410",
        "duplicate-transition",
        W,
        "Two transitions of the same kind and handoff type join the same two steps.",
        "Nothing tells the two apart, so write one transition with the combined probability. "
        "Parallel transitions that differ in handoff type (0.5 `data_shared` and 0.5 "
        "`start_over`) are fine: each is scored with its own probability.",
        "transitions:\n  - {from: a, to: b, probability: 0.5}\n"
        "  - {from: a, to: b, probability: 0.5}\n",
    ),
    # --- LX5xx: burden and provenance ----------------------------------------------------
    Rule(
        "LX501",
        "step-without-owner",
        W,
        "A step has no owning agency.",
        "Every step except an outcome (`kind: end`) is owned by an agency code or by `person` "
        "(decisions, waiting, gathering papers). Without an owner the step is left out of "
        "handoff counts and swimlanes.",
        "steps:\n  - {id: apply, title: Apply, phase: apply}\n",
    ),
    Rule(
        "LX502",
        "step-without-burden",
        W,
        "An action step has no burden estimate.",
        "Action steps take the person's time; give `burden` in minutes by PRA component (one "
        "number or `[low, likely, high]`) with a source or an estimate, or `burden.form` to use "
        "the catalog form's published minutes.",
        "steps:\n  - {id: apply, title: Apply, phase: apply, agency: SSA, kind: action}\n",
    ),
    Rule(
        "LX503",
        "figure-without-provenance",
        W,
        "A figure has neither a source nor an estimate.",
        "Every figure (burden, wait, annual volume, deadline, pain point, goal, and a "
        "transition probability below 1) needs `source:` (a source id or a URL) or "
        '`estimate: "<one-line reason>"`. `lifeexp validate --list-estimates` lists the '
        "estimates for review.",
        "burden:\n  completing: 30\n",
    ),
    Rule(
        "LX504",
        "burden-disagrees-with-form",
        W,
        "A burden that names a catalog form does not use its published minutes.",
        "`burden.form: X` means the PRA per-response figure of form X is used: `completing` "
        "must be given and its likely value must equal the form's `minutes_per_response`. "
        "Time the PRA figure excludes (hold and line waiting, travel) goes in its own "
        "component.",
        "burden:\n  form: SSA-1\n  completing: 30\n",
    ),
    Rule(
        "LX505",
        "form-without-minutes",
        I,
        "A burden names a form whose catalog entry has no minutes per response.",
        "The catalog has no published figure for this form, so `completing` cannot be checked "
        "against it; make sure the journey's own figure carries an estimate.",
    ),
    Rule(
        "LX506",
        "burden-counted-twice",
        W,
        "A burden adds learning, gathering or submitting time on top of a form's PRA figure.",
        "A Paperwork Reduction Act burden per response covers reviewing the instructions, "
        "searching and gathering the records, completing and submitting the collection (5 CFR "
        "1320.3(b)(1)), so adding those components again counts them twice. Add only what the "
        "figure excludes (hold and line `waiting`, `travel`); when you have evidence that the "
        "published figure leaves a part out, suppress this with that evidence as the reason.",
        "burden:\n  form: SSA-1\n  completing: 14.04\n  gathering: 30\n",
    ),
    Rule(
        "LX507",
        "whole-form-filed-anyway",
        W,
        "A step charges a whole form that people file anyway.",
        "The journey lists the form under `filed_anyway` (e.g. the yearly Form 1040): people "
        "spend that time with or without the journey, so only the part the step adds is "
        "burden the journey causes. Charge the part (`form_part`, e.g. Schedule 8812 for the "
        "child tax credit) or, for a branch of people who would not otherwise file, list the "
        "step under the entry's `except_at`.",
        "filed_anyway:\n  - {form: IRS-1040, source: irs-soi}\nsteps:\n  - id: claim-ctc\n"
        "    burden: {form: IRS-1040, completing: 480}\n",
    ),
    Rule(
        "LX508",
        "online-step-with-travel",
        W,
        "A step done online keeps travel or in-line waiting minutes.",
        "Travel and time in line belong to office visits. A step switched to `channel: "
        "online` that keeps them (often a field-office average that includes driving) "
        "overstates the online burden; drop them or split the average by channel.",
        "steps:\n  - id: apply\n    channel: online\n    burden: {completing: 14, waiting: 18.5}\n",
    ),
    Rule(
        "LX509",
        "duty-class-charged-to-person",
        W,
        "A multi-day class or workshop is charged to the person's own time.",
        "A step charging the person two working days (960 minutes) or more is usually a class "
        "attended on duty or paid work time, e.g. the Transition Assistance Program, which is "
        "official duty. The time tax counts only the person's own time: mark the time "
        "`borne_by: duty` (it is then reported beside the time tax), or suppress with the "
        "evidence that the person attends on their own time.",
        "burden:\n  completing: 1440\n",
    ),
    Rule(
        "LX510",
        "program-volume-inconsistent",
        W,
        "A step's published program volume disagrees with entry volume × reach.",
        "`annual_volume` is the number of people entering the journey; a step's "
        "`program_volume` is the program's own published count. Entry volume × the "
        "probability of reaching the step should be close to it; when one exceeds the other "
        "by more than the volume factor (1.25 by default, `--volume-factor`), either the "
        "entry volume or the branch probabilities are off. The message gives both figures "
        "and both sources.",
        "annual_volume: {people: 21142615}\nsteps:\n  - id: ui-claim\n"
        "    program_volume: {per_year: 9500000, counts: UI initial claims}\n",
    ),
    # --- LX6xx: handoffs and tell-us-once ------------------------------------------------
    Rule(
        "LX601",
        "handoff-type-missing",
        W,
        "A transition between two agencies has no handoff type.",
        "A cross-agency handoff (two steps owned by different agencies, neither being "
        "`person`) must say how the case moves: `data_shared`, `warm_referral`, "
        "`customer_carries` or `start_over`. Handoff scoring depends on it.",
        "transitions:\n  - {from: fema-refer, to: sba-apply}\n",
    ),
    Rule(
        "LX602",
        "handoff-type-unused",
        I,
        "A transition that does not cross agencies has a handoff type.",
        "`handoff` only means something between two different agencies; it is ignored here.",
    ),
    Rule(
        "LX603",
        "tell-us-once",
        W,
        "A data element is asked for again although an earlier step already collected it.",
        "The 'tell us once' principle: government should not ask for what it already has. An "
        "earlier step that lies on every path to this one (it dominates this step) requested "
        "the same data element, and this step "
        "neither pre-fills it nor receives it through a handoff's `data_passed`. Pre-fill it, "
        "pass it, or suppress with a reason if the repetition is unavoidable.",
        "steps:\n  - {id: a, title: A, phase: p, agency: SSA, data_requested: [ssn]}\n"
        "  - {id: b, title: B, phase: p, agency: CMS, data_requested: [ssn]}\n",
        kind=RuleKind.finding,
    ),
    Rule(
        "LX604",
        "tell-us-once-on-some-paths",
        I,
        "A data element is asked for again of the people who came through a particular step.",
        "Like LX603, but the earlier request lies on only some of the paths to this step (a "
        "branch), so only the people who took that branch are asked twice. Scoring counts the "
        "expected repeats exactly; this note shows where they come from.",
        "steps:\n  - {id: a, title: A, phase: p, agency: person, kind: decision}\n"
        "  - {id: b, title: B, phase: p, agency: SSA, data_requested: [ssn]}\n"
        "  - {id: c, title: C, phase: p, agency: CMS, data_requested: [ssn]}\n"
        "transitions:\n  - {from: a, to: b, probability: 0.5, estimate: example}\n"
        "  - {from: a, to: c, probability: 0.5, estimate: example}\n  - {from: b, to: c}\n",
        kind=RuleKind.finding,
    ),
    Rule(
        "LX605",
        "handoff-through-person-untyped",
        I,
        "People go from one agency through their own steps to another with no handoff type.",
        "Agency → person step(s) → other agency is a change of agency the person carries "
        "(e.g. SSA's award letter taken to the IRS). Scoring counts it as a handoff of type "
        "`customer_carries` unless the transition into the second agency names a type; name "
        "it so the count says what really happens.",
        "steps:\n  - {id: award, agency: SSA}\n  - {id: decide, agency: person}\n"
        "  - {id: file, agency: IRS}\ntransitions:\n  - {from: award, to: decide}\n"
        "  - {from: decide, to: file}\n",
        kind=RuleKind.finding,
    ),
    # --- LX7xx: suppressions -------------------------------------------------------------
    Rule(
        "LX701",
        "unknown-suppression-code",
        W,
        "A suppression names a code that does not exist or cannot be suppressed.",
        "Check the code against this page; reading and schema problems (LX0xx, LX1xx) cannot "
        "be suppressed.",
        "suppress:\n  - {code: LX999, reason: no such code}\n",
    ),
    Rule(
        "LX702",
        "unused-suppression",
        I,
        "A suppression silences nothing.",
        "The check it silences no longer fires at this place; remove the suppression so it "
        "does not hide a future problem.",
    ),
    # --- LX8xx: post-transaction feedback -------------------------------------------------
    Rule(
        "LX801",
        "feedback-columns",
        E,
        "A feedback export lacks columns of its published layout, or is not that layout.",
        "lifeexp reads the Touchpoints tables `cx_collections`, `cx_collection_details` and "
        "`cx_responses` (CSV or API JSON) and the legacy `omb_cx_reporting_collections` CSV by "
        "their published column names, and never guesses a format. The message lists every "
        "missing column; a renamed column is suggested in the hint. Export the tables again "
        "from Touchpoints without editing their headers, and check the source's `kind`.",
        configurable=False,
    ),
    Rule(
        "LX802",
        "feedback-value",
        E,
        "A value in a feedback export is not allowed there.",
        "Counts must be whole numbers of zero or more; driver flags (`positive_*`, "
        "`negative_*`) must be `0`, `1` or `'null'` (not asked; never read as 0); the trust "
        "answer `question_1` must be 0 or 1 on a thumbs survey and 1 to 5 on a Likert survey; "
        "`survey_type` is `thumbs_up_down` or `likert_scale`; every id a row refers to must "
        "exist. The diagnostic points at the cell.",
        configurable=False,
    ),
    Rule(
        "LX803",
        "feedback-future-quarter",
        E,
        "A feedback export or figure is dated in a fiscal quarter that has not started.",
        "Federal fiscal year N runs from 1 October of N − 1 to 30 September of N. A quarter "
        "after today's is a typo (often the calendar year written for the fiscal year).",
        configurable=False,
    ),
    Rule(
        "LX804",
        "feedback-volumes",
        E,
        "More respondents than customers offered the survey, or more offered than served.",
        "`volume_of_respondents` ≤ `volume_of_customers_provided_survey_opportunity` ≤ "
        "`volume_of_customers`; a response rate or coverage above 100 % means the volumes "
        "were swapped or belong to different periods.",
        configurable=False,
    ),
    Rule(
        "LX805",
        "feedback-encoding",
        E,
        "A feedback export is not UTF-8 text.",
        "Touchpoints exports UTF-8. A file re-saved by a spreadsheet in another encoding "
        "(Windows-1252, UTF-16) is refused rather than guessed at, because a wrong guess "
        "changes names that matching depends on. Save it as CSV UTF-8.",
        configurable=False,
    ),
    Rule(
        "LX806",
        "feedback-source-unreadable",
        E,
        "A feedback source named by the journey could not be read.",
        "The problems in its files are reported with their own locations; until they are "
        "fixed the steps that match rows of this source have no feedback.",
        configurable=False,
    ),
    Rule(
        "LX810",
        "unknown-feedback-source",
        E,
        "A step's feedback match names a source the journey does not define.",
        "`feedback.match.source` must be the id of an entry of the journey's `feedback_sources`.",
        "steps:\n  - id: apply\n    feedback:\n      match: {source: ssa-tp, stage: Apply}\n",
    ),
    Rule(
        "LX811",
        "feedback-formats-mixed",
        W,
        "A step takes both thumbs up/down and 1–5 trust answers.",
        "A share of thumbs up and a top-two-box share of a 1–5 scale are different "
        "measures; lifeexp never pools them, so the step (and any roll-up it is part of) "
        "shows one figure per format. Narrow the match (channel, transaction point) if one "
        "survey is meant.",
    ),
    Rule(
        "LX812",
        "feedback-stale",
        W,
        "The latest feedback of a source or step is more than four quarters old.",
        "HISPs report every quarter; figures more than a year old may not describe the "
        "service as it is now. Import a newer export, or suppress with the reason the old "
        "figures still stand. Sources marked `synthetic: true` are examples, not "
        "measurements, and are never flagged.",
    ),
    Rule(
        "LX813",
        "feedback-match-empty",
        W,
        "A step's feedback match finds no row in its source.",
        "Service, stage, channel and transaction point must equal the source's values "
        "(case and spacing are ignored). `lifeexp feedback import --journey` lists what "
        "each step matched and the values the source holds.",
    ),
    Rule(
        "LX814",
        "feedback-row-shared",
        I,
        "One feedback row is taken by several steps.",
        "Allowed (one survey can cover several steps of a journey), and shown so a reader "
        "knows the same answers count at each of those steps and in the roll-up once per "
        "step.",
    ),
    Rule(
        "LX815",
        "feedback-trust-wordings",
        I,
        "Figures with different trust-question wordings are grouped together.",
        'Agencies word the trust question differently ("…increased my trust in…", "I '
        'trust … to fulfill…", "confidence in…"). performance.gov groups them as one trust '
        "score; lifeexp does the same and lists the wordings so a reader can judge.",
    ),
    # --- LX9xx: agency event logs (lifeexp calibrate) -------------------------------------
    Rule(
        "LX901",
        "log-unreadable",
        E,
        "An event log cannot be read: missing, of an unknown format, truncated or malformed.",
        "`lifeexp calibrate` reads CSV (`.csv`, `.csv.gz`), Parquet (a file or a folder "
        "of them) and XES (`.xes`, `.xes.gz`), named by their extension. The message says"
        " what the reader found; export the log again, or check the file was copied "
        "whole.",
        configurable=False,
    ),
    Rule(
        "LX902",
        "log-column-missing",
        E,
        "The log lacks a column the calibration needs (case, activity or time, or one named).",
        "Column names default to pm4py's (`case:concept:name`, `concept:name`, "
        "`time:timestamp`, `start_timestamp`, `org:resource`, `lifecycle:transition`). "
        "The message lists the columns the log has and suggests a close one; name yours "
        "with `--case`, `--activity`, `--timestamp` and the other column options.",
        configurable=False,
    ),
    Rule(
        "LX903",
        "log-time-unreadable",
        E,
        "A time in the log cannot be read, or a time column holds something else.",
        "Times are read as ISO 8601 (`2024-03-01T09:30:00Z`) or as the file's own "
        "timestamp type. The first row with the problem is named.",
        configurable=False,
    ),
    Rule(
        "LX904",
        "log-time-zones-mixed",
        E,
        "The log mixes times with a zone offset and times without one.",
        "A time without an offset is read as UTC; mixed in one log the two cannot be "
        "ordered honestly. Give every time an offset (`Z`, `+00:00`) or none.",
        configurable=False,
    ),
    Rule(
        "LX905",
        "log-start-after-completion",
        E,
        "An activity starts after it completes.",
        "Processing time is completion minus start; a negative one means the columns are "
        "swapped or the clocks disagree. The first such row is named.",
        configurable=False,
    ),
    Rule(
        "LX906",
        "log-empty",
        E,
        "The log holds no events.",
        "An empty file, a header with no rows, or an XES file without events: there is "
        "nothing to measure.",
        configurable=False,
    ),
    Rule(
        "LX907",
        "log-nothing-maps",
        E,
        "No activity of the log maps to a step of the journey.",
        "Without a mapping file the log's activities must be step ids. Write a mapping "
        "(`--map`) from the log's activities (the message shows some) to step ids.",
        configurable=False,
    ),
    Rule(
        "LX911",
        "log-rows-left-out",
        W,
        "Rows with no case id, activity or time were left out (counted).",
        "They cannot be placed in a case's sequence. The first such row is named.",
        configurable=False,
    ),
    Rule(
        "LX912",
        "log-out-of-order",
        W,
        "Events of a case come before an earlier event in the file (counted).",
        "Events are put in time order (start, then completion, then file order, as pm4py "
        "sorts), so the figures do not depend on the file's order; the count says how far"
        " the export was out of order.",
        configurable=False,
    ),
    Rule(
        "LX913",
        "log-duplicate-events",
        W,
        "Duplicate events were counted once (counted).",
        "Two events of a case with the same activity, organisation, channel, start and "
        "completion are one event recorded twice. Copies of activities the mapping leaves"
        " out reach no figure and are not counted.",
        configurable=False,
    ),
    Rule(
        "LX914",
        "log-start-unpaired",
        W,
        "Start rows with no matching completion row were left out (counted).",
        "In a log with a lifecycle column the k-th start of a case and activity pairs "
        "with its k-th completion; a start with none describes work not finished within "
        "the log's period.",
        configurable=False,
    ),
    Rule(
        "LX915",
        "log-lifecycle-other",
        W,
        "Lifecycle transitions other than start and complete were left out (counted).",
        "`schedule`, `suspend`, `resume`, `ate_abort` and the like are not activity "
        "instances; the message lists them with their counts.",
        configurable=False,
    ),
    Rule(
        "LX921",
        "mapping-unknown-step",
        E,
        "A mapping file maps an activity to a step id the journey does not have.",
        "The hint suggests the closest step id. Map the activity to a step of the "
        "journey, or to `null` to set it aside on purpose.",
        configurable=False,
    ),
    Rule(
        "LX922",
        "mapping-unknown-agency",
        E,
        "A mapping file maps an organisation to an agency id the catalog does not have.",
        "The hint suggests the closest agency id; add the agency to a catalog if it is new.",
        configurable=False,
    ),
    Rule(
        "LX923",
        "mapping-format",
        E,
        "A mapping file breaks its format (an unknown section, a bad pattern or value).",
        "A mapping file has `activities:` (log activity or pattern to step id or `null`) "
        "and `organisations:` (log organisation or pattern to agency id).",
        configurable=False,
    ),
)

# What each diagnostic looks like; shown in the reference next to the example.
_SAMPLES: dict[str, str] = {
    "LX001": "file not found",
    "LX002": "file is not valid UTF-8 (byte 0xe9); save it as UTF-8",
    "LX003": "file is too large (12 MiB); the limit is 8 MiB",
    "LX004": "the value of 'title' contains ': ', which YAML reads as the start of another key; "
    'put the whole value in quotes (title: "Passport: after a name change")',
    "LX005": "duplicate key 'title' (first defined on line 2)",
    "LX006": "tag !!python/object/apply:os.system is not allowed; lifeexp reads plain data "
    "only and never constructs objects from tags",
    "LX007": "aliases expand to more than 100,000 nodes (a 'billion laughs' document?); "
    "refusing to expand them",
    "LX008": "expected a journey (a mapping of fields) at the top level, got list",
    "LX009": "file holds more than one YAML document; put one journey or catalog in each file",
    "LX010": "nesting is deeper than 64 levels",
    "LX011": "folder holds no journey or catalog files (*.yaml, *.yml)",
    "LX012": "expected a catalog file but this is a journey",
    "LX013": "unknown setting 'selct' (did you mean 'select'?)",
    "LX014": "is a symbolic link to a file outside the folder; not read",
    "LX101": "steps[apply]: unknown field 'agnecy' (did you mean 'agency'?)",
    "LX102": "steps[apply]: missing required field 'title'",
    "LX103": "transitions[apply→decision].probability: a probability is a share of people "
    "between 0 and 1, not a percentage (got '60%') (write 0.6)",
    "LX201": "agency 'SSA' is defined twice: here and in catalogs/agencies.yaml:4:5",
    "LX202": "form 'SSA-1' has no OMB control number (add omb_control_number: NNNN-NNNN)",
    "LX203": "form 'SSA-1' gives 14.04 minutes per response but no source for them",
    "LX204": "form 'SSA-1' names unknown agency 'SAA' (did you mean 'SSA'?)",
    "LX205": "data element 'ssn' names unknown authoritative source 'SAA' (did you mean 'SSA'?)",
    "LX206": "form 'SSA-1' has minutes_basis 'published' but no minutes_per_response",
    "LX301": "unknown agency 'SAA' (did you mean 'SSA'?)",
    "LX302": "unknown form 'SSA-l' (did you mean 'SSA-1'?)",
    "LX303": "unknown data element 'snn' (did you mean 'ssn'?)",
    "LX304": "unknown document 'birth-certificat' (did you mean 'birth-certificate'?)",
    "LX305": "unknown phase 'aply' (did you mean 'apply'?)",
    "LX306": "source 'ssa-stats-2024' is not defined in the journey's sources (did you mean "
    "'ssa-stats-2023'?)",
    "LX307": "journey id 'approaching-retirement' is also used by journeys/retirement.yaml",
    "LX308": "compares_to 'approaching-retirement' is not among the journeys loaded",
    "LX309": "phase id 'apply' is used twice",
    "LX310": "3 catalog ids used here are in none of the catalogs loaded, so a catalog may be "
    "missing (3 references: agency 'DOS-CA', form 'DS-82', form 'DS-11')",
    "LX311": "form 'IRS-1040' lists no part 'SCHEDULE-881' (did you mean 'SCHEDULE-8812'?)",
    "LX312": "compares_to names this journey itself ('retirement.future'); name the "
    "current-state journey it improves on",
    "LX401": "step id 'apply' is used twice (first at step 2)",
    "LX402": "transition to unknown step 'decison' (did you mean 'decision'?)",
    "LX403": "start step 'begin' does not exist (did you mean 'start'?)",
    "LX404": "step 'orphan' cannot be reached from the start 'a'",
    "LX405": "step 'submit-again' cannot reach any end of the journey",
    "LX406": "outgoing probabilities of step 'decide' sum to 0.9, not 1",
    "LX407": "loop with no way out: 'submit' → 'review' → … (add a transition that leaves "
    "the loop)",
    "LX408": "step 'done' is kind 'end' but has transitions to 'apply'",
    "LX409": "persona 'early' chooses decide→claim-at-62 but there is no such transition",
    "LX410": "a transition a→b already exists (transition 1)",
    "LX501": "step 'apply' has no owner",
    "LX502": "action step 'apply' has no burden estimate",
    "LX503": "step 'apply' burden has no source and no estimate",
    "LX504": "completing is 30 min but form 'SSA-1' publishes 14.04 min per response",
    "LX505": "form 'STATE-FORM' has no minutes per response in the catalog",
    "LX506": "burden adds gathering on top of the PRA figure of form 'SSA-1', which already "
    "includes them",
    "LX507": "step 'claim-ctc' charges the whole of form 'IRS-1040' although the journey says "
    "people file it anyway",
    "LX508": "step 'apply' is done online but keeps waiting minutes",
    "LX509": "step 'tap-workshop' charges the person 1,440 minutes (3.0 working days); a "
    "multi-day class attended on duty or paid work time is the employer's time, not the "
    "person's",
    "LX510": "step 'ui-claim': entry volume 21,142,615 × reach 0.650 implies 13,742,700 a year "
    "(bls), but the program publishes 9,500,000 UI initial claims (dol-ui): 1.45× (allowed "
    "1.25×)",
    "LX601": "transition fema-refer→sba-apply crosses from FEMA to SBA but has no handoff type",
    "LX602": "transition decide→apply does not cross agencies; handoff 'data_shared' is ignored",
    "LX603": "step 'b' (CMS) asks again for 1 data element an earlier step on every path "
    "already collected: 'ssn' (at 'a', SSA)",
    "LX604": "step 'c' (CMS) asks again for 1 data element that people who came through another "
    "step already gave: 'ssn' (at 'b', SSA)",
    "LX605": "transition decide→file takes people from SSA through their own steps to IRS with "
    "no handoff type; it is scored as the person carrying the case (customer_carries)",
    "LX701": "suppressed code LX999 does not exist",
    "LX702": "suppression of LX603 silences nothing here",
    "LX801": "cx_collection_details lacks 1 required column: survey_type (survey_type: did "
    "you mean 'survey_kind'?)",
    "LX802": "positive_ease is 'yes'; driver flags are 0, 1 or 'null'",
    "LX803": "quarter FY2027 Q3 is in the future (today is in FY2027 Q1)",
    "LX804": "volume_of_respondents (501) exceeds the customers offered the survey (500)",
    "LX805": "file is not valid UTF-8 (byte 0xe9); lifeexp never guesses another encoding",
    "LX806": "feedback source 'ssa-tp' could not be read (2 problems in its files)",
    "LX810": "feedback source 'ssa-tp' is not defined in feedback_sources (did you mean "
    "'ssa-touchpoints'?)",
    "LX811": "step 'apply' takes thumbs up/down and 1–5 trust answers; they are shown "
    "separately, never pooled",
    "LX812": "latest feedback of source 'ssa-tp' is from FY2025 Q3, 6 quarters before FY2027 Q1",
    "LX813": "feedback match of step 'apply' finds no row in source 'ssa-tp'",
    "LX814": "row 201 of source 'ssa-tp' is also taken by step 'apply-online'",
    "LX815": "step 'apply' groups 2 trust-question wordings",
    "LX901": ("cannot read the log as Parquet: no magic bytes found at end of file"),
    "LX902": (
        "the log has no column 'case:concept:name' for the case (set it with --case); its"
        " columns are 'claim_id', 'step', 'at'"
    ),
    "LX903": (
        "2 row(s) have a 'time:timestamp' that is not a date and time (use ISO 8601, e.g."
        " 2024-03-01T09:30:00Z)"
    ),
    "LX904": (
        "the log mixes times with a time zone (120 rows) and times without one (3 rows); "
        "the first without is here"
    ),
    "LX905": ("1 activit(ies) start after they complete (the first is here)"),
    "LX906": ("the log has no events"),
    "LX907": (
        "no activity of the log maps to a step of the journey (14 activities, e.g. "
        "'Intake', 'Review', 'Notice')"
    ),
    "LX911": ("3 row(s) with no case id were left out"),
    "LX912": (
        "12 event(s) come before an earlier event of their case in the file; events are "
        "put in time order (start, then completion)"
    ),
    "LX913": ("2 duplicate event(s) (same case, activity, organisation and times) counted once"),
    "LX914": ("4 start row(s) have no matching complete row; left out"),
    "LX915": ("lifecycle transitions other than start and complete left out: 'schedule' (40)"),
    "LX921": ("activities: 'Intake' maps to 'intak', which is not a step of the journey"),
    "LX922": ("organisations: 'Social Security' maps to 'SAA', which is not an agency"),
    "LX923": ("activities must map names to ids"),
}

RULES: dict[str, Rule] = {
    rule.code: Rule(**{**_asdict(rule), "sample": _SAMPLES.get(rule.code, rule.sample)})
    for rule in _RULES
}
"""Every rule, keyed by code, in code order."""

FINDING_CODES: frozenset[str] = frozenset(
    code for code, rule in RULES.items() if rule.kind is RuleKind.finding
)
"""Codes that report findings about the service rather than problems in the file."""


def get_rule(code: str) -> Rule:
    """The rule for a code; ``KeyError`` when there is none."""
    return RULES[code]


def rules_matching(patterns: list[str] | tuple[str, ...]) -> set[str]:
    """Codes matched by ``patterns``: full codes or prefixes (``LX6`` matches LX601...).

    Raises:
        ValueError: a pattern matches no code.
    """
    out: set[str] = set()
    for raw in patterns:
        pattern = raw.strip().upper()
        if pattern in {"ALL", "LX"}:
            out.update(RULES)
            continue
        hits = {code for code in RULES if code.startswith(pattern)}
        if not hits:
            msg = f"{raw!r} matches no diagnostic code"
            raise ValueError(msg)
        out.update(hits)
    return out
