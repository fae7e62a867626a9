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
        "file, or raise `Limits.max_bytes` when calling the library.",
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
        "`format`, `strict`, `select`, `ignore`, `bundled_catalogs` and the `severity` table; "
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
)

# What each diagnostic looks like; shown in the reference next to the example.
_SAMPLES: dict[str, str] = {
    "LX001": "file not found",
    "LX002": "file is not valid UTF-8 (byte 0xe9); save it as UTF-8",
    "LX003": "file is too large (12.0 MiB); the limit is 8.0 MiB",
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
    "LX311": "compares_to names this journey itself ('retirement.future'); name the "
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
    "LX601": "transition fema-refer→sba-apply crosses from FEMA to SBA but has no handoff type",
    "LX602": "transition decide→apply does not cross agencies; handoff 'data_shared' is ignored",
    "LX603": "step 'b' (CMS) asks again for 1 data element an earlier step on every path "
    "already collected: 'ssn' (at 'a', SSA)",
    "LX604": "step 'c' (CMS) asks again for 1 data element that people who came through another "
    "step already gave: 'ssn' (at 'b', SSA)",
    "LX701": "suppressed code LX999 does not exist",
    "LX702": "suppression of LX603 silences nothing here",
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
