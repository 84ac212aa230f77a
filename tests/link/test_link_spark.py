"""The Spark path: the same trained model on Splink's Spark backend gives the same persons.

Needs the ``spark`` extra (PySpark) and a Java 17 runtime; marked ``spark``. ``make``
installs both (``.[dev,spark]`` and scripts/system-deps.sh), so under CI a missing PySpark
is a failure, not a skip.
"""

from __future__ import annotations

import os

import pandas as pd
import pytest

from paymaan.link import LinkConfig, LinkResult, run
from paymaan.link.sample import sample_frame

if not os.environ.get("CI"):
    pytest.importorskip("pyspark", reason="the spark extra (PySpark) is not installed")


@pytest.mark.spark
@pytest.mark.slow
def test_spark_engine_reproduces_duckdb_persons(linked: LinkResult) -> None:
    frame, _truth = sample_frame(60, seed=21)
    on_duckdb = run(frame, model=linked.model)
    on_spark = run(frame, model=linked.model, config=LinkConfig(engine="spark"))
    assert on_spark.person_records.equals(on_duckdb.person_records)
    assert sorted(on_spark.cases["case_id"]) == sorted(on_duckdb.cases["case_id"])
    pd.testing.assert_series_equal(
        on_spark.pairs["match_probability"], on_duckdb.pairs["match_probability"], atol=1e-9
    )
