"""The one definition of every log statistic: SQL text shared by DuckDB and Spark SQL.

Every statistic lifeexp measures in an event log is defined once, here, as standard SQL (window
functions, ``GROUP BY``, joins) that DuckDB and Spark SQL both run unchanged. Only *reading*
differs between engines: how a file becomes a table, how a text is parsed as a time, how a time
becomes microseconds since 1970, how cases are numbered and how a sum is kept exact. Those few
expressions are the :class:`Dialect`; everything else is integer arithmetic on the same text, so
both engines produce the same numbers to the last digit (sums are exact integers, never floating
point).

Why SQL text and not an expression layer such as Ibis: the statistics are a handful of window
and aggregate queries that an auditor can read as they are, DuckDB and Spark SQL both accept
this SQL without translation, and one more dependency (Ibis pulls in its own stack) would buy
portability we do not need.

Why codes: a national log repeats the same few dozen activity, organisation and channel texts
millions of times, and case ids are long texts. Sorting and grouping texts is several times
slower, and takes several times the memory, of doing the same on small integers. So the texts
are read once into small dictionaries (``lx_*_codes``), every event becomes a row of integers,
and only the final, small results are turned back into texts (in Python). Codes are given in
the texts' sorted order, so ``MIN`` of codes is the code of the ``MIN`` text.

The pipeline (each a temporary view or table)::

    lx_source         the file as the engine reads it (engine-specific)
    lx_raw            one row per log row: the text columns as text, times in µs, row number,
                      and flags for every reading problem
    lx_*_codes        dictionaries: case ids, activities, organisations, channels, lifecycle
    lx_coded          lx_raw as integers (a NULL code is a missing or blank value)
    lx_events         the usable rows of lx_coded
    lx_paired         one row per activity instance (start and complete rows paired)
    lx_unique         duplicates removed (same case, activity, org, channel, start, completion)
    lx_visits         mapped to journey step codes; consecutive events of one step merged when
                      several activities map to that step
    lx_seq            ordered per case with the previous and next step (materialised once)

Statistics (``SELECT`` over ``lx_seq``) are in :data:`STATISTICS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

__all__ = [
    "CHANNEL_STATISTICS",
    "NO_STEP",
    "START",
    "TIME_BINS_PER_DECADE",
    "Dialect",
    "activity_cases_sql",
    "case_codes_sql",
    "duckdb_dialect",
    "edge_cases_sql",
    "events_sql",
    "paired_sql",
    "seq_sql",
    "spark_dialect",
    "statistics_sql",
    "text_codes_sql",
    "unique_sql",
    "visits_sql",
]

START: Final = " start"
"""Stands for "before the first event" in the journey-edge table (a step id cannot start with
a space, so it never collides with one)."""

TIME_BINS_PER_DECADE: Final = 100
"""Fixed log-spaced histogram bins per factor of ten of a duration (each bin 2.3 % wide)."""
_MAX_BIN: Final = 1_300  # 10^12 s, about 31,700 years: anything longer is a data error

ColumnKind = Literal["text", "timestamp"]


@dataclass(frozen=True, slots=True)
class Dialect:
    """What differs between engines when a log is read; nothing else does.

    Attributes:
        name: ``duckdb`` or ``spark``.
        ident_quote: The identifier quote character.
        text_type: How to spell the string type.
        to_timestamp: Parse text as a time (``{}`` is the text); NULL when it cannot.
        epoch_us: Microseconds since 1970-01-01 UTC of a time (``{}``).
        has_offset: True when a time text carries a zone offset or ``Z`` (``{}``).
        row_number: An increasing number in file order (exact line numbers in DuckDB).
        exact_rows: Whether ``row_number`` is a row position that can be shown to a user.
        typed_epoch_us: Microseconds since 1970 UTC of a column the file already types as a
            timestamp or date (``{}``).
        case_number: The key each distinct case id (``case_id``) is grouped by: a small
            integer where numbering is cheap (one machine), the id itself where it is not (a
            cluster, where numbering would move every id to one partition).
        exact_sum: A sum of 64-bit integers (``{}``) that cannot overflow or round.
    """

    name: str
    ident_quote: str
    text_type: str
    to_timestamp: str
    epoch_us: str
    has_offset: str
    row_number: str
    exact_rows: bool
    typed_epoch_us: str
    case_number: str
    exact_sum: str

    def quote(self, name: str) -> str:
        """Quote a column name (``case:concept:name`` has colons)."""
        q = self.ident_quote
        return q + name.replace(q, q + q) + q

    def time_us(self, column: str, kind: ColumnKind) -> str:
        """Microseconds since 1970 UTC of a time column read as text or as a timestamp."""
        col = self.quote(column)
        if kind == "text":
            return self.epoch_us.format(self.to_timestamp.format(col))
        return self.typed_epoch_us.format(col)


_OFFSET = "'(Z|z|[+-][0-9][0-9](:?[0-9][0-9])?)$'"

duckdb_dialect: Final = Dialect(
    name="duckdb",
    ident_quote='"',
    text_type="VARCHAR",
    to_timestamp="TRY_CAST(TRIM({}) AS TIMESTAMPTZ)",
    epoch_us="epoch_us({})",
    has_offset="regexp_matches(TRIM({}), " + _OFFSET + ")",
    row_number="ROW_NUMBER() OVER ()",
    exact_rows=True,
    # epoch_us reads TIMESTAMP and TIMESTAMPTZ as they are (a cast would convert zones)
    typed_epoch_us="epoch_us({})",
    case_number="CAST(ROW_NUMBER() OVER () AS INTEGER)",
    exact_sum="SUM({})",  # DuckDB sums 64-bit integers into 128-bit ones: exact
)
"""DuckDB: times are ``TIMESTAMPTZ`` in a session whose zone is UTC."""

spark_dialect: Final = Dialect(
    name="spark",
    ident_quote="`",
    text_type="STRING",
    to_timestamp="TRY_CAST(TRIM({}) AS TIMESTAMP)",
    epoch_us="unix_micros({})",
    has_offset="(TRIM({}) RLIKE " + _OFFSET + ")",
    row_number="monotonically_increasing_id()",
    exact_rows=False,
    typed_epoch_us="unix_micros(CAST({} AS TIMESTAMP))",
    case_number="case_id",
    exact_sum="SUM(CAST({} AS DECIMAL(38,0)))",  # Spark's SUM(BIGINT) is a 64-bit BIGINT
)
"""Spark SQL: ``TIMESTAMP`` is an instant; the session zone is set to UTC while lifeexp runs."""


def events_sql(
    d: Dialect,
    *,
    case: str,
    activity: str,
    timestamp: str,
    timestamp_kind: ColumnKind,
    start_timestamp: str | None,
    start_kind: ColumnKind,
    org: str | None,
    lifecycle: str | None,
    channel: str | None = None,
    first_row: int,
) -> str:
    """``lx_raw``: the log's own columns under lifeexp's names, times in microseconds.

    Text columns are kept as they are; blank values are recognised in the dictionaries, which
    see each distinct text once. ``*_present`` says a time was given; ``*_us`` is NULL when it
    was given but cannot be read. ``*_aware`` is 1 for a time with a zone offset, 0 for one
    without (naive times are read as UTC) and NULL when absent. Naive and aware times must not
    be mixed in one log.
    """
    t = d.text_type

    def aware(column: str, kind: ColumnKind) -> str:
        col = d.quote(column)
        if kind == "timestamp":
            return f"CASE WHEN {col} IS NULL THEN NULL ELSE 1 END"
        return (
            f"CASE WHEN {col} IS NULL OR TRIM({col}) = '' THEN NULL "
            f"WHEN {d.has_offset.format(col)} THEN 1 ELSE 0 END"
        )

    def present(column: str, kind: ColumnKind) -> str:
        col = d.quote(column)
        if kind == "timestamp":
            return f"CASE WHEN {col} IS NULL THEN 0 ELSE 1 END"
        return f"CASE WHEN {col} IS NULL OR TRIM({col}) = '' THEN 0 ELSE 1 END"

    def text(column: str | None) -> str:
        if column is None:
            return f"CAST(NULL AS {t})"
        return f"CAST({d.quote(column)} AS {t})"

    if start_timestamp is None:
        start = "CAST(NULL AS BIGINT) AS start_us, 0 AS start_present, "
        start += "CAST(NULL AS INT) AS start_aware"
    else:
        start = (
            f"{d.time_us(start_timestamp, start_kind)} AS start_us, "
            f"{present(start_timestamp, start_kind)} AS start_present, "
            f"{aware(start_timestamp, start_kind)} AS start_aware"
        )
    return f"""
