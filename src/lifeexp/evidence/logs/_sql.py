"""The one definition of every log statistic: SQL text shared by DuckDB and Spark SQL.

Every statistic lifeexp measures in an event log is defined once, here, as standard SQL (window
functions, ``GROUP BY``, ``COUNT(DISTINCT)``) that DuckDB and Spark SQL both run unchanged.
Only *reading* differs between engines: how a file becomes a table, how a text is parsed as a
time and how a time becomes microseconds since 1970. Those few expressions are the
:class:`Dialect`; they are applied once, when the log is normalised into ``lx_events``, and
everything after that point is integer arithmetic on the same text, so both engines produce the
same numbers to the last digit (sums are exact ``DECIMAL(38,0)``, never floating point).

Why SQL text and not an expression layer such as Ibis: the statistics are a handful of window
and aggregate queries that an auditor can read as they are, DuckDB and Spark SQL both accept
this SQL without translation, and one more dependency (Ibis pulls in its own stack) would buy
portability we do not need.

The pipeline (each a temporary view or table)::

    lx_source        the file as the engine reads it (engine-specific)
    lx_raw           one row per log row: case, activity, org, lifecycle, times in µs, row
                     number, and flags for every reading problem (a view: read once to check)
    lx_events        the usable rows of lx_raw, narrow (materialised once)
    lx_paired        one row per activity instance (start and complete rows paired)
    lx_unique        duplicates removed (same case, activity, org, start and completion)
    lx_visits        mapped to journey steps; consecutive events of one step merged when several
                     activities map to that step
    lx_seq           ordered per case with the previous and next step (materialised once)

Statistics (``SELECT`` over ``lx_seq``) are in :data:`STATISTICS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

__all__ = [
    "START",
    "STATISTICS",
    "TIME_BINS_PER_DECADE",
    "Dialect",
    "duckdb_dialect",
    "events_sql",
    "paired_sql",
    "seq_sql",
    "spark_dialect",
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

    ``*_present`` says a time was given; ``*_us`` is NULL when it was given but cannot be read.
    ``*_aware`` is 1 for a time with a zone offset, 0 for one without (naive times are read as
    UTC) and NULL when absent. Naive and aware times must not be mixed in one log.
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
        col = d.quote(column)
        return f"CASE WHEN TRIM(CAST({col} AS {t})) = '' THEN NULL ELSE CAST({col} AS {t}) END"

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
  LOWER(TRIM({text(channel)})) AS channel,
  LOWER(TRIM({text(lifecycle)})) AS lifecycle,
  {d.time_us(timestamp, timestamp_kind)} AS ts_us,
  {present(timestamp, timestamp_kind)} AS ts_present,
  {aware(timestamp, timestamp_kind)} AS ts_aware,
  {start},
  {d.row_number} + {first_row - 1} AS row_no
FROM lx_source"""


QUALITY: Final = """
SELECT
  COUNT(*) AS rows_total,
  SUM(CASE WHEN case_id IS NULL THEN 1 ELSE 0 END) AS no_case,
  SUM(CASE WHEN activity IS NULL THEN 1 ELSE 0 END) AS no_activity,
  SUM(CASE WHEN ts_present = 0 THEN 1 ELSE 0 END) AS no_time,
  SUM(CASE WHEN ts_present = 1 AND ts_us IS NULL THEN 1 ELSE 0 END) AS bad_time,
  SUM(CASE WHEN start_present = 1 AND start_us IS NULL THEN 1 ELSE 0 END) AS bad_start,
  SUM(CASE WHEN ts_aware = 1 OR start_aware = 1 THEN 1 ELSE 0 END) AS aware_rows,
  SUM(CASE WHEN ts_aware = 0 OR start_aware = 0 THEN 1 ELSE 0 END) AS naive_rows,
  LEAST(MIN(COALESCE(start_us, ts_us)), MIN(ts_us)) AS first_us,
  MAX(ts_us) AS last_us,
  COUNT(DISTINCT case_id) AS cases
FROM lx_raw"""
"""Row counts of every reading problem, the log's period and its number of cases."""

