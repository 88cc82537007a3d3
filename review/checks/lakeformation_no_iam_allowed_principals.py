"""New catalog objects are governed by Lake Formation, not by IAM alone."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, LakeFormationSettings
from coattail.review.model import Finding


@check(
    id="lakeformation_no_iam_allowed_principals",
    title="Lake Formation does not grant IAM_ALLOWED_PRINCIPALS on new databases and tables",
    pillar="security",
    bp_id="SEC03-BP02",
    severity="medium",
    service="lakeformation",
    resource_type="AWS::LakeFormation::DataLakeSettings",
    rationale="With the legacy default, every IAM principal with Glue access sees new tables and Lake "
    "Formation grants are bypassed.",
    remediation="Clear the default database and table permissions in the data lake settings.",
    remediation_terraform="create_database_default_permissions {}\ncreate_table_default_permissions {}",
)
def lakeformation_no_iam_allowed_principals(inv: Inventory) -> Findings:
    def judge(s: LakeFormationSettings) -> Finding:
        pending = ("default_database_permissions_principals", "default_table_permissions_principals")
        return unknown_attributes(s, *pending) or verdict(
            s,
            not s.iam_allowed_principals_default,
            "Lake Formation permissions enforced; admins "
            + ", ".join(a.rsplit("/", 1)[-1] for a in s.admins),
            "new databases/tables grant IAM_ALLOWED_PRINCIPALS (IAM-only access control)",
            admins=list(s.admins),
        )

    yield from each(inv, LakeFormationSettings, "Lake Formation settings", judge)
