"""The Terraform collector on `terraform show -json` of the deployed working dir; drift against live."""

from __future__ import annotations

from pathlib import Path

import pytest

from coattail.review.collectors.drift import compute_drift
from coattail.review.collectors.live import LiveOptions, collect_live
from coattail.review.collectors.live.specs.storage import S3_BUCKETS
from coattail.review.collectors.terraform import TerraformOptions, collect_terraform
from coattail.review.inventory import Inventory, KinesisStream, S3Bucket
from coattail.review.model import SourceKind

pytestmark = pytest.mark.emulator
REPO = Path(__file__).resolve().parents[2]


def test_terraform_inventory_matches_live_so_there_is_no_drift(live_collection, terraform_inventory) -> None:
    tf: Inventory = terraform_inventory
    live: Inventory = live_collection.inventory
    assert tf.not_assessed == ()
    # every resource type the Terraform declares is found live, with the same ids
    for field in tf.counts:
        tf_ids = {r.id for r in getattr(tf, field)}
        live_ids = {r.id for r in getattr(live, field)}
        assert tf_ids <= live_ids, field
    assert all(r.source == SourceKind.TERRAFORM and r.tf_address for r in tf.resources())
    assert compute_drift(live.merge(tf)) == ()


def test_terraform_resources_are_located_in_the_source_files(terraform_inventory) -> None:
    stream = next(s for s in terraform_inventory.by_type(KinesisStream) if s.name == "ctc-dev-trades")
    assert stream.location is not None and stream.location.path.startswith("platform/infra/")
    line = (REPO / stream.location.path).read_text().splitlines()[stream.location.start_line - 1]
    assert line.startswith('resource "aws_kinesis_stream"')
    assert stream.tf_address is not None and stream.tf_address.startswith("module.kinesis.")
    assert all(r.location is not None for r in terraform_inventory.resources())


def test_live_change_shows_as_drift_and_restoring_clears_it(aws, endpoint_url, terraform_inventory) -> None:
    s3 = aws("s3")
    bucket = next(b for b in terraform_inventory.by_type(S3Bucket) if b.versioning == "Enabled")
    options = LiveOptions(endpoint_url=endpoint_url, specs=(S3_BUCKETS,))
    s3.put_bucket_versioning(Bucket=bucket.name, VersioningConfiguration={"Status": "Suspended"})
    try:
        drifted = compute_drift(collect_live(options).inventory.merge(terraform_inventory))
    finally:
        s3.put_bucket_versioning(Bucket=bucket.name, VersioningConfiguration={"Status": "Enabled"})
    assert [(d.resource_id, d.attribute, d.terraform_value, d.live_value) for d in drifted] == [
        (bucket.id, "versioning", "Enabled", "Suspended")
    ]
    assert compute_drift(collect_live(options).inventory.merge(terraform_inventory)) == ()


def test_checkov_failures_are_mapped_onto_inventory_resources(deployment, terraform_show) -> None:
    inv = collect_terraform(
        TerraformOptions(directory=deployment.root, plan_json=terraform_show, path_prefix="platform/infra")
    )
    assert inv.checkov_findings, "checkov found nothing on the platform Terraform"
    assert all(f.result in ("FAILED", "SKIPPED") for f in inv.checkov_findings)
    mapped = [f for f in inv.checkov_findings if f.inventory_id]
    assert len(mapped) >= len(inv.checkov_findings) // 2
    # the project's suppression file turns accepted failures into SKIPPED with their justification
    skipped = [f for f in inv.checkov_findings if f.result == "SKIPPED"]
    assert skipped and all(f.suppress_comment for f in skipped)
    lam = next(f for f in skipped if f.check_id == "CKV_AWS_117")
    resource = inv.find(lam.inventory_id or "")
    assert resource is not None and resource.resource_type == "AWS::Lambda::Function"
    assert lam in inv.checkov_for(resource)