FIRST_ROW: Final = {
    "no_case": "case_id IS NULL",
    "no_activity": "activity IS NULL",
    "no_time": "ts_present = 0",
    "bad_time": "ts_present = 1 AND ts_us IS NULL",
    "bad_start": "start_present = 1 AND start_us IS NULL",
    "aware_rows": "ts_aware = 1 OR start_aware = 1",
    "naive_rows": "ts_aware = 0 OR start_aware = 0",
}
"""The condition of each reading problem, to find the first row that has it."""

ACTIVITIES: Final = """
SELECT activity, COUNT(*) AS events, COUNT(DISTINCT case_id) AS cases
FROM lx_events WHERE activity IS NOT NULL AND case_id IS NOT NULL GROUP BY activity"""
"""Every activity of the log with its events and cases (the mapping is resolved against it)."""

ORGS: Final = """
SELECT org, COUNT(*) AS events FROM lx_events WHERE org IS NOT NULL GROUP BY org"""

LIFECYCLE: Final = """
SELECT lifecycle, COUNT(*) AS events FROM lx_events GROUP BY lifecycle"""

_GOOD = "case_id IS NOT NULL AND activity IS NOT NULL AND ts_us IS NOT NULL"

EVENTS: Final = f"""
SELECT case_id, activity, org, channel, lifecycle, ts_us, start_us, row_no FROM lx_raw
WHERE {_GOOD}"""
"""``lx_events``: the rows that can be used, with only the columns the statistics read."""


def paired_sql(*, two_row: bool) -> str:
    """``lx_paired``: one row per activity instance with its start and completion.

    A log with a lifecycle column pairs the k-th ``start`` row of a case and activity with its
    k-th ``complete`` row (both in time order); a row without a lifecycle value counts as a
    completion. Other transitions (``schedule``, ``suspend``, ``ate_abort``...) are left out and
    counted. An activity with no start time starts when it completes.
    """
    if not two_row:
        return f"""
SELECT case_id, activity, org, channel, COALESCE(start_us, ts_us) AS start_us, ts_us AS end_us,
  row_no,
  0 AS had_start
FROM lx_events WHERE {_GOOD}"""
    return f"""
SELECT c.case_id, c.activity, COALESCE(c.org, s.org) AS org,
  COALESCE(c.channel, s.channel) AS channel,
  COALESCE(s.ts_us, c.start_us, c.ts_us) AS start_us, c.ts_us AS end_us, c.row_no,
  CASE WHEN s.row_no IS NULL THEN 0 ELSE 1 END AS had_start
FROM (
  SELECT case_id, activity, org, channel, ts_us, start_us, row_no,
    ROW_NUMBER() OVER (PARTITION BY case_id, activity ORDER BY ts_us, row_no) AS k
  FROM lx_events WHERE {_GOOD} AND (lifecycle = 'complete' OR lifecycle IS NULL)
) c
LEFT JOIN (
  SELECT case_id, activity, org, channel, ts_us, row_no,
    ROW_NUMBER() OVER (PARTITION BY case_id, activity ORDER BY ts_us, row_no) AS k
  FROM lx_events WHERE {_GOOD} AND lifecycle = 'start'
) s ON c.case_id = s.case_id AND c.activity = s.activity AND c.k = s.k"""


PAIRING: Final = """
SELECT
  COUNT(*) AS instances,
  SUM(had_start) AS paired,
  SUM(CASE WHEN start_us > end_us THEN 1 ELSE 0 END) AS start_after_end,
  MIN(CASE WHEN start_us > end_us THEN row_no END) AS first_start_after_end
FROM lx_paired"""

STARTS_IN_LOG: Final = f"""
SELECT COUNT(*) FROM lx_events WHERE {_GOOD} AND lifecycle = 'start'"""


