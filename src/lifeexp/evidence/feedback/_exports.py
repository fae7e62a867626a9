"""Turning Touchpoints exports into feedback rows (counts per survey × stage × channel × quarter).

Three published layouts are read, each only when named (the format is never guessed):

* **Touchpoints A-11 v2** (FY2024 Q2 on), as CSV downloads or API JSON: ``cx_collections``
  (service × fiscal quarter), ``cx_collection_details`` (survey × channel × stage, with the
  volumes) and ``cx_responses`` (one row per respondent: ``question_1`` trust, the
  ``positive_*``/``negative_*`` driver flags). The free-text column ``question_4`` is never
  read.
* **Legacy A-11 v1** (FY2021–23), ``omb_cx_reporting_collections``: counts per Likert point
  for each of the standard items; item 2 is trust and items 3–7 the drivers.

Every problem is a located :class:`~lifeexp.diagnostics.Diagnostic`; a read with any error
returns no rows, so nothing half-read is ever written or scored.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from pydantic import ValidationError

from lifeexp import formatting as fmt
from lifeexp.diagnostics import Diagnostic, Severity
from lifeexp.evidence.feedback._tables import (
    Table,
    TableProblem,
    concat,
    read_csv_table,
    read_json_table,
    require_all,
)
from lifeexp.model import (
    DRIVERS,
    FeedbackRow,
    FeedbackSourceKind,
    SurveyFormat,
    current_quarter,
    quarter_label,
    quarter_start,
)

__all__ = [
    "COLLECTION_COLUMNS",
    "DETAIL_COLUMNS",
    "LEGACY_COLUMNS",
    "RESPONSE_COLUMNS",
    "ExportRead",
    "read_export",
]

COLLECTION_COLUMNS = ("id", "fiscal_year", "quarter", "service_name")
"""Columns of ``cx_collections`` lifeexp needs."""
DETAIL_COLUMNS = (
    "id",
    "cx_collection_id",
    "service_name",
    "transaction_point",
    "channel",
    "service_stage_name",
    "volume_of_customers",
    "volume_of_customers_provided_survey_opportunity",
    "volume_of_respondents",
    "survey_type",
    "trust_question_text",
)
"""Columns of ``cx_collection_details`` lifeexp needs."""
RESPONSE_COLUMNS = (
    "cx_collection_detail_id",
    "question_1",
    *(f"positive_{d.value}" for d in DRIVERS),
    *(f"negative_{d.value}" for d in DRIVERS),
)
"""Columns of ``cx_responses`` lifeexp needs (``question_4``, the free text, is never read)."""
LEGACY_COLUMNS = (
    "collection_year",
    "collection_quarter",
    "service_name",
    "transaction_point",
    "channel",
    "volume_of_customers",
    "volume_of_customers_provided_survey_opportunity",
    "volume_of_respondents",
    "q2_text",
    *(f"q2_{j}" for j in range(1, 6)),
)
"""Columns of the legacy ``omb_cx_reporting_collections`` lifeexp needs (item 2 is trust)."""
LEGACY_DRIVER_ITEMS = {
    3: "effectiveness",
    4: "ease",
    5: "efficiency",
    6: "transparency",
    7: "employee",
}
"""Legacy items read as drivers (Touchpoints ``hisp_questions_key``), when present."""

# The rest of each published layout (Touchpoints docs/models, cx_collection_detail.rb#to_csv):
# not needed, but never suggested as what a missing column was renamed to.
_COLLECTION_LAYOUT = (
    "service_id",
    "service_provider_id",
    "service_provider_name",
    "organization_id",
    "aasm_state",
    "rating",
    "integrity_hash",
    "submitted_at",
)
_DETAIL_LAYOUT = (
    "service_id",
    "service_stage_id",
    "service_stage_position",
    "service_stage_count",
    "omb_control_number",
    "survey_title",
)
_RESPONSE_LAYOUT = (
    "cx_collection_detail_upload_id",
    "external_id",
    "job_id",
    "question_4",
    "created_at",
)

_FLAG: dict[str, int | None] = {"0": 0, "1": 1, "null": None}
_BAD: Final = -1
"""What an unknown driver flag reads as, before it is reported."""
_DRIVER_COLUMNS = tuple((d.value, f"positive_{d.value}", f"negative_{d.value}") for d in DRIVERS)
"""(driver key, its positive column, its negative column); computed once, not per row."""
_ASSOC_KEYS = ("named", "named_trusting", "not_named", "not_named_trusting")


@dataclass(slots=True)
class ExportRead:
    """What reading one export gave.

    Attributes:
        rows: The feedback rows (empty when there is any error).
        diagnostics: Every problem found, located in the export files.
        files: The files read, as shown.
    """

    rows: list[FeedbackRow] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing went wrong."""
        return not self.diagnostics


