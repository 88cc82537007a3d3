"""AWS Glue Data Catalog databases and tables."""

from __future__ import annotations

from typing import ClassVar

from coattail.review.inventory.base import Resource


class GlueDatabase(Resource):
    resource_type: ClassVar[str] = "AWS::Glue::Database"
    service: ClassVar[str] = "glue"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_glue_catalog_database",)

    catalog_id: str | None = None
    location_uri: str | None = None
    description: str | None = None


class GlueTable(Resource):
    resource_type: ClassVar[str] = "AWS::Glue::Table"
    service: ClassVar[str] = "glue"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_glue_catalog_table",)

    database: str
    table_type: str | None = None  # e.g. ICEBERG (parameters.table_type), EXTERNAL_TABLE
    format: str | None = None  # parquet | orc | avro | json | csv ... (best effort)
    storage_location: str | None = None
    partition_keys: tuple[str, ...] = ()
    column_count: int | None = None
    parameters: dict[str, str] = {}

    @property
    def is_iceberg(self) -> bool:
        return (self.table_type or "").upper() == "ICEBERG"
