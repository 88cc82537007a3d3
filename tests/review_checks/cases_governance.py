"""Cases for Lake Formation, Glue, KMS, SNS/SQS, CloudTrail, WAF, SSM, ECS and Budgets checks."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory import (
    ApiGatewayHttpStage,
    ApiGatewayStage,
    Budget,
    BudgetNotification,
    CloudTrailTrail,
    ContainerDefinition,
    ECSCluster,
    ECSTaskDefinition,
    GlueDatabase,
    GlueTable,
    IAMRole,
    KMSKey,
    LakeFormationPermission,
    LakeFormationResourceTags,
    LakeFormationSettings,
    LakeFormationTag,
    LambdaFunction,
    SNSTopic,
    SQSQueue,
    SSMParameter,
    WafRule,
    WafWebAcl,
)
from coattail.review.model import SourceKind

ANALYST = "arn:aws:iam::123456789012:role/ctc-dev-analyst"
EMR = "arn:aws:iam::123456789012:role/ctc-dev-emr-execution"


def cases(b: Any) -> dict[str, list[Any]]:
    R = b.Row
    P, F, U, NA = b.PASS, b.FAIL, b.UNKNOWN, b.NA

    def planned(cls: type[Any], name: str, *unknown: str, **kw: Any) -> Any:
        """A resource from a Terraform plan whose ``unknown`` attributes are known only after apply."""
        return b.make(cls, name, source=SourceKind.TERRAFORM, unknown_attributes=unknown, **kw)

    db = b.make(GlueDatabase, "ctc_dev_lakehouse")
    other_db = b.make(GlueDatabase, "scratch")

    def grant(principal: str, resource: str, perms: tuple[str, ...], kind: str = "database") -> Any:
        return b.make(
            LakeFormationPermission,
            f"g-{principal.rsplit('/', 1)[-1]}-{kind}",
            principal=principal,
            resource_kind=kind,
            resource=resource,
            permissions=perms,
        )

    emr_grant = grant(EMR, "table:ctc_dev_lakehouse.*", ("SELECT", "INSERT", "ALTER"), "table")
    analyst_tag = grant(
        ANALYST, "lf_tag_policy:classification=public", ("SELECT", "DESCRIBE"), "lf_tag_policy"
    )
    analyst_db = grant(ANALYST, "database:ctc_dev_lakehouse", ("DESCRIBE",))
    analyst_drop = grant(ANALYST, "database:ctc_dev_lakehouse", ("DESCRIBE", "DROP"))
    # a plan grants to a role created in the same apply: the principal ARN is not known yet
    pending_grant = planned(
        LakeFormationPermission,
        "g-pending",
        "principal",
        principal="(known after apply)",
        resource_kind="database",
        resource="database:ctc_dev_lakehouse",
        permissions=("DESCRIBE",),
    )
    tag = b.make(LakeFormationTag, "classification", key="classification", values=("public", "internal"))
    db_tags = b.make(
        LakeFormationResourceTags,
        "db-tags",
        resource_kind="database",
        resource="database:ctc_dev_lakehouse",
        lf_tags={"classification": ("public",)},
    )
    internal = b.make(
        LakeFormationResourceTags,
        "secret-table-tags",
        resource_kind="table",
        resource="table:ctc_dev_lakehouse.payroll",
        lf_tags={"classification": ("internal",)},
    )
    analyst_role = b.make(IAMRole, "ctc-dev-analyst", id=ANALYST)

    def stage(name: str, **kw: Any) -> ApiGatewayStage:
        return b.make(
            ApiGatewayStage,
            name,
            id=f"arn:aws:apigateway:us-east-1::/restapis/abc/stages/{name}",
            stage_name=name,
            **kw,
        )

    acl = b.make(
        WafWebAcl,
        "api-acl",
        id="arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api-acl/1",
        rules=(WafRule(name="rate", rate_limit=1000),),
        associated_resource_arns=("arn:aws:apigateway:us-east-1::/restapis/abc/stages/v1",),
    )
    loose_acl = b.make(
        WafWebAcl,
        "loose",
        rules=(WafRule(name="common", managed_rule_group="AWSManagedRulesCommon"),),
        associated_resource_arns=("arn:aws:apigateway:us-east-1::/restapis/abc/stages/v2",),
    )

    def container(name: str, **kw: Any) -> ContainerDefinition:
        return ContainerDefinition(name=name, **kw)

    good_task = b.make(
        ECSTaskDefinition,
        "producer",
        family="producer",
        cpu=256,
        memory_mb=512,
        requires_compatibilities=("FARGATE",),
        containers=(
            container("app", readonly_root_filesystem=True, privileged=False, env_var_names=("CTC_SYMBOLS",)),
        ),
    )
    bad_task = b.make(
        ECSTaskDefinition,
        "legacy",
        family="legacy",
        cpu=4096,
        memory_mb=8192,
        containers=(
            container(
                "app", readonly_root_filesystem=False, privileged=True, secret_like_env_names=("API_TOKEN",)
            ),
        ),
    )
    # container_definitions JSON built from values known only after apply (image, log group)
    planned_task = planned(
        ECSTaskDefinition, "planned", "containers", family="planned", cpu=256, memory_mb=512
    )
    subscribed = BudgetNotification(
        notification_type="ACTUAL",
        comparison_operator="GREATER_THAN",
        threshold=80,
        subscribers=("arn:aws:sns:us-east-1:123456789012:ctc-dev-alarms",),
    )

    def table(name: str, **kw: Any) -> GlueTable:
        return b.make(GlueTable, name, database="ctc_dev_lakehouse", **kw)

    return {
        "lakeformation_permissions_granted": [
            R(
                b.inventory(db, emr_grant, analyst_tag),
                {P: {"ctc_dev_lakehouse"}},
                {"databases": ["ctc_dev_lakehouse"], "principals": ["*-emr-execution", "*-analyst"]},
            ),
            R(
                b.inventory(db, emr_grant),
                {F: {"ctc_dev_lakehouse"}},
                {"databases": ["ctc_dev_lakehouse"], "principals": ["*-emr-execution", "*-analyst"]},
            ),
            R(b.inventory(db, other_db), {F: {"ctc_dev_lakehouse", "scratch"}}),
            # the missing principal may be the unresolved one; found principals stand
            R(
                b.inventory(db, emr_grant, pending_grant),
                {U: {"ctc_dev_lakehouse"}},
                {"databases": ["ctc_dev_lakehouse"], "principals": ["*-emr-execution", "*-analyst"]},
            ),
            R(
                b.inventory(db, emr_grant, analyst_tag, pending_grant),
                {P: {"ctc_dev_lakehouse"}},
                {"databases": ["ctc_dev_lakehouse"], "principals": ["*-emr-execution", "*-analyst"]},
            ),
        ],
        "lakeformation_lf_tags_classification": [
            R(b.inventory(db, tag, db_tags), {P: {"ctc_dev_lakehouse"}}),
            R(b.inventory(db, other_db, tag, db_tags), {P: {"ctc_dev_lakehouse"}, F: {"scratch"}}),
            R(b.inventory(db, db_tags), {F: {"ctc_dev_lakehouse"}}),
        ],
        "lakeformation_data_public_only": [
            R(b.inventory(db_tags), {P: {"db-tags"}}),
            R(b.inventory(db_tags, internal), {P: {"db-tags"}, F: {"secret-table-tags"}}),
            R(b.inventory(db), {F: {"lakeformation:catalog resources tagged classification"}}),
        ],
        "lakeformation_analyst_tag_access": [
            R(b.inventory(analyst_role, analyst_tag, analyst_db, emr_grant), {P: {"ctc-dev-analyst"}}),
            R(b.inventory(analyst_role, analyst_tag, analyst_drop), {F: {"ctc-dev-analyst"}}),
            R(b.inventory(analyst_role, analyst_db), {F: {"ctc-dev-analyst"}}),
            R(b.inventory(analyst_role, analyst_db), {P: {"ctc-dev-analyst"}}, {"require_tag_policy": False}),
            R(b.inventory(analyst_role, pending_grant), {U: {"ctc-dev-analyst"}}),
            R(b.inventory(analyst_role, analyst_tag, analyst_drop, pending_grant), {F: {"ctc-dev-analyst"}}),
        ],
        "lakeformation_no_iam_allowed_principals": [
            R(b.inventory(b.make(LakeFormationSettings, "settings", admins=(EMR,))), {P: {"settings"}}),
            R(
                b.inventory(
                    b.make(
                        LakeFormationSettings,
                        "settings",
                        default_table_permissions_principals=("IAM_ALLOWED_PRINCIPALS",),
                    )
                ),
                {F: {"settings"}},
            ),
            R(
                b.inventory(
                    planned(
                        LakeFormationSettings,
                        "settings",
                        "default_database_permissions_principals",
                        "default_table_permissions_principals",
                    )
                ),
                {U: {"settings"}},
            ),
        ],
        "glue_iceberg_tables": [
            R(
                b.inventory(
                    table("raw_trades", table_type="ICEBERG"), table("anomaly_alerts", table_type="ICEBERG")
                ),
                {P: {"raw_trades", "anomaly_alerts"}},
                {"tables": ["raw_trades", "anomaly_alerts"]},
            ),
            R(
                b.inventory(table("raw_trades", table_type="EXTERNAL_TABLE", format="json")),
                {F: {"raw_trades", "glue:lakehouse table anomaly_alerts"}},
                {"tables": ["raw_trades", "anomaly_alerts"]},
            ),
            R(b.inventory(), {NA: {"glue:Glue tables"}}),
            R(b.inventory(), {NA: {"glue:Glue tables"}}, {"tables": ["raw_trades"], "require_tables": False}),
            R(  # a table the claim does not name (the recovery drill's scratch table) is not judged
                b.inventory(
                    table("raw_trades", table_type="ICEBERG"), table("recovery_drill", format="json")
                ),
                {P: {"raw_trades"}},
                {"tables": ["raw_trades"]},
            ),
        ],
        "glue_tables_columnar_format": [
            R(
                b.inventory(table("raw_trades", table_type="ICEBERG"), table("legacy", format="parquet")),
                {P: {"raw_trades", "legacy"}},
            ),
            R(
                b.inventory(
                    table("raw_trades", table_type="ICEBERG", parameters={"write.format.default": "avro"}),
                    table("landing", format="json"),
                ),
                {F: {"raw_trades", "landing"}},
            ),
            R(b.inventory(), {F: {"glue:Glue tables"}}, {"required": True}),
            R(
                b.inventory(table("raw_trades", table_type="ICEBERG"), table("scratch", format="json")),
                {P: {"raw_trades"}},
                {"tables": ["raw_trades"]},
            ),
            R(b.inventory(), {NA: {"glue:Glue tables"}}),
        ],
        "kms_key_rotation": [
            R(
                b.inventory(
                    b.make(KMSKey, "cmk", manager="CUSTOMER", rotation_enabled=True),
                    b.make(KMSKey, "awskey", manager="AWS", rotation_enabled=False),
                ),
                {P: {"cmk"}},
            ),
            R(b.inventory(b.make(KMSKey, "cmk", manager="CUSTOMER", rotation_enabled=False)), {F: {"cmk"}}),
            R(
                b.inventory(
                    b.make(KMSKey, "awskey", manager="AWS"),
                    # moto reports AWS-managed keys as CUSTOMER: the alias tells them apart
                    b.make(KMSKey, "ddb", manager="CUSTOMER", aliases=("alias/aws/dynamodb",)),
                ),
                {NA: {"kms:customer-managed symmetric KMS keys"}},
            ),
        ],
        "sns_topic_encrypted": [
            R(b.inventory(b.make(SNSTopic, "alarms", kms_master_key_id="alias/aws/sns")), {P: {"alarms"}}),
            R(b.inventory(b.make(SNSTopic, "plain")), {F: {"plain"}}),
            R(b.inventory(planned(SNSTopic, "planned", "kms_master_key_id")), {U: {"planned"}}),
        ],
        "sqs_queue_encrypted": [
            R(b.inventory(b.make(SQSQueue, "dlq", sqs_managed_sse=True)), {P: {"dlq"}}),
            R(
                b.inventory(b.make(SQSQueue, "dlq", sqs_managed_sse=True), b.make(SQSQueue, "plain")),
                {P: {"dlq"}, F: {"plain"}},
            ),
        ],
        "cloudtrail_logging": [
            R(
                b.inventory(
                    b.make(CloudTrailTrail, "main", is_logging=True, is_multi_region=True, s3_bucket="t")
                ),
                {P: {"main"}},
            ),
            R(
                b.inventory(
                    b.make(CloudTrailTrail, "off", is_logging=False, is_multi_region=True),
                    b.make(CloudTrailTrail, "single", is_logging=True, is_multi_region=False),
                ),
                {F: {"off", "single"}},
            ),
            R(b.inventory(), {F: {"cloudtrail:CloudTrail trails"}}),
        ],
        "cloudtrail_log_validation": [
            R(b.inventory(b.make(CloudTrailTrail, "main", log_file_validation=True)), {P: {"main"}}),
            R(b.inventory(b.make(CloudTrailTrail, "main", log_file_validation=False)), {F: {"main"}}),
        ],
        "waf_protects_api": [
            R(b.inventory(stage("v1"), acl), {P: {"v1"}}),
            R(
                b.inventory(stage("v1"), stage("v2"), stage("v3"), acl, loose_acl),
                {P: {"v1"}, F: {"v2", "v3"}},
            ),
            # a planned stage's web_acl_arn is known after apply: an ACL in the plan may be associated
            R(
                b.inventory(
                    stage("v1"),
                    stage("v4", source=SourceKind.TERRAFORM, unknown_attributes=("web_acl_arn",)),
                    acl,
                ),
                {P: {"v1"}, U: {"v4"}},
            ),
            R(
                b.inventory(stage("v4", source=SourceKind.TERRAFORM, unknown_attributes=("web_acl_arn",))),
                {F: {"v4"}},
            ),
        ],
        "apigateway_access_logging": [
            R(
                b.inventory(
                    stage("v1", access_log_destination="arn:aws:logs:us-east-1:1:log-group:a"),
                    b.make(
                        ApiGatewayHttpStage,
                        "http",
                        stage_name="$default",
                        access_log_destination="arn:aws:logs:us-east-1:1:log-group:b",
                    ),
                ),
                {P: {"v1", "http"}},
            ),
            R(
                b.inventory(stage("v1"), b.make(ApiGatewayHttpStage, "http", stage_name="$default")),
                {F: {"v1", "http"}},
            ),
        ],
        "ssm_parameters_no_plaintext_secrets": [
            R(
                b.inventory(
                    b.make(
                        SSMParameter,
                        "/ctc/dev/config/symbols",
                        id="arn:aws:ssm:::parameter/symbols",
                        parameter_type="String",
                    ),
                    b.make(
                        SSMParameter,
                        "/ctc/dev/api-token",
                        id="arn:aws:ssm:::parameter/token",
                        parameter_type="SecureString",
                    ),
                ),
                {P: {"symbols", "token"}},
            ),
            R(
                b.inventory(
                    b.make(
                        SSMParameter,
                        "/ctc/dev/db-password",
                        id="arn:aws:ssm:::parameter/password",
                        parameter_type="String",
                    )
                ),
                {F: {"password"}},
            ),
        ],
        "lambda_env_no_secrets": [
            R(
                b.inventory(b.make(LambdaFunction, "api", env_var_names=("TABLE_NAME", "LOG_LEVEL"))),
                {P: {"api"}},
            ),
            R(
                b.inventory(b.make(LambdaFunction, "api", env_var_names=("TABLE_NAME", "API_KEY"))),
                {F: {"api"}},
            ),
            R(b.inventory(planned(LambdaFunction, "planned", "env_var_names")), {U: {"planned"}}),
        ],
        "ecs_task_no_secrets_in_env": [
            R(b.inventory(good_task), {P: {"producer"}}),
            R(b.inventory(good_task, bad_task), {P: {"producer"}, F: {"legacy"}}),
            R(b.inventory(good_task, planned_task), {P: {"producer"}, U: {"planned"}}),
        ],
        "ecs_task_readonly_root": [
            R(b.inventory(good_task), {P: {"producer"}}),
            R(b.inventory(good_task, bad_task), {P: {"producer"}, F: {"legacy"}}),
            R(b.inventory(good_task, planned_task), {P: {"producer"}, U: {"planned"}}),
        ],
        "ecs_task_not_privileged": [
            R(b.inventory(good_task), {P: {"producer"}}),
            R(b.inventory(good_task, bad_task), {P: {"producer"}, F: {"legacy"}}),
            R(b.inventory(good_task, planned_task), {P: {"producer"}, U: {"planned"}}),
        ],
        "ecs_task_right_sized": [
            R(b.inventory(planned(ECSTaskDefinition, "planned", "cpu", family="planned")), {U: {"planned"}}),
            R(b.inventory(good_task), {P: {"producer"}}, {"max_cpu_units": 512, "max_memory_mb": 1024}),
            R(b.inventory(good_task, bad_task), {P: {"producer"}, F: {"legacy"}}),
        ],
        "ecs_cluster_container_insights": [
            R(b.inventory(b.make(ECSCluster, "c", container_insights="enabled")), {P: {"c"}}),
            R(b.inventory(b.make(ECSCluster, "c")), {F: {"c"}}),
        ],
        "budget_configured": [
            R(
                b.inventory(
                    b.make(
                        Budget,
                        "monthly",
                        budget_type="COST",
                        limit_amount=25,
                        limit_unit="USD",
                        time_unit="MONTHLY",
                        notifications=(subscribed,),
                    )
                ),
                {P: {"monthly"}},
                {"max_limit": 25},
            ),
            R(
                b.inventory(
                    b.make(
                        Budget,
                        "silent",
                        limit_amount=25,
                        notifications=(subscribed.model_copy(update={"subscribers": ()}),),
                    ),
                    b.make(Budget, "big", limit_amount=5000, notifications=(subscribed,)),
                ),
                {F: {"silent", "big"}},
                {"max_limit": 25},
            ),
            R(b.inventory(), {F: {"budgets:AWS Budgets"}}),
        ],
    }
