"""Reading and measuring event logs: the shared SQL, the engines, the XES reader, the simulator.

Nothing here imports DuckDB, PySpark or pyarrow until a log is read or written.
"""

from lifeexp.evidence.logs._columns import LogColumns
from lifeexp.evidence.logs._engines import DuckDBEngine, Engine, SparkEngine, make_engine
from lifeexp.evidence.logs._histogram import QUANTILES, quantile, three_point
from lifeexp.evidence.logs._measure import ActivityCount, Measurement, Resolution, measure
from lifeexp.evidence.logs._simulate import SimulatedLog, simulate_log
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
    "SimulatedLog",
    "SparkEngine",
    "make_engine",
    "measure",
    "quantile",
    "simulate_log",
    "three_point",
]
