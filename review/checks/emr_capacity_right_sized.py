"""The Spark application's maximum capacity is the one its measured profile calls for."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, finding, unknown_attributes
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import EMRServerlessApp, Inventory
from coattail.review.inventory.emr import parse_gb, parse_vcpu
from coattail.review.model import Finding, Status

#: The tags the platform's Terraform records the right-sizing report's recommendation in.
RECOMMENDED_CPU_TAG = "RightSizingMaxCpu"
RECOMMENDED_MEMORY_TAG = "RightSizingMaxMemory"
REPORT_TAG = "RightSizingReport"


@check(
    id="emr_capacity_right_sized",
    kind="claim",
    title="EMR Serverless maximum capacity matches the right-sizing report of the measured Spark profile",
    pillar="cost_optimization",
    bp_id="COST06-BP02",
    severity="medium",
    service="emr-serverless",
    resource_type="AWS::EMRServerless::Application",
    rationale="A capacity chosen from a measured profile (events per second per core, peak heap per "
    "batch row) admits what the job needs to catch up and no more; a larger cap lets a runaway or a "
    "misconfigured job bill for workers the workload never needs, a smaller one stops it catching up.",
    remediation="Re-run benchmarks/jobs_throughput.py --profile-out and benchmarks/emr_sizing.py, and leave "
    "emr_serverless.max_cpu / max_memory unset so the report's recommendation is deployed.",
    remediation_terraform="emr_serverless = { max_cpu = null, max_memory = null }  # the report's",
    params={"tolerance": 0.25},
)
def emr_capacity_right_sized(inv: Inventory, p: Params) -> Findings:
    """PASS within ``tolerance`` above the recommendation (never below it), FAIL outside; UNKNOWN when
    the application records no recommendation (no report to compare with)."""
    tolerance = p.num("tolerance")

    def judge(app: EMRServerlessApp) -> Finding | None:
        want_cpu = parse_vcpu(app.tags.get(RECOMMENDED_CPU_TAG))
        want_gb = parse_gb(app.tags.get(RECOMMENDED_MEMORY_TAG))
        if want_cpu is None or want_gb is None:
            return finding(
                app,
                Status.UNKNOWN,
                f"no right-sizing recommendation recorded on the application "
                f"(tags {RECOMMENDED_CPU_TAG}, {RECOMMENDED_MEMORY_TAG})",
            )
        pending = unknown_attributes(app, "max_cpu_vcpu", "max_memory_gb")
        if pending:
            return pending
        cpu, gb = app.max_cpu_vcpu, app.max_memory_gb
        report = app.tags.get(REPORT_TAG, "the right-sizing report")
        observed = {
            "max_cpu_vcpu": cpu,
            "max_memory_gb": gb,
            "recommended_vcpu": want_cpu,
            "recommended_gb": want_gb,
            "report": report,
        }
        if cpu is None or gb is None:
            return finding(
                app, Status.FAIL, "no maximum capacity: the application may scale without bound", **observed
            )
        problems = [
            f"{what} {have:g} {unit} is {'above' if have > want else 'below'} the recommended {want:g} {unit}"
            for what, have, want, unit in (("cpu", cpu, want_cpu, "vCPU"), ("memory", gb, want_gb, "GB"))
            if have > want * (1 + tolerance) or have < want
        ]
        if problems:
            return finding(app, Status.FAIL, f"{'; '.join(problems)} ({report})", **observed)
        return finding(
            app,
            Status.PASS,
            f"maximum {cpu:g} vCPU / {gb:g} GB as recommended ({want_cpu:g} vCPU / {want_gb:g} GB, {report})",
            **observed,
        )

    yield from each(inv, EMRServerlessApp, "EMR Serverless applications", judge)
