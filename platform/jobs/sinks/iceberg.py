"""Iceberg through pyiceberg: catalog choice, table creation, idempotent micro-batch appends.

The Glue catalog on AWS, a SqlCatalog (sqlite file + local warehouse folder) on the embedded
default. Each append records ``ctc.writer`` and ``ctc.batch-id`` in the snapshot summary; a replayed
micro-batch (same writer, same batch id) finds its snapshot and is skipped.

The Glue catalog also runs against the emulator (``endpoint_url``): Glue and S3 calls go to that
endpoint; commits are guarded by Glue's ``VersionId`` optimistic lock (a lost race raises
``CommitFailedException`` and :func:`append_batch` retries).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pyarrow as pa
from pyiceberg.catalog import Catalog, load_catalog
from pyiceberg.exceptions import (
    CommitFailedException,
    NamespaceAlreadyExistsError,
    NoSuchTableError,
    TableAlreadyExistsError,
)
from pyiceberg.manifest import DataFile
from pyiceberg.table import Table
from pyiceberg.transforms import DayTransform, IdentityTransform, Transform

from coattail.core.aws import AwsTarget
from coattail.jobs.sinks.tables import ALL_TABLES, TableSpec

WRITER_KEY, BATCH_KEY = "ctc.writer", "ctc.batch-id"
_SNAPSHOTS_CHECKED = 200
_commit_lock = threading.Lock()  # one committer at a time per process (sqlite, and fewer retries)


@dataclass(frozen=True)
class CatalogSettings:
    """``kind`` = "sql" (local: ``warehouse`` folder holds catalog.db) or "glue" (``warehouse`` = s3://...)."""

    kind: str
    namespace: str
    warehouse: str
    region: str = "us-east-1"
    endpoint_url: str | None = None

    def properties(self) -> dict[str, str]:
        if self.kind == "sql":
            folder = Path(self.warehouse)
            folder.mkdir(parents=True, exist_ok=True)
            return {
                "type": "sql",
                "uri": f"sqlite:///{folder / 'catalog.db'}",
                "warehouse": folder.resolve().as_uri(),
            }
        if self.kind == "glue":
            if not self.warehouse.startswith("s3://"):
                raise ValueError(f"the Glue catalog's warehouse must be an s3:// URI, got {self.warehouse!r}")
            props = {
                "type": "glue",
                "warehouse": self.warehouse,
                "glue.region": self.region,
                "s3.region": self.region,
                "glue.retry-mode": "adaptive",
            }
            if self.endpoint_url:
                props.update({"glue.endpoint": self.endpoint_url, "s3.endpoint": self.endpoint_url})
                props.update(_emulator_credentials(self.endpoint_url))
            return props
        raise ValueError(f"catalog kind must be 'sql' or 'glue', got {self.kind!r}")


def _emulator_credentials(endpoint_url: str) -> dict[str, str]:
    """Dummy keys for the local emulator when the default chain has none (as ``coattail.core.aws.AwsTarget``).

    Never for a real endpoint: there the default chain (the EMR job role) is left to pyiceberg's
    clients, which refresh expiring role credentials; keys frozen into properties would not.
    """
    if not AwsTarget(endpoint_url=endpoint_url).is_local:
        return {}
    if boto3.session.Session().get_credentials() is not None:
        return {}
    return {"client.access-key-id": "testing", "client.secret-access-key": "testing"}


def open_catalog(settings: CatalogSettings) -> Catalog:
    catalog = load_catalog("ctc", **settings.properties())
    with contextlib.suppress(NamespaceAlreadyExistsError):
        catalog.create_namespace(settings.namespace)
    return catalog


def _transform(kind: str) -> Transform[Any, Any]:
    if kind == "day":
        return DayTransform()
    if kind == "identity":
        return IdentityTransform()
    raise ValueError(f"unknown partition transform {kind!r}")


def ensure_table(catalog: Catalog, namespace: str, spec: TableSpec) -> Table:
    """Load the table, or create it with its hidden partitioning in one commit (one Glue CreateTable).

    A concurrent creator (another query or job starting at the same time) wins harmlessly: its
    table is loaded.
    """
    identifier = f"{namespace}.{spec.name}"
    try:
        return catalog.load_table(identifier)
    except NoSuchTableError:
        pass
    try:
        with (
            catalog.create_table_transaction(identifier, schema=spec.schema) as create,
            create.update_spec() as update,
        ):
            for column, kind in spec.partition_by:
                update.add_field(column, _transform(kind), f"{column}_{kind}")
    except TableAlreadyExistsError:
        pass
    return catalog.load_table(identifier)


def ensure_tables(catalog: Catalog, namespace: str) -> dict[str, Table]:
    return {spec.name: ensure_table(catalog, namespace, spec) for spec in ALL_TABLES}


def conform(data: pa.Table, spec: TableSpec) -> pa.Table:
    """Select and cast the batch's columns to the table's Arrow schema (extra columns dropped)."""
    missing = [n for n in spec.schema.names if n not in data.column_names]
    if missing:
        raise ValueError(f"{spec.name}: batch lacks columns {missing}")
    return data.select(spec.schema.names).cast(spec.schema)


def already_written(table: Table, writer: str, batch_id: int) -> bool:
    for snapshot in list(table.snapshots())[-_SNAPSHOTS_CHECKED:]:
        summary = snapshot.summary
        if (
            summary is not None
            and summary.get(WRITER_KEY) == writer
            and summary.get(BATCH_KEY) == str(batch_id)
        ):
            return True
    return False


def _commit_once(table: Table, writer: str, batch_id: int, commit: Callable[[], None], retries: int) -> bool:
    """Run ``commit`` unless (writer, batch id) is already a snapshot; a lost commit race is retried."""
    with _commit_lock:
        for attempt in range(retries):
            table.refresh()
            if already_written(table, writer, batch_id):
                return False
            try:
                commit()
                return True
            except CommitFailedException:
                if attempt == retries - 1:
                    raise
                time.sleep(0.2 * (attempt + 1))
    return False


def snapshot_marker(writer: str, batch_id: int) -> dict[str, str]:
    """The snapshot-summary properties that make a (writer, batch id) append findable on replay."""
    return {WRITER_KEY: writer, BATCH_KEY: str(batch_id)}


def append_batch(table: Table, data: pa.Table, writer: str, batch_id: int, retries: int = 5) -> bool:
    """Append once per (writer, batch id). Returns False when the batch was already there or empty."""
    if data.num_rows == 0:
        return False
    return _commit_once(
        table,
        writer,
        batch_id,
        lambda: table.append(data, snapshot_properties=snapshot_marker(writer, batch_id)),
        retries,
    )


def commit_data_files(
    table: Table, files: Sequence[DataFile], writer: str, batch_id: int, retries: int = 5
) -> bool:
    """Commit data files written elsewhere (by Spark's executors) as one append snapshot, once per
    (writer, batch id). The list is replayable, so a lost commit race is retried with the same files."""
    if not files:
        return False

    def commit() -> None:
        with (
            table.transaction() as tx,
            tx.update_snapshot(snapshot_properties=snapshot_marker(writer, batch_id)).fast_append() as append,
        ):
            for data_file in files:
                append.append_data_file(data_file)

    return _commit_once(table, writer, batch_id, commit, retries)
