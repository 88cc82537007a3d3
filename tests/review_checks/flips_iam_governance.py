"""Misconfigurations of the deployed platform: IAM roles and policies, Lake Formation governance,
CloudTrail, Budgets and cost-allocation tags (see conftest ``Flip``).

IAM changes add a separately named inline policy (or attachment, or trust statement) to one
deployed role and remove exactly that again; Lake Formation, Budgets and tag changes save what
they replace and put it back; CloudTrail changes edit the deployed audit trail and set it back.
"""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Callable
from typing import Any

ACCOUNT = "123456789012"
FOREIGN_ACCOUNT = "999988887777"
TEST_POLICY = "review-test-governance"
TRAIL = "audit"


def _role(key: str) -> Callable[[Any], str]:
    """Name of the deployed role of workload ``key`` (Terraform output ``iam_role_arns``)."""
    return lambda n: str(n.outputs["iam_role_arns"][key]).rsplit("/", 1)[-1]


def _prefix(n: Any) -> str:
    """``<project>-<environment>`` of the deployment (``ctc-dev``)."""
    return str(n.producer_role).removesuffix("-producer-task")


def _database(n: Any) -> str:
    return str(n.outputs["glue_database_name"])


# -- IAM: one extra grant on a deployed role ---------------------------------------------------
def _extra_inline(
    key: str, actions: list[str], resources: Callable[[Any], list[str]]
) -> tuple[Callable[..., Any], Callable[..., None]]:
    """(change, undo) adding and removing an inline policy ``TEST_POLICY`` on role ``key``."""

    def change(aws: Any, n: Any) -> None:
        doc = {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resources(n)}],
        }
        aws("iam").put_role_policy(
            RoleName=_role(key)(n), PolicyName=TEST_POLICY, PolicyDocument=json.dumps(doc)
        )

    def undo(aws: Any, n: Any, _: Any) -> None:
        aws("iam").delete_role_policy(RoleName=_role(key)(n), PolicyName=TEST_POLICY)

    return change, undo


def _managed(key: str, policy: str) -> tuple[Callable[..., Any], Callable[..., None]]:
    """(change, undo) attaching and detaching the AWS managed policy ``policy`` on role ``key``."""
    arn = f"arn:aws:iam::aws:policy/{policy}"

    def change(aws: Any, n: Any) -> None:
        aws("iam").attach_role_policy(RoleName=_role(key)(n), PolicyArn=arn)

    def undo(aws: Any, n: Any, _: Any) -> None:
        aws("iam").detach_role_policy(RoleName=_role(key)(n), PolicyArn=arn)

    return change, undo


def _trust(
    key: str, edit: Callable[[dict[str, Any]], None]
) -> tuple[Callable[..., Any], Callable[..., None]]:
    """(change, undo) editing role ``key``'s trust policy with ``edit`` and restoring the saved one."""

    def change(aws: Any, n: Any) -> Any:
        saved = aws("iam").get_role(RoleName=_role(key)(n))["Role"]["AssumeRolePolicyDocument"]
        broken = copy.deepcopy(saved)
        edit(broken)
        aws("iam").update_assume_role_policy(RoleName=_role(key)(n), PolicyDocument=json.dumps(broken))
        return saved

    def undo(aws: Any, n: Any, saved: Any) -> None:
        aws("iam").update_assume_role_policy(RoleName=_role(key)(n), PolicyDocument=json.dumps(saved))

    return change, undo


def _drop_mfa(doc: dict[str, Any]) -> None:
    for statement in doc["Statement"]:
        statement.pop("Condition", None)


def _trust_foreign_account(doc: dict[str, Any]) -> None:
    doc["Statement"].append(
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{FOREIGN_ACCOUNT}:root"},
            "Action": "sts:AssumeRole",
        }
    )


# -- IAM: a customer-managed policy the platform does not ship ----------------------------------
def _policy_names(n: Any) -> tuple[str, str]:
    """(policy, group) created for the unattached-policy flip."""
    return f"{_prefix(n)}-review-test-athena-read", f"{_prefix(n)}-review-test-analysts"


def _policy_arn(n: Any) -> str:
    return f"arn:aws:iam::{ACCOUNT}:policy/{_policy_names(n)[0]}"


def _policy_setup(aws: Any, n: Any) -> None:
    policy, group = _policy_names(n)
    doc = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["glue:GetDatabase", "glue:GetTables"],
                "Resource": [f"arn:aws:glue:us-east-1:{ACCOUNT}:database/{_database(n)}"],
            }
        ],
    }
    iam = aws("iam")
    iam.create_policy(
        PolicyName=policy,
        PolicyDocument=json.dumps(doc),
        Tags=[{"Key": "Project", "Value": "ctc"}, {"Key": "Environment", "Value": "dev"}],
    )
    iam.create_group(GroupName=group)
    iam.attach_group_policy(GroupName=group, PolicyArn=_policy_arn(n))


