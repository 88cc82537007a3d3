"""The streaming job's logs: JSON lines stamped with the correlation ids of the work in hand.

:func:`configure` makes every record of the job's process one JSON object on stderr (EMR Serverless
ships the driver's stderr to the job's CloudWatch log group, where the platform's metric filter
selects ``$.level``). Inside :func:`correlation` every record also carries the micro-batch's ids —
``query``, ``batch_id`` and ``correlation_id`` (``<query>:<batch id>``, the same on a replay of the
batch, so a replay's lines join the first attempt's); every record carries the job-wide fields set
by :func:`set_job_fields` (the Spark application id, which names the run in Spark's UI and logs).
An alert's own lineage keeps the exchange event's ``correlation_id`` (producer → stream → alert),
which the batch's summary line lists beside the alert ids.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TextIO

from coattail.core.jsonlog import JsonFormatter

# A context variable, not a global: foreachBatch runs in Py4J callback threads, one batch at a time
# per query, and a thread's scope must not leak into another's. Job-wide fields hold for all threads.
_scope: ContextVar[dict[str, Any]] = ContextVar("ctc_job_log_scope", default={})  # noqa: B039 (never mutated)
_job_fields: dict[str, Any] = {}


def set_job_fields(**fields: Any) -> None:
    """Fields every record of the process carries from now on (e.g. ``spark_app_id``)."""
    _job_fields.update(fields)


def clear_job_fields() -> None:
    _job_fields.clear()


class CorrelationFilter(logging.Filter):
    """Stamps the job-wide fields and those of the innermost :func:`correlation` scope on a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in {**_job_fields, **_scope.get()}.items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


@contextmanager
def correlation(**fields: Any) -> Iterator[None]:
    """Records logged inside carry ``fields`` (nested scopes add to the outer one)."""
    token = _scope.set({**_scope.get(), **fields})
    try:
        yield
    finally:
        _scope.reset(token)


def batch_correlation_id(query: str, batch_id: int) -> str:
    return f"{query}:{batch_id}"


def configure(level: str = "INFO", stream: TextIO | None = None) -> logging.Handler:
    """JSON lines for every logger of the process (the root's only handler); returns the handler."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(CorrelationFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    return handler
