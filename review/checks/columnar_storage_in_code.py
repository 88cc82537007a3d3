"""The pipeline writes its data in a compressed columnar format."""

from __future__ import annotations

from review.checks._common import Findings, no_repository, repository_finding
from review.checks._registry import Params, check
from review.checks._repo import practice_status
from review.inventory import Inventory
from review.model import Status


@check(
    id="columnar_storage_in_code",
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
    repo = inv.repository
    if repo is None:
        yield no_repository(inv, "lakehouse writers")
        return
    ok, files = practice_status(repo, p.str("practice"), p.int("min_files"))
    yield repository_finding(
        repo,
        files[0] if files else "platform",
        Status.PASS if ok else Status.FAIL,
        f"columnar writers in {', '.join(files)}" if ok else "no Parquet/Iceberg writer in platform code",
        files=list(files),
    )
