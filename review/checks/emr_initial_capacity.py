"""The Spark driver is pre-initialised so jobs start without a cold start."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import EMRServerlessApp, Inventory
from coattail.review.model import Finding


@check(
    id="emr_initial_capacity",
    kind="claim",
    title="EMR Serverless pre-initialises the documented driver capacity",
    pillar="performance_efficiency",
    bp_id="PERF02-BP02",
    severity="low",
    service="emr-serverless",
    resource_type="AWS::EMRServerless::Application",
    rationale="Pre-initialised workers start a job in seconds instead of minutes; one small driver keeps "
    "that benefit cheap.",
    remediation="Configure initial_capacity for the Driver worker type with the documented size.",
    remediation_terraform='initial_capacity { initial_capacity_type = "Driver"\n'
    "  initial_capacity_config { worker_count = 1\n"
    '    worker_configuration { cpu = "2 vCPU"  memory = "4 GB" } } }',
    params={"worker_type": "DRIVER", "count": 1, "cpu_vcpu": None, "memory_gb": None},
)
def emr_initial_capacity(inv: Inventory, p: Params) -> Findings:
    def judge(app: EMRServerlessApp) -> Finding:
        w = app.initial(p.str("worker_type"))
        problems = [] if w else [f"no pre-initialised {p.str('worker_type')}"]
        if w:
            for key, seen in (("count", w.count), ("cpu_vcpu", w.cpu_vcpu), ("memory_gb", w.memory_gb)):
                if p[key] is not None and seen != p.num(key):
                    problems.append(f"{key} {seen} != {p[key]}")
        return verdict(
            app,
            not problems,
            f"{w.count} x {w.worker_type} pre-initialised ({w.cpu_vcpu:g} vCPU, {w.memory_gb:g} GB)"
            if w and w.cpu_vcpu is not None and w.memory_gb is not None
            else "pre-initialised",
            "; ".join(problems),
            initial_capacity=[c.model_dump() for c in app.initial_capacity],
        )

    yield from each(inv, EMRServerlessApp, "EMR Serverless applications", judge)
