"""Values a plan knows only after apply, settled through the configuration's references.

Hand-written plan documents (the shapes of ``terraform show -json``) for each way a reference
reaches a resource — same module, module output, module input, an output over a resource's
instances — and for references that cannot be followed; then a real plan of platform/infra.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coattail.review.checks._registry import load_checks
from coattail.review.collectors.terraform import TerraformOptions, collect_terraform, inventory_from_document
from coattail.review.collectors.terraform.after_apply import AfterApply, is_after_apply, significant
from coattail.review.collectors.terraform.loader import TfResource, load_json_file
from coattail.review.collectors.terraform.locate import Locator
from coattail.review.collectors.terraform.policy_documents import render
from coattail.review.decisions import review_plan
from coattail.review.engine import review
from coattail.review.inventory import Inventory
from coattail.review.model import Pillar, Status
from coattail.review.profile import load_profile

IDENTITY = {"mode": "data", "type": "aws_caller_identity", "values": {"account_id": "111122223333"}}
ROLE_ARN = "arn:aws:iam::111122223333:role/ctc-dev-analyst"


def _managed(address: str, values: dict[str, Any], index: Any = None) -> dict[str, Any]:
    base = address.split("[")[0]
    rtype, name = base.split(".")[-2:]
    out = {"address": address, "mode": "managed", "type": rtype, "name": name, "values": values}
    return out if index is None else {**out, "index": index}


def _refs(*refs: str) -> dict[str, Any]:
    return {"references": list(refs)}


def _plan(
    root: list[dict[str, Any]],
    modules: dict[str, list[dict[str, Any]]],
    unknown: dict[str, dict[str, Any]],
    configuration: dict[str, Any],
) -> dict[str, Any]:
    children = [
        {
            "address": f"module.{name}",
            "resources": [{**r, "address": f"module.{name}.{r['address']}"} for r in rs],
        }
        for name, rs in modules.items()
    ]
    return {
        "planned_values": {"root_module": {"resources": root, "child_modules": children}},
        "resource_changes": [{"address": a, "change": {"after_unknown": u}} for a, u in unknown.items()],
        "prior_state": {"values": {"root_module": {"resources": [IDENTITY]}}},
        "configuration": {"root_module": configuration},
    }


def _collect(tmp_path: Path, plan: dict[str, Any]) -> Inventory:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    return collect_terraform(TerraformOptions(plan_json=path, run_checkov=False))


def _statuses(inv: Inventory, check_id: str) -> dict[str, Status]:
    (check,) = [c for c in load_checks() if c.id == check_id]
    return {f.resource_id.rsplit(":", 1)[-1]: f.status for f in check.run(inv)}


KEY = {"arn": True, "id": True, "key_id": True}
QUEUE_UNKNOWN = {"kms_master_key_id": True, "sqs_managed_sse_enabled": True, "arn": True}


def _queue_and_topic_plan() -> dict[str, Any]:
    """A topic keyed by a key of its module; queues keyed through module wiring, or not at all."""
    keys = [_managed("aws_kms_key.this", {"enable_key_rotation": True})]
    root = [
        _managed("aws_sns_topic.alarms", {"name": "ctc-dev-alarms"}),
        _managed("aws_kms_key.topic", {"enable_key_rotation": True}),
        _managed("aws_sqs_queue.unset", {"name": "ctc-dev-unset"}),
        _managed("aws_sqs_queue.from_var", {"name": "ctc-dev-from-var"}),
        _managed("aws_sqs_queue.off", {"name": "ctc-dev-off", "sqs_managed_sse_enabled": False}),
    ]
    queue_mod = [_managed("aws_sqs_queue.inbox", {"name": "ctc-dev-inbox"})]
    configuration = {
        "resources": [
            {"address": "aws_sns_topic.alarms", "expressions": {
                "kms_master_key_id": _refs("aws_kms_key.topic.arn", "aws_kms_key.topic")}},
            {"address": "aws_sqs_queue.from_var", "expressions": {"kms_master_key_id": _refs("var.key_arn")}},
        ],
        "module_calls": {
            "keys": {"source": "./keys", "module": {"outputs": {
                "key_arn": {"expression": _refs("aws_kms_key.this.arn", "aws_kms_key.this")}}}},
            "queue": {
                "source": "./queue",
                "expressions": {"key_arn": _refs("module.keys.key_arn", "module.keys")},
                "module": {"resources": [{"address": "aws_sqs_queue.inbox", "expressions": {
                    "kms_master_key_id": _refs("var.key_arn")}}]},
            },
        },
    }  # fmt: skip
    unknown = {
        "aws_sns_topic.alarms": {"kms_master_key_id": True, "arn": True},
        "aws_kms_key.topic": KEY,
        "module.keys.aws_kms_key.this": KEY,
        "module.queue.aws_sqs_queue.inbox": QUEUE_UNKNOWN,
        "aws_sqs_queue.unset": QUEUE_UNKNOWN,
        "aws_sqs_queue.from_var": QUEUE_UNKNOWN,
        "aws_sqs_queue.off": {"arn": True},
    }
    return _plan(root, {"keys": keys, "queue": queue_mod}, unknown, configuration)


def test_a_key_referenced_from_a_resource_of_the_plan_is_set(tmp_path: Path) -> None:
    inv = _collect(tmp_path, _queue_and_topic_plan())
    (topic,) = inv.sns_topics
    assert topic.kms_master_key_id == "known after apply (aws_kms_key.topic.arn)"
    assert is_after_apply(topic.kms_master_key_id) and not topic.is_unknown("kms_master_key_id")
    assert _statuses(inv, "sns_topic_encrypted") == {"ctc-dev-alarms": Status.PASS}


def test_a_key_reached_through_module_input_and_output_is_set(tmp_path: Path) -> None:
    inv = _collect(tmp_path, _queue_and_topic_plan())
    queues = {q.name: q for q in inv.sqs_queues}
    assert queues["ctc-dev-inbox"].kms_master_key_id == "known after apply (module.keys.aws_kms_key.this.arn)"
    assert _statuses(inv, "sqs_queue_encrypted") == {
        "ctc-dev-inbox": Status.PASS,  # module.queue <- module.keys.key_arn <- aws_kms_key.this.arn
        "ctc-dev-from-var": Status.UNKNOWN,  # a root variable: the plan cannot tell what it holds
        "ctc-dev-unset": Status.UNKNOWN,  # no key, and SSE-SQS left to the provider's default
        "ctc-dev-off": Status.FAIL,  # no key and SSE-SQS explicitly off
    }


ROLES = _refs("aws_iam_role.this")  # {for k, r in aws_iam_role.this : k => r.arn}
ANALYST = _refs('module.iam.role_arns["analyst"]', "module.iam.role_arns", "module.iam")


def test_lake_formation_principal_resolves_to_the_role_arn(tmp_path: Path) -> None:
    role = _managed('aws_iam_role.this["analyst"]', {"name": "ctc-dev-analyst", "path": "/"}, "analyst")
    grant = _managed(
        "aws_lakeformation_permissions.analyst_database",
        {"permissions": ["DESCRIBE"], "database": [{"name": "ctc_dev_lakehouse"}]},
    )
    database = _managed("aws_glue_catalog_database.lakehouse", {"name": "ctc_dev_lakehouse"})
    configuration = {
        "resources": [{"address": "aws_glue_catalog_database.lakehouse", "expressions": {}}],
        "module_calls": {
            "iam": {"source": "./iam", "module": {"outputs": {"role_arns": {"expression": ROLES}}}},
            "lf": {
                "source": "./lf",
                "expressions": {"analyst_role_arn": ANALYST},
                "module": {"resources": [{"address": "aws_lakeformation_permissions.analyst_database",
                                          "expressions": {"principal": _refs("var.analyst_role_arn")}}]},
            },
        },
    }  # fmt: skip
    unknown = {
        'module.iam.aws_iam_role.this["analyst"]': {"arn": True, "id": True},
        "module.lf.aws_lakeformation_permissions.analyst_database": {"principal": True, "id": True},
    }
    plan = _plan([database], {"iam": [role], "lf": [grant]}, unknown, configuration)
    inv = _collect(tmp_path, plan)
    (permission,) = inv.lakeformation_permissions
    assert permission.principal == ROLE_ARN and not permission.is_unknown("principal")
    (check,) = [c for c in load_checks() if c.id == "lakeformation_permissions_granted"]
    (finding,) = check.run(inv, {"principals": ["*ctc-dev-analyst"]})
    assert finding.status == Status.PASS, finding.message
    # without the module wiring the grant's principal cannot be told: the check cannot judge
    del plan["configuration"]["root_module"]["module_calls"]["lf"]["expressions"]
    (finding,) = check.run(_collect(tmp_path, plan), {"principals": ["*ctc-dev-analyst"]})
    assert finding.status == Status.UNKNOWN, finding.message


def test_a_role_the_plan_creates_is_not_an_unused_role(tmp_path: Path) -> None:
    role = _managed("aws_iam_role.app", {"name": "ctc-dev-app", "assume_role_policy": TRUST})
    plan = _plan([role], {}, {"aws_iam_role.app": {"arn": True, "create_date": True}}, {})
    inv = _collect(tmp_path, plan)
    assert inv.iam_roles[0].is_unknown("created_at")
    assert _statuses(inv, "iam_role_unused") == {"role/ctc-dev-app": Status.PASS}


def test_a_pending_id_never_becomes_part_of_an_identity(tmp_path: Path) -> None:
    """Only settings like KMS keys take the marker: an id that builds the stage's ARN stays unknown."""
    api = _managed("aws_api_gateway_rest_api.alerts", {"name": "ctc-dev-api"})
    stage = _managed("aws_api_gateway_stage.alerts", {"stage_name": "v1"})
    api_id = _refs("aws_api_gateway_rest_api.alerts.id", "aws_api_gateway_rest_api.alerts")
    configuration = {
        "resources": [{"address": "aws_api_gateway_stage.alerts", "expressions": {"rest_api_id": api_id}}]
    }
    unknown = {
        "aws_api_gateway_rest_api.alerts": {"id": True, "arn": True},
        "aws_api_gateway_stage.alerts": {"rest_api_id": True, "arn": True},
    }
    inv = _collect(tmp_path, _plan([api, stage], {}, unknown, configuration))
    (found,) = inv.apigateway_stages
    assert "known after apply" not in found.id + found.name
    assert found.id == "aws_api_gateway_stage.alerts"


