"""Cases for the IAM checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from coattail.review.inventory import IAMPolicy, IAMRole, LambdaFunction, NamedPolicy, PolicyDocument
from coattail.review.model import SourceKind, SourceRun

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
SERVICE_TRUST = {
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ]
}
LAMBDA_TRUST = {
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ]
}
MFA_TRUST = {
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
            "Action": "sts:AssumeRole",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
        }
    ]
}
NO_MFA_TRUST = {
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
            "Action": "sts:AssumeRole",
        }
    ]
}
ANYONE_TRUST = {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}
ANYONE_MFA_TRUST = {  # MFA says nothing about *who*: still anyone with MFA on any account
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": "sts:AssumeRole",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
        }
    ]
}
ORG_TRUST = {
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}},
        }
    ]
}
THIRD_PARTY_TRUST = {
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": "vendor-7f3a"}},
        }
    ]
}
FOREIGN_TRUST = {
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
            "Action": "sts:AssumeRole",
        }
    ]
}
TRADES = "arn:aws:kinesis:us-east-1:123456789012:stream/ctc-dev-trades"
TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/ctc-dev-alerts"


def stmt(actions: list[str], resources: list[str], **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": actions, "Resource": resources, **extra}


def policy(name: str, *statements: dict[str, Any], arn: str | None = None) -> NamedPolicy:
    return NamedPolicy(name=name, arn=arn, document=PolicyDocument.parse({"Statement": list(statements)}))


def cases(b: Any) -> dict[str, list[Any]]:
    R = b.Row
    P, F, U, NA = b.PASS, b.FAIL, b.UNKNOWN, b.NA

    def role(
        name: str, *statements: dict[str, Any], trust: dict[str, Any] = SERVICE_TRUST, **kw: Any
    ) -> IAMRole:
        inline = (policy(f"{name}-policy", *statements),) if statements else ()
        return b.make(
            IAMRole,
            name,
            id=f"arn:aws:iam::123456789012:role/x:{name}",
            trust_policy=PolicyDocument.parse(trust),
            inline_policies=inline,
            **kw,
        )

    scoped = role("scoped", stmt(["kinesis:PutRecord"], [TRADES]), stmt(["cloudwatch:PutMetricData"], ["*"]))
    star_res = role("starres", stmt(["s3:GetObject"], ["*"]))
    star_act = role("staract", stmt(["s3:*"], ["arn:aws:s3:::b/*"]))
    admin = role("admin", stmt(["*"], ["*"]))
    managed_admin = b.make(
        IAMRole,
        "managedadmin",
        id="arn:aws:iam::123456789012:role/x:managedadmin",
        trust_policy=PolicyDocument.parse(SERVICE_TRUST),
        attached_policies=(
            NamedPolicy(
                name="AdministratorAccess",
                aws_managed=True,
                arn="arn:aws:iam::aws:policy/AdministratorAccess",
            ),
        ),
    )
    producer = role(
        "ctc-dev-producer-task",
        stmt(["kinesis:PutRecord", "kinesis:PutRecords"], [TRADES]),
        stmt(["kinesis:DescribeStreamSummary"], [TRADES]),
        stmt(
            ["cloudwatch:PutMetricData"],
            ["*"],
            Condition={"StringLike": {"cloudwatch:namespace": "CryptoPulse/*"}},
        ),
    )
    producer_reads = role(
        "ctc-dev-producer-task", stmt(["kinesis:PutRecords", "kinesis:GetRecords"], [TRADES])
    )
    producer_star = role("ctc-dev-producer-task", stmt(["kinesis:PutRecords"], ["*"]))
    api = role(
        "ctc-dev-lambda-api",
        stmt(["dynamodb:GetItem", "dynamodb:Query"], [TABLE, f"{TABLE}/index/*"]),
        stmt(["sqs:SendMessage"], ["arn:aws:sqs:us-east-1:123456789012:ctc-dev-lambda-dlq"]),
        trust=LAMBDA_TRUST,
    )
    api_writes = role(
        "ctc-dev-lambda-api", stmt(["dynamodb:Query", "dynamodb:PutItem"], [TABLE]), trust=LAMBDA_TRUST
    )
    api_two = role(
        "ctc-dev-lambda-api",
        stmt(["dynamodb:Query"], [TABLE, TABLE.replace("alerts", "other")]),
        trust=LAMBDA_TRUST,
    )
    emr = role(
        "ctc-dev-emr-execution",
        stmt(
            ["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::ctc-dev-raw-1", "arn:aws:s3:::ctc-dev-raw-1/*"]
        ),
    )
    emr_star = role("ctc-dev-emr-execution", stmt(["s3:GetObject"], ["arn:aws:s3:::*"]))
    emr_other = role("ctc-dev-emr-execution", stmt(["s3:GetObject"], ["arn:aws:s3:::payroll/*"]))
    analyst = role(
        "ctc-dev-analyst",
        stmt(["glue:GetTable", "s3:GetObject"], ["arn:aws:s3:::ctc-dev-processed-1/*"]),
        stmt(["athena:StartQueryExecution"], ["arn:aws:athena:us-east-1:123456789012:workgroup/wg"]),
        stmt(["s3:PutObject"], ["arn:aws:s3:::ctc-dev-athena-results-1/*"]),
        trust=MFA_TRUST,
    )
    analyst_writes = role(
        "ctc-dev-analyst",
        stmt(["glue:DeleteTable", "s3:PutObject"], ["arn:aws:s3:::ctc-dev-processed-1/*"]),
        trust=NO_MFA_TRUST,
    )
    run = SourceRun(kind=SourceKind.LIVE, target="local", collected_at=NOW, ok=True)
    fresh = role("fresh", created_at=NOW - timedelta(days=400), last_used_at=NOW - timedelta(days=3))
    new = role("new", created_at=NOW - timedelta(days=1))
    stale = role("stale", created_at=NOW - timedelta(days=400), last_used_at=NOW - timedelta(days=200))
    never = role("never", created_at=NOW - timedelta(days=120))
    undated = role("undated")
    fn_role = "arn:aws:iam::123456789012:role/x:fnrole"
    basic = b.make(
        IAMRole,
        "fnrole",
        id=fn_role,
        trust_policy=PolicyDocument.parse(LAMBDA_TRUST),
        attached_policies=(NamedPolicy(name="AWSLambdaBasicExecutionRole", aws_managed=True),),
    )
    logs_scoped = role(
        "logscoped",
        stmt(
            ["logs:CreateLogStream", "logs:PutLogEvents"],
            ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/api:*"],
        ),
        trust=LAMBDA_TRUST,
    )
    logs_star = role("logstar", stmt(["logs:PutLogEvents"], ["*"]), trust=LAMBDA_TRUST)
    fn = b.make(LambdaFunction, "api", role_arn=fn_role)

    def planned(name: str, *statements: dict[str, Any], trust: dict[str, Any] = SERVICE_TRUST) -> IAMRole:
        """A role from a Terraform plan: one policy's JSON is built from ARNs known only after apply
        (document None); ``statements`` form a second policy whose document is known."""
        known = (policy(f"{name}-known", *statements),) if statements else ()
        return b.make(
            IAMRole,
            name,
            id=f"arn:aws:iam::123456789012:role/x:{name}",
            source=SourceKind.TERRAFORM,
            trust_policy=PolicyDocument.parse(trust),
            inline_policies=(*known, NamedPolicy(name=f"{name}-policy")),
        )

    def trust_pending(name: str) -> IAMRole:
        return b.make(
            IAMRole,
            name,
            id=f"arn:aws:iam::123456789012:role/x:{name}",
            source=SourceKind.TERRAFORM,
            unknown_attributes=("trust_policy",),
        )

    return {
        "iam_policy_no_wildcard_resource": [
            R(b.inventory(scoped), {P: {"scoped"}}),
            R(b.inventory(scoped, star_res, admin), {P: {"scoped"}, F: {"starres", "admin"}}),
            R(b.inventory(scoped), {F: {"scoped"}}, {"allowed_star_actions": []}),
            # a policy known only after apply: UNKNOWN, unless a known statement already fails
            R(
                b.inventory(scoped, planned("plan"), planned("planstar", stmt(["s3:GetObject"], ["*"]))),
                {P: {"scoped"}, U: {"plan"}, F: {"planstar"}},
            ),
        ],
        "iam_policy_no_wildcard_actions": [
            R(b.inventory(scoped, star_res), {P: {"scoped", "starres"}}),
            R(b.inventory(scoped, star_act, admin), {P: {"scoped"}, F: {"staract", "admin"}}),
            R(
                b.inventory(
                    scoped, planned("plan"), planned("planstar", stmt(["s3:*"], ["arn:aws:s3:::b/*"]))
                ),
                {P: {"scoped"}, U: {"plan"}, F: {"planstar"}},
            ),
        ],
        "iam_no_admin_access": [
            R(b.inventory(scoped, star_act), {P: {"scoped", "staract"}}),
            # service-linked roles belong to AWS: not the account's to scope
            R(
                b.inventory(
                    scoped, role("AWSServiceRoleForECS", stmt(["*"], ["*"]), path="/aws-service-role/ecs/")
                ),
                {P: {"scoped"}},
            ),
            R(b.inventory(scoped, admin, managed_admin), {P: {"scoped"}, F: {"admin", "managedadmin"}}),
            R(
                b.inventory(scoped, planned("plan"), planned("planadmin", stmt(["*"], ["*"]))),
                {P: {"scoped"}, U: {"plan"}, F: {"planadmin"}},
            ),
        ],
        "iam_role_trust_scoped": [
            R(b.inventory(scoped, role("human", trust=MFA_TRUST)), {P: {"scoped", "human"}}),
            R(
                b.inventory(scoped, role("anyone", trust=ANYONE_TRUST), role("foreign", trust=FOREIGN_TRUST)),
                {P: {"scoped"}, F: {"anyone", "foreign"}},
            ),
            R(
                b.inventory(role("foreign", trust=FOREIGN_TRUST)),
                {P: {"foreign"}},
                {"trusted_accounts": ["999999999999"]},
            ),
            # a condition counts only when it pins the caller
            R(
                b.inventory(
                    role("org", trust=ORG_TRUST),
                    role("vendor", trust=THIRD_PARTY_TRUST),
                    role("mfa-anyone", trust=ANYONE_MFA_TRUST),
                ),
                {P: {"org", "vendor"}, F: {"mfa-anyone"}},
            ),
            R(b.inventory(scoped, trust_pending("pending")), {P: {"scoped"}, U: {"pending"}}),
        ],
        "iam_human_roles_require_mfa": [
            R(b.inventory(scoped, analyst), {P: {"ctc-dev-analyst"}}, {"required_roles": ["*-analyst"]}),
            R(
                b.inventory(scoped, analyst_writes, role("ops", trust=NO_MFA_TRUST)),
                {F: {"ctc-dev-analyst", "ops"}},
            ),
            R(b.inventory(scoped), {F: {"iam:roles assumable by people"}}, {"required_roles": ["*-analyst"]}),
            R(b.inventory(scoped), {NA: {"iam:roles assumable by people"}}),
            R(
                b.inventory(scoped, trust_pending("ctc-dev-analyst")),
                {U: {"ctc-dev-analyst"}},
                {"required_roles": ["*-analyst"]},
            ),
        ],
        "iam_role_unused": [
            R(b.inventory(fresh, new, sources=(run,)), {P: {"fresh", "new"}}),
            R(
                b.inventory(fresh, stale, never, undated, sources=(run,)),
                {P: {"fresh"}, F: {"stale", "never"}, U: {"undated"}},
            ),
        ],
        "iam_policy_unattached": [
            R(b.inventory(b.make(IAMPolicy, "used", attachment_count=2)), {P: {"used"}}),
            R(
                b.inventory(
                    b.make(IAMPolicy, "used", attachment_count=2),
                    b.make(IAMPolicy, "orphan", attachment_count=0),
                ),
                {P: {"used"}, F: {"orphan"}},
            ),
        ],
        "iam_producer_role_write_only": [
            R(b.inventory(producer, scoped), {P: {"ctc-dev-producer-task"}}),
            R(b.inventory(producer_reads), {F: {"ctc-dev-producer-task"}}),
            R(b.inventory(producer_star), {F: {"ctc-dev-producer-task"}}),
            R(b.inventory(scoped), {F: {"iam:producer roles"}}),
            R(b.inventory(planned("ctc-dev-producer-task")), {U: {"ctc-dev-producer-task"}}),
            R(
                b.inventory(planned("ctc-dev-producer-task", stmt(["kinesis:GetRecords"], [TRADES]))),
                {F: {"ctc-dev-producer-task"}},
            ),
        ],
        "iam_api_role_read_only": [
            R(b.inventory(api, scoped), {P: {"ctc-dev-lambda-api"}}),
            R(b.inventory(api_writes), {F: {"ctc-dev-lambda-api"}}),
            R(b.inventory(api_two), {F: {"ctc-dev-lambda-api"}}),
            R(b.inventory(planned("ctc-dev-lambda-api", trust=LAMBDA_TRUST)), {U: {"ctc-dev-lambda-api"}}),
            R(
                b.inventory(
                    planned("ctc-dev-lambda-api", stmt(["dynamodb:PutItem"], [TABLE]), trust=LAMBDA_TRUST)
                ),
                {F: {"ctc-dev-lambda-api"}},
            ),
        ],
        "iam_emr_role_scoped_buckets": [
            R(b.inventory(emr), {P: {"ctc-dev-emr-execution"}}, {"buckets": ["ctc-dev-*"]}),
            R(b.inventory(emr_star), {F: {"ctc-dev-emr-execution"}}),
            R(b.inventory(emr_other), {F: {"ctc-dev-emr-execution"}}, {"buckets": ["ctc-dev-*"]}),
            R(b.inventory(planned("ctc-dev-emr-execution")), {U: {"ctc-dev-emr-execution"}}),
            R(
                b.inventory(planned("ctc-dev-emr-execution", stmt(["s3:GetObject"], ["arn:aws:s3:::*"]))),
                {F: {"ctc-dev-emr-execution"}},
            ),
        ],
        "iam_analyst_role_read_only": [
            R(
                b.inventory(analyst),
                {P: {"ctc-dev-analyst"}},
                {"allowed_write_buckets": ["ctc-dev-athena-results-*"]},
            ),
            R(b.inventory(analyst_writes), {F: {"ctc-dev-analyst"}}),
            R(b.inventory(planned("ctc-dev-analyst")), {U: {"ctc-dev-analyst"}}),
            R(
                b.inventory(planned("ctc-dev-analyst", stmt(["glue:DeleteTable"], ["*"]))),
                {F: {"ctc-dev-analyst"}},
            ),
        ],
        "iam_lambda_logs_scoped": [
            R(b.inventory(logs_scoped, scoped), {P: {"logscoped"}}),
            R(b.inventory(basic, logs_star, logs_scoped, fn), {P: {"logscoped"}, F: {"fnrole", "logstar"}}),
            R(
                b.inventory(
                    logs_scoped,
                    planned("planlogs", trust=LAMBDA_TRUST),
                    planned("planstar", stmt(["logs:PutLogEvents"], ["*"]), trust=LAMBDA_TRUST),
                ),
                {P: {"logscoped"}, U: {"planlogs"}, F: {"planstar"}},
            ),
        ],
    }
