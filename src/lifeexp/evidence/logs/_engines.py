"""The engines that run the shared SQL: DuckDB (embedded, the default) and Apache Spark.

An engine does four things: read a log file into the view ``lx_source``, create views and
materialised tables from SQL text, load small tables built in Python (the activity map, the
journey's edges) and return query results as tuples. Everything it computes is defined in
:mod:`lifeexp.evidence.logs._sql`; an engine adds no statistics of its own.

DuckDB runs out of core: it gets a memory limit and a temporary folder, and spills sorts and
hash tables there when a log is larger than memory. Spark is either a session the caller passes
in (a cluster, Databricks) or a local one lifeexp starts; its session time zone is set to UTC
while lifeexp runs and put back afterwards. Neither engine is imported until it is used.
"""

from __future__ import annotations

import csv
import importlib.metadata
import os
import re
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lifeexp.evidence._errors import EngineUnavailable, EvidenceError
from lifeexp.evidence.logs._sql import ColumnKind, Dialect, duckdb_dialect, spark_dialect

__all__ = [
    "ColumnType",
    "DuckDBEngine",
    "Engine",
    "EngineQueryError",
    "LogFormat",
    "SparkEngine",
    "TableSource",
    "make_engine",
]

LogFormat = Literal["csv", "parquet"]
ColumnType = Literal["text", "int"]
"""The type of a column of a small table built in Python."""


@dataclass(frozen=True, slots=True)
class TableSource:
    """A file or folder an engine reads directly: CSV (optionally gzip) or Parquet."""

    path: Path
    format: LogFormat

    @property
    def is_folder(self) -> bool:
        return self.path.is_dir()


class EngineQueryError(Exception):
    """The engine could not run a query (unreadable or truncated file, bad SQL input).

    ``message`` is the engine's own explanation with its error-class prefix removed.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_PREFIX = re.compile(r"^(?:[A-Z][A-Za-z ]*(?:Error|Exception)|\[[A-Z_.]+\])\s*:?\s*")


def _plain(message: str) -> str:
    """The first meaningful line of an engine error, without its class-name prefix."""
    lines = [ln.strip() for ln in str(message).splitlines() if ln.strip()]
    first = lines[0] if lines else "unknown error"
    for _ in range(2):
        first = _PREFIX.sub("", first)
    return first


class Engine(ABC):
    """Runs the shared SQL on one log."""

    dialect: Dialect
    name: str

    @property
    @abstractmethod
    def version(self) -> str:
        """``name version``, for the calibration's provenance."""

    @abstractmethod
    def read(self, source: TableSource) -> list[tuple[str, ColumnKind | None]]:
        """Create ``lx_source`` from the file; return its columns and how times in them read
        (``None`` for a column that is neither text nor a timestamp)."""

    @abstractmethod
    def view(self, name: str, sql: str) -> None:
        """Create (or replace) a temporary view."""

    @abstractmethod
    def materialise(self, name: str, sql: str) -> None:
        """Compute a query once and keep the result as a temporary table."""

    @abstractmethod
    def drop(self, name: str) -> None:
        """Drop a materialised table that is no longer needed."""

    @abstractmethod
    def table(
        self,
        name: str,
        columns: Sequence[tuple[str, ColumnType]],
        rows: Sequence[Sequence[str | int]],
    ) -> None:
        """A small temporary table built in Python (dictionaries, the journey's edges)."""

    @abstractmethod
    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        """Run a query and return every row."""

    def close(self) -> None:  # noqa: B027 - engines without resources need nothing here
        """Release what the engine holds (connections, session settings)."""


