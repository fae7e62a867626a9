"""Every reader gives the same figures, and DuckDB and Spark give identical output."""

from __future__ import annotations

import gzip
import importlib.util
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.evidence.logs.conftest import write_log

from lifeexp.evidence import Calibration, LogMapping, calibrate, simulate_log
from lifeexp.model import Journey
from lifeexp.testing import make_journey


@pytest.fixture(scope="module")
def journey() -> Journey:
    return make_journey(
        {"apply": ["review"], "review": ["decide", "fix"], "fix": ["review"], "decide": []},
        probabilities={("review", "fix"): 0.3},
        agencies={"apply": "SSA", "review": "SSA", "fix": "person", "decide": "CMS"},
        minutes={"apply": 45, "fix": 20},
        review={"wait": {"days": [2, 5, 20], "estimate": "test"}},
        fix={"wait": {"days": 3, "estimate": "test"}},
        journey_id="loop",
    )


def _figures(cal: Calibration) -> dict[str, Any]:
    data = cal.model_dump(mode="json", by_alias=True)
    for key in ("log", "sha256", "bytes", "format", "engine", "filters", "columns", "rows"):
        data["provenance"].pop(key)
    return data


@pytest.fixture(scope="module")
def logs(journey: Journey, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    import pyarrow.parquet as pq

    d = tmp_path_factory.mktemp("formats")
    out = {
        "parquet": simulate_log(journey, d / "log.parquet", cases=400, seed=9).path,
        "csv": simulate_log(journey, d / "log.csv", cases=400, seed=9).path,
        "two-row csv": simulate_log(journey, d / "two.csv", cases=400, seed=9, two_row=True).path,
        "xes": simulate_log(journey, d / "log.xes", cases=400, seed=9).path,
    }
    out["contacts"] = simulate_log(
        journey, d / "contacts.parquet", cases=400, seed=9, channels=True
    ).path
    gz = d / "log.xes.gz"
    gz.write_bytes(gzip.compress(out["xes"].read_bytes()))
    out["xes.gz"] = gz
    csv_gz = d / "log.csv.gz"
    csv_gz.write_bytes(gzip.compress(out["csv"].read_bytes()))
    out["csv.gz"] = csv_gz
    # a hive-partitioned folder: the same rows split by organisation
    table = pq.read_table(out["parquet"])
    folder = d / "hive"
    pq.write_to_dataset(table, folder, partition_cols=["org:resource"])
    out["hive folder"] = folder
    return out


def test_every_format_gives_the_same_figures(journey: Journey, logs: dict[str, Path]) -> None:
    reference = _figures(calibrate(logs["parquet"], journey, min_cases=1)[0])
    assert reference["conformance"]["fitness"] == 1.0
    for name, path in logs.items():
        if name == "contacts":
            continue  # has a channel column: more figures than the others
        got = _figures(calibrate(path, journey, min_cases=1)[0])
        assert got == reference, name


def test_many_to_one_mapping_merges_consecutive_events(
    journey: Journey, logs: dict[str, Path], tmp_path: Path
) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    # Split every 'review' into 'Review opened' (first half) and 'Review closed' (second):
    # mapped many-to-one back to 'review', the figures are those of the original log.
    table = pq.read_table(logs["parquet"])
    is_review = pc.equal(table["concept:name"], "review")
    start, end = table["start_timestamp"], table["time:timestamp"]
    middle = pc.add(start, pc.divide(pc.subtract(end, start), 2))
    first = table.filter(is_review).set_column(
        1, "concept:name", pa.array(["Review opened"] * pc.sum(is_review).as_py())
    )
    first = first.set_column(4, "time:timestamp", middle.filter(is_review))
    second = table.filter(is_review).set_column(
        1, "concept:name", pa.array(["Review closed"] * pc.sum(is_review).as_py())
    )
    second = second.set_column(3, "start_timestamp", middle.filter(is_review))
    noise = table.filter(is_review).set_column(
        1, "concept:name", pa.array(["QA sample"] * pc.sum(is_review).as_py())
    )
    rest = table.filter(pc.invert(is_review))
    split = pa.concat_tables([rest, first, second, noise.slice(0, 5)])
    path = tmp_path / "split.parquet"
    pq.write_table(split, path)
    mapping = LogMapping.from_dict(
        {"Review *": "review", "QA sample": None, "apply": "apply", "fix": "fix",
         "re:dec.*": "decide"},
        {"SSA": "SSA", "CMS": "CMS"},
    )  # fmt: skip
    got = calibrate(path, journey, mapping=mapping, min_cases=1)[0]
    want = calibrate(logs["parquet"], journey, min_cases=1)[0]
    assert [t.model_dump() for t in got.transitions] == [t.model_dump() for t in want.transitions]
    assert got.waits == want.waits
    assert [a.activity for a in got.conformance.ignored_activities] == ["QA sample"]


def _spark_available() -> bool:
    return importlib.util.find_spec("pyspark") is not None and shutil.which("java") is not None


@pytest.fixture(scope="module")
def spark() -> Any:
    if not _spark_available():
        pytest.skip("PySpark and Java 17 are needed (pip install 'lifeexp[spark]')")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("lifeexp-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


# PySpark 3.5's py4j gateway (the declared lower bound) drops its sockets unclosed: a warning
# about Spark's own plumbing, not about lifeexp, so it is not turned into a failure here.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.parametrize("name", ["contacts", "two-row csv", "hive folder"])
def test_duckdb_and_spark_give_identical_output(
    journey: Journey, logs: dict[str, Path], spark: Any, name: str
) -> None:
    mode = {"customer_side": name == "contacts"}
    duck, duck_warnings = calibrate(logs[name], journey, min_cases=5, **mode)
    sparked, spark_warnings = calibrate(
        logs[name], journey, min_cases=5, spark_session=spark, **mode
    )
    assert sparked.provenance.engine.startswith("spark ")
    a = duck.model_dump(mode="json", by_alias=True)
    b = sparked.model_dump(mode="json", by_alias=True)
    a["provenance"].pop("engine")
    b["provenance"].pop("engine")
    assert a == b
    assert [w.message for w in duck_warnings] == [w.message for w in spark_warnings]


def test_thousands_of_organisations(tmp_path: Path, tiny_journey: Journey) -> None:
    # every case starts with its own organisation (as a log of resources would): the
    # organisation dictionary is far larger than the tables built inline
    rows = []
    for i in range(2_100):
        rows += [
            f"k{i},a,clerk-{i:04d},2024-03-01T00:00:00Z,2024-03-01T01:00:00Z",
            f"k{i},b,SSA,2024-03-01T02:00:00Z,2024-03-01T03:00:00Z",
            f"k{i},c,CMS,2024-03-01T04:00:00Z,2024-03-01T05:00:00Z",
        ]
    log = write_log(tmp_path / "clerks.csv", rows)
    cal, _warnings = calibrate(log, tiny_journey, min_cases=1)
    by_pair = {(h.from_, h.to): h.count for h in cal.handover}
    assert len(by_pair) == 2_101
    assert by_pair[("clerk-0042", "SSA")] == 1
    assert by_pair[("SSA", "CMS")] == 2_100