def unique_sql() -> str:
    """``lx_unique``: exact duplicates (same case, activity, org, start and end) kept once."""
    return """
SELECT case_id, activity, org, channel, start_us, end_us, MIN(row_no) AS row_no,
  COUNT(*) AS copies
FROM lx_paired GROUP BY case_id, activity, org, channel, start_us, end_us"""


_ORDER = "start_us, end_us, row_no"
"""Events of a case in time order: start, then completion (pm4py's sort), then file order."""


def visits_sql(*, merge_repeats: bool) -> str:
    """``lx_visits``: activity instances as journey steps (``lx_activity_map``), agencies
    from ``lx_org_map`` (an organisation not in the map keeps its own name).

    With ``merge_repeats`` (several activities map to one step), consecutive events of the same
    step within a case are one visit: it starts with the first and completes with the last. A
    step that comes back after another step is a new visit (rework).
    """
    mapped = """
SELECT u.case_id, m.step, COALESCE(o.agency, u.org) AS org, u.channel, u.start_us, u.end_us,
  u.row_no
FROM lx_unique u
JOIN lx_activity_map m ON u.activity = m.activity
LEFT JOIN lx_org_map o ON u.org = o.org"""
    if not merge_repeats:
        return mapped
    return f"""
SELECT case_id, step, MIN(org) AS org, MIN(channel) AS channel, MIN(start_us) AS start_us,
  MAX(end_us) AS end_us,
  MIN(row_no) AS row_no
FROM (
  SELECT case_id, step, org, channel, start_us, end_us, row_no,
    SUM(new_visit) OVER (PARTITION BY case_id ORDER BY {_ORDER}
                         ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS visit
  FROM (
    SELECT case_id, step, org, channel, start_us, end_us, row_no,
      CASE WHEN LAG(step) OVER (PARTITION BY case_id ORDER BY {_ORDER}) = step
           THEN 0 ELSE 1 END AS new_visit
    FROM ({mapped}) mv
  ) flagged
) numbered
GROUP BY case_id, visit, step"""


def seq_sql() -> str:
    """``lx_seq``: each visit with the step before and after it in its case (pm4py's
    directly-follows relation, ``shift(-1).over(case)``)."""
    return f"""
SELECT case_id, step, org, channel, start_us, end_us, row_no,
  LAG(step) OVER w AS prev_step,
  LEAD(step) OVER w AS next_step,
  LEAD(start_us) OVER w AS next_start_us,
  LEAD(org) OVER w AS next_org,
  LEAD(channel) OVER w AS next_channel,
  CASE WHEN LAG(row_no) OVER w > row_no THEN 1 ELSE 0 END AS out_of_order
FROM lx_visits
WINDOW w AS (PARTITION BY case_id ORDER BY {_ORDER})"""


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
_EXACT = "DECIMAL(38,0)"

