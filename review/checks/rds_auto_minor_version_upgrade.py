"""Databases take the engine's minor (patch) versions automatically."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._rds import pending
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, RDSInstance
from coattail.review.model import Finding


@check(
    id="rds_auto_minor_version_upgrade",
    title="RDS DB instances upgrade minor engine versions automatically",
    pillar="operational_excellence",
    bp_id="OPS05-BP05",
    severity="medium",
    service="rds",
    resource_type="AWS::RDS::DBInstance",
    rationale="Minor engine versions carry the security and bug fixes; with automatic minor version "
    "upgrades RDS applies them in the maintenance window instead of leaving the instance on a "
    "release nobody remembers to patch.",
    remediation="aws rds modify-db-instance --db-instance-identifier <id> --auto-minor-version-upgrade "
    "--apply-immediately",
    remediation_terraform="auto_minor_version_upgrade = true",
)
def rds_auto_minor_version_upgrade(inv: Inventory) -> Findings:
    def judge(db: RDSInstance) -> Finding:
        return pending(db, "auto_minor_version_upgrade") or verdict(
            db,
            bool(db.auto_minor_version_upgrade),
            "minor engine versions applied automatically in the maintenance window",
            f"automatic minor version upgrade off: {db.engine} {db.engine_version or '?'} patched by hand",
            auto_minor_version_upgrade=db.auto_minor_version_upgrade,
            engine_version=db.engine_version,
        )

    yield from each(inv, RDSInstance, "RDS DB instances", judge)
