"""Terraform -> inventory: GuardDuty detectors, Secrets Manager secrets, ACM certificates.

AWS Config, Security Hub and IAM Access Analyzer are judged per region from the live account
(their Terraform types are declared on the models, not normalised).
"""

from __future__ import annotations

from coattail.review.collectors.terraform.context import TfContext
from coattail.review.collectors.terraform.loader import TfResource
from coattail.review.collectors.values import as_bool, as_int, blank, first, sorted_strs
from coattail.review.inventory import ACMCertificate, GuardDutyDetector, PolicyDocument, Resource, Secret


def guardduty_detector(ctx: TfContext, r: TfResource) -> Resource:
    detector_id = r.get("id")
    enabled = as_bool(r.get("enable", True))
    return GuardDutyDetector(
        **ctx.base(r, arn=r.get("arn"), name=detector_id or r.name),
        detector_id=detector_id or r.address,
        status="ENABLED" if enabled else "DISABLED",
        finding_publishing_frequency=blank(r.get("finding_publishing_frequency")),
    )


def secret(ctx: TfContext, r: TfResource) -> Resource:
    keys = tuple(k for k in (r.get("arn"), r.get("id"), r.get("name")) if k)
    rotations = ctx.related("aws_secretsmanager_secret_rotation", "secret_id", r, keys)
    policies = ctx.related("aws_secretsmanager_secret_policy", "secret_arn", r, keys)
    policy = policies[0].get("policy") if policies else r.get("policy")
    rules = first(rotations[0].get("rotation_rules")) if rotations else {}
    return Secret(
        **ctx.base(r, arn=r.get("arn"), name=r.get("name", r.name)),
        kms_key_id=blank(r.get("kms_key_id")),
        rotation_enabled=bool(rotations),
        rotation_lambda_arn=blank(rotations[0].get("rotation_lambda_arn")) if rotations else None,
        rotation_days=as_int(rules.get("automatically_after_days")),
        policy=PolicyDocument.parse(blank(policy)),
    )


def acm_certificate(ctx: TfContext, r: TfResource) -> Resource:
    return ACMCertificate(
        **ctx.base(r, arn=r.get("arn"), name=r.get("domain_name") or r.name),
        domain_name=blank(r.get("domain_name")),
        certificate_type=blank(r.get("type")),
        status=blank(r.get("status")),
        not_after=blank(r.get("not_after")),
        in_use_by=sorted_strs(()),
        renewal_eligibility=blank(r.get("renewal_eligibility")),
    )


NORMALISERS = {
    "aws_guardduty_detector": guardduty_detector,
    "aws_secretsmanager_secret": secret,
    "aws_acm_certificate": acm_certificate,
}
