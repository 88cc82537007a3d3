"""Applications sign in to the database with short-lived IAM tokens, not only a stored password."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._rds import pending
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, RDSInstance
from coattail.review.model import Finding

#: Engines offering IAM database authentication (MySQL, MariaDB, PostgreSQL and their Aurora kin).
IAM_AUTH_ENGINES = ("mysql", "mariadb", "postgres")


def supports_iam_auth(db: RDSInstance) -> bool:
    return any(e in (db.engine or "") for e in IAM_AUTH_ENGINES)


@check(
    id="rds_iam_authentication",
    title="RDS DB instances accept IAM database authentication",
    pillar="security",
    bp_id="SEC02-BP02",
    severity="medium",
    service="rds",
    resource_type="AWS::RDS::DBInstance",
    rationale="With IAM database authentication a client connects with a 15-minute token derived from "
    "its role instead of a long-lived database password, and access is granted and revoked in IAM.",
    remediation="aws rds modify-db-instance --db-instance-identifier <id> "
    "--enable-iam-database-authentication --apply-immediately",
    remediation_terraform="iam_database_authentication_enabled = true",
)
def rds_iam_authentication(inv: Inventory) -> Findings:
    def judge(db: RDSInstance) -> Finding:
        return pending(db, "iam_auth_enabled", cluster_setting=True) or verdict(
            db,
            bool(db.iam_auth_enabled),
            "IAM database authentication enabled (short-lived tokens)",
            "IAM database authentication off: clients hold long-lived database passwords",
            iam_auth_enabled=db.iam_auth_enabled,
            engine=db.engine,
        )

    yield from each(
        inv, RDSInstance, "RDS DB instances with IAM authentication support", judge, select=supports_iam_auth
    )
