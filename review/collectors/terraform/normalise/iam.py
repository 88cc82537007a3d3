"""Terraform -> inventory: IAM roles (inline + attached policies resolved) and policies."""

from __future__ import annotations

from coattail.review.collectors.live.specs.iam import AWS_MANAGED_PREFIX
from coattail.review.collectors.terraform.context import TfContext
from coattail.review.collectors.terraform.loader import TfResource
from coattail.review.collectors.values import as_int, blank
from coattail.review.inventory import IAMPolicy, IAMRole, NamedPolicy, PolicyDocument, Resource


def iam_role(ctx: TfContext, r: TfResource) -> Resource:
    name = r.get("name", r.name)
    keys = (name, r.get("id"))
    inline: dict[str, NamedPolicy] = {}
    for p in r.get("inline_policy", []):
        if p.get("name"):
            inline[p["name"]] = NamedPolicy(
                name=p["name"], document=PolicyDocument.parse(blank(p.get("policy")))
            )
    for p in ctx.related("aws_iam_role_policy", "role", r, keys):
        pname = p.get("name", p.name)
        inline[pname] = NamedPolicy(name=pname, document=PolicyDocument.parse(blank(p.get("policy"))))

    arns = set(r.get("managed_policy_arns") or ())
    arns.update(
        a.get("policy_arn")
        for a in ctx.related("aws_iam_role_policy_attachment", "role", r, keys)
        if a.get("policy_arn")
    )
    policies = {p.get("arn"): p for p in ctx.of_type("aws_iam_policy") if p.get("arn")}
    attached = []
    for arn in sorted(arns):
        doc = policies.get(arn)
        attached.append(
            NamedPolicy(
                name=arn.rsplit("/", 1)[-1],
                arn=arn,
                aws_managed=AWS_MANAGED_PREFIX in arn,
                document=PolicyDocument.parse(blank(doc.get("policy"))) if doc else None,
            )
        )
    # the provider's state keeps RoleLastUsed as a one-element list (absent in a plan)
    history = r.get("role_last_used")
    last_used = history[0] if isinstance(history, list) and history and isinstance(history[0], dict) else {}
    return IAMRole(
        **ctx.base(r, arn=r.get("arn"), name=name, region=None),
        path=r.get("path") or "/",
        trust_policy=PolicyDocument.parse(blank(r.get("assume_role_policy"))),
        inline_policies=tuple(sorted(inline.values(), key=lambda p: p.name)),
        attached_policies=tuple(attached),
        permissions_boundary_arn=blank(r.get("permissions_boundary")),
        max_session_duration=as_int(r.get("max_session_duration")),
        created_at=blank(r.get("create_date")),
        last_used_at=blank(last_used.get("last_used_date")),
        last_used_region=blank(last_used.get("region")),
    )


def iam_policy(ctx: TfContext, r: TfResource) -> Resource:
    return IAMPolicy(
        **ctx.base(r, arn=r.get("arn"), name=r.get("name", r.name), region=None),
        path=r.get("path") or "/",
        document=PolicyDocument.parse(blank(r.get("policy"))),
    )


NORMALISERS = {"aws_iam_role": iam_role, "aws_iam_policy": iam_policy}