def _policy_detach(aws: Any, n: Any) -> None:
    aws("iam").detach_group_policy(GroupName=_policy_names(n)[1], PolicyArn=_policy_arn(n))


def _policy_attach(aws: Any, n: Any, _: Any) -> None:
    aws("iam").attach_group_policy(GroupName=_policy_names(n)[1], PolicyArn=_policy_arn(n))


def _policy_teardown(aws: Any, n: Any, _: Any) -> None:
    iam, group = aws("iam"), _policy_names(n)[1]
    attached = iam.list_attached_group_policies(GroupName=group)["AttachedPolicies"]
    if any(p["PolicyArn"] == _policy_arn(n) for p in attached):
        iam.detach_group_policy(GroupName=group, PolicyArn=_policy_arn(n))
    iam.delete_group(GroupName=group)
    iam.delete_policy(PolicyArn=_policy_arn(n))


# -- Lake Formation ------------------------------------------------------------------------------
def _principal(key: str) -> Callable[[Any], dict[str, str]]:
    return lambda n: {"DataLakePrincipalIdentifier": n.outputs["iam_role_arns"][key]}


def _analyst_insert(aws: Any, n: Any) -> None:
    aws("lakeformation").grant_permissions(
        Principal=_principal("analyst")(n),
        Resource={"Table": {"DatabaseName": _database(n), "TableWildcard": {}}},
        Permissions=["INSERT"],
    )


def _analyst_insert_revoke(aws: Any, n: Any, _: Any) -> None:
    aws("lakeformation").revoke_permissions(
        Principal=_principal("analyst")(n),
        Resource={"Table": {"DatabaseName": _database(n), "TableWildcard": {}}},
        Permissions=["INSERT"],
    )


def _db_lf_tags(aws: Any, n: Any) -> list[dict[str, Any]]:
    resource = {"Database": {"Name": _database(n)}}
    return list(aws("lakeformation").get_resource_lf_tags(Resource=resource)["LFTagOnDatabase"])


def _put_db_lf_tags(aws: Any, n: Any, tags: list[dict[str, Any]]) -> None:
    """Set the database's LF-Tags to exactly ``tags`` (one value per key, as AWS keeps them)."""
    lf, resource = aws("lakeformation"), {"Database": {"Name": _database(n)}}
    stale = [t for t in _db_lf_tags(aws, n) if t["TagKey"] not in {x["TagKey"] for x in tags}]
    if stale:
        lf.remove_lf_tags_from_resource(Resource=resource, LFTags=stale)
    if tags:
        # The whole set in one call: moto replaces a resource's LF-Tags on every add (AWS merges).
        lf.add_lf_tags_to_resource(Resource=resource, LFTags=tags)


def _retag(key: str, values: list[str] | None) -> Callable[..., Any]:
    """change: set LF-Tag ``key`` of the database to ``values`` (None: remove it)."""

    def change(aws: Any, n: Any) -> Any:
        saved = _db_lf_tags(aws, n)
        kept = [{"TagKey": t["TagKey"], "TagValues": t["TagValues"]} for t in saved if t["TagKey"] != key]
        _put_db_lf_tags(aws, n, kept + ([{"TagKey": key, "TagValues": values}] if values else []))
        return saved

    return change


def _restore_lf_tags(aws: Any, n: Any, saved: Any) -> None:
    _put_db_lf_tags(aws, n, [{"TagKey": t["TagKey"], "TagValues": t["TagValues"]} for t in saved])


def _iam_allowed_default(aws: Any, n: Any) -> Any:
    lf = aws("lakeformation")
    saved = lf.get_data_lake_settings()["DataLakeSettings"]
    legacy = [
        {"Principal": {"DataLakePrincipalIdentifier": "IAM_ALLOWED_PRINCIPALS"}, "Permissions": ["ALL"]}
    ]
    lf.put_data_lake_settings(
        DataLakeSettings={
            **saved,
            "CreateDatabaseDefaultPermissions": legacy,
            "CreateTableDefaultPermissions": legacy,
        }
    )
    return saved


def _restore_settings(aws: Any, n: Any, saved: Any) -> None:
    aws("lakeformation").put_data_lake_settings(DataLakeSettings=saved)


def _revoke_job_role(aws: Any, n: Any) -> Any:
    """Revoke every Lake Formation grant of the Spark job role on the lakehouse database/tables."""
    lf, principal = aws("lakeformation"), _principal("emr_execution")(n)
    grants = [
        g
        for g in lf.list_permissions()["PrincipalResourcePermissions"]
        if g["Principal"] == principal
        and any(k in g["Resource"] for k in ("Database", "Table", "TableWithColumns"))
    ]
    for g in grants:
        lf.revoke_permissions(Principal=principal, Resource=g["Resource"], Permissions=g["Permissions"])
    return grants


