"""Terraform -> inventory: IAM roles (inline + attached policies resolved), policies, users and the
account password policy (the account settings' Terraform view: root user fields stay unknown)."""

from __future__ import annotations

from coattail.review.collectors.live.specs.iam import (
    ACCOUNT_SETTINGS_NAME,
    AWS_MANAGED_PREFIX,
    account_settings_id,
)
from coattail.review.collectors.terraform.context import TfContext
from coattail.review.collectors.terraform.loader import TfResource
from coattail.review.collectors.values import as_bool, as_int, blank, positive_or_none
from coattail.review.inventory import (
    IAMAccountSettings,
    IAMPolicy,
    IAMRole,
    IAMUser,
    NamedPolicy,
    PasswordPolicy,
    PolicyDocument,
    Resource,
)


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


def iam_user(ctx: TfContext, r: TfResource) -> Resource:
    """Console password, MFA devices, keys and policy attachments live in other resources (or
    outside Terraform): they stay ``None`` (not known from this view)."""
    name = r.get("name", r.name)
    path = r.get("path") or "/"
    derived = f"arn:{ctx.partition}:iam::{ctx.account}:user{path}{name}" if ctx.account else None
    arn = r.get("arn") or derived
    return IAMUser(**ctx.base(r, arn=arn, name=name, region=None), path=path)


def iam_account_password_policy(ctx: TfContext, r: TfResource) -> Resource:
    arn = account_settings_id(ctx.partition, ctx.account) if ctx.account else None
    return IAMAccountSettings(
        **ctx.base(r, arn=arn, name=ACCOUNT_SETTINGS_NAME, region=None),
        password_policy_set=True,
        password_policy=PasswordPolicy(
            minimum_password_length=as_int(r.get("minimum_password_length")),
            require_symbols=as_bool(r.get("require_symbols")),
            require_numbers=as_bool(r.get("require_numbers")),
            require_uppercase_characters=as_bool(r.get("require_uppercase_characters")),
            require_lowercase_characters=as_bool(r.get("require_lowercase_characters")),
            allow_users_to_change_password=as_bool(r.get("allow_users_to_change_password")),
            max_password_age=positive_or_none(r.get("max_password_age")) or None,  # 0: never expire
            password_reuse_prevention=as_int(r.get("password_reuse_prevention")),
            hard_expiry=as_bool(r.get("hard_expiry")),
        ),
    )


NORMALISERS = {
    "aws_iam_role": iam_role,
    "aws_iam_policy": iam_policy,
    "aws_iam_user": iam_user,
    "aws_iam_account_password_policy": iam_account_password_policy,
}