SELECT
  {text(case)} AS case_id,
  {text(activity)} AS activity,
  {text(org)} AS org,
  {text(channel)} AS channel,
  {text(lifecycle)} AS lifecycle,
  {d.time_us(timestamp, timestamp_kind)} AS ts_us,
  {present(timestamp, timestamp_kind)} AS ts_present,
  {aware(timestamp, timestamp_kind)} AS ts_aware,
  {start},
  {d.row_number} + {first_row - 1} AS row_no
FROM lx_source"""


def case_codes_sql(d: Dialect) -> str:
    """``lx_case_codes``: every non-blank case id once, with the key the statistics group by."""
    return f"""
SELECT case_id, {d.case_number} AS c
FROM (SELECT DISTINCT case_id FROM lx_raw) ids
WHERE case_id IS NOT NULL AND TRIM(case_id) <> ''"""


def text_codes_sql(column: str, *, normalise: bool) -> str:
    """``lx_<column>_codes``: every distinct non-blank text of a column with a code in sorted
    order; with ``normalise`` the text is trimmed and lower-cased first (channels and lifecycle
    transitions are vocabularies, so ``Phone `` and ``phone`` are one value)."""
    value = f"LOWER(TRIM({column}))" if normalise else column
    return f"""
SELECT {column} AS raw, value, CAST(DENSE_RANK() OVER (ORDER BY value) - 1 AS INT) AS code
FROM (
  SELECT {column}, {value} AS value FROM (SELECT DISTINCT {column} FROM lx_raw) v
  WHERE {column} IS NOT NULL AND TRIM({column}) <> ''
) n"""


CODED: Final = """
SELECT cc.c, ac.code AS a, oc.code AS o, hc.code AS ch, lc.code AS lc,
  r.ts_us, r.ts_present, r.ts_aware, r.start_us, r.start_present, r.start_aware, r.row_no
