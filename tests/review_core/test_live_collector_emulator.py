"""The live collector against the platform deployed into the emulator by its own Terraform."""

from __future__ import annotations

import pytest

from coattail.emulator import UNSUPPORTED_SERVICES
from coattail.review.inventory import Inventory

pytestmark = pytest.mark.emulator
ACCOUNT = "123456789012"


def _one(items: tuple, name: str):
    found = [x for x in items if x.name == name]
    assert len(found) == 1, f"{name}: {[x.name for x in items]}"
    return found[0]


def test_live_inventory_has_the_deployed_resources_with_their_values(live_collection) -> None:
    inv: Inventory = live_collection.inventory
    # complete but for the services the emulator does not implement (named, not assessed)
    assert {n.service for n in inv.not_assessed} == set(UNSUPPORTED_SERVICES), inv.not_assessed

    raw = _one(inv.s3_buckets, f"ctc-dev-raw-{ACCOUNT}")
    assert raw.id == f"arn:aws:s3:::ctc-dev-raw-{ACCOUNT}" and raw.account == ACCOUNT
    assert (raw.encryption_algorithm, raw.bucket_key_enabled) == ("AES256", True)
    assert raw.public_access_block is not None and raw.public_access_block.all_blocked
    rules = raw.lifecycle_rules
    tiers = [([(t.days, t.storage_class) for t in r.transitions], r.expiration_days) for r in rules]
    assert ([(30, "STANDARD_IA")], 90) in tiers
    assert _one(inv.s3_buckets, f"ctc-dev-processed-{ACCOUNT}").versioning == "Enabled"
    checkpoint = _one(inv.s3_buckets, f"ctc-dev-checkpoint-{ACCOUNT}")
    assert [r.expiration_days for r in checkpoint.lifecycle_rules] == [7]

    trades = _one(inv.kinesis_streams, "ctc-dev-trades")
    assert (trades.stream_mode, trades.encryption_type) == ("ON_DEMAND", "KMS")
    assert trades.kms_key_id == "alias/aws/kinesis"
    assert _one(inv.kinesis_streams, "ctc-dev-trades-dlq").retention_hours == 48

    table = _one(inv.dynamodb_tables, "ctc-dev-alerts")
    assert table.billing_mode == "PAY_PER_REQUEST"
    assert (table.hash_key, table.range_key) == ("alert_id", "detected_at")
    assert {(g.name, g.hash_key, g.range_key) for g in table.global_secondary_indexes} == {
        ("type-time-index", "alert_type", "detected_at"),
        ("symbol-time-index", "symbol", "detected_at"),
    }
    assert (table.ttl_attribute, table.ttl_enabled, table.sse_enabled, table.pitr_enabled) == (
        "ttl_epoch",
        True,
        True,
        False,
    )

    emr = _one(inv.emr_serverless_apps, "ctc-dev-spark")
    assert (emr.auto_stop_enabled, emr.auto_stop_idle_minutes, emr.max_cpu_vcpu, emr.max_memory_gb) == (
        True,
        15,
        4.0,
        8.0,
    )
    driver = emr.initial("DRIVER")
    assert driver is not None and (driver.count, driver.cpu_vcpu, driver.memory_gb) == (1, 2.0, 4.0)

    iterator = _one(inv.cloudwatch_alarms, "ctc-dev-trades-iterator-age")
    assert (iterator.threshold, iterator.period) == (300000.0, 300)
    assert (iterator.evaluation_periods, iterator.datapoints_to_alarm) == (3, 3)
    assert iterator.has_actions and iterator.alarm_actions[0].endswith(":ctc-dev-alarms")
    assert _one(inv.cloudwatch_dashboards, "ctc-dev-platform").widget_count == 5
    assert len([p for p in inv.ssm_parameters if p.name.startswith("/ctc/dev/")]) == 6

    analyst = _one(inv.iam_roles, "ctc-dev-analyst")
    assert analyst.mfa_required and analyst.region is None
    assert all(p.document is not None for p in analyst.policies)

    machine = _one(inv.state_machines, "ctc-dev-batch")
    assert machine.definition is not None
    assert all(s.retry and s.catch for s in machine.definition.tasks)
    rule = inv.eventbridge_rules[0]
    assert (rule.schedule_expression, rule.state) == ("cron(0 2 * * ? *)", "DISABLED")
    stage = inv.apigateway_stages[0]
    assert stage.throttled and "/metrics/{symbol}" in inv.apigateway_rest_apis[0].resource_paths


def test_api_calls_are_counted_per_service_and_grow_with_resources(live_collection) -> None:
    counter = live_collection.counter
    assert live_collection.api_calls == sum(counter.calls.values()) > 50
    # one listing plus the per-bucket detail calls: 10 details (the ACL among them) per bucket
    buckets = len(live_collection.inventory.s3_buckets)
    assert counter.calls["s3"] == 1 + 10 * buckets
    assert live_collection.inventory.sources[0].api_calls == live_collection.api_calls
