"""Where AWS is: one target (region, profile, endpoint) for every AWS-facing command.

The same code runs against a real account and against the local emulator; only
``endpoint_url`` differs. Clients use botocore's adaptive retry mode.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import boto3
from botocore.config import Config

DEFAULT_REGION = "us-east-1"


@dataclass(frozen=True)
class AwsTarget:
    region: str = DEFAULT_REGION
    endpoint_url: str | None = None
    profile: str | None = None
    max_attempts: int = 10
    _session: Any = field(default=None, compare=False, repr=False)

    @property
    def is_local(self) -> bool:
        """True when the endpoint is the local emulator (loopback)."""
        host = urlsplit(self.endpoint_url).hostname if self.endpoint_url else None
        return host in ("127.0.0.1", "localhost", "::1")

    def session(self) -> boto3.session.Session:
        """The caller's session; the local emulator without credentials gets dummy ones."""
        if self._session is None:
            session = boto3.session.Session(profile_name=self.profile, region_name=self.region)
            if session.get_credentials() is None and self.is_local:
                session = boto3.session.Session(
                    aws_access_key_id="testing", aws_secret_access_key="testing", region_name=self.region
                )
            object.__setattr__(self, "_session", session)
        return self._session  # type: ignore[no-any-return,unused-ignore]

    def client(self, service: str, **config: Any) -> Any:
        cfg = Config(retries={"mode": "adaptive", "max_attempts": self.max_attempts}, **config)
        return self.session().client(service, endpoint_url=self.endpoint_url, config=cfg)  # type: ignore[call-overload]


@dataclass(frozen=True)
class PlatformNames:
    """Resource names the runtime components need, discovered from SSM Parameter Store."""

    trades_stream: str
    dlq_stream: str
    alerts_table: str
    raw_bucket: str
    processed_bucket: str
    checkpoint_bucket: str
    athena_results_bucket: str
    glue_database: str
    symbols: tuple[str, ...]


def find_emr_application(target: AwsTarget, name: str) -> str:
    """The id of the (not terminated) EMR Serverless application called ``name``; LookupError if none.

    The one lookup every layer uses (the job submitter, start/stop, the local API's health check).
    """
    for page in target.client("emr-serverless").get_paginator("list_applications").paginate():
        for app in page.get("applications", []):
            if app.get("name") == name and app.get("state") != "TERMINATED":
                return str(app["id"])
    raise LookupError(f"EMR Serverless application {name!r} not found: is the platform deployed?")


def ssm_prefix(project: str = "ctc", environment: str = "dev") -> str:
    return f"/{project}/{environment}"


def discover_platform(target: AwsTarget, project: str = "ctc", environment: str = "dev") -> PlatformNames:
    """Read the six runtime parameters the Terraform writes under ``/<project>/<environment>/``."""
    prefix = ssm_prefix(project, environment)
    ssm = target.client("ssm")
    values: dict[str, str] = {}
    for page in ssm.get_paginator("get_parameters_by_path").paginate(Path=prefix, Recursive=True):
        for p in page["Parameters"]:
            values[p["Name"][len(prefix) + 1 :]] = p["Value"]
    missing = [k for k in _PARAMETERS if k not in values]
    if missing:
        raise LookupError(
            f"SSM parameters missing under {prefix}: {', '.join(missing)} "
            f"(is the platform deployed to {target.endpoint_url or target.region}?)"
        )
    buckets = json.loads(values["s3/bucket-names"])
    return PlatformNames(
        trades_stream=values["kinesis/trades-stream-name"],
        dlq_stream=values["kinesis/dlq-stream-name"],
        alerts_table=values["dynamodb/alerts-table-name"],
        raw_bucket=buckets["raw"],
        processed_bucket=buckets["processed"],
        checkpoint_bucket=buckets["checkpoint"],
        athena_results_bucket=buckets["athena_results"],
        glue_database=values["glue/database-name"],
        symbols=tuple(s.strip() for s in values["config/symbols"].split(",") if s.strip()),
    )


_PARAMETERS = (
    "kinesis/trades-stream-name",
    "kinesis/dlq-stream-name",
    "dynamodb/alerts-table-name",
    "s3/bucket-names",
    "glue/database-name",
    "config/symbols",
)
