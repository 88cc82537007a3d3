"""The streaming job run is restarted by EMR Serverless when it fails."""

from __future__ import annotations

from coattail.review.checks._common import Findings
from coattail.review.checks._registry import Params, check
from coattail.review.checks._repo import practice_finding
from coattail.review.inventory import Inventory


@check(
    id="emr_job_retry_policy",
    kind="claim",
    title="The streaming job run is submitted with a retry policy",
    pillar="reliability",
    bp_id="REL11-BP03",
    severity="medium",
    service="repository",
    resource_type="file",
    rationale="A STREAMING job run with a retry policy is restarted from its checkpoint after a failure; "
    "without one, one failed attempt ends the stream until someone notices.",
    remediation="Pass retryPolicy={'maxFailedAttemptsPerHour': N} to StartJobRun for the streaming job.",
    params={"practice": "job_retry_policy", "min_files": 1},
)
def emr_job_retry_policy(inv: Inventory, p: Params) -> Findings:
    yield practice_finding(inv, p.str("practice"), p.int("min_files"), "StartJobRun retry policy")