FROM lx_raw r
LEFT JOIN lx_case_codes cc ON r.case_id = cc.case_id
LEFT JOIN lx_activity_codes ac ON r.activity = ac.raw
LEFT JOIN lx_org_codes oc ON r.org = oc.raw
LEFT JOIN lx_channel_codes hc ON r.channel = hc.raw
LEFT JOIN lx_lifecycle_codes lc ON r.lifecycle = lc.raw"""
"""``lx_coded``: every log row as integers; a missing or blank text has a NULL code."""


QUALITY: Final = """
SELECT
  COUNT(*) AS rows_total,
  SUM(CASE WHEN c IS NULL THEN 1 ELSE 0 END) AS no_case,
  SUM(CASE WHEN a IS NULL THEN 1 ELSE 0 END) AS no_activity,
  SUM(CASE WHEN ts_present = 0 THEN 1 ELSE 0 END) AS no_time,
  SUM(CASE WHEN ts_present = 1 AND ts_us IS NULL THEN 1 ELSE 0 END) AS bad_time,
  SUM(CASE WHEN start_present = 1 AND start_us IS NULL THEN 1 ELSE 0 END) AS bad_start,
  SUM(CASE WHEN ts_aware = 1 OR start_aware = 1 THEN 1 ELSE 0 END) AS aware_rows,
  SUM(CASE WHEN ts_aware = 0 OR start_aware = 0 THEN 1 ELSE 0 END) AS naive_rows,
  LEAST(MIN(COALESCE(start_us, ts_us)), MIN(ts_us)) AS first_us,
  MAX(ts_us) AS last_us
