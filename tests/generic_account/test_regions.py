"""`--region all` (the default against a real account): every region the account has enabled, named
in the results; a queue in a second region is found beside the home region's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from coattail.review.cli import cli
from coattail.review.collectors.live import LiveOptions, collect_live
from coattail.review.collectors.live.specs import ALL_SPECS
from coattail.review.inventory import SQSQueue
from tests.generic_account.harness import GenericAccount

pytestmark = [pytest.mark.emulator]


def test_all_enabled_regions_are_scanned_and_named(clean_account: GenericAccount, tmp_path: Path) -> None:
    clean_account.aws("sqs", "eu-west-1").create_queue(QueueName="shop-eu-jobs")
    regions = clean_account.aws("ec2").describe_regions(AllRegions=True)["Regions"]
    enabled = sorted(r["RegionName"] for r in regions if r["OptInStatus"] != "not-opted-in")
    assert len(enabled) < len(regions)  # regions needing an opt-in the account has not given are left out
    sqs_only = tuple(s for s in ALL_SPECS if s.model is SQSQueue)
    got = collect_live(LiveOptions(endpoint_url=clean_account.endpoint_url, regions=("all",), specs=sqs_only))
    queues = {(q.region, q.name) for q in got.inventory.sqs_queues}
    assert {("us-east-1", "shop-jobs"), ("eu-west-1", "shop-eu-jobs")} <= queues
    (run,) = got.inventory.sources
    assert f"; regions {', '.join(enabled)};" in run.target, run.target
    assert not got.inventory.not_assessed

    # the CLI says which regions it scanned; 'all' mixed with a named region is refused
    args = [
        "score",
        "--endpoint-url",
        clean_account.endpoint_url,
        "--source",
        "live",
        "--no-reports",
        "--output-dir",
        str(tmp_path),
        "--region",
        "us-east-1",
        "--region",
        "eu-west-1",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 3), result.output
    assert "regions us-east-1, eu-west-1" in result.output
    data = json.loads((tmp_path / "results.json").read_text())
    assert any(
        c["meta"]["id"] == "sqs_queue_encrypted"
        and any("shop-eu-jobs" in f["resource_id"] for f in c["findings"])
        for c in data["checks"]
    )
    refused = CliRunner().invoke(cli, [*args[:-4], "--region", "all", "--region", "eu-west-1"])
    assert refused.exit_code == 2 and "'all' cannot be combined" in refused.output