STATISTICS: Final[dict[str, str]] = {
    # Directly-follows counts with the end (next_step NULL), their cases and exact wait sums.
    "edges": f"""
SELECT step, next_step, SUM(n) AS n, COUNT(*) AS cases, SUM(wait_sum_us) AS wait_sum_us,
  MIN(wait_min_us) AS wait_min_us, MAX(wait_max_us) AS wait_max_us
FROM (
  SELECT case_id, step, next_step, COUNT(*) AS n, SUM(CAST(wait_us AS {_EXACT})) AS wait_sum_us,
    MIN(wait_us) AS wait_min_us, MAX(wait_us) AS wait_max_us
  FROM (SELECT case_id, step, next_step, {_WAIT} AS wait_us FROM lx_seq) w
  GROUP BY case_id, step, next_step
) per_case
GROUP BY step, next_step""",
    # Start activities: the first visit of each case.
    "starts": """
SELECT step, COUNT(*) AS n FROM lx_seq WHERE prev_step IS NULL GROUP BY step""",
    # Per step: visits, cases, processing sums, waits and the cases they come from, and the
    # cases that visit the step more than once (rework). Cases are counted by aggregating per
    # case first (cheaper than COUNT(DISTINCT) on every engine).
    "steps": f"""
SELECT step, SUM(visits) AS visits, COUNT(*) AS cases,
  SUM(processing_sum_us) AS processing_sum_us,
  MIN(processing_min_us) AS processing_min_us, MAX(processing_max_us) AS processing_max_us,
  SUM(waits) AS waits, SUM(CASE WHEN waits > 0 THEN 1 ELSE 0 END) AS wait_cases,
  SUM(wait_sum_us) AS wait_sum_us, SUM(CASE WHEN visits > 1 THEN 1 ELSE 0 END) AS rework_cases
FROM (
  SELECT case_id, step, COUNT(*) AS visits,
    SUM(CAST({_PROCESSING} AS {_EXACT})) AS processing_sum_us,
    MIN({_PROCESSING}) AS processing_min_us, MAX({_PROCESSING}) AS processing_max_us,
    COUNT(next_step) AS waits, SUM(CAST({_WAIT} AS {_EXACT})) AS wait_sum_us
  FROM lx_seq GROUP BY case_id, step
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
    "handover": """
SELECT org, next_org, SUM(n) AS n, COUNT(*) AS cases FROM (
  SELECT case_id, org, next_org, COUNT(*) AS n
  FROM lx_seq WHERE next_step IS NOT NULL AND org IS NOT NULL AND next_org IS NOT NULL
  GROUP BY case_id, org, next_org
) per_case GROUP BY org, next_org""",
    # Cases by the day they start, with how many follow a path of the journey.
    "cases": f"""
SELECT start_day, COUNT(*) AS cases, SUM(fit) AS fitting, SUM(visits) AS visits
FROM (
  SELECT s.case_id, CAST(FLOOR(MIN(s.start_us) / 86400000000.0) AS BIGINT) AS start_day,
    MIN(CASE WHEN e.src IS NULL THEN 0
             WHEN s.next_step IS NULL AND f.step IS NULL THEN 0 ELSE 1 END) AS fit,
    COUNT(*) AS visits
  FROM lx_seq s
  LEFT JOIN lx_edges e ON e.src = COALESCE(s.prev_step, '{START}') AND e.dst = s.step
  LEFT JOIN lx_ends f ON f.step = s.step
  GROUP BY s.case_id
) t GROUP BY start_day""",
    # Reading quality seen only once events are in order.
    "order": """
SELECT SUM(out_of_order) AS out_of_order, COUNT(*) AS visits FROM lx_seq""",
    "duplicates": """
SELECT SUM(copies - 1) AS duplicates, MIN(CASE WHEN copies > 1 THEN row_no END) AS first_row
FROM lx_unique""",
}
"""Every statistic, keyed by name; each result is a list of rows of integers and step ids."""

CHANNEL_STATISTICS: Final[dict[str, str]] = {
    # Contacts per step by channel (a customer-side log: web, phone, message contacts).
    "channels": """
SELECT step, channel, SUM(n) AS n, COUNT(*) AS cases FROM (
  SELECT case_id, step, channel, COUNT(*) AS n FROM lx_seq WHERE channel IS NOT NULL
  GROUP BY case_id, step, channel
) per_case GROUP BY step, channel""",
    # Channel switches: consecutive contacts of a case through different channels.
    "channel_switches": """
SELECT channel, next_channel, SUM(n) AS n, COUNT(*) AS cases FROM (
  SELECT case_id, channel, next_channel, COUNT(*) AS n
  FROM lx_seq WHERE next_step IS NOT NULL AND channel IS NOT NULL AND next_channel IS NOT NULL
  GROUP BY case_id, channel, next_channel
) per_case GROUP BY channel, next_channel""",
}
"""Statistics of the channel column, run when the log has one."""
