"""The account-wide S3 Block Public Access setting blocks everything."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, S3AccountPublicAccessBlock
from coattail.review.model import Finding

_FLAGS = ("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets")


@check(
    id="s3_account_public_access_blocked",
    title="S3 Block Public Access is on for the whole account",
    pillar="security",
    bp_id="SEC03-BP07",
    severity="high",
    service="s3control",
    resource_type="AWS::S3::AccountPublicAccessBlock",
    rationale="The account-level block overrides every bucket's own setting and policy: a bucket created "
    "tomorrow, or one whose bucket-level block is removed, still cannot be made public. All four "
    "settings must be on; an account without the setting configured has none on.",
    remediation="aws s3control put-public-access-block --account-id <account> "
    "--public-access-block-configuration "
    "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
    remediation_terraform='resource "aws_s3_account_public_access_block" "this" {\n'
    "  block_public_acls       = true\n  ignore_public_acls      = true\n"
    "  block_public_policy     = true\n  restrict_public_buckets = true\n}",
)
def s3_account_public_access_blocked(inv: Inventory) -> Findings:
    def judge(a: S3AccountPublicAccessBlock) -> Finding:
        pab = a.public_access_block
        off = list(_FLAGS) if pab is None else [f for f in _FLAGS if not getattr(pab, f)]
        bad = f"not blocking: {', '.join(off)} off"
        if pab is None:
            bad = "not configured (no account-level block)"
        return verdict(
            a, not off, "all four public access settings on", bad, off=off, configured=pab is not None
        )

    yield from each(inv, S3AccountPublicAccessBlock, "S3 account public access settings", judge)
