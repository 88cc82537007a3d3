"""Checkov's failed checks on the Terraform, mapped onto inventory resources."""

from __future__ import annotations

from coattail.review.inventory.base import Frozen
from coattail.review.model import Location


class CheckovFinding(Frozen):
    check_id: str  # e.g. CKV_AWS_18
    check_name: str
    result: str  # FAILED | PASSED | SKIPPED
    tf_address: str  # e.g. module.s3.aws_s3_bucket.raw
    resource_type: str  # Terraform type, e.g. aws_s3_bucket
    location: Location | None = None
    guideline: str | None = None
    severity: str | None = None
    suppress_comment: str | None = None
    inventory_id: str | None = None  # id of the matched inventory resource, when one was found
