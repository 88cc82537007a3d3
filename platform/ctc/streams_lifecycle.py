"""The ``streams`` component of start/stop: the Kinesis streams exist only while the platform runs.

Stop: wait for the streaming job to commit what the trades stream holds (:func:`wait_drained`,
before the job is cancelled), refuse to remove a stream with uncommitted records, archive the
dead-letter stream to the raw bucket, then switch Terraform's ``run_state`` to ``stopped``.
Start: switch it back to ``started``; the job reads a recreated stream from its start
(:mod:`coattail.core.kinesis_offsets`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from coattail.autostop.compute import active_job_runs
from coattail.cli.ops_resources import Action, OpsError, Resources
from coattail.cli.run_state import RunStateError, recorded_state, switch
from coattail.cli.stream_drain import (
    Backlog,
    archive_stream,
    committed_offset,
    last_checkpoint_write,
    unconsumed,
)
from coattail.cli.terraform import TerraformError
from coattail.core.aws import AwsTarget

STREAMING_CHECKPOINT = "s3://{checkpoint}/streaming/checkpoint"  # coattail.jobs.streaming's default
#: A checkpoint committed this recently belongs to a running job (the trigger is at most 60 s).
LIVE_COMMIT_SECONDS = 180


def _utcnow() -> datetime:
    return datetime.now(UTC)


def checkpoint_of(res: Resources, explicit: str | None) -> str:
    return explicit or STREAMING_CHECKPOINT.format(checkpoint=res.names.checkpoint_bucket)


def _exists(target: AwsTarget, stream: str) -> bool:
    kinesis = target.client("kinesis")
    try:
        kinesis.describe_stream_summary(StreamName=stream)
    except kinesis.exceptions.ResourceNotFoundException:
        return False
    return True


def backlog(target: AwsTarget, res: Resources, checkpoint: str) -> Backlog:
    return unconsumed(target, res.names.trades_stream, committed_offset(target, checkpoint))


def wait_drained(
    target: AwsTarget, res: Resources, checkpoint: str, timeout: float, now: Callable[[], datetime] = _utcnow
) -> Action:
    """Wait (the producer already stopped) until the job has committed every record of the trades
    stream, so cancelling it loses nothing; gives up after ``timeout`` seconds and says so.

    Waiting only makes sense while the job runs: an active EMR run, or a micro-batch planned or
    committed within the last ``LIVE_COMMIT_SECONDS`` (a job run elsewhere, e.g. locally against the
    emulator; one busy with its first batch has planned it and committed nothing yet)."""
    if not _exists(target, res.names.trades_stream):
        return Action("drain", "no-stream", {"stream": res.names.trades_stream})
    last_write = last_checkpoint_write(target, checkpoint)
    if last_write is None:
        return Action("drain", "no-checkpoint", {"checkpoint": checkpoint})
    age = (now() - last_write).total_seconds()
    if not active_job_runs(target, res) and age > LIVE_COMMIT_SECONDS:
        return Action(
            "drain", "no-running-job", {"checkpoint": checkpoint, "last_batch_seconds_ago": round(age)}
        )
    deadline = time.monotonic() + timeout
    while True:
        left = backlog(target, res, checkpoint)
        if left.total == 0:
            return Action("drain", "drained", {"stream": left.stream, "checkpoint": checkpoint})
        if time.monotonic() > deadline:
            detail = {"stream": left.stream, "unconsumed": left.per_shard, "seconds": timeout}
            return Action("drain", "timed-out", detail)
        time.sleep(2)


def stop_streams(
    target: AwsTarget, res: Resources, terraform_dir: Path, checkpoint: str, discard_unconsumed: bool
) -> Action:
    trades, dlq = res.names.trades_stream, res.names.dlq_stream
    detail: dict[str, object] = {"terraform_dir": str(terraform_dir)}
    if _exists(target, trades):
        left = backlog(target, res, checkpoint)
        detail["unconsumed"] = left.total
        if left.total and not discard_unconsumed:
            raise OpsError(
                f"{trades} holds {left.total} record(s) the streaming job has not committed "
                f"(checkpoint {checkpoint}; per shard {left.per_shard}): start the job to consume them, "
                "or pass --discard-unconsumed to remove the stream anyway"
            )
    if _exists(target, dlq):
        detail["dlq_archive"] = archive_stream(target, dlq, res.names.raw_bucket)
    try:
        done = switch(terraform_dir, "stopped")
    except (RunStateError, TerraformError) as exc:
        raise OpsError(str(exc)) from None
    detail["terraform_changes"] = list(done.changes)
    return Action("streams", "removed" if done.changes else "already-stopped", detail)


def start_streams(target: AwsTarget, res: Resources, terraform_dir: Path) -> Action:
    before = recorded_state(terraform_dir)
    try:
        done = switch(terraform_dir, "started")
    except (RunStateError, TerraformError) as exc:
        raise OpsError(str(exc)) from None
    created = bool(done.changes)
    return Action(
        "streams",
        "created" if created else "already-running",
        {
            "terraform_dir": str(terraform_dir),
            "recorded_before": before,
            "terraform_changes": list(done.changes),
            "present": [s for s in (res.names.trades_stream, res.names.dlq_stream) if _exists(target, s)],
        },
    )
