"""Cost summary from an Inventory of the platform's resources, with the shipped pricing table."""

from __future__ import annotations

import pytest
import yaml

from coattail.review.cost import PricingError, available_regions, estimate, load_pricing, load_workload
from coattail.review.inventory import Inventory
from coattail.review.inventory.apigateway import ApiGatewayRestApi
from coattail.review.inventory.awslambda import LambdaFunction
from coattail.review.inventory.cloudwatch import CloudWatchAlarm, CloudWatchDashboard
from coattail.review.inventory.dynamodb import DynamoDBTable
from coattail.review.inventory.emr import EMRServerlessApp, WorkerCapacity
from coattail.review.inventory.kinesis import KinesisStream
from coattail.review.inventory.s3 import S3Bucket
from coattail.review.inventory.ssm import SSMParameter
from coattail.review.model import SourceKind

ACCOUNT, REGION = "123456789012", "us-east-1"


def live(cls, name, source=SourceKind.LIVE, **attrs):
    return cls(
        id=f"arn:aws:{cls.service}:{REGION}:{ACCOUNT}:{name}",
        name=name,
        source=source,
        region=REGION,
        account=ACCOUNT,
        **attrs,
    )


def platform_inventory(**emr_overrides) -> Inventory:
    emr = {
        "max_cpu_vcpu": 4,
        "max_memory_gb": 8,
        "auto_stop_enabled": True,
        "auto_stop_idle_minutes": 15,
        "initial_capacity": (WorkerCapacity(worker_type="DRIVER", count=1, cpu_vcpu=2, memory_gb=4),),
    }
    emr.update(emr_overrides)
    resources = [
        live(KinesisStream, "ctc-dev-trades", stream_mode="ON_DEMAND"),
        live(KinesisStream, "ctc-dev-trades-dlq", stream_mode="ON_DEMAND"),
        # the same stream seen by Terraform is not counted twice
        live(KinesisStream, "ctc-dev-trades", source=SourceKind.TERRAFORM, stream_mode="ON_DEMAND"),
        live(EMRServerlessApp, "ctc-dev-spark", **emr),
        live(DynamoDBTable, "ctc-dev-alerts", billing_mode="PAY_PER_REQUEST"),
        live(LambdaFunction, "ctc-dev-api", memory_mb=256),
        live(ApiGatewayRestApi, "ctc-dev-api"),
        *[
            live(S3Bucket, f"ctc-dev-{b}-{ACCOUNT}")
            for b in ("raw", "processed", "checkpoint", "athena-results")
        ],
        *[live(CloudWatchAlarm, f"ctc-dev-{a}") for a in ("billing", "iterator-age", "throttles", "quality")],
        live(CloudWatchDashboard, "ctc-dev-platform"),
        *[live(SSMParameter, f"/ctc/dev/p{i}") for i in range(6)],
    ]
    return Inventory.from_resources(resources)


def test_platform_estimate_prices_what_exists_by_hand():
    cost = estimate(platform_inventory())
    assert cost["region"] == "us-east-1" and cost["pricing"]["as_of"]
    lines = {(line["service"], line["item"].split(" (")[0]): line for line in cost["lines"]}
    # two on-demand streams bill 0.04/h each for as long as they exist: 1.92 USD/day, running or not
    streams = lines[("Kinesis", "on-demand stream-hours")]
    assert streams["mode"] == "idle" and streams["usd_per_day"] == pytest.approx(2 * 0.04 * 24)
    assert streams["quantity"] == 2 and streams["resources"] == ["ctc-dev-trades", "ctc-dev-trades-dlq"]
    # 40 records/s of 400 B are billed as 1 KB each: 40 x 1024 x 3600 B per hour at 0.08/GB
    ingest = lines[("Kinesis", "data ingested")]
    assert ingest["usd_per_hour"] == pytest.approx(40 * 1024 * 3600 / 1024**3 * 0.08, abs=1e-6)
    by = cost["active_by_service"]
    assert by["EMR Serverless"] == pytest.approx(4 * 0.052624 + 8 * 0.0057785, abs=1e-4)
    # idle = everything that bills per day: streams, S3 storage, alarms beyond the free tier, logs
    idle = sum(line["usd_per_day"] for line in cost["lines"] if line["mode"] == "idle")
    assert cost["idle_per_day"] == pytest.approx(idle, abs=1e-4) and idle >= 1.92
    assert cost["active_per_hour"] == pytest.approx(
        cost["usage_per_hour"] + cost["idle_per_day"] / 24, abs=1e-4
    )
    assert any("does not hold for this inventory" in n for n in cost["notes"])
    assert cost["seed"]["active_per_hour"] == 0.82 and cost["not_priced"] == []
    assert any("Compared with the seed" in n for n in cost["notes"])