def test_references_the_plan_cannot_follow_stay_unknown() -> None:
    assert significant(
        ["aws_kms_key.a.arn", "aws_kms_key.a", 'module.m.x["k"]', "module.m.x", "module.m"]
    ) == [
        "aws_kms_key.a.arn",
        'module.m.x["k"]',
    ]
    marker = AfterApply.of("aws_kms_key.a.arn")
    # a document of another shape than the provider's stays unknown instead of failing the source
    odd = {"statement": [{"actions": ["s3:GetObject"], "condition": [{"values": ["x"]}]}]}
    assert (
        render(TfResource("data.aws_iam_policy_document.x", "", "aws_iam_policy_document", "x", None, odd))
        is None
    )
    assert is_after_apply(marker) and is_after_apply(str(marker)) and not is_after_apply("alias/aws/sqs")


# -- a real plan of platform/infra --------------------------------------------------------------


@pytest.fixture(scope="module")
def infra_plan(endpoint_url: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``terraform plan`` of platform/infra into the emulator from an empty state (all creates)."""
    from coattail.cli.local import Deployment

    workdir = tmp_path_factory.mktemp("infra-plan")
    deployment = Deployment(endpoint_url=endpoint_url, workdir=workdir)
    deployment.prepare()
    deployment.terraform.init()
    plan_file = workdir / "infra.tfplan"
    deployment.terraform.plan([], plan_file)
    path = workdir / "plan.json"
    path.write_text(json.dumps(deployment.terraform.show_json(plan_file)), encoding="utf-8")
    return path


def _security_unknowns(inv: Inventory) -> tuple[int, dict[str, Status]]:
    checks = load_checks()
    results = review(inv, checks, review_plan(load_profile("ctc", checks)))
    security = [c for c in results.checks if c.meta.pillar == Pillar.SECURITY]
    count = sum(1 for c in security for f in c.findings if f.status == Status.UNKNOWN)
    return count, {c.meta.id: c.status for c in security}


@pytest.mark.emulator
@pytest.mark.slow
def test_plan_of_the_platform_judges_more_security_checks(infra_plan: Path, repo_root: Path) -> None:
    doc = load_json_file(infra_plan)
    locator = Locator(repo_root / "platform" / "infra", "platform/infra", doc.module_sources)

    def inventory(follow: bool) -> Inventory:
        resources, gaps = inventory_from_document(doc, locator, follow_references=follow)
        assert gaps == []
        return Inventory.from_resources(resources)

    before, was = _security_unknowns(inventory(False))
    after, now = _security_unknowns(inventory(True))
    assert after < before, (before, after)
    settled = ("sns_topic_encrypted", "lakeformation_permissions_granted", "lakeformation_analyst_tag_access")
    assert {c: was[c] for c in settled} == dict.fromkeys(settled, Status.UNKNOWN)
    assert {c: now[c] for c in settled} == dict.fromkeys(settled, Status.PASS)
    assert (
        now["sqs_queue_encrypted"]
        == now["kinesis_stream_encrypted"]
        == now["s3_bucket_encryption"]
        == Status.PASS
    )
    # policies rebuilt from their aws_iam_policy_document, environment names from the .tf map
    rebuilt = (
        "s3_tls_only_policy",
        "iam_no_admin_access",
        "iam_policy_no_wildcard_actions",
        "lambda_env_no_secrets",
    )
    assert {c: was[c] for c in rebuilt} == dict.fromkeys(rebuilt, Status.UNKNOWN)
    assert {c: now[c] for c in rebuilt} == dict.fromkeys(rebuilt, Status.PASS)
    assert now["iam_emr_role_scoped_buckets"] == Status.UNKNOWN  # its bucket ARNs are still pending
    assert now["iam_role_unused"] == Status.PASS  # every role is created by the planned apply


# -- policies rebuilt from their aws_iam_policy_document -------------------------------------------

LOCALS_TF = "locals {\n  role_policies = {\n    app = data.aws_iam_policy_document.app.json\n  }\n}\n"
TRUST = json.dumps(
    {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "lambda.amazonaws.com"}}]}
)  # fmt: skip


def _policy_plan(pending: dict[str, Any]) -> dict[str, Any]:
    """A role whose inline policy is ``local.role_policies[each.key]``: a document deferred to apply."""
    role = _managed('aws_iam_role.this["app"]', {"name": "ctc-dev-app", "assume_role_policy": TRUST}, "app")
    policy = _managed('aws_iam_role_policy.this["app"]', {"name": "ctc-dev-app-policy"}, "app")
    document = {
        "address": "data.aws_iam_policy_document.app", "mode": "data", "type": "aws_iam_policy_document",
        "name": "app", "values": {"statement": [
            {"sid": "Write", "actions": ["s3:PutObject"], "resources": [None], "condition": []},
            {"sid": "Metrics", "actions": ["cloudwatch:PutMetricData"], "resources": ["*"], "condition": []},
        ]},
    }  # fmt: skip
    plan = _plan(
        [role, policy, document],
        {},
        {
            'aws_iam_role.this["app"]': {"arn": True},
            'aws_iam_role_policy.this["app"]': {"policy": True, "role": True},
            "data.aws_iam_policy_document.app": {"json": True, "statement": [pending, {}]},
        },
        {"resources": [{"address": "aws_iam_role_policy.this", "expressions": {
            "policy": _refs("local.role_policies", "each.key"),
            "role": _refs("aws_iam_role.this", "each.key")}}]},
    )  # fmt: skip
    return plan


def _policy_verdicts(tmp_path: Path, plan: dict[str, Any]) -> dict[str, Status]:
    (tmp_path / "main.tf").write_text(LOCALS_TF, encoding="utf-8")
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    inv = collect_terraform(TerraformOptions(directory=tmp_path, plan_json=path, run_checkov=False))
    checks = {c.id: c for c in load_checks()}
    params = {"iam_emr_role_scoped_buckets": {"roles": ["ctc-dev-app"], "buckets": ["ctc-dev-*"]}}
    return {
        cid: checks[cid].run(inv, params.get(cid))[0].status
        for cid in (
            "iam_policy_no_wildcard_actions",
            "iam_policy_no_wildcard_resource",
            "iam_emr_role_scoped_buckets",
        )
    }


def test_policy_with_pending_resource_arns_is_rebuilt_from_its_document(tmp_path: Path) -> None:
    assert _policy_verdicts(tmp_path, _policy_plan({"resources": [True]})) == {
        "iam_policy_no_wildcard_actions": Status.PASS,
        "iam_policy_no_wildcard_resource": Status.PASS,  # a pending ARN is never "*"
        "iam_emr_role_scoped_buckets": Status.UNKNOWN,  # which bucket it names is still pending
    }


def test_policy_with_pending_actions_stays_unknown(tmp_path: Path) -> None:
    verdicts = _policy_verdicts(tmp_path, _policy_plan({"resources": [True], "actions": [True]}))
    assert set(verdicts.values()) == {Status.UNKNOWN}


# -- keys of a literal map whose values are pending --------------------------------------------

FUNCTION_TF = """\
resource "aws_lambda_function" "api" {
  function_name = "ctc-dev-api"
  environment {
    variables = %s
  }
}
"""


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ('{\n      TABLE = aws_dynamodb_table.alerts.name\n      LOG_LEVEL = "INFO"\n    }', Status.PASS),
        (
            "{\n      TABLE = aws_dynamodb_table.alerts.name\n      DB_PASSWORD = var.password\n    }",
            Status.FAIL,
        ),
        ("merge(var.extra, { TABLE = aws_dynamodb_table.alerts.name })", Status.UNKNOWN),
    ],
)
def test_environment_variable_names_come_from_the_literal_map(
    tmp_path: Path, variables: str, expected: Status
) -> None:
    (tmp_path / "main.tf").write_text(FUNCTION_TF % variables, encoding="utf-8")
    fn = _managed("aws_lambda_function.api", {"function_name": "ctc-dev-api", "environment": [{}]})
    plan = _plan([fn], {}, {"aws_lambda_function.api": {"environment": [{"variables": True}]}}, {})
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    inv = collect_terraform(TerraformOptions(directory=tmp_path, plan_json=path, run_checkov=False))
    assert _statuses(inv, "lambda_env_no_secrets") == {"ctc-dev-api": expected}
    if expected != Status.UNKNOWN:
        (function,) = inv.lambda_functions
        assert "TABLE" in function.env_var_names and not function.is_unknown("env_var_names")


def _bucket_with_lifecycle(key: str, values: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    rule = {
        "id": f"expire-{key}",
        "status": "Enabled",
        "filter": [{"prefix": ""}],
        "expiration": [{"days": 30}],
    }
    bucket = _managed(f'aws_s3_bucket.this["{key}"]', values, key)
    lifecycle = _managed(f"aws_s3_bucket_lifecycle_configuration.{key}", {"rule": [rule]})
    refs = _refs(f'aws_s3_bucket.this["{key}"].id', f'aws_s3_bucket.this["{key}"]', "aws_s3_bucket.this")
    config = {"address": f"aws_s3_bucket_lifecycle_configuration.{key}", "expressions": {"bucket": refs}}
    return bucket, lifecycle, config


def test_sub_resources_still_join_their_bucket_when_its_id_is_pending(tmp_path: Path) -> None:
    """``bucket = aws_s3_bucket.this["raw"].id``: a bucket's id is its name (a join value); a name
    known only after apply (``bucket_prefix``) is the marker, which joins by reference."""
    raw = _bucket_with_lifecycle("raw", {"bucket": "ctc-dev-raw-1"})
    tmp = _bucket_with_lifecycle("tmp", {"bucket_prefix": "ctc-dev-tmp-"})
    unknown = {
        'aws_s3_bucket.this["raw"]': {"arn": True, "id": True},
        'aws_s3_bucket.this["tmp"]': {"arn": True, "id": True, "bucket": True},
        "aws_s3_bucket_lifecycle_configuration.raw": {"bucket": True, "id": True},
        "aws_s3_bucket_lifecycle_configuration.tmp": {"bucket": True, "id": True},
    }
    plan = _plan([*raw[:2], *tmp[:2]], {}, unknown, {"resources": [raw[2], tmp[2]]})
    inv = _collect(tmp_path, plan)
    rules = {b.tf_address: [r.id for r in b.lifecycle_rules] for b in inv.s3_buckets}
    assert rules == {'aws_s3_bucket.this["raw"]': ["expire-raw"], 'aws_s3_bucket.this["tmp"]': ["expire-tmp"]}


def test_a_value_known_after_apply_is_not_drift() -> None:
    from coattail.review.collectors.drift import known_equal

    pending = AfterApply.of("aws_kms_key.topic.arn")
    assert known_equal(pending, "arn:aws:kms:us-east-1:111122223333:key/1")
    assert known_equal({"Resource": [pending]}, {"Resource": ["arn:aws:s3:::b"]})
    assert not known_equal("alias/aws/sns", "arn:aws:kms:us-east-1:111122223333:key/1")
