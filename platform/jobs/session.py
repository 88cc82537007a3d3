"""SparkSession construction: one place, called from ``main`` and from the test fixture.

Python workers inherit the JVM's environment, so AWS credentials / endpoint for the Kinesis
reader must be in ``os.environ`` before the session starts; ``build_local_session`` takes an
optional ``env`` mapping that it exports first.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pyspark.sql import SparkSession


def build_local_session(
    app_name: str,
    *,
    cores: int = 2,
    shuffle_partitions: int = 2,
    driver_memory: str = "1g",
    max_result_size: str = "1g",
    env: Mapping[str, str] | None = None,
) -> SparkSession:
    """A small local SparkSession: local[cores], few shuffle partitions, no UI, UTC, quiet logs.

    ``max_result_size`` caps what tasks may send to the driver (``spark.driver.maxResultSize``):
    the micro-batch's rows never go there (the executors write the lakehouse), so a small cap holds.
    """
    for key, value in (env or {}).items():
        os.environ[key] = value
    # Python workers must run the same interpreter as the driver.
    import sys

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(app_name)
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.default.parallelism", str(cores))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", driver_memory)
        .config("spark.driver.maxResultSize", max_result_size)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config(
            "spark.sql.streaming.stateStore.providerClass",
            "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider",
        )
        .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
        .config("spark.executor.extraJavaOptions", "-Duser.timezone=UTC")
        .config("spark.sql.adaptive.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def build_cluster_session(app_name: str) -> SparkSession:
    """The session on EMR Serverless: the runtime supplies master and resources."""
    session = SparkSession.builder.appName(app_name).config("spark.sql.session.timeZone", "UTC").getOrCreate()
    session.sparkContext.setLogLevel("WARN")
    return session