def _regrant_job_role(aws: Any, n: Any, grants: Any) -> None:
    lf = aws("lakeformation")
    for g in grants:
        lf.grant_permissions(
            Principal=g["Principal"],
            Resource=g["Resource"],
            Permissions=g["Permissions"],
            PermissionsWithGrantOption=g.get("PermissionsWithGrantOption") or [],
        )


# -- CloudTrail (the deployed audit trail) ----------------------------------------------------------
def _trail_name(n: Any) -> str:
    return f"{_prefix(n)}-{TRAIL}"


def _management_writes_only(aws: Any, n: Any) -> Any:
    """Record write management events only: Lake Formation's GetDataAccess (a read) is lost."""
    ct = aws("cloudtrail")
    saved = ct.get_event_selectors(TrailName=_trail_name(n))["EventSelectors"]
    ct.put_event_selectors(
        TrailName=_trail_name(n),
        EventSelectors=[{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True, "DataResources": []}],
    )
    return saved


def _selectors_back(aws: Any, n: Any, saved: Any) -> None:
    aws("cloudtrail").put_event_selectors(TrailName=_trail_name(n), EventSelectors=saved)


def _logging(on: bool) -> Callable[..., None]:
    def apply(aws: Any, n: Any, *_: Any) -> None:
        ct = aws("cloudtrail")
        (ct.start_logging if on else ct.stop_logging)(Name=_trail_name(n))

    return apply


def _trail_update(**fields: bool) -> Callable[..., None]:
    def apply(aws: Any, n: Any, *_: Any) -> None:
        aws("cloudtrail").update_trail(Name=_trail_name(n), **fields)

    return apply


# -- Budgets and tags ----------------------------------------------------------------------------------
def _budget(aws: Any, n: Any) -> str:
    budgets = aws("budgets").describe_budgets(AccountId=ACCOUNT)["Budgets"]
    return str(next(b["BudgetName"] for b in budgets if b["BudgetName"].startswith(_prefix(n))))


def _budget_silenced(aws: Any, n: Any) -> Any:
    """Delete every notification of the platform's budget (AWS drops one with its last subscriber)."""
    b, name = aws("budgets"), _budget(aws, n)
    notifications = b.describe_notifications_for_budget(AccountId=ACCOUNT, BudgetName=name)["Notifications"]
    saved = [
        (
            x,
            b.describe_subscribers_for_notification(AccountId=ACCOUNT, BudgetName=name, Notification=x)[
                "Subscribers"
            ],
        )
        for x in notifications
    ]
    for notification, _ in saved:
        b.delete_notification(AccountId=ACCOUNT, BudgetName=name, Notification=notification)
    return name, saved


def _budget_restore(aws: Any, n: Any, saved: Any) -> None:
    """Recreate exactly the saved notifications: a create the client retried after it landed is
    refused as a duplicate (as AWS does), so the budget never holds one twice."""
    name, notifications = saved
    b = aws("budgets")
    for notification, subscribers in notifications:
        with contextlib.suppress(b.exceptions.DuplicateRecordException):
            b.create_notification(
                AccountId=ACCOUNT, BudgetName=name, Notification=notification, Subscribers=subscribers
            )
    now = b.describe_notifications_for_budget(AccountId=ACCOUNT, BudgetName=name)["Notifications"]
    assert len(now) == len(notifications), (now, notifications)


def _untag_role(key: str, tag: str) -> tuple[Callable[..., Any], Callable[..., None]]:
    def change(aws: Any, n: Any) -> Any:
        tags = aws("iam").list_role_tags(RoleName=_role(key)(n))["Tags"]
        aws("iam").untag_role(RoleName=_role(key)(n), TagKeys=[tag])
        return [t for t in tags if t["Key"] == tag]

    def undo(aws: Any, n: Any, saved: Any) -> None:
        aws("iam").tag_role(RoleName=_role(key)(n), Tags=saved)

    return change, undo


