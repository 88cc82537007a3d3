"""Every resource carries the tags that attribute its cost."""

from __future__ import annotations

from fnmatch import fnmatchcase

from coattail.review.checks._common import Findings, aws_managed_key, none_found, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, KMSKey, Resource


@check(
    id="resource_tagging",
    title="Resources carry the required cost-allocation tags",
    pillar="cost_optimization",
    bp_id="COST03-BP02",
    severity="medium",
    service="multiple",
    resource_type="any taggable resource",
    rationale="Tags such as Project and Environment attribute every line of the bill to a workload and "
    "make orphaned resources visible.",
    remediation="Set the tags through the provider's default_tags so every resource inherits them.",
    remediation_terraform=(
        'provider "aws" {\n  default_tags { tags = { Project = "ctc", Environment = "dev" } }\n}'
    ),
    params={
        "tags": ["Project", "Environment"],
        # not taggable: Lake Formation grants, dashboards, metric filters, account- and region-wide settings
        "exclude_types": [
            "AWS::LakeFormation::*",
            "AWS::CloudWatch::Dashboard",
            "AWS::Logs::MetricFilter",
            "AWS::IAM::AccountSettings",
            "AWS::IAM::Group",  # IAM groups take no tags
            "AWS::EC2::EBSEncryptionByDefault",
            "AWS::S3::AccountPublicAccessBlock",
            "AWS::Glue::DataCatalog",  # the catalog's resource policy (the catalog takes no tags)
            # a region's detective-service settings (present even when the service is off): the
            # services bill per account, not per workload
            "AWS::Config::ConfigurationRecorder",
            "AWS::GuardDuty::Detector",
            "AWS::SecurityHub::Hub",
            "AWS::AccessAnalyzer::Analyzer",
        ],
    },
)
def resource_tagging(inv: Inventory, p: Params) -> Findings:
    required, excluded = p.strs("tags"), p.strs("exclude_types")
    examined = 0
    for r in inv.resources():
        if any(fnmatchcase(r.resource_type, x) for x in excluded) or r.is_unknown("tags"):
            continue
        if (isinstance(r, KMSKey) and aws_managed_key(r)) or r.aws_default:
            continue
        examined += 1
        missing = [t for t in required if not r.tags.get(t)]
        yield verdict(
            r,
            not missing,
            "tagged " + ", ".join(f"{t}={r.tags.get(t)}" for t in required),
            f"missing tags {missing}",
            missing=missing,
        )
    if not examined:
        yield none_found(inv, Resource, "taggable resources")
