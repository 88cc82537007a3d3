"""Iceberg data files written where the rows are: by Spark's tasks, not by the driver.

A Spark 4 Python data source (``format("ctc-iceberg")``, batch append). Each task's
:class:`IcebergFilesWriter.write` receives its partition's rows as Arrow record batches and writes
them as Parquet data files with pyiceberg's writer (partition splitting, field ids, column
statistics, the table's target file size), returning only the files' metadata; Spark hands those
messages to :meth:`IcebergFilesWriter.commit` on the driver side, which commits them as one append
snapshot marked with the (writer, batch id) it belongs to
(:func:`coattail.jobs.sinks.iceberg.commit_data_files`). The driver's memory grows with the number
of files, not with the rows of the micro-batch, and more executors are more writers.

The same code runs on local[N] and on EMR Serverless (pyiceberg is in the packed virtualenv).
A task Spark retries writes new files; only the messages of successful attempts reach the commit,
so a failed attempt's files stay unreferenced (orphans for ``remove_orphan_files``), never
duplicated rows. A failed job commits nothing (``abort``).
"""

from __future__ import annotations

import json
import logging
import pickle
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass

import pyarrow as pa
from pyiceberg.io import load_file_io
from pyiceberg.io.pyarrow import _dataframe_to_data_files
from pyiceberg.manifest import DataFile
from pyiceberg.table import Table
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.datasource import DataSource, DataSourceArrowWriter, DataSourceWriter, WriterCommitMessage
from pyspark.sql.types import StructType

from coattail.jobs.sinks.iceberg import (
    CatalogSettings,
    already_written,
    commit_data_files,
    conform,
    open_catalog,
)
from coattail.jobs.sinks.tables import ALL_TABLES, TableSpec

log = logging.getLogger(__name__)
FORMAT = "ctc-iceberg"
# Rows a task buffers before it writes them out: bounds a task's memory whatever the batch size.
ROWS_PER_WRITE = 250_000
SPECS = {spec.name: spec for spec in ALL_TABLES}


@dataclass
class DataFilesWritten(WriterCommitMessage):
    """One task's data files, each pickled (pyiceberg ``DataFile``)."""

    data_files: list[bytes]


class IcebergFilesDataSource(DataSource):
    """Options: ``catalog`` (CatalogSettings as JSON), ``table``, ``writer``, ``batchId``,
    ``rowsPerWrite`` (optional)."""

    @classmethod
    def name(cls) -> str:
        return FORMAT

    def writer(self, schema: StructType, overwrite: bool) -> DataSourceWriter:
        if overwrite:
            raise ValueError(f"{FORMAT} only appends; mode 'overwrite' is not supported")
        return IcebergFilesWriter(dict(self.options))


class IcebergFilesWriter(DataSourceArrowWriter):
    def __init__(self, options: dict[str, str]) -> None:
        lowered = {k.lower(): v for k, v in options.items()}
        missing = [k for k in ("catalog", "table", "writer", "batchid") if not lowered.get(k)]
        if missing:
            raise ValueError(f"{FORMAT} needs options {missing}")
        self.catalog = CatalogSettings(**json.loads(lowered["catalog"]))
        name = lowered["table"]
        if name not in SPECS:
            raise ValueError(f"{FORMAT}: unknown table {name!r}; expected one of {sorted(SPECS)}")
        self.spec: TableSpec = SPECS[name]
        self.writer_id = lowered["writer"]
        self.batch_id = int(lowered["batchid"])
        self.rows_per_write = int(lowered.get("rowsperwrite", ROWS_PER_WRITE))
        if self.rows_per_write < 1:
            raise ValueError(f"rowsPerWrite must be at least 1, got {self.rows_per_write}")
        table = self._table()  # on the driver: the tasks write against this metadata
        self.metadata = table.metadata
        self.io_properties = dict(table.io.properties)

    def _table(self) -> Table:
        return open_catalog(self.catalog).load_table(f"{self.catalog.namespace}.{self.spec.name}")

    def write(self, iterator: Iterator[pa.RecordBatch]) -> DataFilesWritten:
        """One task: its rows in chunks of ``rows_per_write``, each chunk as the table's data files."""
        io = load_file_io(self.io_properties, self.metadata.location)
        files: list[bytes] = []
        pending: list[pa.RecordBatch] = []
        buffered = 0

        def flush() -> None:
            data = conform(pa.Table.from_batches(pending), self.spec)
            written = _dataframe_to_data_files(self.metadata, data, io, write_uuid=uuid.uuid4())
            files.extend(pickle.dumps(f) for f in written)
            pending.clear()

        for batch in iterator:
            if batch.num_rows == 0:
                continue
            pending.append(batch)
            buffered += batch.num_rows
            if buffered >= self.rows_per_write:
                flush()
                buffered = 0
        if pending:
            flush()
        return DataFilesWritten(files)

    def commit(self, messages: list[WriterCommitMessage | None]) -> None:
        files = data_files(messages)
        committed = commit_data_files(self._table(), files, self.writer_id, self.batch_id)
        log.info(
            "%s: %d data files of batch %d %s",
            self.spec.name,
            len(files),
            self.batch_id,
            "committed" if committed else "already committed or empty",
        )

    def abort(self, messages: list[WriterCommitMessage | None]) -> None:
        log.warning("%s: batch %d failed; its written files stay uncommitted", self.spec.name, self.batch_id)


def data_files(messages: list[WriterCommitMessage | None]) -> list[DataFile]:
    """The tasks' data files (a task without rows sends none)."""
    found: list[DataFile] = []
    for message in messages:
        if message is None:
            continue
        if not isinstance(message, DataFilesWritten):
            raise TypeError(f"a write task returned {type(message).__name__}, not DataFilesWritten")
        for blob in message.data_files:
            data_file = pickle.loads(blob)  # written by this job's own tasks, never external input
            if not isinstance(data_file, DataFile):
                raise TypeError(f"a write task returned {type(data_file).__name__}, not a DataFile")
            found.append(data_file)
    return found


def register(spark: SparkSession) -> None:
    spark.dataSource.register(IcebergFilesDataSource)


def append_from_executors(
    frame: DataFrame,
    table: Table,
    catalog: CatalogSettings,
    writer: str,
    batch_id: int,
    rows_per_write: int = ROWS_PER_WRITE,
) -> bool:
    """Executors write ``frame``'s table columns, the driver side commits them once per (writer,
    batch id). A batch already committed (a replay) is not written again. Returns whether this call
    committed a snapshot (False: a replay, or no rows)."""
    spec = SPECS[table.name()[-1]]
    table.refresh()
    if already_written(table, writer, batch_id):
        return False
    rows = frame.select(*spec.schema.names)
    if rows.isEmpty():  # most batches hold no whale: skip the write job's planning and commit workers
        return False
    (
        rows.write.format(FORMAT)
        .mode("append")
        .option("catalog", json.dumps(asdict(catalog)))
        .option("table", spec.name)
        .option("writer", writer)
        .option("batchId", str(batch_id))
        .option("rowsPerWrite", str(rows_per_write))
        .save()
    )
    table.refresh()
    return already_written(table, writer, batch_id)