class DuckDBEngine(Engine):
    """DuckDB in this process, out of core.

    Args:
        memory_limit: DuckDB's memory limit, e.g. ``"4GB"``; by default half of the machine's
            memory, so a log larger than that spills to ``temp_directory``.
        temp_directory: Where DuckDB spills; a fresh folder under the system temp folder by
            default (removed on close).
        threads: Worker threads; all cores by default.
    """

    dialect = duckdb_dialect
    name = "duckdb"

    def __init__(
        self,
        *,
        memory_limit: str | None = None,
        temp_directory: str | os.PathLike[str] | None = None,
        threads: int | None = None,
    ) -> None:
        try:
            import duckdb
        except ModuleNotFoundError:
            msg = (
                "calibrating from an event log needs DuckDB: pip install 'lifeexp[logs]' "
                "(or choose --engine spark with 'lifeexp[spark]')"
            )
            raise EngineUnavailable(msg) from None
        self._duckdb = duckdb
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if temp_directory is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="lifeexp-duckdb-")
            temp_directory = self._tmp.name
        config: dict[str, Any] = {
            "memory_limit": memory_limit or _half_memory(),
            "temp_directory": str(temp_directory),
        }
        if threads:
            config["threads"] = threads
        try:
            self._con = duckdb.connect(":memory:", config=config)
        except duckdb.Error as exc:
            if self._tmp is not None:
                self._tmp.cleanup()
            msg = f"DuckDB cannot start with these settings: {_plain(str(exc))}"
            raise EvidenceError(msg) from None
        self._con.execute("SET TimeZone = 'UTC'")

    @property
    def version(self) -> str:
        return f"duckdb {self._duckdb.__version__}"

    def _run(self, sql: str) -> Any:
        try:
            return self._con.execute(sql)
        except self._duckdb.Error as exc:
            raise EngineQueryError(_plain(str(exc))) from None

    def read(self, source: TableSource) -> list[tuple[str, ColumnKind | None]]:
        path = str(source.path).replace("'", "''")
        if source.format == "csv":
            scan = f"read_csv('{path}', header = true, all_varchar = true)"
        elif source.is_folder:
            scan = (
                f"read_parquet('{path}/**/*.parquet', hive_partitioning = true, "
                "union_by_name = true)"
            )
        else:
            scan = f"read_parquet('{path}')"
        self._run(f"CREATE OR REPLACE TEMP VIEW lx_source AS SELECT * FROM {scan}")
        described = self._run("DESCRIBE SELECT * FROM lx_source").fetchall()
        return [(str(row[0]), _duckdb_kind(str(row[1]))) for row in described]

    def view(self, name: str, sql: str) -> None:
        self._run(f"CREATE OR REPLACE TEMP VIEW {name} AS {sql}")

    def materialise(self, name: str, sql: str) -> None:
        self._run(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")

    def drop(self, name: str) -> None:
        self._run(f"DROP TABLE IF EXISTS {name}")

    def table(
        self,
        name: str,
        columns: Sequence[tuple[str, ColumnType]],
        rows: Sequence[Sequence[str | int]],
    ) -> None:
        # Small tables inline; larger ones (an organisation column can hold tens of thousands
        # of resources, where row-by-row inserts take seconds) through a CSV file DuckDB
        # reads in one go. Neither needs pyarrow, whose import alone (numpy) takes 0.3 s.
        types = {"text": "VARCHAR", "int": "INTEGER"}
        spec = ", ".join(f"{col} {types[kind]}" for col, kind in columns)
        if len(rows) <= _INLINE_ROWS:
            self._run(f"CREATE OR REPLACE TEMP TABLE {name} ({spec})")
            if rows:
                values = ", ".join("(" + ", ".join(_literal(v) for v in row) + ")" for row in rows)
                self._run(f"INSERT INTO {name} VALUES {values}")
            return
        handle, name_of_file = tempfile.mkstemp(prefix=f"lifeexp-{name}-", suffix=".csv")
        path = Path(name_of_file)
        with os.fdopen(handle, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)
        quoted = str(path).replace("'", "''")
        kinds = ", ".join(f"'{col}': '{types[kind]}'" for col, kind in columns)
        try:
            self._run(
                f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM read_csv('{quoted}', "
                f"header = false, columns = {{{kinds}}})"
            )
        finally:
            path.unlink(missing_ok=True)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        result: list[tuple[Any, ...]] = self._run(sql).fetchall()
        return result

    def close(self) -> None:
        self._con.close()
        if self._tmp is not None:
            self._tmp.cleanup()


_INLINE_ROWS = 2_000


def _literal(value: str | int) -> str:
    if isinstance(value, int):
        return str(value)
    return "'" + value.replace("'", "''") + "'"


def _duckdb_kind(type_name: str) -> ColumnKind | None:
    upper = type_name.upper()
    if upper.startswith(("TIMESTAMP", "DATE")):
        return "timestamp"
    if upper.startswith("VARCHAR"):
        return "text"
    return None


def _half_memory() -> str:
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - non-POSIX systems
        return "2GB"
    return f"{max(total // 2 // 2**20, 256)}MB"


class SparkEngine(Engine):
    """Spark SQL, on a session passed in (a cluster, Databricks) or a local one.

    Args:
        session: A ``pyspark.sql.SparkSession``. When omitted, a local session is started
            (``local[*]``, no web UI) and stopped on close.
        shuffle_partitions: ``spark.sql.shuffle.partitions`` for a session lifeexp starts.
    """

    dialect = spark_dialect
    name = "spark"

    def __init__(self, session: Any | None = None, *, shuffle_partitions: int = 8) -> None:
        try:
            from pyspark.sql import SparkSession
        except ModuleNotFoundError:
            msg = "--engine spark needs PySpark and Java 17: pip install 'lifeexp[spark]'"
            raise EngineUnavailable(msg) from None
        self._owned = session is None
        if session is None:
            try:
                session = (
                    SparkSession.builder.master("local[*]")
                    .appName("lifeexp-calibrate")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
                    .config("spark.sql.session.timeZone", "UTC")
                    .getOrCreate()
                )
                session.sparkContext.setLogLevel("ERROR")
            except Exception as exc:  # Java missing or broken: a missing backend, not a bug
                msg = f"Spark could not start (is Java 17 installed?): {_plain(str(exc))}"
                raise EngineUnavailable(msg) from None
        self._spark = session
        self._zone = session.conf.get("spark.sql.session.timeZone")
        session.conf.set("spark.sql.session.timeZone", "UTC")
        self._cached: dict[str, Any] = {}

    @property
    def version(self) -> str:
        return f"spark {self._spark.version} (pyspark {importlib.metadata.version('pyspark')})"

    def _guard(self, action: Any) -> Any:
        try:
            return action()
        except Exception as exc:  # Spark raises many classes (analysis, Java, parse) for input
            raise EngineQueryError(_plain(str(exc))) from None

    def read(self, source: TableSource) -> list[tuple[str, ColumnKind | None]]:
        reader = self._spark.read
        path = str(source.path)
        if source.format == "csv":
            df = self._guard(lambda: reader.option("header", True).csv(path))
        else:
            df = self._guard(lambda: reader.parquet(path))
        df.createOrReplaceTempView("lx_source")
        return [(f.name, _spark_kind(f.dataType.typeName())) for f in df.schema.fields]

    def view(self, name: str, sql: str) -> None:
        self._guard(lambda: self._spark.sql(sql).createOrReplaceTempView(name))

    def materialise(self, name: str, sql: str) -> None:
        def run() -> None:
            df = self._spark.sql(sql).cache()
            df.createOrReplaceTempView(name)
            self._cached[name] = df

        self._guard(run)

    def drop(self, name: str) -> None:
        # Spark computes lazily: a cached table is kept until the session ends, since views
        # built on it may not have run yet.
        return

    def table(
        self,
        name: str,
        columns: Sequence[tuple[str, ColumnType]],
        rows: Sequence[Sequence[str | int]],
    ) -> None:
        types = {"text": "STRING", "int": "INT"}
        schema = ", ".join(f"{c} {types[kind]}" for c, kind in columns)
        data = [tuple(r) for r in rows]
        self._guard(
            lambda: self._spark.createDataFrame(data, schema=schema).createOrReplaceTempView(name)
        )

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        collected = self._guard(lambda: self._spark.sql(sql).collect())
        return [tuple(r) for r in collected]

    def close(self) -> None:
        for df in self._cached.values():
            df.unpersist()
        if self._owned:
            self._spark.stop()
        elif self._zone is not None:
            self._spark.conf.set("spark.sql.session.timeZone", self._zone)


def _spark_kind(type_name: str) -> ColumnKind | None:
    if type_name in {"timestamp", "timestamp_ntz", "date"}:
        return "timestamp"
    if type_name == "string":
        return "text"
    return None


def make_engine(
    engine: str | Engine = "duckdb",
    *,
    spark_session: Any | None = None,
    memory_limit: str | None = None,
    temp_directory: str | os.PathLike[str] | None = None,
    threads: int | None = None,
) -> Engine:
    """The engine by name (``duckdb`` or ``spark``), or the one given; a Spark session
    passed in means Spark."""
    if isinstance(engine, Engine):
        return engine
    if spark_session is not None or engine == "spark":
        return SparkEngine(spark_session)
    if engine == "duckdb":
        return DuckDBEngine(
            memory_limit=memory_limit, temp_directory=temp_directory, threads=threads
        )
    msg = f"unknown engine {engine!r}: choose duckdb or spark"
    raise ValueError(msg)
