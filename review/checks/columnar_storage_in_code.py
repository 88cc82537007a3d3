"""The pipeline writes its data in a compressed columnar format."""

from __future__ import annotations

from coattail.review.checks._common import Findings
from coattail.review.checks._registry import Params, check
from coattail.review.checks._repo import practice_finding
from coattail.review.inventory import Inventory


@check(
    id="columnar_storage_in_code",
    kind="claim",
    title="Pipeline code writes lakehouse data as Parquet (directly or through Iceberg)",
    pillar="sustainability",
    bp_id="SUS04-BP02",
    severity="low",
    service="repository",
    resource_type="file",
    rationale="Parquet files (Iceberg's default data format) are several times smaller than JSON and let "
    "queries read only the columns they need.",
    remediation="Write the lakehouse through Iceberg/Parquet writers instead of JSON or CSV files.",
    params={"practice": "columnar_storage", "min_files": 1},
)
def columnar_storage_in_code(inv: Inventory, p: Params) -> Findings:
    yield practice_finding(inv, p.str("practice"), p.int("min_files"), "Parquet/Iceberg writers")
