"""Pure parts of the stop procedure: offset generations, checkpoint offset logs, the run-state plan
guard, and what a plan of the stopped state removes."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coattail.cli.run_state import RUN_STATE_FILE, RunStateError, recorded_state, unrelated
from coattail.cli.stream_drain import last_checkpoint_write, newest_commit, parse_offset_log
from coattail.core.aws import AwsTarget
from coattail.core.kinesis_offsets import positions_for, stream_generation
from coattail.review.collectors.stopped_plan import removed_by
from coattail.review.collectors.terraform.loader import TerraformReadError

CREATED = datetime(2026, 3, 1, 12, 0, 0, 250000, tzinfo=UTC)


def test_the_generation_is_the_creation_time_in_milliseconds() -> None:
    assert stream_generation({"StreamCreationTimestamp": CREATED}) == str(int(CREATED.timestamp() * 1000))
    assert stream_generation({"StreamCreationTimestamp": CREATED.timestamp()}) == stream_generation(
        {"StreamCreationTimestamp": CREATED}
    )


def test_positions_of_another_generation_are_dropped() -> None:
    offset = {"stream": "100", "shards": {"shardId-000000000000": "57"}}
    assert positions_for(offset, "100") == {"shardId-000000000000": "57"}
    assert positions_for(offset, "200") == {}  # recreated: read the new stream from TRIM_HORIZON
    # an offset written before generations existed belongs to the stream as it is
    assert positions_for({"shards": {"s": "3"}}, "200") == {"s": "3"}


def _checkpoint(root: Path, batches: dict[int, dict[str, object]], committed: list[int]) -> None:
    (root / "stream" / "offsets").mkdir(parents=True)
    (root / "stream" / "commits").mkdir(parents=True)
    for batch, offset in batches.items():
        meta = {"batchWatermarkMs": 0, "batchTimestampMs": 1, "conf": {}}
        text = "v1\n" + json.dumps(meta) + "\n" + json.dumps(offset)
        (root / "stream" / "offsets" / str(batch)).write_text(text)
    for batch in committed:
        (root / "stream" / "commits" / str(batch)).write_text('v1\n{"nextBatchWatermarkMs":0}')


def test_the_newest_committed_batch_is_read_not_the_newest_planned(tmp_path: Path) -> None:
    first: dict[str, object] = {"stream": "1", "shards": {"s0": "5"}}
    planned: dict[str, object] = {"stream": "1", "shards": {"s0": "9"}}
    _checkpoint(tmp_path, {0: {"stream": "1", "shards": {}}, 1: first, 2: planned}, committed=[0, 1])
    found = newest_commit(AwsTarget(region="us-east-1"), str(tmp_path))
    assert found is not None and (found.batch_id, found.offset) == (1, first)
    assert newest_commit(AwsTarget(region="us-east-1"), str(tmp_path / "none")) is None


def test_a_job_busy_with_its_first_batch_has_written_the_checkpoint(tmp_path: Path) -> None:
    """The drain waits for a job that planned a batch and committed none yet (stop.sh during the
    first micro-batch), and gives up only where no batch was ever planned."""
    target = AwsTarget(region="us-east-1")
    assert last_checkpoint_write(target, str(tmp_path / "none")) is None
    _checkpoint(tmp_path, {0: {"stream": "1", "shards": {}}}, committed=[])
    assert newest_commit(target, str(tmp_path)) is None
    planned = last_checkpoint_write(target, str(tmp_path))
    assert planned is not None
    os.utime(tmp_path / "stream" / "offsets" / "0", (1_000_000_000, 1_000_000_000))
    (tmp_path / "stream" / "commits" / "0").write_text('v1\n{"nextBatchWatermarkMs":0}')
    committed = last_checkpoint_write(target, str(tmp_path))
    assert committed is not None and committed.timestamp() > 1_000_000_000  # the newer of the two


def test_an_offset_log_that_is_not_one_is_named() -> None:
    with pytest.raises(ValueError, match="not a Structured Streaming offset log"):
        parse_offset_log('{"shards": {}}')


def test_the_run_state_switch_accepts_only_the_streams() -> None:
    changes = [
        "module.kinesis.aws_kinesis_stream.trades[0] (delete)",
        "module.kinesis.aws_kinesis_stream.dlq[0] (delete)",
        "aws_lambda_function.api (update)",
    ]
    assert unrelated(changes) == ["aws_lambda_function.api (update)"]


def test_the_recorded_state_defaults_to_started(tmp_path: Path) -> None:
    assert recorded_state(tmp_path) == "started"
    (tmp_path / RUN_STATE_FILE).write_text('{"run_state": "stopped"}')
    assert recorded_state(tmp_path) == "stopped"


def test_switching_needs_a_terraform_root(tmp_path: Path) -> None:
    from coattail.cli.run_state import switch

    with pytest.raises(RunStateError, match="no Terraform root module"):
        switch(tmp_path, "stopped")
    with pytest.raises(RunStateError, match="must be one of started, stopped"):
        switch(tmp_path, "paused")


def test_the_stopped_plan_removes_deletes_only() -> None:
    plan = {
        "format_version": "1.2",
        "resource_changes": [
            {
                "address": "module.kinesis.aws_kinesis_stream.trades[0]",
                "mode": "managed",
                "change": {"actions": ["delete"], "before": {"name": "ctc-dev-trades", "arn": "arn:x"}},
            },
            {  # a replacement is not a removal
                "address": "aws_lambda_function.api",
                "mode": "managed",
                "change": {"actions": ["delete", "create"], "before": {"function_name": "ctc-dev-api"}},
            },
            {"address": "aws_s3_bucket.raw", "change": {"actions": ["no-op"], "before": {"bucket": "raw"}}},
        ],
    }
    stopped = removed_by(plan, "plan.json")
    assert stopped.addresses == ("module.kinesis.aws_kinesis_stream.trades[0]",)
    assert stopped.removes("ctc-dev-trades") and stopped.removes("arn:x")
    assert not stopped.removes("ctc-dev-api") and not stopped.removes("raw")
    with pytest.raises(TerraformReadError, match="not a Terraform plan"):
        removed_by({"values": {}}, "state.json")