FROM lx_coded"""
"""Row counts of every reading problem and the log's period."""

CASES_IN_LOG: Final = "SELECT COUNT(*) FROM lx_case_codes"

FIRST_ROW: Final = {
    "no_case": "c IS NULL",
    "no_activity": "a IS NULL",
    "no_time": "ts_present = 0",
    "bad_time": "ts_present = 1 AND ts_us IS NULL",
    "bad_start": "start_present = 1 AND start_us IS NULL",
    "aware_rows": "ts_aware = 1 OR start_aware = 1",
    "naive_rows": "ts_aware = 0 OR start_aware = 0",
}
"""The condition of each reading problem, to find the first row that has it."""

_GOOD = "c IS NOT NULL AND a IS NOT NULL AND ts_us IS NOT NULL"

EVENTS: Final = f"""
SELECT c, a, o, ch, lc, ts_us, start_us, row_no FROM lx_coded WHERE {_GOOD}"""
"""``lx_events``: the rows that can be used, with only the columns the statistics read."""

ACTIVITIES: Final = """
SELECT a, COUNT(*) AS events FROM lx_events GROUP BY a"""
"""Every activity code of the log with its events (the mapping is resolved against it)."""


def activity_cases_sql(codes: Sequence[int]) -> str:
    """The cases of the given activity codes (those the mapping leaves out: mapped activities
    are counted as steps)."""
    listed = ", ".join(str(int(code)) for code in codes)
    return f"""
SELECT a, COUNT(*) AS cases FROM (
  SELECT DISTINCT c, a FROM lx_events WHERE a IN ({listed})
) per_case GROUP BY a"""


ORGS: Final = """
SELECT o, COUNT(*) AS events FROM lx_events WHERE o IS NOT NULL GROUP BY o"""

LIFECYCLE: Final = """
SELECT lc, COUNT(*) AS events FROM lx_events GROUP BY lc"""

LIFECYCLE_COMPLETE: Final = "complete"
LIFECYCLE_START: Final = "start"


def paired_sql(*, two_row: bool, complete: int | None, start: int | None) -> str:
    """``lx_paired``: one row per activity instance with its start and completion.

    A log with a lifecycle column pairs the k-th ``start`` row of a case and activity with its
    k-th ``complete`` row (both in time order); a row without a lifecycle value counts as a
    completion. Other transitions (``schedule``, ``suspend``, ``ate_abort``...) are left out and
    counted. An activity with no start time starts when it completes. ``complete`` and
    ``start`` are the lifecycle codes of those transitions (``None`` when the log has none).
    """
    if not two_row:
        return f"""
SELECT c, a, o, ch, COALESCE(start_us, ts_us) AS start_us, ts_us AS end_us, row_no,
  0 AS had_start
FROM lx_events WHERE {_GOOD}"""
    completes = "lc IS NULL" if complete is None else f"(lc = {complete} OR lc IS NULL)"
    return f"""
SELECT c.c, c.a, COALESCE(c.o, s.o) AS o, COALESCE(c.ch, s.ch) AS ch,
  COALESCE(s.ts_us, c.start_us, c.ts_us) AS start_us, c.ts_us AS end_us, c.row_no,
  CASE WHEN s.row_no IS NULL THEN 0 ELSE 1 END AS had_start
FROM (
  SELECT c, a, o, ch, ts_us, start_us, row_no,
    ROW_NUMBER() OVER (PARTITION BY c, a ORDER BY ts_us, row_no) AS k
  FROM lx_events WHERE {_GOOD} AND {completes}
) c
LEFT JOIN (
  SELECT c, a, o, ch, ts_us, row_no,
    ROW_NUMBER() OVER (PARTITION BY c, a ORDER BY ts_us, row_no) AS k
  FROM lx_events WHERE {_GOOD} AND lc = {start}
) s ON c.c = s.c AND c.a = s.a AND c.k = s.k"""


