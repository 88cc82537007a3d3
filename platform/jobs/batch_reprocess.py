"""The batch workflow's Spark step (``SubmitSparkJob``): reprocess raw_trades with time travel.

    spark-submit batch_reprocess.py --project ctc --environment dev --date 2026-11-24
        [--snapshot-id N] [--endpoint-url URL --state-dir DIR]

Reads raw_trades as of the end of ``--date`` (or a given snapshot id), runs every enabled detector
in batch mode into ``anomalies_reprocessed`` and writes the comparison report as JSON to
``s3://<processed>/reports/reprocess/dt=<date>/<run id>.json`` (and stdout).
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from coattail.jobs.batch.reprocess import reprocess
from coattail.jobs.sinks.iceberg import open_catalog
from coattail.jobs.streaming import RunOptions, prepare, worker_environment


def utc_now() -> datetime:
    return datetime.now(UTC)


def read_as_of(day: datetime, now: datetime) -> datetime:
    """The end of ``day`` (UTC), or ``now`` while that day is still running."""
    return min(day + timedelta(days=1), now)


def main(argv: Sequence[str] | None = None, *, clock: Callable[[], datetime] = utc_now) -> dict[str, object]:
    """Run the reprocess step; ``clock`` is the wall clock (injected by tests)."""
    p = argparse.ArgumentParser(prog="batch_reprocess")
    p.add_argument("--project", default=os.environ.get("CTC_PROJECT", "ctc"))
    p.add_argument("--environment", default=os.environ.get("CTC_ENVIRONMENT", "dev"))
    p.add_argument("--region", default=os.environ.get("AWS_REGION", "us-east-1"))
    p.add_argument("--endpoint-url", default=os.environ.get("CTC_ENDPOINT_URL"))
    p.add_argument("--state-dir", default=".local/jobs")
    p.add_argument("--date", required=True, help="YYYY-MM-DD: raw_trades as of the end of this UTC day")
    p.add_argument("--snapshot-id", type=int, default=None)
    args = p.parse_args(argv)
    try:
        day = datetime.strptime(args.date, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError as exc:
        raise SystemExit(f"--date must be YYYY-MM-DD, got {args.date!r}") from exc

    opts = RunOptions(
        project=args.project,
        environment=args.environment,
        region=args.region,
        endpoint_url=args.endpoint_url,
        state_dir=args.state_dir,
    )
    config, settings = prepare(opts)
    from coattail.jobs.session import build_cluster_session, build_local_session

    if opts.is_local:
        spark = build_local_session("ctc-reprocess", env=worker_environment(settings.target))
    else:
        spark = build_cluster_session("ctc-reprocess")
    catalog = open_catalog(settings.catalog)
    as_of = None if args.snapshot_id is not None else read_as_of(day, clock())
    report = reprocess(
        spark, catalog, settings.catalog.namespace, config, snapshot_id=args.snapshot_id, as_of=as_of
    ).to_dict()
    body = json.dumps(report, indent=2, default=str)
    print(body)
    warehouse = settings.catalog.warehouse
    bucket = warehouse[len("s3://") :].split("/")[0] if warehouse.startswith("s3://") else None
    if bucket:
        key = f"reports/reprocess/dt={args.date}/{report['run_id']}.json"
        settings.target.client("s3").put_object(Bucket=bucket, Key=key, Body=body.encode())
    return report


if __name__ == "__main__":
    main()
