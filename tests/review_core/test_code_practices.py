"""Practices are read from code structure: prose in comments, docstrings or strings proves nothing."""

from __future__ import annotations

import pytest

from coattail.review.collectors.code_practices import is_runtime_code, practices_in

JSON_FORMATTER = """
import json, logging
class JsonFormatter(logging.Formatter):
    def format(self, record):
        return json.dumps({"message": record.getMessage(), "correlation_id": record.correlation_id})
"""
PROSE = '''
"""Logs are JSON (JsonFormatter) with a correlation_id; tables use DayTransform and Parquet via pyiceberg."""
# json.dumps in a logging.Formatter, get_paginator(), {"mode": "adaptive"}, PartitionSpec(
MESSAGE = "we use correlation_id and pq.write_table everywhere"
'''


def test_code_shows_the_practices() -> None:
    assert set(practices_in(JSON_FORMATTER)) == {"structured_logging", "correlation_id"}
    partitioned = "from pyiceberg.transforms import DayTransform\nSPEC = (('ts', DayTransform()),)\n"
    assert set(practices_in(partitioned)) == {"iceberg_hidden_partitioning", "columnar_storage"}
    boto = "cfg = Config(retries={'mode': 'adaptive'})\npages = client.get_paginator('list_x')\n"
    assert set(practices_in(boto)) == {"adaptive_retries", "paginators"}
    assert practices_in("import pyarrow.parquet as pq\npq.write_table(t, 'x')\n") == ["columnar_storage"]


def test_prose_comments_and_strings_show_nothing() -> None:
    assert practices_in(PROSE) == []


def test_a_formatter_without_json_is_not_structured_logging() -> None:
    plain = (
        "import logging\nclass Plain(logging.Formatter):\n    def format(self, r):\n        return str(r)\n"
    )
    assert practices_in(plain) == []


def test_unparsable_source_shows_nothing() -> None:
    assert practices_in("def broken(:\n    correlation_id = 1\n") == []


@pytest.mark.parametrize(
    ("path", "runtime"),
    [
        ("platform/jobs/sinks/iceberg.py", True),
        ("platform/api/logs.py", True),
        ("platform/producer/app.py", True),
        ("platform/ctc/ops.py", False),  # the CLI is tooling
        ("platform/emulator/divergences.py", False),  # the emulator is test infrastructure
        ("review/checks/structured_logging_correlation.py", False),  # the review engine itself
        ("tests/jobs/test_detectors.py", False),
        ("platform/jobs/README.md", False),
    ],
)
def test_only_the_platform_runtime_is_evidence(path: str, runtime: bool) -> None:
    assert is_runtime_code(path) is runtime


def test_circuit_breaker_and_job_retry_policy_are_read_from_code() -> None:
    assert practices_in("breaker = CircuitBreaker(5, 30.0)\n") == ["circuit_breaker"]
    assert practices_in("class CircuitBreaker:\n    pass\n") == []  # defined but never used
    assert practices_in("req['retryPolicy'] = {'maxFailedAttemptsPerHour': 5}\n") == ["job_retry_policy"]
    assert practices_in("emr.start_job_run(retryPolicy={'maxAttempts': 2})\n") == ["job_retry_policy"]
    assert practices_in("# retryPolicy and CircuitBreaker are described here\nx = 'retryPolicy'\n") == []