PAIRING: Final = """
SELECT
  COUNT(*) AS instances,
  SUM(had_start) AS paired,
  SUM(CASE WHEN start_us > end_us THEN 1 ELSE 0 END) AS start_after_end,
  MIN(CASE WHEN start_us > end_us THEN row_no END) AS first_start_after_end
FROM lx_paired"""


def starts_in_log_sql(start: int) -> str:
    """The number of usable ``start`` rows (to count those left without a completion)."""
    return f"SELECT COUNT(*) FROM lx_events WHERE {_GOOD} AND lc = {start}"


def unique_sql(source: str) -> str:
    """``lx_unique``: exact duplicates (same case, activity, org, channel, start and end)
    kept once."""
    return f"""
SELECT c, a, o, ch, start_us, end_us, MIN(row_no) AS row_no, COUNT(*) AS copies
FROM {source} GROUP BY c, a, o, ch, start_us, end_us"""


MAPPED_PAIRED: Final = """
SELECT p.* FROM lx_paired p JOIN lx_step_map m ON p.a = m.a"""
"""``lx_mapped``: the activity instances of activities mapped to a step."""


_ORDER = "start_us, end_us, row_no"
"""Events of a case in time order: start, then completion (pm4py's sort), then file order."""


def visits_sql(*, merge_repeats: bool, source: str = "lx_unique") -> str:
    """``lx_visits``: activity instances (of ``source``) as journey step codes
    (``lx_step_map``), agency codes from ``lx_agency_map`` (an organisation not in the mapping
    is its own agency).

    With ``merge_repeats`` (several activities map to one step), consecutive events of the same
    step within a case are one visit: it starts with the first and completes with the last. A
    step that comes back after another step is a new visit (rework).
    """
    mapped = f"""
SELECT u.c, m.s AS step, g.g AS org, u.o AS log_org, u.ch AS channel, u.start_us, u.end_us,
  u.row_no
FROM {source} u
JOIN lx_step_map m ON u.a = m.a
LEFT JOIN lx_agency_map g ON u.o = g.o"""
    if not merge_repeats:
        return mapped
    return f"""
SELECT c, step, MIN(org) AS org, MIN(log_org) AS log_org, MIN(channel) AS channel,
  MIN(start_us) AS start_us, MAX(end_us) AS end_us, MIN(row_no) AS row_no
FROM (
  SELECT c, step, org, log_org, channel, start_us, end_us, row_no,
    SUM(new_visit) OVER (PARTITION BY c ORDER BY {_ORDER}
                         ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS visit
  FROM (
    SELECT c, step, org, log_org, channel, start_us, end_us, row_no,
      CASE WHEN LAG(step) OVER (PARTITION BY c ORDER BY {_ORDER}) = step
           THEN 0 ELSE 1 END AS new_visit
    FROM ({mapped}) mv
  ) flagged
) numbered
GROUP BY c, visit, step"""


def seq_sql(*, channel: bool = True) -> str:
    """``lx_seq``: each visit with the step before and after it in its case (pm4py's
    directly-follows relation, ``shift(-1).over(case)``), and two flags for the checks.

    ``tied`` marks a visit in a block of neighbours at the same start and completion (the only
    place a copy of an event can be): neighbours are compared on a hash of the two times, one
    window function each way instead of two, and a collision only makes the exact search for
    copies run. Without a channel column there is no channel to carry.
    """
    next_channel = "LEAD(channel) OVER w" if channel else "CAST(NULL AS INT)"
    return f"""
SELECT c, step, org, log_org, channel, start_us, end_us, row_no, prev_step, next_step,
  next_start_us, next_org, next_channel,
  CASE WHEN prev_row > row_no THEN 1 ELSE 0 END AS out_of_order,
  CASE WHEN prev_times = times OR next_times = times THEN 1 ELSE 0 END AS tied
FROM (
  SELECT c, step, org, log_org, channel, start_us, end_us, row_no, times,
    LAG(step) OVER w AS prev_step,
    LEAD(step) OVER w AS next_step,
    LEAD(start_us) OVER w AS next_start_us,
    LEAD(org) OVER w AS next_org,
    {next_channel} AS next_channel,
    LAG(row_no) OVER w AS prev_row,
    LAG(times) OVER w AS prev_times,
    LEAD(times) OVER w AS next_times
  FROM (SELECT v.*, hash(start_us, end_us) AS times FROM lx_visits v) hashed
  WINDOW w AS (PARTITION BY c ORDER BY {_ORDER})
) neighbours"""


