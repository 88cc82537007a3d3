"""Start and stop the Spark Structured Streaming job on the EMR Serverless application ``<prefix>-spark``.

Start uploads the job's code and environment, then StartJobRun in STREAMING mode (no execution timeout,
retry policy of at most 5 failed attempts per hour) as ``<prefix>-emr-execution``. Stop cancels every
active job run and stops the application (:mod:`coattail.autostop.compute`, shared with the billing
auto-stop Lambda). Both are idempotent.
"""

from __future__ import annotations

from coattail.autostop.compute import active_job_runs
from coattail.cli.job_artifacts import (
    application_architecture,
    py_files_uri,
    upload_job_artifacts,
    upload_python_environment,
    venv_archive_uri,
)
from coattail.cli.ops_resources import Action, Resources
from coattail.core.aws import AwsTarget


def start_job(target: AwsTarget, res: Resources) -> list[Action]:
    """StartJobRun unless a run is active, after uploading the job's code and environment.

    Returns what was done in order: the two uploads, then the job (or only "already-running").
    """
    emr = target.client("emr-serverless")
    running = active_job_runs(target, res)
    if running:
        return [Action("job", "already-running", {"job_run_ids": [r["id"] for r in running]})]
    from coattail.jobs.submit import packaged_spark_parameters, start_job_run  # the jobs engineer's helper

    bucket = res.names.processed_bucket
    uploaded = upload_job_artifacts(target, bucket)
    environment = upload_python_environment(
        target, bucket, architecture=application_architecture(target, res.emr_application_id)
    )

    state = emr.get_application(applicationId=res.emr_application_id)["application"]["state"]
    run_id = start_job_run(
        target,
        res.emr_application_id,
        res.emr_role_arn,
        res.entry_point,
        arguments=["--project", res.project, "--environment", res.environment],
        name=f"{res.prefix}-streaming",
        spark_parameters=packaged_spark_parameters(py_files_uri(bucket), venv_archive_uri(bucket)),
        log_uri=f"s3://{res.names.checkpoint_bucket}/emr-logs/",
        log_group=res.job_log_group,
        tags={"Project": res.project, "Environment": res.environment, "StartedBy": "ctc-ops"},
    )
    started = Action(
        "job",
        "started",
        {"application_id": res.emr_application_id, "job_run_id": run_id, "from_state": state},
    )
    return [uploaded, environment, started]