def _table_arn(n: Any) -> list[str]:
    return [f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/{n.table}"]


def _stream_arn(n: Any) -> list[str]:
    return [f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/{n.trades}"]


def _glue_tables(n: Any) -> list[str]:
    return [f"arn:aws:glue:us-east-1:{ACCOUNT}:table/{_database(n)}/*"]


def flips(h: Any) -> dict[str, Any]:
    lf = ("glue", "lakeformation")
    return {
        # IAM least privilege on the deployed roles
        "analyst-role-can-delete-tables": h.Flip(
            "iam_analyst_role_read_only",
            _role("analyst"),
            *_extra_inline("analyst", ["glue:DeleteTable"], _glue_tables),
        ),
        "api-role-can-write-alerts": h.Flip(
            "iam_api_role_read_only",
            _role("lambda_api"),
            *_extra_inline("lambda_api", ["dynamodb:PutItem", "dynamodb:DeleteItem"], _table_arn),
        ),
        "emr-role-reads-a-foreign-bucket": h.Flip(
            "iam_emr_role_scoped_buckets",
            _role("emr_execution"),
            *_extra_inline(
                "emr_execution",
                ["s3:GetObject"],
                lambda n: [f"arn:aws:s3:::finance-exports-{ACCOUNT}/*"],
            ),
        ),
        "producer-role-can-read-the-stream": h.Flip(
            "iam_producer_role_write_only",
            _role("producer_task"),
            *_extra_inline("producer_task", ["kinesis:GetRecords", "kinesis:GetShardIterator"], _stream_arn),
        ),
        "batch-role-reads-every-bucket": h.Flip(
            "iam_policy_no_wildcard_resource",
            _role("lambda_batch"),
            *_extra_inline("lambda_batch", ["s3:GetObject"], lambda n: ["*"]),
        ),
        "scheduler-role-administrator": h.Flip(
            "iam_no_admin_access", _role("scheduler"), *_managed("scheduler", "AdministratorAccess")
        ),
        "api-role-basic-execution-logs": h.Flip(
            "iam_lambda_logs_scoped",
            _role("lambda_api"),
            *_managed("lambda_api", "service-role/AWSLambdaBasicExecutionRole"),
        ),
        # trust policies
        "analyst-trust-without-mfa": h.Flip(
            "iam_human_roles_require_mfa", _role("analyst"), *_trust("analyst", _drop_mfa)
        ),
        "sfn-role-trusts-a-foreign-account": h.Flip(
            "iam_role_trust_scoped",
            _role("step_functions"),
            *_trust("step_functions", _trust_foreign_account),
        ),
        # a customer-managed policy the platform does not ship
        "managed-policy-detached": h.Flip(
            "iam_policy_unattached",
            lambda n: _policy_names(n)[0],
            lambda aws, n: _policy_detach(aws, n),
            _policy_attach,
            setup=_policy_setup,
            teardown=_policy_teardown,
        ),
        # Lake Formation
        "analyst-granted-insert-on-tables": h.Flip(
            "lakeformation_analyst_tag_access",
            _role("analyst"),
            _analyst_insert,
            _analyst_insert_revoke,
            services=("iam", "lakeformation"),
        ),
        "lakehouse-classified-restricted": h.Flip(
            "lakeformation_data_public_only",
            lambda n: f"database:{_database(n)}",
            _retag("classification", ["restricted"]),
            _restore_lf_tags,
        ),
        "lakehouse-classification-tag-removed": h.Flip(
            "lakeformation_lf_tags_classification",
            _database,
            _retag("classification", None),
            _restore_lf_tags,
            services=lf,
        ),
        "lakeformation-iam-allowed-principals-default": h.Flip(
            "lakeformation_no_iam_allowed_principals",
            lambda n: "settings",
            _iam_allowed_default,
            _restore_settings,
        ),
        "job-role-grants-revoked": h.Flip(
            "lakeformation_permissions_granted",
            _database,
            _revoke_job_role,
            _regrant_job_role,
            services=lf,
        ),
        # CloudTrail: the audit trail (the seed's improvement "Enable CloudTrail ...")
        "trail-logging-stopped": h.Flip("cloudtrail_logging", _trail_name, _logging(False), _logging(True)),
        "trail-single-region": h.Flip(
            "cloudtrail_logging",
            _trail_name,
            _trail_update(IsMultiRegionTrail=False),
            _trail_update(IsMultiRegionTrail=True),
        ),
        "trail-lake-formation-reads-dropped": h.Flip(
            "cloudtrail_lake_formation_audit",
            _trail_name,
            _management_writes_only,
            _selectors_back,
            services=("cloudtrail", "lakeformation"),
        ),
        "trail-log-validation-off": h.Flip(
            "cloudtrail_log_validation",
            _trail_name,
            _trail_update(EnableLogFileValidation=False),
            _trail_update(EnableLogFileValidation=True),
        ),
        # cost governance
        "budget-notifications-deleted": h.Flip(
            "budget_configured", lambda n: f"budget/{_prefix(n)}-", _budget_silenced, _budget_restore
        ),
        "scheduler-role-untagged-project": h.Flip(
            "resource_tagging", _role("scheduler"), *_untag_role("scheduler", "Project"), services=("iam",)
        ),
    }