class _Values:
    """Parses the cells of one table, collecting located errors instead of raising."""

    def __init__(self, table: Table, problems: list[Diagnostic]) -> None:
        self.table, self.problems = table, problems

    def fail(self, index: int, column: str | None, message: str, code: str = "LX802") -> None:
        self.problems.append(self.table.error(code, message, index, column))

    def count(self, index: int, column: str, *, required: bool = False) -> int | None:
        text = self.table.records[index].get(column)
        if text is None:
            if required:
                self.fail(index, column, f"{column} is empty; a count is needed")
            return None
        value = text.strip()
        try:
            number = int(value)
        except ValueError:
            try:
                as_float = float(value)
            except ValueError:
                as_float = None
            if as_float is not None and as_float.is_integer() and as_float >= 0:
                return int(as_float)
            what = "not a whole number" if as_float is not None else "not a number"
            self.fail(index, column, f"{column} is {value!r}, {what}; counts are whole numbers")
            return None
        if number < 0:
            self.fail(index, column, f"{column} is {number}; counts cannot be negative")
            return None
        return number

    def text(self, index: int, column: str) -> str | None:
        value = self.table.records[index].get(column)
        return None if value is None else " ".join(value.split())


def _quarter(
    values: _Values, index: int, year_col: str, quarter_col: str, today: _dt.date
) -> str | None:
    year = values.count(index, year_col, required=True)
    q = values.count(index, quarter_col, required=True)
    if year is None or q is None:
        return None
    if not 2000 <= year <= 2200:
        values.fail(index, year_col, f"{year_col} is {year}, not a fiscal year")
        return None
    if not 1 <= q <= 4:
        values.fail(index, quarter_col, f"{quarter_col} is {q}; fiscal quarters are 1 to 4")
        return None
    if quarter_start(year, q) > today:
        label = quarter_label(year, q)
        values.fail(
            index,
            quarter_col,
            f"quarter {label} is in the future (today is in {current_quarter(today)})",
            "LX803",
        )
        return None
    return quarter_label(year, q)


def _volumes(values: _Values, index: int) -> tuple[int | None, int | None, int | None, bool]:
    customers = values.count(index, "volume_of_customers")
    offered = values.count(index, "volume_of_customers_provided_survey_opportunity")
    respondents = values.count(index, "volume_of_respondents")
    ok = True
    if respondents is not None and offered is not None and respondents > offered:
        values.fail(
            index,
            "volume_of_respondents",
            f"volume_of_respondents ({fmt.integer(respondents)}) exceeds the customers "
            f"offered the survey ({fmt.integer(offered)})",
            "LX804",
        )
        ok = False
    if offered is not None and customers is not None and offered > customers:
        values.fail(
            index,
            "volume_of_customers_provided_survey_opportunity",
            f"customers offered the survey ({fmt.integer(offered)}) exceed volume_of_customers "
            f"({fmt.integer(customers)})",
            "LX804",
        )
        ok = False
    return customers, offered, respondents, ok


