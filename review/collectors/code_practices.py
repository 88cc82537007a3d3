"""Engineering practices read from the structure of the platform's Python code (its AST), not its text.

A practice is shown by code that does it — a ``logging.Formatter`` subclass whose ``format`` emits
``json.dumps``, a ``correlation_id`` field that is set or read, a call to an Iceberg partition
transform — never by a word in a comment, a docstring or a string of prose. Only the platform's
runtime counts (the data path: ``platform/jobs``, ``platform/api``, ``platform/producer``): the CLI,
the emulator, the simulator, the review engine, tests and docs are not evidence for the platform.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator

#: Folders whose code is the platform's runtime; everything else is tooling.
RUNTIME_CODE = ("platform/jobs/", "platform/api/", "platform/producer/")

PARTITION_TRANSFORMS = {
    "DayTransform",
    "HourTransform",
    "MonthTransform",
    "YearTransform",
    "BucketTransform",
    "TruncateTransform",
}


def is_runtime_code(path: str) -> bool:
    return path.endswith(".py") and path.startswith(RUNTIME_CODE)


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _calls(tree: ast.AST) -> Iterator[ast.Call]:
    return (node for node in ast.walk(tree) if isinstance(node, ast.Call))


def structured_logging(tree: ast.AST) -> bool:
    """A ``logging.Formatter`` subclass that serialises records with ``json.dumps``."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "") for b in node.bases}
        if "Formatter" in bases and any(_called_name(c) == "dumps" for c in _calls(node)):
            return True
    return False


def correlation_id(tree: ast.AST) -> bool:
    """A ``correlation_id`` that code sets or reads: a name, attribute, argument, keyword or dict key."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Name | ast.arg) and getattr(node, "id", getattr(node, "arg", "")) in (
            "correlation_id",
            "correlation_ids",
        ):
            return True
        if isinstance(node, ast.Attribute) and node.attr == "correlation_id":
            return True
        if isinstance(node, ast.keyword) and node.arg == "correlation_id":
            return True
        if isinstance(node, ast.Dict) and any(
            isinstance(k, ast.Constant) and k.value == "correlation_id" for k in node.keys
        ):
            return True
    return False


def _constant(node: ast.AST | None, value: str) -> bool:
    return isinstance(node, ast.Constant) and node.value == value


def adaptive_retries(tree: ast.AST) -> bool:
    """A botocore retry configuration in adaptive mode (``{"mode": "adaptive"}``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            pairs = zip(node.keys, node.values, strict=True)
            if any(_constant(k, "mode") and _constant(v, "adaptive") for k, v in pairs):
                return True
    return False


def paginators(tree: ast.AST) -> bool:
    return any(_called_name(c) == "get_paginator" for c in _calls(tree))


def iceberg_hidden_partitioning(tree: ast.AST) -> bool:
    """Tables declared with Iceberg partition transforms (hidden partitioning) or a PartitionSpec."""
    return any(_called_name(c) in PARTITION_TRANSFORMS | {"PartitionSpec"} for c in _calls(tree))


def columnar_storage(tree: ast.AST) -> bool:
    """Data written as Parquet: pyiceberg tables (Parquet files), ``pq.write_table``, Spark's Parquet."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "pyiceberg" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "pyiceberg":
            return True
    for call in _calls(tree):
        name = _called_name(call)
        if name in ("write_table", "parquet"):
            return True
        if name == "format" and any(isinstance(a, ast.Constant) and a.value == "parquet" for a in call.args):
            return True
    return False


def circuit_breaker(tree: ast.AST) -> bool:
    """A circuit breaker put to use: a ``...CircuitBreaker(...)`` instantiated by the code."""
    return any(_called_name(c).endswith("CircuitBreaker") for c in _calls(tree))


def job_retry_policy(tree: ast.AST) -> bool:
    """A job run submitted with a retry policy: a ``retryPolicy`` key or keyword given a value."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and any(_constant(k, "retryPolicy") for k in node.keys):
            return True
        if isinstance(node, ast.keyword) and node.arg == "retryPolicy":
            return True
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Subscript) and _constant(t.slice, "retryPolicy") for t in node.targets
        ):
            return True
    return False


PRACTICES: dict[str, Callable[[ast.AST], bool]] = {
    "structured_logging": structured_logging,
    "correlation_id": correlation_id,
    "adaptive_retries": adaptive_retries,
    "paginators": paginators,
    "iceberg_hidden_partitioning": iceberg_hidden_partitioning,
    "columnar_storage": columnar_storage,
    "circuit_breaker": circuit_breaker,
    "job_retry_policy": job_retry_policy,
}


def practices_in(source: str) -> list[str]:
    """The practices one Python source shows; a file that does not parse shows none."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [name for name, shows in PRACTICES.items() if shows(tree)]
