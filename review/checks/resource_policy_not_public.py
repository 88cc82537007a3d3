"""Resource policies let in neither the internet nor unknown accounts."""

from __future__ import annotations

from coattail.review.checks._common import Findings, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.checks._resource_exposure import exposure
from coattail.review.inventory import RESOURCE_FIELDS, Inventory, PolicyDocument

#: Every inventory type that carries a resource-based policy (a ``policy`` field); a new one joins
#: by declaring the field.
RESOURCE_POLICY_HOLDERS = tuple(
    cls
    for cls in RESOURCE_FIELDS
    if cls.model_fields.get("policy") is not None
    and cls.model_fields["policy"].annotation == PolicyDocument | None
)


@check(
    id="resource_policy_not_public",
    title="Resource policies admit no public or unknown cross-account access",
    pillar="security",
    bp_id="SEC03-BP07",
    severity="high",
    service="multiple",
    resource_type="|".join(sorted(t.resource_type for t in RESOURCE_POLICY_HOLDERS)),
    rationale="A resource policy that allows Principal '*' without a condition that pins the caller (source "
    "account, source ARN, organisation, VPC endpoint, VPC, IP range other than /0) opens the resource to "
    "anyone; an account that is not trusted can read or write across the account boundary. Restricting: "
    "aws:SourceAccount/SourceOwner/SourceArn, aws:PrincipalOrgID/PrincipalOrgPaths/PrincipalAccount, "
    "kms:CallerAccount, aws:SourceVpce, aws:SourceVpc, aws:SourceIp on the Allow, or a Deny to '*' of the "
    "same actions unless one of those keys matches (API Gateway's private-API and IP allow-list form). An "
    "account named in such a condition, other than the owner's, is cross-account. Judged: S3 bucket, SNS, "
    "SQS, KMS, Lambda, Kinesis, DynamoDB, ECR, EventBridge bus, Secrets Manager and API Gateway REST API "
    "policies, and the Glue Data Catalog policy.",
    remediation="Name the principals, or add aws:SourceAccount / aws:SourceArn / aws:PrincipalOrgID "
    "conditions to statements with Principal '*'; remove grants to accounts you do not trust.",
    remediation_terraform='condition {\n  test     = "StringEquals"\n  variable = "aws:SourceAccount"\n'
    "  values   = [data.aws_caller_identity.current.account_id]\n}",
    params={"trusted_accounts": []},
)
def resource_policy_not_public(inv: Inventory, p: Params) -> Findings:
    trusted = set(p.strs("trusted_accounts"))
    for r in inv.resources():
        if not isinstance(r, RESOURCE_POLICY_HOLDERS):
            continue
        document = getattr(r, "policy", None)
        if document is None:
            continue  # no policy observed (none attached, or a view that cannot see it): nothing to judge
        e = exposure(document, r.account)
        foreign = [a for a in e.other_accounts if a not in trusted]
        if e.public:
            bad = (
                f"public: Principal '*' without a restricting condition may {', '.join(e.public_actions[:5])}"
            )
        else:
            bad = f"cross-account: allows account(s) {', '.join(foreign)}"
        good = (
            f"restricted ({', '.join(e.restricted_by)})"
            if e.restricted_by
            else "restricted to named principals of this account or services"
        )
        if e.other_accounts and not foreign:
            good += f"; trusted account(s) {', '.join(e.other_accounts)}"
        yield verdict(
            r,
            not e.public and not foreign,
            good,
            bad,
            exposure=e.kind,
            public_actions=list(e.public_actions),
            other_accounts=list(e.other_accounts),
            restricted_by=list(e.restricted_by),
        )