@dataclass(slots=True)
class _Tally:
    """Running counts for one collection detail while its responses are read."""

    thumbs: list[int] = field(default_factory=lambda: [0, 0])
    likert: list[int] = field(default_factory=lambda: [0] * 5)
    pos: dict[str, int] = field(default_factory=dict)
    neg: dict[str, int] = field(default_factory=dict)
    pos_offered: dict[str, int] = field(default_factory=dict)
    neg_offered: dict[str, int] = field(default_factory=dict)
    # driver → [named, named trusting, not named, not named trusting]
    assoc: dict[str, list[int]] = field(default_factory=dict)


def _read_v2(
    tables: dict[str, Table], today: _dt.date, problems: list[Diagnostic]
) -> list[FeedbackRow]:
    collections, details, responses = (
        tables["collections"],
        tables["details"],
        tables["responses"],
    )
    problems += require_all(
        (
            (collections, COLLECTION_COLUMNS, "cx_collections", _COLLECTION_LAYOUT),
            (details, DETAIL_COLUMNS, "cx_collection_details", _DETAIL_LAYOUT),
            (responses, RESPONSE_COLUMNS, "cx_responses", _RESPONSE_LAYOUT),
        )
    )
    if problems:
        return []
    cv = _Values(collections, problems)
    quarters: dict[str, str | None] = {}
    for i, rec in enumerate(collections.records):
        key = rec.get("id")
        if key is None:
            cv.fail(i, "id", "id is empty")
            continue
        quarters[key] = _quarter(cv, i, "fiscal_year", "quarter", today)

    dv = _Values(details, problems)
    formats: dict[str, SurveyFormat] = {}
    detail_index: dict[str, int] = {}
    for i, rec in enumerate(details.records):
        key, parent = rec.get("id"), rec.get("cx_collection_id")
        if key is None:
            dv.fail(i, "id", "id is empty")
            continue
        if parent not in quarters:
            dv.fail(
                i,
                "cx_collection_id",
                f"cx_collection_id {parent!r} is not an id in cx_collections",
            )
        detail_index[key] = i
        kind = (rec.get("survey_type") or "").strip()
        try:
            formats[key] = SurveyFormat(kind)
        except ValueError:
            dv.fail(
                i,
                "survey_type",
                f"survey_type is {kind!r}; expected likert_scale or thumbs_up_down",
            )
        _volumes(dv, i)

    rv = _Values(responses, problems)
    tallies: dict[str, _Tally] = {k: _Tally() for k in detail_index}
    for i, rec in enumerate(responses.records):
        parent = rec.get("cx_collection_detail_id")
        if parent not in detail_index:
            rv.fail(
                i,
                "cx_collection_detail_id",
                f"cx_collection_detail_id {parent!r} is not an id in cx_collection_details",
            )
            continue
        fmt = formats.get(parent)
        if fmt is None:
            continue
        tally = tallies[parent]
        raw = rec.get("question_1")
        trust: int | None = None
        if raw is not None:
            low, high = (0, 1) if fmt is SurveyFormat.thumbs else (1, 5)
            try:
                trust = int(raw.strip())
            except ValueError:
                trust = None
            if trust is None or not low <= trust <= high:
                rv.fail(
                    i,
                    "question_1",
                    f"question_1 (trust) is {raw!r}; a {fmt.value} survey answers {low} to {high}",
                )
                continue
        flags: list[tuple[str, int | None, int | None]] = []
        bad = False
        for key, pcol, ncol in _DRIVER_COLUMNS:
            pv, nv = rec.get(pcol), rec.get(ncol)
            p = _FLAG.get(pv.strip() if pv else "", _BAD)
            n = _FLAG.get(nv.strip() if nv else "", _BAD)
            if p is _BAD or n is _BAD:
                for value, raw_value, column in ((p, pv, pcol), (n, nv, ncol)):
                    if value is _BAD:
                        shown = (raw_value or "").strip()
                        message = f"{column} is {shown!r}; driver flags are 0, 1 or 'null'"
                        rv.fail(i, column, message)
                bad = True
            flags.append((key, p, n))
        if bad:
            continue
        thumbs = fmt is SurveyFormat.thumbs
        if trust is not None:
            if thumbs:
                tally.thumbs[1 - trust] += 1
            else:
                tally.likert[trust - 1] += 1
        trusting = trust is not None and (trust == 1 if thumbs else trust >= 4)
        pos, pos_offered, neg, neg_offered = (
            tally.pos,
            tally.pos_offered,
            tally.neg,
            tally.neg_offered,
        )
        for key, p, n in flags:
            if p is not None:
                pos_offered[key] = pos_offered.get(key, 0) + 1
                pos[key] = pos.get(key, 0) + p
                if trust is not None:
                    cell = tally.assoc.setdefault(key, [0, 0, 0, 0])
                    base = 0 if p else 2
                    cell[base] += 1
                    cell[base + 1] += trusting
            if n is not None:
                neg_offered[key] = neg_offered.get(key, 0) + 1
                neg[key] = neg.get(key, 0) + n
    if problems:
        return []

    rows: list[FeedbackRow] = []
    for key, i in detail_index.items():
        rec = details.records[i]
        tally = tallies[key]
        fmt = formats[key]
        drivers: dict[str, dict[str, int]] = {}
        for d in DRIVERS:
            if d in tally.pos_offered or d in tally.neg_offered:
                entry = {
                    "positive": tally.pos.get(d, 0),
                    "negative": tally.neg.get(d, 0),
                    "offered": tally.pos_offered.get(d, 0),
                }
                if tally.neg_offered.get(d, 0) != entry["offered"]:
                    entry["negative_offered"] = tally.neg_offered.get(d, 0)
                drivers[d] = entry
        assoc = {
            d: {
                "named": c[0],
                "named_trusting": c[1],
                "not_named": c[2],
                "not_named_trusting": c[3],
            }
            for d, c in tally.assoc.items()
        }
        customers = dv.count(i, "volume_of_customers")
        offered = dv.count(i, "volume_of_customers_provided_survey_opportunity")
        respondents = dv.count(i, "volume_of_respondents")
        data: dict[str, Any] = {
            "quarter": quarters.get(rec.get("cx_collection_id") or ""),
            "service": dv.text(i, "service_name") or "",
            "stage": dv.text(i, "service_stage_name"),
            "channel": dv.text(i, "channel"),
            "transaction_point": dv.text(i, "transaction_point"),
            "survey_title": dv.text(i, "survey_title")
            if "survey_title" in details.columns
            else None,
            "row_id": key,
            "customers": customers,
            "offered": offered,
            "respondents": respondents,
            "trust_question": dv.text(i, "trust_question_text"),
            "drivers": drivers,
            "associations": assoc,
        }
        if fmt is SurveyFormat.thumbs:
            data["thumbs"] = {"up": tally.thumbs[0], "down": tally.thumbs[1]}
        else:
            data["likert"] = tally.likert
        _build(data, details, i, problems, rows)
    return rows if not problems else []


