"""AWS Glue Data Catalog databases and tables, and the catalog's resource policy."""

from __future__ import annotations

from typing import ClassVar

from coattail.review.inventory.base import Resource
from coattail.review.inventory.policy import PolicyDocument


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


class GlueDataCatalog(Resource):
    """The account's Data Catalog in one region, known by its resource policy (one per catalog).

    Collected only when a policy is attached: a catalog without one is reachable by this account's
    IAM principals only, and has nothing else to judge.
    """

    resource_type: ClassVar[str] = "AWS::Glue::DataCatalog"
    service: ClassVar[str] = "glue"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_glue_resource_policy",)

    policy: PolicyDocument | None = None