def test_ingest_is_billed_per_record_rounded_up_to_a_kilobyte():
    from coattail.review.cost import ingest_gb_per_hour

    assert ingest_gb_per_hour(1, 1) == ingest_gb_per_hour(1, 1024) == 3600 * 1024 / 1024**3
    assert ingest_gb_per_hour(1, 1025) == 2 * ingest_gb_per_hour(1, 1024)


def test_keys_tasks_logs_waf_and_batch_are_priced():
    from coattail.review.inventory.ecs import ECSTaskDefinition
    from coattail.review.inventory.governance import KMSKey, WafRule, WafWebAcl
    from coattail.review.inventory.stepfunctions import StepFunctionsStateMachine

    extra = [
        live(KMSKey, "ctc-dev-key", manager="CUSTOMER", key_state="Enabled"),
        live(KMSKey, "aws-s3", manager="AWS", aliases=("alias/aws/s3",)),
        live(
            ECSTaskDefinition,
            "producer",
            family="ctc-dev-producer",
            cpu=256,
            memory_mb=512,
            requires_compatibilities=("FARGATE",),
        ),
        live(WafWebAcl, "ctc-dev-api", rules=(WafRule(name="rate", priority=1),)),
        live(StepFunctionsStateMachine, "ctc-dev-batch"),
    ]
    base = platform_inventory()
    cost = estimate(Inventory.from_resources([*base.resources(), *extra]))
    lines = {
        line["service"]: line
        for line in cost["lines"]
        if line["service"] in ("KMS", "Fargate", "VPC", "WAF", "Step Functions")
    }
    assert lines["KMS"]["quantity"] == 1 and lines["KMS"]["usd_per_day"] == pytest.approx(
        1.0 / (730 / 24), abs=1e-6
    )
    assert lines["Fargate"]["usd_per_hour"] == pytest.approx(0.25 * 0.04048 + 0.5 * 0.004445, abs=1e-6)
    assert lines["VPC"]["usd_per_hour"] == pytest.approx(0.005, abs=1e-6)
    waf = next(line for line in cost["lines"] if line["service"] == "WAF" and line["mode"] == "idle")
    assert waf["usd_per_day"] == pytest.approx((5 + 1) / (730 / 24), abs=1e-6)
    # 12 transitions a day are inside the 4000 free a month
    assert lines["Step Functions"]["usd_per_day"] == 0


def test_cost_options_pitr_and_api_cache_are_priced_as_idle_costs():
    """The options the seed leaves off bill while the platform is stopped: each is a named idle line."""
    from coattail.review.inventory.apigateway import ApiGatewayStage

    base = platform_inventory()
    table = next(t for t in base.dynamodb_tables if t.name == "ctc-dev-alerts")
    options = [
        table.model_copy(update={"pitr_enabled": True}),
        live(
            ApiGatewayStage,
            "ctc-dev-api/v1",
            stage_name="v1",
            cache_cluster_enabled=True,
            cache_cluster_size="0.5",
        ),
    ]
    kept = [r for r in base.resources() if r is not table]
    before, after = estimate(base), estimate(Inventory.from_resources([*kept, *options]))
    idle = {line["item"]: line for line in after["lines"] if line["mode"] == "idle"}
    pitr = idle["ctc-dev-alerts: point-in-time recovery (continuous backups)"]
    gb = load_workload()["stored_gb_dynamodb"]
    assert pitr["usd_per_day"] == pytest.approx(gb * 0.20 / (730 / 24), abs=1e-6)
    cache = idle["ctc-dev-api/v1: cache cluster 0.5 GB (bills every hour it exists)"]
    assert cache["usd_per_day"] == pytest.approx(24 * 0.020, abs=1e-9)
    assert after["idle_per_day"] == pytest.approx(
        before["idle_per_day"] + pitr["usd_per_day"] + cache["usd_per_day"], abs=1e-3
    )  # the totals are rounded to 4 decimals


