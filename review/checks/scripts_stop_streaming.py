"""The stop script really stops what costs money while idle."""

from __future__ import annotations

from coattail.review.checks._common import Findings, no_repository, repository_finding
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory
from coattail.review.model import Status


@check(
    id="scripts_stop_streaming",
    kind="claim",
    title="The stop script stops the producer and the streaming job run",
    pillar="cost_optimization",
    bp_id="COST02-BP05",
    severity="medium",
    service="repository",
    resource_type="file",
    rationale="Between demos nothing should run: the stop script is the cost control for the "
    "pay-per-hour parts (stream consumers, Spark job).",
    remediation="Make scripts/stop.sh stop the producer task and cancel the EMR Serverless job run.",
    params={"path": "scripts/stop.sh", "must_call": ["ecs:stop_task", "emr-serverless:cancel_job_run"]},
)
def scripts_stop_streaming(inv: Inventory, p: Params) -> Findings:
    """Judged on the AWS operations the script's Python entry point calls, read from its AST."""
    repo = inv.repository
    if repo is None:
        yield no_repository(inv, "the stop script")
        return
    path = p.str("path")
    s = repo.script(path)
    if s is None or not s.exists:
        yield repository_finding(path, Status.FAIL, "stop script not found")
        return
    if s.python_entry is None:
        yield repository_finding(
            path,
            Status.UNKNOWN,
            "runs no `python -m <module> <command>` entry point whose code could be read",
        )
        return
    missing = [op for op in p.strs("must_call") if op not in s.aws_operations]
    stops = [op for op in s.aws_operations if op.split(":", 1)[1].startswith(("stop_", "cancel_", "delete_"))]
    yield repository_finding(
        path,
        Status.FAIL if missing else Status.PASS,
        f"runs {s.python_entry}, whose code never calls {', '.join(missing)}"
        if missing
        else f"runs {s.python_entry}, whose code calls {', '.join(stops)}",
        python_entry=s.python_entry,
        aws_operations=list(s.aws_operations),
    )
