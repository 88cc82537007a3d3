"""Submit the streaming application to EMR Serverless (works against the emulator too).

from coattail.jobs.submit import start_job_run
run_id = start_job_run(target, application_id, role_arn, "s3://.../streaming_app.py",
                       arguments=["--project", "ctc", "--environment", "dev"])
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from coattail.core.aws import AwsTarget
from coattail.jobs.packaging import spark_submit_conf

DEFAULT_SPARK_PARAMETERS = (
    "--conf spark.sql.shuffle.partitions=4 --conf spark.executor.cores=1 "
    "--conf spark.sql.session.timeZone=UTC"
)


def packaged_spark_parameters(
    py_files_uri: str, venv_archive_uri: str | None = None, base: str = DEFAULT_SPARK_PARAMETERS
) -> str:
    """``sparkSubmitParameters`` of the packaged job: the ``jobs`` zip as ``--py-files`` and, when
    given, the packed virtualenv (``coattail.jobs.packaging``) as the Python of driver and executors."""
    if not py_files_uri.startswith("s3://"):
        raise ValueError(f"py_files_uri must be an s3:// URI, got {py_files_uri!r}")
    parts = [base]
    if venv_archive_uri is not None:
        if not venv_archive_uri.startswith("s3://"):
            raise ValueError(f"venv_archive_uri must be an s3:// URI, got {venv_archive_uri!r}")
        parts.append(spark_submit_conf(venv_archive_uri))
    parts.append(f"--py-files {py_files_uri}")
    return " ".join(parts)


def start_job_run(
    target: AwsTarget,
    application_id: str,
    role_arn: str,
    entry_point: str,
    *,
    arguments: Sequence[str] = (),
    name: str = "ctc-dev-streaming",
    spark_parameters: str = DEFAULT_SPARK_PARAMETERS,
    log_uri: str | None = None,
    log_group: str | None = None,
    streaming: bool = True,
    tags: dict[str, str] | None = None,
) -> str:
    """StartJobRun (STREAMING mode, bounded retries) after starting the application; returns the run id.

    ``log_uri`` (s3://) keeps the Spark event and container logs; ``log_group`` sends the driver's and
    executors' stdout/stderr — the job's JSON log lines — to that CloudWatch Logs group, where the
    platform's metric filter counts the error records.
    """
    if not entry_point:
        raise ValueError("entry_point is required (an s3:// URI of the job's main file)")
    emr = target.client("emr-serverless")
    state = emr.get_application(applicationId=application_id)["application"]["state"]
    if state not in ("STARTED", "STARTING"):
        emr.start_application(applicationId=application_id)
    request: dict[str, Any] = {
        "applicationId": application_id,
        "clientToken": str(uuid.uuid4()),
        "executionRoleArn": role_arn,
        "name": name,
        "jobDriver": {
            "sparkSubmit": {
                "entryPoint": entry_point,
                "entryPointArguments": list(arguments),
                "sparkSubmitParameters": spark_parameters,
            }
        },
        "tags": tags or {},
    }
    if streaming:
        request["mode"] = "STREAMING"
        request["retryPolicy"] = {"maxFailedAttemptsPerHour": 5}
    monitoring: dict[str, Any] = {}
    if log_uri:
        monitoring["s3MonitoringConfiguration"] = {"logUri": log_uri}
    if log_group:
        monitoring["cloudWatchLoggingConfiguration"] = {
            "enabled": True,
            "logGroupName": log_group,
            "logStreamNamePrefix": name,
        }
    if monitoring:
        request["configurationOverrides"] = {"monitoringConfiguration": monitoring}
    return str(emr.start_job_run(**request)["jobRunId"])


def job_run_state(target: AwsTarget, application_id: str, run_id: str) -> str:
    run = target.client("emr-serverless").get_job_run(applicationId=application_id, jobRunId=run_id)
    return str(run["jobRun"]["state"])