def test_every_resource_type_is_priced_or_free_to_keep():
    from coattail.review.cost_services import BILLED_NOT_PRICED, FREE_TO_KEEP, PRICED
    from coattail.review.inventory.snapshot import RESOURCE_FIELDS

    decided = PRICED | set(FREE_TO_KEEP) | set(BILLED_NOT_PRICED)
    undecided = {c.resource_type for c in RESOURCE_FIELDS} - decided
    assert not undecided, f"say how these bill (PRICED, FREE_TO_KEEP or BILLED_NOT_PRICED): {undecided}"


def test_estimate_moves_with_the_resources():
    base = estimate(platform_inventory())
    bigger = estimate(platform_inventory(max_cpu_vcpu=16, max_memory_gb=64))
    assert bigger["active_per_hour"] > base["active_per_hour"] + 0.5
    no_autostop = estimate(platform_inventory(auto_stop_enabled=False))
    assert no_autostop["idle_per_day"] == pytest.approx(
        base["idle_per_day"] + (2 * 0.052624 + 4 * 0.0057785) * 24, abs=1e-3
    )
    empty = estimate(Inventory())
    assert empty["active_per_hour"] < 0.01 and empty["idle_per_day"] == 0


def test_free_tier_and_workload_are_data():
    workload = load_workload()
    workload["apply_free_tier"] = False
    cost = estimate(platform_inventory(), workload=workload)
    alarms = next(line for line in cost["lines"] if "alarms" in line["item"])
    assert alarms["quantity"] == 4 and alarms["usd_per_day"] == pytest.approx(4 * 0.10 / (730 / 24), abs=1e-5)


def test_pricing_is_region_aware(tmp_path):
    assert "us-east-1" in available_regions()
    with pytest.raises(PricingError, match=r"no pricing table for region 'ap-south-2'.*us-east-1"):
        estimate(platform_inventory(), region="ap-south-2")
    table = load_pricing("us-east-1")
    table["region"] = "eu-west-1"
    table["prices"]["kinesis"]["on_demand_stream_hour"] = 0.1
    (tmp_path / "eu-west-1.yaml").write_text(yaml.safe_dump(table))
    cost = estimate(platform_inventory(), region="eu-west-1", pricing_directory=tmp_path)
    assert cost["region"] == "eu-west-1"
    data = 40 * 1024 * 3600 / 1024**3 * 0.08 + 40 * 400 * 3600 / 1024**3 * 0.04
    assert cost["active_by_service"]["Kinesis"] == pytest.approx(0.2 + data, abs=1e-4)
    (tmp_path / "bad.yaml").write_text("region: other\n")
    with pytest.raises(PricingError, match="missing"):
        load_pricing("bad", tmp_path)


def test_cost_renders_in_the_reports(results_factory):
    from coattail.review.reports.render import render_html, render_markdown

    res = results_factory(cost=estimate(platform_inventory()))
    md = render_markdown(res)
    part = md.split("### Cost Summary", 1)[1].split("### Improvement", 1)[0]
    assert "| Active demo | ~$" in part and "~$0.82/hour" in part and "$7.00-$8.00/month" in part
    assert "on-demand stream-hours" in part and "prices as of 2025-11-01" in part
    assert "Cost summary" in render_html(res)


def test_the_billing_auto_stop_is_named_and_its_alarm_counted():
    """The auto-stop function bills per invocation only (named, nothing idle); its alarm is one more."""
    base = platform_inventory()
    extra = [
        live(LambdaFunction, "ctc-dev-auto-stop", memory_mb=128),
        live(CloudWatchAlarm, "ctc-dev-billing-auto-stop"),
    ]
    cost = estimate(Inventory.from_resources([*base.resources(), *extra]))
    alarms = next(
        line for line in cost["lines"] if line["service"] == "CloudWatch" and "alarms" in line["item"]
    )
    assert "ctc-dev-billing-auto-stop" in alarms["resources"]
    assert alarms["item"].startswith("5 alarms")
    [note] = [n for n in cost["notes"] if n.startswith("Lambda ctc-dev-auto-stop")]
    assert "nothing while idle" in note
    assert not [
        line for line in cost["lines"] if "ctc-dev-auto-stop" in line["resources"] and line["usd_per_day"]
    ]
    assert cost["idle_per_day"] == pytest.approx(estimate(base)["idle_per_day"], abs=1e-9)