def _build(
    data: dict[str, Any],
    table: Table,
    index: int,
    problems: list[Diagnostic],
    rows: list[FeedbackRow],
) -> None:
    try:
        rows.append(FeedbackRow.model_validate(data))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        problems.append(table.error("LX802", f"{where}: {message}" if where else message, index))


def _read_legacy(table: Table, today: _dt.date, problems: list[Diagnostic]) -> list[FeedbackRow]:
    known = [f"q{k}_{j}" for k in range(1, 12) for j in ("text", 1, 2, 3, 4, 5)]
    problems += require_all(((table, LEGACY_COLUMNS, "the legacy A-11 aggregate", known),))
    if problems:
        return []
    v = _Values(table, problems)
    rows: list[FeedbackRow] = []
    items = [
        (k, d)
        for k, d in LEGACY_DRIVER_ITEMS.items()
        if any(f"q{k}_{j}" in table.columns for j in range(1, 6))
    ]
    for k, _ in items:
        missing = [f"q{k}_{j}" for j in range(1, 6) if f"q{k}_{j}" not in table.columns]
        if missing:
            problems.append(
                Diagnostic(
                    "LX801",
                    Severity.error,
                    f"item {k} has some Likert columns but lacks {', '.join(missing)}",
                    table.display,
                    1,
                    1,
                )
            )
    if problems:
        return []
    for i, _rec in enumerate(table.records):
        before = len(problems)
        quarter = _quarter(v, i, "collection_year", "collection_quarter", today)
        customers, offered, respondents, _ok = _volumes(v, i)
        trust = [v.count(i, f"q2_{j}") or 0 for j in range(1, 6)]
        drivers: dict[str, dict[str, int]] = {}
        for k, d in items:
            counts = [v.count(i, f"q{k}_{j}") or 0 for j in range(1, 6)]
            total = sum(counts)
            if total:
                drivers[d] = {
                    "positive": counts[3] + counts[4],
                    "negative": counts[0] + counts[1],
                    "offered": total,
                }
        if len(problems) > before:
            continue
        data: dict[str, Any] = {
            "quarter": quarter,
            "service": v.text(i, "service_name") or "",
            "stage": None,
            "channel": v.text(i, "channel"),
            "transaction_point": v.text(i, "transaction_point"),
            "survey_title": v.text(i, "survey_title"),
            "row_id": v.text(i, "id") if "id" in table.columns else str(i + 1),
            "customers": customers,
            "offered": offered,
            "respondents": respondents,
            "trust_question": v.text(i, "q2_text"),
            "likert": trust,
            "drivers": drivers,
        }
        _build(data, table, i, problems, rows)
    return rows if not problems else []


