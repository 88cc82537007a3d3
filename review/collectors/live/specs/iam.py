"""IAM roles (with inline and attached policies resolved to documents) and customer-managed policies."""

from __future__ import annotations

from typing import Any

from coattail.review.collectors.live.spec import Context, Detail, Raw, ResourceSpec, tags_from_list
from coattail.review.collectors.values import as_int
from coattail.review.inventory import IAMPolicy, IAMRole, NamedPolicy, PolicyDocument
from coattail.review.model import SourceKind

AWS_MANAGED_PREFIX = ":iam::aws:policy/"


def _attached(raw: Raw) -> list[dict[str, Any]]:
    return list(raw["item"].get("AttachedManagedPolicies") or ())


def _role(raw: Raw, ctx: Context) -> IAMRole:
    r = raw["item"]
    versions = raw.get("attached_documents") or []
    attached = []
    for policy, document in zip(_attached(raw), versions, strict=True):
        arn = policy["PolicyArn"]
        attached.append(
            NamedPolicy(
                name=policy["PolicyName"],
                arn=arn,
                aws_managed=AWS_MANAGED_PREFIX in arn,
                document=PolicyDocument.parse(document),
            )
        )
    last = r.get("RoleLastUsed") or {}
    return IAMRole(
        id=r["Arn"],
        name=r["RoleName"],
        source=SourceKind.LIVE,
        region=None,
        account=ctx.account,
        tags=tags_from_list(r.get("Tags")),
        path=r.get("Path", "/"),
        trust_policy=PolicyDocument.parse(r.get("AssumeRolePolicyDocument")),
        inline_policies=tuple(
            sorted(
                (
                    NamedPolicy(name=p["PolicyName"], document=PolicyDocument.parse(p.get("PolicyDocument")))
                    for p in r.get("RolePolicyList") or ()
                ),
                key=lambda p: p.name,
            )
        ),
        attached_policies=tuple(sorted(attached, key=lambda p: p.arn or p.name)),
        permissions_boundary_arn=(r.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn"),
        max_session_duration=as_int((raw.get("role") or {}).get("MaxSessionDuration")),
        created_at=r.get("CreateDate"),
        last_used_at=last.get("LastUsedDate"),
        last_used_region=last.get("Region"),
    )


def _policy_arns(raw: Raw) -> list[dict[str, Any]]:
    return [{"PolicyArn": p["PolicyArn"]} for p in _attached(raw)]


def _policy_versions(raw: Raw) -> list[dict[str, Any]]:
    return [
        {"PolicyArn": p["PolicyArn"], "VersionId": meta["DefaultVersionId"]}
        for p, meta in zip(_attached(raw), raw.get("attached_meta") or [], strict=True)
    ]


IAM_ROLES = ResourceSpec(
    model=IAMRole,
    service="iam",
    scope="global",
    list_operation="get_account_authorization_details",
    list_params={"Filter": ["Role"]},
    list_path="RoleDetailList",
    details=(
        Detail("role", "get_role", lambda r: {"RoleName": r["item"]["RoleName"]}, "Role"),
        Detail("attached_meta", "get_policy", _policy_arns, "Policy", cache=True),
        Detail(
            "attached_documents", "get_policy_version", _policy_versions, "PolicyVersion.Document", cache=True
        ),
    ),
    normalise=lambda raw, ctx: _role({**raw, "item": {**raw["item"], **_last_used(raw)}}, ctx),
)


def _last_used(raw: Raw) -> dict[str, Any]:
    role = raw.get("role") or {}
    return {"RoleLastUsed": role.get("RoleLastUsed") or raw["item"].get("RoleLastUsed") or {}}


def _policy(raw: Raw, ctx: Context) -> IAMPolicy:
    p = raw["item"]
    return IAMPolicy(
        id=p["Arn"],
        name=p["PolicyName"],
        source=SourceKind.LIVE,
        region=None,
        account=ctx.account,
        tags=tags_from_list(raw.get("tags")),
        path=p.get("Path", "/"),
        document=PolicyDocument.parse(raw.get("document")),
        attachment_count=as_int(p.get("AttachmentCount")),
    )


IAM_POLICIES = ResourceSpec(
    model=IAMPolicy,
    service="iam",
    scope="global",
    list_operation="list_policies",
    list_params={"Scope": "Local"},
    list_path="Policies",
    details=(
        Detail(
            "document",
            "get_policy_version",
            lambda r: {"PolicyArn": r["item"]["Arn"], "VersionId": r["item"]["DefaultVersionId"]},
            "PolicyVersion.Document",
        ),
        Detail("tags", "list_policy_tags", lambda r: {"PolicyArn": r["item"]["Arn"]}, "Tags"),
    ),
    normalise=_policy,
)

SPECS = (IAM_ROLES, IAM_POLICIES)
