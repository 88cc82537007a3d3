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


def test_platform_estimate_is_in_the_seed_range():
    cost = estimate(platform_inventory())
    assert cost["region"] == "us-east-1" and cost["pricing"]["as_of"]
    by = cost["active_by_service"]
    # 2 on-demand streams at 0.04/h plus a little data; EMR 4 vCPU x 0.052624 + 8 GB x 0.0057785
    assert by["Kinesis"] == pytest.approx(0.08 + 0.007, abs=0.002)
    assert by["EMR Serverless"] == pytest.approx(4 * 0.052624 + 8 * 0.0057785, abs=1e-4)
    assert 0.2 < cost["active_per_hour"] < 0.82 * 1.5
    assert cost["idle_per_day"] < 0.01  # the seed's idle claim holds with streams stopped
    assert cost["idle_per_day_if_streams_kept"] == pytest.approx(
        cost["idle_per_day"] + 2 * 0.04 * 24, abs=1e-3
    )
    assert 1 < cost["monthly"] < 10
    assert cost["seed"]["active_per_hour"] == 0.82
    lines = {(line["service"], line["item"]) for line in cost["lines"]}
    assert ("Kinesis", "on-demand stream-hours") in lines
    kinesis = next(line for line in cost["lines"] if line["item"] == "on-demand stream-hours")
    assert kinesis["quantity"] == 2 and kinesis["resources"] == ["ctc-dev-trades", "ctc-dev-trades-dlq"]
    assert any("Compared with the seed" in n for n in cost["notes"])


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
    assert cost["active_by_service"]["Kinesis"] == pytest.approx(0.2 + 0.007, abs=0.002)
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