def read_export(
    kind: FeedbackSourceKind,
    files: Mapping[str, Path | Sequence[Path]],
    *,
    display: Mapping[str, str | Sequence[str]] | None = None,
    today: _dt.date | None = None,
) -> ExportRead:
    """Read one export of a named kind into feedback rows.

    Args:
        kind: ``touchpoints_v2_csv``, ``touchpoints_v2_json`` or ``a11_v1_csv``.
        files: For v2, the ``collections``, ``details`` and ``responses`` files; for v1,
            ``path``. A role may have several files (the pages of an API download).
        display: How to name each file in diagnostics (default: the path as given).
        today: The date quarters are checked against (default: today).

    Returns:
        The rows, or no rows and every problem found.
    """
    paths = {role: [p] if isinstance(p, Path) else list(p) for role, p in files.items()}
    shown: dict[str, list[str]] = {}
    for role, items in paths.items():
        given = (display or {}).get(role)
        names = [given] if isinstance(given, str) else list(given or [])
        shown[role] = names if len(names) == len(items) else [str(p) for p in items]
    day = today or _dt.date.today()
    result = ExportRead(files=[name for names in shown.values() for name in names])
    tables: dict[str, Table] = {}
    v2_json = kind is FeedbackSourceKind.touchpoints_v2_json
    types = {"collections": "cx_collections", "details": "cx_collection_details"}
    types["responses"] = "cx_responses"
    for role, items in paths.items():
        parts: list[Table] = []
        for path, name in zip(items, shown[role], strict=True):
            try:
                if v2_json:
                    parts.append(read_json_table(path, name, expect_type=types[role]))
                else:
                    parts.append(read_csv_table(path, name))
            except TableProblem as problem:
                result.diagnostics.append(problem.diagnostic)
        if parts and len(parts) == len(items):
            tables[role] = concat(parts)
    if result.diagnostics:
        return result
    if kind in {FeedbackSourceKind.touchpoints_v2_csv, FeedbackSourceKind.touchpoints_v2_json}:
        result.rows = _read_v2(tables, day, result.diagnostics)
    elif kind is FeedbackSourceKind.a11_v1_csv:
        result.rows = _read_legacy(tables["path"], day, result.diagnostics)
    else:  # pragma: no cover - callers pass export kinds only
        msg = f"{kind.value} is not an export format"
        raise ValueError(msg)
    return result