def _bin(expr: str) -> str:
    # Bin 0 holds durations under one second; bin k ≥ 1 holds [10^((k-1)/100), 10^(k/100)) s.
    return (
        f"CASE WHEN {expr} < 1000000 THEN 0 ELSE LEAST(CAST(FLOOR(LOG10(CAST({expr} AS DOUBLE)"
        f" / 1000000.0) * {TIME_BINS_PER_DECADE}) AS BIGINT) + 1, {_MAX_BIN}) END"
    )


_WAIT = (
    "CASE WHEN next_start_us IS NULL THEN NULL WHEN next_start_us > end_us "
    "THEN next_start_us - end_us ELSE 0 END"
)
"""The wait after a visit: start of the next minus completion of this one, floored at 0."""
_PROCESSING = "end_us - start_us"
"""Agency processing time of a visit: completion minus start."""
NO_STEP: Final = -1
"""The step code of "before the first event" in the journey-edge table (step codes are ≥ 0)."""


def _cases(keys: str, where: str = "") -> str:
    """Distinct cases per ``keys``: each (case, keys) pair once, then counted. Kept apart from
    the totals, which group by the keys alone: a hash table of a few counters per case is the
    costly part of a national log, so it holds nothing but the keys."""
    filtered = f" WHERE {where}" if where else ""
    return f"""
SELECT {keys}, COUNT(*) AS cases FROM (
  SELECT DISTINCT c, {keys} FROM lx_seq{filtered}
) per_case GROUP BY {keys}"""


def edge_cases_sql(steps: Sequence[int]) -> str:
    """Distinct cases per directly-follows pair from the given steps. Only steps that some case
    visits more than once need it: from any other step each pair occurs at most once per case,
    so its cases are its count."""
    listed = ", ".join(str(int(code)) for code in steps)
    return _cases("step, next_step", f"step IN ({listed})")


