"""The producer's and simulator's logs as JSON lines (:class:`coattail.core.jsonlog.JsonFormatter`)."""

from __future__ import annotations

import logging
import sys
from typing import Any

from coattail.core.jsonlog import JsonFormatter

__all__ = ["JsonFormatter", "configure"]


def configure(level: str = "INFO", stream: Any = None) -> None:
    """Route the ``producer`` and ``simulator`` loggers to ``stream`` (stderr) as JSON lines."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    for name in ("producer", "simulator"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level.upper())
        logger.propagate = False
