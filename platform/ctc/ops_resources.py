"""What start/stop act on: the platform's resources resolved from SSM discovery and the naming contract
(``<project>-<environment>-…``), and the record of one action taken (:class:`Action`, defined with the
compute stop in :mod:`coattail.autostop.compute`)."""

from __future__ import annotations

from dataclasses import dataclass

from coattail.autostop.compute import Action as Action  # the record of one step, shared with the Lambda
from coattail.core.aws import AwsTarget, PlatformNames, discover_platform, find_emr_application

ARTIFACTS_PREFIX = "artifacts/jobs/"
STREAMING_ENTRY_POINT = "s3://{processed}/" + ARTIFACTS_PREFIX + "streaming_app.py"


class OpsError(RuntimeError):
    """The platform is not in a state the operation can work with (named in the message)."""


@dataclass(frozen=True)
class Resources:
    """What start/stop act on, resolved from SSM discovery and the naming contract."""

    project: str
    environment: str
    prefix: str
    names: PlatformNames
    emr_application_id: str
    emr_role_arn: str
    ecs_cluster: str
    task_family: str
    entry_point: str

    @property
    def job_log_group(self) -> str:
        """The Spark jobs' log group, ``/aws/emr-serverless/<prefix>-spark`` (emr-serverless module)."""
        return f"/aws/emr-serverless/{self.prefix}-spark"


def resolve(target: AwsTarget, project: str, environment: str, entry_point: str | None = None) -> Resources:
    names = discover_platform(target, project, environment)
    prefix = f"{project}-{environment}"
    try:
        app_id = find_emr_application(target, f"{prefix}-spark")
    except LookupError as exc:
        raise OpsError(str(exc)) from None
    role = target.client("iam").get_role(RoleName=f"{prefix}-emr-execution")["Role"]["Arn"]
    return Resources(
        project=project,
        environment=environment,
        prefix=prefix,
        names=names,
        emr_application_id=app_id,
        emr_role_arn=role,
        ecs_cluster=f"{prefix}-producer",
        task_family=f"{prefix}-producer",
        entry_point=entry_point or STREAMING_ENTRY_POINT.format(processed=names.processed_bucket),
    )