def statistics_sql(d: Dialect) -> dict[str, str]:
    """Every statistic, keyed by name; each result is a list of rows of integers (codes).

    Totals (counts, exact sums, minimum and maximum) group by their keys alone; the number of
    distinct cases behind each total is a separate ``*_cases`` statistic (see :func:`_cases`).
    """
    total = d.exact_sum
    handed_over = "next_step IS NOT NULL AND org IS NOT NULL AND next_org IS NOT NULL"
    return {
        # Directly-follows counts with the end (next_step NULL) and their waits.
        "edges": f"""
SELECT step, next_step, COUNT(*) AS n, {total.format("wait_us")} AS wait_sum_us,
  MIN(wait_us) AS wait_min_us, MAX(wait_us) AS wait_max_us
FROM (SELECT step, next_step, {_WAIT} AS wait_us FROM lx_seq) w
GROUP BY step, next_step""",
        # Start activities: the first visit of each case.
        "starts": """
SELECT step, COUNT(*) AS n FROM lx_seq WHERE prev_step IS NULL GROUP BY step""",
        # Per step: visits, processing sums, waits.
        "steps": f"""
SELECT step, COUNT(*) AS visits,
  {total.format(_PROCESSING)} AS processing_sum_us,
  MIN({_PROCESSING}) AS processing_min_us, MAX({_PROCESSING}) AS processing_max_us,
  COUNT(next_step) AS waits, {total.format(_WAIT)} AS wait_sum_us
FROM lx_seq GROUP BY step""",
        # Per step: the cases that visit it, those that wait after it, and those that visit
        # it more than once (rework).
        "step_cases": """
SELECT step, COUNT(*) AS cases, SUM(CASE WHEN waits > 0 THEN 1 ELSE 0 END) AS wait_cases,
  SUM(CASE WHEN visits > 1 THEN 1 ELSE 0 END) AS rework_cases
FROM (
  SELECT c, step, COUNT(*) AS visits, COUNT(next_step) AS waits FROM lx_seq GROUP BY c, step
) per_case
GROUP BY step""",
        # Fixed-bin histograms of waits and processing times (mergeable by addition).
        "wait_hist": f"""
SELECT step, {_bin("wait_us")} AS bin, COUNT(*) AS n
FROM (SELECT step, {_WAIT} AS wait_us FROM lx_seq WHERE next_step IS NOT NULL) t
GROUP BY step, {_bin("wait_us")}""",
        "processing_hist": f"""
SELECT step, {_bin("d_us")} AS bin, COUNT(*) AS n
FROM (SELECT step, {_PROCESSING} AS d_us FROM lx_seq) t
GROUP BY step, {_bin("d_us")}""",
        # Handover of work between organisations (pm4py, beta = 0, self-handovers counted).
        "handover": f"""
SELECT org, next_org, COUNT(*) AS n FROM lx_seq WHERE {handed_over} GROUP BY org, next_org""",
        "handover_cases": _cases("org, next_org", handed_over),
        # Cases by the day they start, with how many follow a path of the journey.
        "cases": f"""
SELECT start_day, COUNT(*) AS cases, SUM(fit) AS fitting, SUM(visits) AS visits
FROM (
  SELECT s.c, CAST(FLOOR(MIN(s.start_us) / 86400000000.0) AS BIGINT) AS start_day,
    MIN(CASE WHEN e.src IS NULL THEN 0
             WHEN s.next_step IS NULL AND f.step IS NULL THEN 0 ELSE 1 END) AS fit,
    COUNT(*) AS visits
  FROM lx_seq s
  LEFT JOIN lx_edges e ON e.src = COALESCE(s.prev_step, {NO_STEP}) AND e.dst = s.step
  LEFT JOIN lx_ends f ON f.step = s.step
  GROUP BY s.c
) t GROUP BY start_day""",
        # Reading quality seen only once events are in order.
        "order": """
SELECT SUM(out_of_order) AS out_of_order, COUNT(*) AS visits FROM lx_seq""",
        # Visits in a block of neighbours at the same start and completion, and the copies
        # among them (one step per activity: a copy is the same step, organisation, channel
        # and times in the same case).
        "ties": """
SELECT SUM(tied) AS ties FROM lx_seq""",
        "tied_duplicates": _copies("""(
  SELECT COUNT(*) AS copies, MIN(row_no) AS row_no FROM lx_seq WHERE tied = 1
  GROUP BY c, step, log_org, channel, start_us, end_us
) copies"""),
        "duplicates": _copies("lx_unique"),
    }


def _copies(groups: str) -> str:
    """Copies beyond the first, and the first row that has one, from groups of identical
    events (``copies``, ``row_no``)."""
    return f"""
SELECT SUM(copies - 1) AS duplicates, MIN(CASE WHEN copies > 1 THEN row_no END) AS first_row
FROM {groups}"""


_CONTACT = "channel IS NOT NULL"
_SWITCH = "next_step IS NOT NULL AND channel IS NOT NULL AND next_channel IS NOT NULL"

CHANNEL_STATISTICS: Final[dict[str, str]] = {
    # Contacts per step by channel (a customer-side log: web, phone, message contacts).
    "channels": f"""
SELECT step, channel, COUNT(*) AS n FROM lx_seq WHERE {_CONTACT} GROUP BY step, channel""",
    "channels_cases": _cases("step, channel", _CONTACT),
    # Channel switches: consecutive contacts of a case through different channels.
    "channel_switches": f"""
SELECT channel, next_channel, COUNT(*) AS n FROM lx_seq WHERE {_SWITCH}
GROUP BY channel, next_channel""",
    "channel_switches_cases": _cases("channel, next_channel", _SWITCH),
}
"""Statistics of the channel column, run when the log has one (codes decoded in Python)."""
