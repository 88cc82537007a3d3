"""Entry point of the streaming application: ``python -m coattail.jobs.streaming [options]``.

Resource names come from SSM discovery (``--project/--environment``); the SparkSession is built
here (local or on the cluster), everything else is passed in. Defaults follow where it runs:

- with ``--endpoint-url`` (the local emulator) or ``--local``: local[2] session, a local Iceberg
  SqlCatalog under ``--state-dir``, local checkpoints;
- otherwise (EMR Serverless): the cluster's session, the Glue catalog with its warehouse in the
  processed bucket, checkpoints in the checkpoint bucket.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from py4j.protocol import Py4JError
from pyspark.sql import SparkSession

from coattail.core.aws import AwsTarget, PlatformNames, discover_platform
from coattail.jobs import joblog
from coattail.jobs.config import PipelineConfig, load_config
from coattail.jobs.pipeline import JobSettings, Pipeline, SourceSettings
from coattail.jobs.sinks.iceberg import CatalogSettings

log = logging.getLogger("jobs.streaming")


@dataclass(frozen=True)
class RunOptions:
    project: str = "ctc"
    environment: str = "dev"
    region: str = "us-east-1"
    endpoint_url: str | None = None
    profile: str | None = None
    local: bool = False
    source: str = "kinesis"
    input_path: str | None = None
    state_dir: str = ".local/jobs"
    checkpoint: str | None = None
    catalog: str | None = None
    warehouse: str | None = None
    trigger_seconds: float | None = None
    tier: str | None = None
    config_path: str | None = None

    @property
    def is_local(self) -> bool:
        return self.local or self.endpoint_url is not None


def build_settings(
    opts: RunOptions, names: PlatformNames, config: PipelineConfig, target: AwsTarget
) -> JobSettings:
    local = opts.is_local
    state = Path(opts.state_dir)
    catalog_kind = opts.catalog or ("sql" if local else "glue")
    warehouse = opts.warehouse or (
        str(state / "warehouse") if catalog_kind == "sql" else f"s3://{names.processed_bucket}/warehouse"
    )
    checkpoint = opts.checkpoint or (
        str(state / "checkpoint") if local else f"s3://{names.checkpoint_bucket}/streaming/checkpoint"
    )
    return JobSettings(
        source=SourceSettings(
            kind=opts.source,
            stream_name=names.trades_stream,
            path=opts.input_path,
            max_records_per_shard=config.streaming.max_records_per_shard,
        ),
        checkpoint_dir=checkpoint,
        catalog=CatalogSettings(
            kind=catalog_kind,
            namespace=names.glue_database,
            warehouse=warehouse,
            region=target.region,
            endpoint_url=target.endpoint_url,
        ),
        alerts_table=names.alerts_table,
        raw_bucket=names.raw_bucket,
        trigger_seconds=opts.trigger_seconds or config.streaming.trigger_seconds,
        target=target,
        name=f"{opts.project}-{opts.environment}",
    )


def worker_environment(target: AwsTarget) -> dict[str, str]:
    """Environment the Python workers need (they inherit the JVM's, fixed at session start)."""
    env = {"AWS_DEFAULT_REGION": target.region}
    if target.endpoint_url:
        env["AWS_ENDPOINT_URL"] = target.endpoint_url
        env.setdefault("AWS_ACCESS_KEY_ID", os.environ.get("AWS_ACCESS_KEY_ID", "testing"))
        env.setdefault("AWS_SECRET_ACCESS_KEY", os.environ.get("AWS_SECRET_ACCESS_KEY", "testing"))
    return env


def prepare(opts: RunOptions) -> tuple[PipelineConfig, JobSettings]:
    """Configuration and settings, from the packaged YAML and the platform's SSM parameters."""
    target = AwsTarget(region=opts.region, endpoint_url=opts.endpoint_url, profile=opts.profile)
    names = discover_platform(target, opts.project, opts.environment)
    overrides: dict[str, object] = {"quality": {"symbols": list(names.symbols)}}
    if opts.tier:
        overrides["tier"] = opts.tier
    config = load_config(opts.config_path, **overrides)
    return config, build_settings(opts, names, config, target)


def run(opts: RunOptions) -> None:
    """Start the application and serve until stopped (SIGTERM/Ctrl-C stops the query cleanly).

    The handlers only set a flag, checked between polls: nothing is raised inside a py4j call (that
    broke the gateway). They are installed before anything slow starts, so a stop that arrives while
    the SparkSession or the query is starting is honoured too (it used to find the default SIGTERM
    action still in place and kill the process with -15). SIGINT is taken back from the SparkContext,
    whose own handler raises KeyboardInterrupt.
    """
    from coattail.jobs.session import build_cluster_session, build_local_session

    stop = threading.Event()

    received: list[int] = []

    def request_stop(signum: int, frame: object) -> None:
        # only a flag (and no logging: the main thread may be inside the log handler already)
        received.append(signum)
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    # PySpark's Python worker daemon runs in our process group and ends with os.kill(0, SIGHUP) to
    # stop its workers; the driver must not die of that (its workers reset SIGHUP themselves).
    previous[signal.SIGHUP] = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    log.info("starting (SIGTERM/SIGINT stop cleanly from here on)")
    try:
        config, settings = prepare(opts)
        if opts.is_local:
            spark = build_local_session("ctc-streaming", env=worker_environment(settings.target))
        else:
            spark = build_cluster_session("ctc-streaming")
        joblog.set_job_fields(spark_app_id=spark.sparkContext.applicationId, tier=config.tier)
        signal.signal(signal.SIGINT, request_stop)  # the SparkContext installs its own SIGINT handler
        if stop.is_set():
            log.info("stop requested (signal %s) while starting: not starting the query", received[0])
            _stop_session(spark)
            return
        pipeline = Pipeline(spark, config, settings)
        pipeline.start()
        log.info("streaming: query running, tier %s, trigger %ss", config.tier, settings.trigger_seconds)
        try:
            pipeline.run_forever(stop)
        finally:
            log.info("%sstopping", f"stop requested (signal {received[0]}): " if received else "")
            try:
                pipeline.stop()
            except Py4JError as exc:
                # The JVM can be gone already (a signal to the whole process group); its query ended
                # with it and the checkpoint makes the next start exact.
                log.warning("stopping: lost the Spark gateway (%s); the query ends with the process", exc)
        _stop_session(spark)
        log.info("stopped")
    finally:
        # Only now, with the JVM and PySpark's worker daemon gone, can nothing in our process group
        # signal us any more: the daemon's shutdown sends SIGHUP to the whole group, and a stop that
        # restored the default actions first could die of it (or of a late SIGTERM) after a clean stop.
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _stop_session(spark: SparkSession) -> None:
    """Stop the SparkSession this run started (its JVM, its Python worker daemon) before returning."""
    try:
        spark.stop()
    except Py4JError as exc:
        log.warning("stopping the SparkSession: the gateway is gone already (%s)", exc)


def parse_args(argv: Sequence[str] | None = None) -> RunOptions:
    p = argparse.ArgumentParser(
        prog="python -m coattail.jobs.streaming", description=__doc__.splitlines()[0] if __doc__ else None
    )
    p.add_argument("--project", default=os.environ.get("CTC_PROJECT", "ctc"))
    p.add_argument("--environment", default=os.environ.get("CTC_ENVIRONMENT", "dev"))
    p.add_argument("--region", default=os.environ.get("AWS_REGION", "us-east-1"))
    p.add_argument("--endpoint-url", default=os.environ.get("CTC_ENDPOINT_URL"))
    p.add_argument("--profile", default=None)
    p.add_argument("--local", action="store_true", help="local[2] session even without an endpoint")
    p.add_argument("--source", choices=("kinesis", "files"), default="kinesis")
    p.add_argument("--input-path", help="folder of JSON-lines files (with --source files)")
    p.add_argument("--state-dir", default=".local/jobs", help="local checkpoints and Iceberg warehouse")
    p.add_argument("--checkpoint")
    p.add_argument("--catalog", choices=("sql", "glue"))
    p.add_argument("--warehouse")
    p.add_argument("--trigger-seconds", type=float)
    p.add_argument("--tier")
    p.add_argument("--config", dest="config_path")
    ns = p.parse_args(argv)
    return RunOptions(**vars(ns))


def main(argv: Sequence[str] | None = None) -> None:
    joblog.configure("INFO")
    run(parse_args(argv))


if __name__ == "__main__":
    main()
