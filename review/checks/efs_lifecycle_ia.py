"""EFS file systems move cold files to Infrequent Access."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import EFSFileSystem, Inventory
from coattail.review.model import Finding


@check(
    id="efs_lifecycle_ia",
    title="EFS file systems have a lifecycle policy moving files to Infrequent Access",
    pillar="sustainability",
    bp_id="SUS04-BP03",
    severity="low",
    service="efs",
    resource_type="AWS::EFS::FileSystem",
    rationale="Most files on a shared file system are rarely read after their first weeks; a lifecycle "
    "policy moves them to the Infrequent Access class (about a twelfth of the Standard price and less "
    "provisioned storage) and back on access.",
    remediation="aws efs put-lifecycle-configuration --file-system-id <id> --lifecycle-policies "
    "TransitionToIA=AFTER_30_DAYS TransitionToPrimaryStorageClass=AFTER_1_ACCESS",
    remediation_terraform='lifecycle_policy {\n  transition_to_ia = "AFTER_30_DAYS"\n}',
)
def efs_lifecycle_ia(inv: Inventory) -> Findings:
    def judge(f: EFSFileSystem) -> Finding:
        pending = unknown_attributes(f, "transition_to_ia")
        if pending:
            return pending
        if f.transition_to_ia is None:
            return unknown(f, "lifecycle configuration not read")
        return verdict(
            f,
            bool(f.transition_to_ia),
            f"files move to Infrequent Access {f.transition_to_ia}",
            "no lifecycle policy: every file stays in the Standard class",
            transition_to_ia=f.transition_to_ia,
        )

    yield from each(inv, EFSFileSystem, "EFS file systems", judge)
