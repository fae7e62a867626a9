"""Reading and measuring event logs: the shared SQL, the engines, the XES reader.

Nothing here imports DuckDB, PySpark or pyarrow until a log is read or written. The log
simulator is :mod:`lifeexp.evidence.logs.simulation` (it needs numpy, which measuring a log
does not, so it is not imported here).
"""

from lifeexp.evidence.logs._columns import LogColumns
from lifeexp.evidence.logs._engines import DuckDBEngine, Engine, SparkEngine, make_engine
from lifeexp.evidence.logs._histogram import QUANTILES, quantile, three_point
from lifeexp.evidence.logs._measure import ActivityCount, Measurement, Resolution, measure
from lifeexp.evidence.logs._sql import START

__all__ = [
    "QUANTILES",
    "START",
    "ActivityCount",
    "DuckDBEngine",
    "Engine",
    "LogColumns",
    "Measurement",
    "Resolution",
    "SparkEngine",
    "make_engine",
    "measure",
    "quantile",
    "three_point",
]
